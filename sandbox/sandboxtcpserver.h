// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QHostAddress>
#include <QMultiHash>
#include <QTcpServer>

class QTcpSocket;

namespace batchlab {

/// The sandbox's listening socket: a QTcpServer that knows the connections it accepted by
/// their peer's address and port, for as long as they exist.
///
/// QtHttpServer 6.5 and later give a request handler a QHttpServerResponder rather than the
/// socket, and the sandbox needs the socket to reset a connection or to notice that a client
/// left (SandboxExchange); a request's remoteAddress() and remotePort() find it here. The
/// server is handed to QAbstractHttpServer::bind(), which exists in every version, since Qt 6.8
/// has no QAbstractHttpServer::listen() any more.
class SandboxTcpServer : public QTcpServer
{
    Q_OBJECT

public:
    using QTcpServer::QTcpServer;

    /// The accepted connection whose peer is `address`:`port`, or null.
    QTcpSocket *connection(const QHostAddress &address, quint16 port) const;
    /// Connections accepted and not yet destroyed.
    int connectionCount() const { return int(m_byPeerPort.size()); }

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    QMultiHash<quint16, QTcpSocket *> m_byPeerPort;
};

} // namespace batchlab
