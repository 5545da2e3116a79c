// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "sandbox/sandboxmessages.h"

#include <QPointer>
#include <QTcpSocket>
#include <QtGlobal>

#include <memory>

class QHttpServerRequest;
class QHttpServerResponder;

namespace batchlab {

/// One HTTP request's way back to its client, the same on every Qt version the sandbox builds
/// with; the only place besides SandboxServer's two overrides that knows QtHttpServer changed.
///
/// QtHttpServer 6.4 hands a request handler the connection's socket. From 6.5 it hands a
/// QHttpServerResponder instead, whose API changed again in 6.8 and can neither reset a
/// connection (the `drop` fault) nor be found again when the client goes away (a hung request
/// must then be forgotten). So on 6.5 and later the socket is looked up by the request's peer
/// (SandboxTcpServer::connection()) and the responder is kept as well while an answer is
/// pending: QtHttpServer reads no further request on a connection until the responder of the
/// one being handled is destroyed, so destroying it is what ends the exchange.
///
/// Answers are written on the socket by hand on every version, as one write with no Nagle
/// delay, so that any status can be answered and the wire is byte for byte the same.
class SandboxExchange
{
public:
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
    /// `socket` may be null only if the lookup failed; see write().
    SandboxExchange(QTcpSocket *socket, QHttpServerResponder &responder);
#else
    explicit SandboxExchange(QTcpSocket *socket);
#endif
    SandboxExchange(SandboxExchange &&other) noexcept;
    SandboxExchange &operator=(SandboxExchange &&) = delete;
    ~SandboxExchange();

    /// Makes the exchange outlive the request handler, for an answer written later or never.
    void keep();
    QTcpSocket *socket() const { return m_socket; }
    bool isOpen() const;
    /// Writes `reply` (if the client is still there) and ends the exchange.
    void write(const SandboxReply &reply);
    /// Resets the connection without an answer and ends the exchange.
    void abort();

    /// The request's headers as the sandbox keeps them (6.8 returns QHttpHeaders).
    static HttpHeaders headersOf(const QHttpServerRequest &request);
    /// The head and body of an HTTP/1.1 answer, as written on the wire.
    static QByteArray serialize(const SandboxReply &reply);

private:
    void finish();

    QPointer<QTcpSocket> m_socket;
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
    QHttpServerResponder *m_responder = nullptr; ///< QtHttpServer's, until keep()
    std::unique_ptr<QHttpServerResponder> m_kept;
#endif
};

} // namespace batchlab
