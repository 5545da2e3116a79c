// SPDX-License-Identifier: BSD-3-Clause
// WireLog: what the workbench's Wire view shows is what went over the wire, byte for byte,
// in the JSON and multipart formats; it keeps the newest N exchanges and M bytes of each; a
// refused connection is named in words in the exchange, in the log's Answered event and in
// the error of every call, first attempt or breaker rejection alike.
#include "client/apiclient.h"
#include "resilience/circuitbreaker.h"
#include "sandbox/sandboxserver.h"
#include "support/testformats.h"
#include "support/wirerelay.h"
#include "telemetry/telemetry.h"
#include "transport/wirelog.h"

#include <QFuture>
#include <QTcpServer>
#include <QtTest>

#include <chrono>

using namespace batchlab;
using namespace std::chrono_literals;

namespace {

/// A URL where nothing listens: a port just closed.
QUrl refusingUrl()
{
    QTcpServer closed;
    closed.listen(QHostAddress::LocalHost);
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(closed.serverPort());
    return url;
}

bool isDone(const QFuture<ApiResponse> &future)
{
    return future.isFinished();
}

ApiError errorOf(const QFuture<ApiResponse> &future)
{
    try {
        future.result();
    } catch (const ApiException &e) {
        return e.error();
    }
    return {};
}

} // namespace

class TestWireLog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void theLogHoldsTheBytesTheServerReceived_data();
    void theLogHoldsTheBytesTheServerReceived();
    void keepsTheNewestExchangesAndBoundedBodies();
    void nothingIsRecordedUnlessALogIsSet();
    void aRefusedConnectionIsNamedOnTheFirstAttempt();
    void aBreakerRejectionNamesTheFailureThatOpenedIt();
};

void TestWireLog::theLogHoldsTheBytesTheServerReceived_data()
{
    QTest::addColumn<QString>("profile");
    QTest::newRow("json") << QStringLiteral("odata-4.01");
    QTest::newRow("multipart") << QStringLiteral("odata-4.0");
}

void TestWireLog::theLogHoldsTheBytesTheServerReceived()
{
    QFETCH(QString, profile);
    testformats::running() = ServerProfile::find(profile);
    QVERIFY(testformats::running());
    SandboxServer sandbox;
    QVERIFY(sandbox.start());
    testsupport::WireRelay relay(sandbox.url());
    ClientConfig config;
    config.batch.maxDelay = 10ms;
    config.retry.maxAttempts = 1;
    config.batch = testformats::configured(config.batch);
    ApiClient client(relay.url(), config);
    client.setTargetHeaders({{"Authorization", "Bearer wire-s3cret"}});
    WireLog log;
    client.setWireLog(&log);
    std::vector<QFuture<ApiResponse>> calls;
    for (int id = 1; id <= 3; ++id)
        calls.push_back(
            client.send(testformats::call(client.baseUrl(), QStringLiteral("/users/%1").arg(id))));
    for (const QFuture<ApiResponse> &call : calls)
        QTRY_VERIFY(isDone(call));
    const quint64 batchId = calls.front().result().batchId;
    QVERIFY(batchId != 0);
    const std::optional<WireExchange> exchange = log.find(batchId);
    QVERIFY(exchange);
    QVERIFY(exchange->answered);

    const QList<testsupport::WireRelay::Message> requests = relay.requests();
    const QList<testsupport::WireRelay::Message> answers = relay.answers();
    QCOMPARE(requests.size(), 1); // one batch carried all three
    QCOMPARE(answers.size(), 1);
    // The body, byte for byte, both ways.
    QCOMPARE(exchange->requestBody, requests.front().body);
    QCOMPARE(exchange->requestBytes, qint64(requests.front().body.size()));
    QCOMPARE(exchange->responseBody, answers.front().body);
    QVERIFY(!exchange->requestCut());
    // The start line: method and target as sent.
    const QByteArray startLine = requests.front().head.left(requests.front().head.indexOf("\r\n"));
    const QByteArray target = exchange->url.toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority);
    QCOMPARE(startLine, QByteArray(exchange->method + ' ' + target + " HTTP/1.1"));
    // Every header the log says was sent was sent so, credentials included.
    QVERIFY(!exchange->requestHeaders.isEmpty());
    for (const auto &[name, value] : exchange->requestHeaders) {
        QVERIFY2(requests.front().head.toLower().contains(
                     QByteArray("\r\n" + name.toLower() + ": " + value.toLower())),
                 name.constData());
    }
    QCOMPARE(headerValue(exchange->requestHeaders, "Authorization"),
             QByteArray("Bearer wire-s3cret"));
    // And the answer's status and headers as the server sent them.
    QVERIFY(answers.front().head.startsWith(
        QByteArray("HTTP/1.1 " + QByteArray::number(exchange->httpStatus))));
    for (const auto &[name, value] : exchange->responseHeaders)
        QVERIFY2(answers.front().head.toLower().contains(
                     QByteArray(name.toLower() + ": " + value.toLower())),
                 name.constData());
    QVERIFY(exchange->durationNs > 0);
    if (profile == QLatin1String("odata-4.0"))
        QVERIFY(
            headerValue(exchange->requestHeaders, "Content-Type").startsWith("multipart/mixed"));
}

