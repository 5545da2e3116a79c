// SPDX-License-Identifier: BSD-3-Clause
#include "sandbox/sandboxexchange.h"

#include <QHttpServerRequest>
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
#include <QHttpServerResponder>
#include <QLoggingCategory>
#endif

#include <utility>

namespace batchlab {

#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
Q_LOGGING_CATEGORY(lcSandboxExchange, "batchlab.sandbox.exchange", QtWarningMsg)

SandboxExchange::SandboxExchange(QTcpSocket *socket, QHttpServerResponder &responder)
    : m_socket(socket)
    , m_responder(&responder)
{
    // Every connection is accepted by SandboxTcpServer, which knows it by its peer; this
    // would be a bug, and is said so rather than answered differently in silence.
    if (!socket)
        qCWarning(lcSandboxExchange) << "no connection found for a request; it is answered "
                                        "without its headers, and cannot be reset";
}
#else
SandboxExchange::SandboxExchange(QTcpSocket *socket)
    : m_socket(socket)
{ }
#endif

SandboxExchange::SandboxExchange(SandboxExchange &&other) noexcept
    : m_socket(std::exchange(other.m_socket, nullptr))
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
    , m_responder(std::exchange(other.m_responder, nullptr))
    , m_kept(std::move(other.m_kept))
#endif
{ }

SandboxExchange::~SandboxExchange() = default;

void SandboxExchange::keep()
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
    // QtHttpServer destroys its own responder when the handler returns, which would let it
    // read the connection's next request before this one is answered.
    if (m_responder && !m_kept) {
        m_kept = std::make_unique<QHttpServerResponder>(std::move(*m_responder));
        m_responder = m_kept.get();
    }
#endif
}

bool SandboxExchange::isOpen() const
{
    return m_socket && m_socket->state() == QAbstractSocket::ConnectedState;
}

void SandboxExchange::write(const SandboxReply &reply)
{
    if (m_socket) {
        // One write, without Nagle: written in two pieces, the second would wait for the
        // client's delayed ACK (40 ms on Linux) and every keep-alive answer would be that late.
        m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        m_socket->write(serialize(reply));
    }
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
    else if (m_responder) {
        // The same call in 6.5 and 6.8; the reply's other headers are lost (warned about).
        m_responder->write(reply.body, reply.header("content-type"),
                           QHttpServerResponder::StatusCode(reply.status));
    }
#endif
    finish();
}

void SandboxExchange::abort()
{
    if (m_socket)
        m_socket->abort();
    finish();
}

void SandboxExchange::finish()
{
    m_socket = nullptr;
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
    m_responder = nullptr;
    m_kept.reset(); // lets QtHttpServer read the connection's next request
#endif
}

HttpHeaders SandboxExchange::headersOf(const QHttpServerRequest &request)
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    const QHttpHeaders &all = request.headers();
    HttpHeaders headers;
    headers.reserve(all.size());
    for (qsizetype i = 0; i < all.size(); ++i) {
        const auto name = all.nameAt(i);
        headers.append({QByteArray(name.data(), name.size()), all.valueAt(i).toByteArray()});
    }
    return headers;
#else
    return request.headers();
#endif
}

QByteArray SandboxExchange::serialize(const SandboxReply &reply)
{
    QByteArray head = "HTTP/1.1 " + QByteArray::number(reply.status) + ' '
        + SandboxReply::reasonPhrase(reply.status) + "\r\n";
    for (const auto &[name, value] : reply.headers)
        head += name + ": " + value + "\r\n";
    head += "content-length: " + QByteArray::number(reply.body.size()) + "\r\n\r\n";
    return head + reply.body;
}

} // namespace batchlab
