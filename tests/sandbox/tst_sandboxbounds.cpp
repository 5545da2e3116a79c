// SPDX-License-Identifier: BSD-3-Clause
// What keeps a long-running sandbox bounded (review finding B-m16): requests held by `hang` or
// by latency are forgotten when their clients leave, the by-route counters have a fixed number
// of keys, and the multipart answer is written in time linear in its size. Also the lookup of
// a connection by its peer, which the sandbox relies on with QtHttpServer 6.5 and later.
#include "sandbox/formats/sandboxmultipartbatch.h"
#include "sandbox/sandboxtcpserver.h"
#include "support/sandboxformathelpers.h"

#include <QElapsedTimer>
#include <QTcpSocket>
#include <QtTest>

#include <algorithm>
#include <memory>
#include <vector>

using namespace batchlab;
using namespace sandboxformat;

class TestSandboxBounds : public QObject, private SandboxFixture
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void heldRequestsAreForgottenWhenTheirClientsLeave_data();
    void heldRequestsAreForgottenWhenTheirClientsLeave();
    void routeCountersAreBounded();
    void multipartAnswerIsLinearInChangeSets();
    void connectionsAreFoundByTheirPeer();

private:
    /// A raw client that sends one GET and leaves the connection open.
    std::unique_ptr<QTcpSocket> sendRaw(const QByteArray &path);
};

void TestSandboxBounds::init()
{
    QVERIFY(startSandbox());
}

void TestSandboxBounds::cleanup()
{
    stopSandbox();
}

