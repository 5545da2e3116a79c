// SPDX-License-Identifier: BSD-3-Clause
#pragma once

// A TCP relay on loopback port 0 in front of a real server that keeps every byte it passes
// on, both ways: what the server received is what the relay recorded, so a test can hold the
// workbench's record of an exchange against the bytes that really went over the wire.

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrl>

namespace testsupport {

class WireRelay : public QObject
{
public:
    /// One HTTP message cut from the stream: its head (start line and headers) and body.
    struct Message
    {
        QByteArray head;
        QByteArray body;
    };

    explicit WireRelay(const QUrl &target)
        : m_target(target)
    {
        m_server.listen(QHostAddress::LocalHost);
        QObject::connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *client = m_server.nextPendingConnection()) {
                auto *upstream = new QTcpSocket(client);
                const int index = int(m_up.size());
                m_up.append(QByteArray());
                m_down.append(QByteArray());
                upstream->connectToHost(QHostAddress::LocalHost, quint16(m_target.port()));
                QObject::connect(client, &QTcpSocket::readyRead, upstream,
                                 [this, client, upstream, index] {
                                     const QByteArray bytes = client->readAll();
                                     m_up[index] += bytes;
                                     upstream->write(bytes);
                                 });
                QObject::connect(upstream, &QTcpSocket::readyRead, client,
                                 [this, client, upstream, index] {
                                     const QByteArray bytes = upstream->readAll();
                                     m_down[index] += bytes;
                                     client->write(bytes);
                                 });
                QObject::connect(upstream, &QTcpSocket::disconnected, client,
                                 &QTcpSocket::disconnectFromHost);
                QObject::connect(client, &QTcpSocket::disconnected, client, &QObject::deleteLater);
            }
        });
    }

    QUrl url() const
    {
        QUrl url = m_target;
        url.setPort(m_server.serverPort());
        return url;
    }

    /// The requests the server received, in order per connection, connections in order.
    QList<Message> requests() const { return split(m_up); }
    /// The answers the server sent, likewise.
    QList<Message> answers() const { return split(m_down); }

private:
    static QList<Message> split(const QList<QByteArray> &streams)
    {
        // Messages with a Content-Length (what Qt and the sandbox send), one after another.
        QList<Message> out;
        for (const QByteArray &stream : streams) {
            qsizetype at = 0;
            while (at < stream.size()) {
                const qsizetype end = stream.indexOf("\r\n\r\n", at);
                if (end < 0)
                    break;
                Message message;
                message.head = stream.mid(at, end - at);
                qint64 length = 0;
                for (const QByteArray &line : message.head.split('\n')) {
                    if (line.toLower().startsWith("content-length:"))
                        length = line.mid(15).trimmed().toLongLong();
                }
                message.body = stream.mid(end + 4, length);
                at = end + 4 + length;
                out.append(message);
            }
        }
        return out;
    }

    QUrl m_target;
    QTcpServer m_server;
    QList<QByteArray> m_up;
    QList<QByteArray> m_down;
};

} // namespace testsupport
