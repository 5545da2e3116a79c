// SPDX-License-Identifier: BSD-3-Clause
#include "sandbox/sandboxtcpserver.h"

#include <QTcpSocket>

namespace batchlab {

QTcpSocket *SandboxTcpServer::connection(const QHostAddress &address, quint16 port) const
{
    for (auto it = m_byPeerPort.constFind(port); it != m_byPeerPort.cend() && it.key() == port;
         ++it) {
        if ((*it)->peerAddress().isEqual(address, QHostAddress::TolerantConversion))
            return *it;
    }
    return nullptr;
}

void SandboxTcpServer::incomingConnection(qintptr descriptor)
{
    // What QTcpServer does by default, plus the bookkeeping.
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    const quint16 port = socket->peerPort();
    m_byPeerPort.insert(port, socket);
    // The socket is reparented by QtHttpServer and deleted when its connection ends; the
    // pointer is only compared here, never used.
    connect(socket, &QObject::destroyed, this,
            [this, port, socket] { m_byPeerPort.remove(port, socket); });
    addPendingConnection(socket);
}

} // namespace batchlab