std::unique_ptr<QTcpSocket> TestSandboxBounds::sendRaw(const QByteArray &path)
{
    auto socket = std::make_unique<QTcpSocket>();
    socket->connectToHost(QHostAddress::LocalHost, m_server->port());
    if (!socket->waitForConnected(2000))
        return nullptr;
    socket->write("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    socket->flush();
    return socket;
}

void TestSandboxBounds::heldRequestsAreForgottenWhenTheirClientsLeave_data()
{
    QTest::addColumn<bool>("hang");
    QTest::newRow("hung") << true;
    QTest::newRow("delayed") << false;
}

void TestSandboxBounds::heldRequestsAreForgottenWhenTheirClientsLeave()
{
    QFETCH(bool, hang);
    SandboxBehavior behavior;
    behavior.hangRate = hang ? 1.0 : 0.0;
    behavior.latencyMs = hang ? 0 : 60000;
    QVERIFY(m_server->setBehavior(behavior));
    std::vector<std::unique_ptr<QTcpSocket>> clients;
    for (int i = 0; i < 3; ++i) {
        clients.push_back(sendRaw("/users/1"));
        QVERIFY(clients.back());
    }
    QTRY_COMPARE(m_server->pendingAnswers(), 3);
    QCOMPARE(m_server->hungRequests(), hang ? 3 : 0);

    clients[0]->disconnectFromHost();
    QTRY_COMPARE(m_server->pendingAnswers(), 2);
    clients.clear(); // the others go too
    QTRY_COMPARE(m_server->pendingAnswers(), 0);
    QCOMPARE(m_server->hungRequests(), 0);
    QCOMPARE(m_server->counters().hung, hang ? 3 : 0);
}

void TestSandboxBounds::routeCountersAreBounded()
{
    // Every item names a different route; the map keeps kMaxRoutes keys, the rest in "(other)".
    constexpr int routes = SandboxCounters::kMaxRoutes + 50;
    QJsonArray requests;
    for (int i = 0; i < routes; ++i) {
        requests.append(QJsonObject{{QStringLiteral("id"), QString::number(i)},
                                    {QStringLiteral("method"), QStringLiteral("GET")},
                                    {QStringLiteral("url"), QStringLiteral("nowhere/r%1").arg(i)}});
    }
    const HttpResult result = post(
        QStringLiteral("/$batch"),
        QJsonDocument(QJsonObject{{QStringLiteral("requests"), requests}}).toJson(), "application/json");
    QCOMPARE(result.status, 200);
    const SandboxCounters counters = m_server->counters();
    QCOMPARE(counters.batchItems, routes);
    QCOMPARE(int(counters.itemsByRoute.size()), SandboxCounters::kMaxRoutes);
    QCOMPARE(counters.itemsByRoute.value(QStringLiteral("GET /nowhere/r0")), 1);
    QCOMPARE(counters.itemsByRoute.value(QString(SandboxCounters::kOtherRoute)),
             routes - (SandboxCounters::kMaxRoutes - 1));
    qint64 total = 0;
    for (const qint64 n : counters.itemsByRoute)
        total += n;
    QCOMPARE(total, routes);

    // The same bound for HTTP requests by route; a route already counted keeps its own key.
    for (int i = 0; i < SandboxCounters::kMaxRoutes; ++i)
        QCOMPARE(m_client->send("GET", url(QStringLiteral("/nowhere/p%1").arg(i))).status, 404);
    QCOMPARE(m_client->send("POST", url(QStringLiteral("/$batch")), R"({"requests":[]})").status, 400);
    const SandboxCounters after = m_server->counters();
    QCOMPARE(int(after.requestsByRoute.size()), SandboxCounters::kMaxRoutes);
    QCOMPARE(after.requestsByRoute.value(QStringLiteral("POST /$batch")), 2);
}

void TestSandboxBounds::multipartAnswerIsLinearInChangeSets()
{
    // Change sets of one answer each, without a batch limit: 16 times as many cost 16 times
    // as much plus what a body that outgrows the caches costs (40-60 times, measured here),
    // not 256 times and more (about 400 times when each change set looked through every
    // answer). The fastest of a few runs stands for each size, to keep out a busy machine.
    auto answersFor = [](int changeSets) {
        QList<SandboxBatchAnswer> answers;
        for (int i = 0; i < changeSets; ++i)
            answers.append({QString::number(i), i, {}, SandboxReply::json(200, QJsonObject{{QStringLiteral("i"), i}})});
        return answers;
    };
    auto fastest = [](const QList<SandboxBatchAnswer> &answers, qsizetype *parts) {
        SandboxAnswerLayout layout;
        for (qsizetype i = 0; i < answers.size(); ++i)
            layout.order.append(i);
        qint64 best = std::numeric_limits<qint64>::max();
        for (int round = 0; round < 5; ++round) {
            QElapsedTimer clock;
            clock.start();
            QByteArray contentType;
            const QByteArray body = SandboxMultipartBatch::encodeResponse(
                answers, layout, SandboxMultipartBatch::Style::OData, &contentType);
            best = std::min(best, clock.nsecsElapsed());
            *parts = body.count("Content-Type: multipart/mixed");
        }
        return best;
    };
    qsizetype parts = 0;
    const qint64 small = fastest(answersFor(2000), &parts);
    QCOMPARE(parts, 2000);
    const qint64 large = fastest(answersFor(32000), &parts);
    QCOMPARE(parts, 32000);
    const double ratio = double(large) / double(small);
    qInfo("2000 change sets: %.1f ms, 32000: %.1f ms, ratio %.1f", small / 1e6, large / 1e6, ratio);
    QVERIFY2(ratio < 150, qPrintable(QString::number(ratio)));
}

void TestSandboxBounds::connectionsAreFoundByTheirPeer()
{
    SandboxTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, server.serverPort());
    QVERIFY(client.waitForConnected(2000));
    QTRY_VERIFY(server.hasPendingConnections());
    QCOMPARE(server.connectionCount(), 1);
    QTcpSocket *accepted = server.connection(client.localAddress(), client.localPort());
    QVERIFY(accepted);
    QCOMPARE(accepted->peerPort(), client.localPort());
    QCOMPARE(server.connection(client.localAddress(), quint16(client.localPort() + 1)), nullptr);
    QCOMPARE(server.nextPendingConnection(), accepted);

    // Forgotten when the connection's socket goes, as QtHttpServer deletes it when it closes.
    const QHostAddress peer = client.localAddress();
    const quint16 port = client.localPort();
    connect(accepted, &QAbstractSocket::disconnected, accepted, &QObject::deleteLater);
    client.disconnectFromHost();
    QTRY_COMPARE(server.connectionCount(), 0);
    QCOMPARE(server.connection(peer, port), nullptr);
}

QTEST_GUILESS_MAIN(TestSandboxBounds)
#include "tst_sandboxbounds.moc"