void TestWireLog::keepsTheNewestExchangesAndBoundedBodies()
{
    WireLog log;
    log.setCapacity(3);
    log.setMaxBodyBytes(10);
    const QUrl url(QStringLiteral("http://127.0.0.1/$batch"));
    for (quint64 id = 1; id <= 5; ++id)
        log.sent(id, "POST", url, {}, QByteArray(id == 5 ? 25 : 4, 'x'));
    QCOMPARE(log.size(), 3);
    QVERIFY(!log.find(1));
    QVERIFY(!log.find(2));
    QVERIFY(log.find(3));
    const WireExchange big = *log.find(5);
    QCOMPARE(big.requestBody, QByteArray(10, 'x'));
    QCOMPARE(big.requestBytes, qint64(25));
    QVERIFY(big.requestCut());
    QVERIFY(!log.find(4)->requestCut());
    log.answered(5, 200, {}, QByteArray(12, 'y'), {});
    QCOMPARE(log.find(5)->responseBody.size(), qsizetype(10));
    QCOMPARE(log.find(5)->responseBytes, qint64(12));
    QVERIFY(log.find(5)->answered);
    log.answered(1, 200, {}, "gone", {}); // long gone: ignored
    QCOMPARE(log.size(), 3);
}

void TestWireLog::nothingIsRecordedUnlessALogIsSet()
{
    testformats::running() = ServerProfile::find(QStringLiteral("odata-4.01"));
    SandboxServer sandbox;
    QVERIFY(sandbox.start());
    ClientConfig config;
    config.batch.maxDelay = 10ms;
    config.batch = testformats::configured(config.batch);
    ApiClient client(sandbox.url(), config);
    WireLog log;
    QFuture<ApiResponse> first = client.get(QStringLiteral("/users/1"));
    QTRY_VERIFY(isDone(first));
    QCOMPARE(log.size(), 0);
    client.setWireLog(&log);
    QFuture<ApiResponse> second = client.get(QStringLiteral("/users/2"));
    QTRY_VERIFY(isDone(second));
    QCOMPARE(log.size(), 1);
    client.setWireLog(nullptr);
    QFuture<ApiResponse> third = client.get(QStringLiteral("/users/3"));
    QTRY_VERIFY(isDone(third));
    QCOMPARE(log.size(), 1);
}

