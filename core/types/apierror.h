// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QException>
#include <QString>

namespace batchlab {

/// Why a call failed.
enum class ErrorKind : quint8 {
    None, ///< not an error
    Network, ///< connection refused, reset, DNS, TLS…
    Http, ///< the server answered this call with a non-2xx status
    Timeout, ///< the call's deadline passed before it settled
    BatchFailed, ///< the batch that carried the call failed as a whole; see `cause`
    Protocol, ///< the batch answer was malformed for this call (missing, duplicated id…)
    QueueOverflow, ///< the queue was full when the call arrived
    Cancelled, ///< cancelled by the caller, or the queue was destroyed first
    CircuitOpen, ///< the circuit breaker rejected the call without sending it
    Rpc, ///< the server answered this call with a JSON-RPC error object; `status` is its code
    /// Its atomic group (change set) failed because of another member, so nothing of it took
    /// effect; the message names the member that failed and why
    RolledBack,
    /// A call it depends on failed, so it was not run: not sent at all, or answered 424 Failed
    /// Dependency by the server (`status` 424)
    Dependency,
};
inline constexpr int kErrorKindCount = int(ErrorKind::Dependency) + 1;

/// "network", "http", "timeout", …
QString errorKindName(ErrorKind kind);

/// A failed call: what kind of failure, why in words, and which call it belongs to.
struct ApiError
{
    ErrorKind kind = ErrorKind::None;
    ErrorKind cause = ErrorKind::None; ///< for BatchFailed: what failed the batch
    QString message;
    int status = 0; ///< HTTP status where there was one; for Rpc, the JSON-RPC error code
    QByteArray body; ///< the answer's body where there was one
    quint64 requestId = 0;
    quint64 batchId = 0; ///< the batch that carried the call last; 0 when it never went out

    bool isError() const { return kind != ErrorKind::None; }
    /// "timeout: request 12 …", for logs.
    QString toString() const;
};

/// How a rejected QFuture<ApiResponse> carries its ApiError (catch it in onFailed()).
class ApiException : public QException
{
public:
    explicit ApiException(ApiError error)
        : m_error(std::move(error))
        , m_what(m_error.toString().toUtf8())
    { }
    const ApiError &error() const { return m_error; }
    const char *what() const noexcept override { return m_what.constData(); }
    void raise() const override { throw *this; }
    ApiException *clone() const override { return new ApiException(*this); }

private:
    ApiError m_error;
    QByteArray m_what;
};

} // namespace batchlab