void TestWireLog::aRefusedConnectionIsNamedOnTheFirstAttempt()
{
    testformats::running() = ServerProfile::find(QStringLiteral("odata-4.01"));
    ClientConfig config;
    config.batch.maxDelay = 5ms;
    config.retry.maxAttempts = 1; // the first attempt is the only one
    config.batch = testformats::configured(config.batch);
    ApiClient client(refusingUrl(), config);
    WireLog log;
    client.setWireLog(&log);
    const quint64 from = client.telemetry()->sequence();
    std::vector<QFuture<ApiResponse>> calls;
    for (int id = 1; id <= 3; ++id)
        calls.push_back(client.get(QStringLiteral("/users/%1").arg(id)));
    for (const QFuture<ApiResponse> &call : calls)
        QTRY_VERIFY(isDone(call));
    const QRegularExpression refused(QStringLiteral("connection refused"),
                                     QRegularExpression::CaseInsensitiveOption);
    for (const QFuture<ApiResponse> &call : calls) {
        const ApiError error = errorOf(call);
        QCOMPARE(error.kind, ErrorKind::BatchFailed);
        QCOMPARE(error.cause, ErrorKind::Network);
        QVERIFY2(error.toString().contains(refused), qPrintable(error.toString()));
        QVERIFY(error.batchId != 0);
        const std::optional<WireExchange> exchange = log.find(error.batchId);
        QVERIFY(exchange);
        QVERIFY(exchange->answered);
        QCOMPARE(exchange->httpStatus, 0);
        QVERIFY2(exchange->failure.message.contains(refused),
                 qPrintable(exchange->failure.message));
    }
    // The log says why, in the Answered event of the batch, in the JSON lines too.
    bool named = false;
    for (const Event &e : client.telemetry()->eventsSince(from)) {
        if (e.kind != EventKind::Answered)
            continue;
        QCOMPARE(e.error, ErrorKind::Network);
        QVERIFY(e.note() != 0);
        QVERIFY2(client.telemetry()->keyName(e.note()).contains(refused),
                 qPrintable(client.telemetry()->keyName(e.note())));
        QVERIFY(client.telemetry()->toJson(e).contains("\"why\""));
        named = true;
    }
    QVERIFY(named);
}

void TestWireLog::aBreakerRejectionNamesTheFailureThatOpenedIt()
{
    // The report's case: every call against a dead port ended as "circuit-open", and nothing
    // said the connection was refused. Retried calls meet the breaker the first failures
    // opened; the error they end with names those failures.
    testformats::running() = ServerProfile::find(QStringLiteral("odata-4.01"));
    ClientConfig config;
    config.batch.maxDelay = 5ms;
    config.batch = testformats::configured(config.batch);
    config.retry.maxAttempts = 3;
    config.retry.baseDelay = 1ms;
    config.retry.maxDelay = 5ms;
    config.breaker.trip = BreakerConfig::Trip::ConsecutiveFailures;
    config.breaker.consecutiveFailures = 2;
    config.breaker.openDuration = 60s;
    ApiClient client(refusingUrl(), config);
    WireLog log;
    client.setWireLog(&log);
    std::vector<QFuture<ApiResponse>> calls;
    for (int id = 1; id <= 4; ++id)
        calls.push_back(client.get(QStringLiteral("/users/%1").arg(id)));
    for (const QFuture<ApiResponse> &call : calls)
        QTRY_VERIFY(isDone(call));
    // And a call made while it is open.
    QFuture<ApiResponse> late = client.get(QStringLiteral("/users/9"));
    QTRY_VERIFY(isDone(late));
    calls.push_back(late);
    const QRegularExpression refused(QStringLiteral("connection refused"),
                                     QRegularExpression::CaseInsensitiveOption);
    int rejected = 0;
    for (const QFuture<ApiResponse> &call : calls) {
        const ApiError error = errorOf(call);
        QVERIFY2(error.toString().contains(refused), qPrintable(error.toString()));
        rejected += error.kind == ErrorKind::CircuitOpen;
    }
    QVERIFY(rejected >= 1);
    QCOMPARE(errorOf(late).kind, ErrorKind::CircuitOpen);
    // A call that went out and met the breaker on its retry names the batch it last rode in,
    // whose wire shows the refused connection; one refused before it went out names none.
    for (size_t i = 0; i + 1 < calls.size(); ++i) {
        const ApiError error = errorOf(calls[i]);
        QVERIFY2(error.batchId != 0, qPrintable(error.toString()));
        const std::optional<WireExchange> exchange = log.find(error.batchId);
        QVERIFY(exchange);
        QVERIFY2(exchange->failure.message.contains(refused), qPrintable(exchange->failure.message));
    }
    QCOMPARE(errorOf(late).batchId, quint64(0));
}

QTEST_GUILESS_MAIN(TestWireLog)
#include "tst_wirelog.moc"
