// SPDX-License-Identifier: BSD-3-Clause
// The sandbox server over real loopback HTTP with a real QNetworkAccessManager.
#include "sandbox/sandboxserver.h"
#include "support/httptestclient.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSet>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTimer>
#include <QtTest>

#include <memory>

using namespace batchlab;

namespace {

QByteArray batchBody(const QJsonArray &requests)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("requests"), requests}})
        .toJson(QJsonDocument::Compact);
}

QJsonObject getItem(const QString &id, const QString &url)
{
    return {{QStringLiteral("id"), id},
            {QStringLiteral("method"), QStringLiteral("GET")},
            {QStringLiteral("url"), url}};
}

/// n GET items with ids "0".."n-1", spread over users and items.
QByteArray batchOfGets(int n)
{
    QJsonArray requests;
    for (int i = 0; i < n; ++i) {
        requests.append(getItem(QString::number(i),
                                i % 2 ? QStringLiteral("/items/%1").arg(i % 500 + 1)
                                      : QStringLiteral("/users/%1").arg(i % 1000 + 1)));
    }
    return batchBody(requests);
}

QJsonArray responsesOf(const HttpResult &result)
{
    return result.json().object().value(QStringLiteral("responses")).toArray();
}

QHash<QString, QJsonObject> responsesById(const HttpResult &result)
{
    QHash<QString, QJsonObject> byId;
    for (const QJsonValue &value : responsesOf(result))
        byId.insert(value.toObject().value(QStringLiteral("id")).toString(), value.toObject());
    return byId;
}

} // namespace

class TestSandboxServer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void listensOnLoopbackOnly();
    void hostileQueriesAreHarmless();
    void resources_data();
    void resources();
    void itemsAreStateful();
    void echoEchoes();
    void batchOfThreeMatchedById();
    void batchItemsUseTheSameHandlers();
    void badRequests_data();
    void badRequests();
    void unknownHttpMethod();
    void unknownItemMethodFailsOnlyThatItem();
    void latencyIsApplied();
    void jitterStaysInRange();
    void delayedAnswersDoNotBlockTheEventLoop();
    void itemErrorRateLandsNearItsValue();
    void sameSeedSameFaults();
    void throttleCarriesRetryAfter();
    void wholeBatchFailure_data();
    void wholeBatchFailure();
    void hangNeverAnswers();
    void dropResetsTheConnection();
    void malformedAnswers_data();
    void malformedAnswers();
    void shuffleShuffles();
    void countersCountAndReset();
    void invalidBehaviourIsRefused();

private:
    QUrl url(const QString &path) const;
    HttpResult batch(const QByteArray &body);

    std::unique_ptr<SandboxServer> m_server;
    std::unique_ptr<HttpTestClient> m_client;
};

void TestSandboxServer::init()
{
    m_server = std::make_unique<SandboxServer>();
    QVERIFY(m_server->start());
    m_client = std::make_unique<HttpTestClient>();
}

void TestSandboxServer::cleanup()
{
    m_client.reset();
    m_server.reset();
}

QUrl TestSandboxServer::url(const QString &path) const
{
    QUrl url = m_server->url();
    const qsizetype query = path.indexOf(u'?');
    url.setPath(path.left(query));
    if (query >= 0)
        url.setQuery(path.mid(query + 1));
    return url;
}

HttpResult TestSandboxServer::batch(const QByteArray &body)
{
    return m_client->send("POST", url(QStringLiteral("/$batch")), body);
}

void TestSandboxServer::listensOnLoopbackOnly()
{
    const QList<QTcpServer *> servers = m_server->servers();
    QCOMPARE(servers.size(), 1);
    QCOMPARE(servers.first()->serverAddress(), QHostAddress(QHostAddress::LocalHost));
    QVERIFY(m_server->port() != 0);
    QCOMPARE(m_server->url().host(), QStringLiteral("127.0.0.1"));
}

void TestSandboxServer::resources_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("value");

    QTest::newRow("user") << QByteArray("GET") << "/users/1" << QByteArray() << 200 << "id"
                          << "1";
    QTest::newRow("user name") << QByteArray("GET") << "/users/42" << QByteArray() << 200 << "email"
                               << "user42@example.test";
    QTest::newRow("user zero") << QByteArray("GET") << "/users/0" << QByteArray() << 404 << ""
                               << "";
    QTest::newRow("user past end")
        << QByteArray("GET") << "/users/1001" << QByteArray() << 404 << ""
        << "";
    QTest::newRow("user not a number")
        << QByteArray("GET") << "/users/abc" << QByteArray() << 404 << ""
        << "";
    QTest::newRow("users page") << QByteArray("GET") << "/users?page=3&pageSize=5" << QByteArray()
                                << 200 << "page"
                                << "3";
    QTest::newRow("users bad page")
        << QByteArray("GET") << "/users?page=0" << QByteArray() << 400 << ""
        << "";
    QTest::newRow("item") << QByteArray("GET") << "/items/7" << QByteArray() << 200 << "name"
                          << "Item 7";
    QTest::newRow("create item") << QByteArray("POST") << "/items"
                                 << QByteArray(R"({"name":"new"})") << 201 << "id"
                                 << "501";
    QTest::newRow("put item") << QByteArray("PUT") << "/items/3"
                              << QByteArray(R"({"name":"three"})") << 200 << "name"
                              << "three";
    QTest::newRow("patch item") << QByteArray("PATCH") << "/items/3" << QByteArray(R"({"stock":9})")
                                << 200 << "name"
                                << "Item 3";
    QTest::newRow("delete item") << QByteArray("DELETE") << "/items/3" << QByteArray() << 204 << ""
                                 << "";
    QTest::newRow("put not json") << QByteArray("PUT") << "/items/3" << QByteArray("{nope") << 400
                                  << ""
                                  << "";
    QTest::newRow("status 503") << QByteArray("GET") << "/status/503" << QByteArray() << 503 << ""
                                << "";
    QTest::newRow("status 202") << QByteArray("GET") << "/status/202" << QByteArray() << 202
                                << "status"
                                << "202";
    QTest::newRow("status 204") << QByteArray("GET") << "/status/204" << QByteArray() << 204 << ""
                                << "";
    QTest::newRow("index") << QByteArray("GET") << "/" << QByteArray() << 200 << "name"
                           << "Batchlab sandbox";
    QTest::newRow("unknown path") << QByteArray("GET") << "/nowhere" << QByteArray() << 404 << ""
                                  << "";
    QTest::newRow("wrong method") << QByteArray("DELETE") << "/users/1" << QByteArray() << 405 << ""
                                  << "";
}

void TestSandboxServer::resources()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, field);
    QFETCH(QString, value);

    const HttpResult result = m_client->send(method, url(path), body);
    QVERIFY(result.finished);
    QCOMPARE(result.status, status);
    if (status >= 400) {
        // Every error says what went wrong, in Microsoft Graph's shape.
        const QString message
            = result.json()[QStringLiteral("error")][QStringLiteral("message")].toString();
        QVERIFY2(!message.isEmpty(), result.body.constData());
    }
    if (!field.isEmpty())
        QCOMPARE(result.json()[field].toVariant().toString(), value);
}

void TestSandboxServer::itemsAreStateful()
{
    QCOMPARE(m_client->send("PATCH", url(QStringLiteral("/items/9")), R"({"stock":1})").status,
             200);
    HttpResult got = m_client->send("GET", url(QStringLiteral("/items/9")));
    QCOMPARE(got.json()[QStringLiteral("stock")].toInt(), 1);
    QCOMPARE(got.json()[QStringLiteral("name")].toString(), QStringLiteral("Item 9"));

    QCOMPARE(m_client->send("DELETE", url(QStringLiteral("/items/9"))).status, 204);
    QCOMPARE(m_client->send("GET", url(QStringLiteral("/items/9"))).status, 404);

    m_server->resetData();
    got = m_client->send("GET", url(QStringLiteral("/items/9")));
    QCOMPARE(got.status, 200);
    QCOMPARE(got.json()[QStringLiteral("stock")].toInt(), 9 * 7 % 50);
}

void TestSandboxServer::echoEchoes()
{
    const HttpResult result = m_client->send("POST", url(QStringLiteral("/echo?x=1")),
                                             R"({"a":[1,2]})", {{"X-Probe", "hello"}});
    QCOMPARE(result.status, 200);
    const QJsonObject echo = result.json().object();
    QCOMPARE(echo[QStringLiteral("method")].toString(), QStringLiteral("POST"));
    QCOMPARE(echo[QStringLiteral("path")].toString(), QStringLiteral("/echo"));
    QCOMPARE(echo[QStringLiteral("query")][QStringLiteral("x")].toString(), QStringLiteral("1"));
    QCOMPARE(echo[QStringLiteral("headers")][QStringLiteral("x-probe")].toString(),
             QStringLiteral("hello"));
    QCOMPARE(echo[QStringLiteral("body")][QStringLiteral("a")].toArray(), QJsonArray({1, 2}));
}

void TestSandboxServer::batchOfThreeMatchedById()
{
    const QJsonArray requests{
        getItem(QStringLiteral("a"), QStringLiteral("/users/1")),
        getItem(QStringLiteral("b"), QStringLiteral("items/2")),
        QJsonObject{
            {QStringLiteral("id"), QStringLiteral("c")},
            {QStringLiteral("method"), QStringLiteral("POST")},
            {QStringLiteral("url"), QStringLiteral("/echo")},
            {QStringLiteral("headers"),
             QJsonObject{{QStringLiteral("content-type"), QStringLiteral("application/json")}}},
            {QStringLiteral("body"), QJsonObject{{QStringLiteral("k"), QStringLiteral("v")}}}}};
    const HttpResult result = batch(batchBody(requests));
    QCOMPARE(result.status, 200);
    QVERIFY(result.header("content-type").startsWith("application/json"));
    const auto byId = responsesById(result);
    QCOMPARE(byId.size(), 3);
    QCOMPARE(byId[QStringLiteral("a")][QStringLiteral("status")].toInt(), 200);
    QCOMPARE(byId[QStringLiteral("a")][QStringLiteral("body")][QStringLiteral("id")].toInt(), 1);
    QCOMPARE(byId[QStringLiteral("b")][QStringLiteral("body")][QStringLiteral("name")].toString(),
             QStringLiteral("Item 2"));
    QCOMPARE(byId[QStringLiteral("c")][QStringLiteral("body")][QStringLiteral("body")]
                 [QStringLiteral("k")]
                     .toString(),
             QStringLiteral("v"));
    QCOMPARE(byId[QStringLiteral("a")][QStringLiteral("headers")][QStringLiteral("content-type")]
                 .toString(),
             QStringLiteral("application/json"));
    QCOMPARE(m_server->counters().httpRequests, 1);
    QCOMPARE(m_server->counters().batchItems, 3);
}

void TestSandboxServer::batchItemsUseTheSameHandlers()
{
    const QStringList paths{QStringLiteral("/users/5"), QStringLiteral("/users?page=2"),
                            QStringLiteral("/items/77"), QStringLiteral("/status/404"),
                            QStringLiteral("/nowhere")};
    QJsonArray requests;
    for (const QString &path : paths)
        requests.append(getItem(path, path));
    const auto byId = responsesById(batch(batchBody(requests)));
    for (const QString &path : paths) {
        const HttpResult plain = m_client->send("GET", url(path));
        QCOMPARE(byId[path][QStringLiteral("status")].toInt(), plain.status);
        QCOMPARE(byId[path][QStringLiteral("body")].toObject(), plain.json().object());
    }
}

void TestSandboxServer::badRequests_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("messagePart");

    const QByteArray json("application/json");
    QTest::newRow("not json") << QByteArray("POST") << json << QByteArray("{\"requests\": [") << 400
                              << "not JSON";
    QTest::newRow("empty body") << QByteArray("POST") << json << QByteArray() << 400 << "not JSON";
    QTest::newRow("no requests") << QByteArray("POST") << json << QByteArray("{}") << 400
                                 << "\"requests\"";
    QTest::newRow("requests not array")
        << QByteArray("POST") << json << QByteArray(R"({"requests":{}})") << 400 << "\"requests\"";
    QTest::newRow("zero items") << QByteArray("POST") << json << QByteArray(R"({"requests":[]})")
                                << 400 << "no requests";
    QTest::newRow("item not object")
        << QByteArray("POST") << json << QByteArray(R"({"requests":[1]})") << 400 << "requests[0]";
    QTest::newRow("missing id") << QByteArray("POST") << json
                                << QByteArray(R"({"requests":[{"method":"GET","url":"/users/1"}]})")
                                << 400 << "requests[0].id";
    QTest::newRow("numeric id") << QByteArray(
        "POST") << json << QByteArray(R"({"requests":[{"id":1,"method":"GET","url":"/users/1"}]})")
                                << 400 << "requests[0].id";
    QTest::newRow("duplicate id")
        << QByteArray("POST") << json
        << QByteArray(R"({"requests":[{"id":"a","method":"GET","url":"/users/1"},)"
                      R"({"id":"A","method":"GET","url":"/users/2"}]})")
        << 400 << "used twice";
    QTest::newRow("missing url") << QByteArray("POST") << json
                                 << QByteArray(R"({"requests":[{"id":"1","method":"GET"}]})") << 400
                                 << "requests[0].url";
    QTest::newRow("missing method")
        << QByteArray("POST") << json << QByteArray(R"({"requests":[{"id":"1","url":"/users/1"}]})")
        << 400 << "requests[0].method";
    QTest::newRow("headers not object")
        << QByteArray("POST") << json
        << QByteArray(R"({"requests":[{"id":"1","method":"GET","url":"/",)"
                      R"("headers":[]}]})")
        << 400 << "headers";
    QTest::newRow("wrong content type") << QByteArray("POST") << QByteArray("text/plain")
                                        << batchOfGets(1) << 415 << "application/json";
    QTest::newRow("GET on batch") << QByteArray("GET") << QByteArray() << QByteArray() << 405
                                  << "POST";
    QTest::newRow("too many items")
        << QByteArray("POST") << json << batchOfGets(1001) << 400 << "at most 1000";
}

void TestSandboxServer::badRequests()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, messagePart);

    QList<QPair<QByteArray, QByteArray>> headers;
    if (!contentType.isEmpty())
        headers.append({"Content-Type", contentType});
    const HttpResult result = m_client->send(method, url(QStringLiteral("/$batch")), body, headers);
    QVERIFY(result.finished);
    QCOMPARE(result.status, status);
    const QString message
        = result.json()[QStringLiteral("error")][QStringLiteral("message")].toString();
    QVERIFY2(message.contains(messagePart), qPrintable(message));
    QCOMPARE(m_server->counters().batchItems, 0);
    QCOMPARE(m_server->counters().rejected, 1);
    // The server is still there and answers the next request.
    QCOMPARE(m_client->send("GET", url(QStringLiteral("/users/1"))).status, 200);
}

void TestSandboxServer::unknownHttpMethod()
{
    const HttpResult result = m_client->send("PROPFIND", url(QStringLiteral("/users/1")));
    QCOMPARE(result.status, 405);
    QVERIFY(
        !result.json()[QStringLiteral("error")][QStringLiteral("message")].toString().isEmpty());
}

void TestSandboxServer::unknownItemMethodFailsOnlyThatItem()
{
    const QJsonArray requests{getItem(QStringLiteral("ok"), QStringLiteral("/users/1")),
                              QJsonObject{{QStringLiteral("id"), QStringLiteral("bad")},
                                          {QStringLiteral("method"), QStringLiteral("FROB")},
                                          {QStringLiteral("url"), QStringLiteral("/users/1")}}};
    const HttpResult result = batch(batchBody(requests));
    QCOMPARE(result.status, 200);
    const auto byId = responsesById(result);
    QCOMPARE(byId[QStringLiteral("ok")][QStringLiteral("status")].toInt(), 200);
    QCOMPARE(byId[QStringLiteral("bad")][QStringLiteral("status")].toInt(), 405);
}

void TestSandboxServer::latencyIsApplied()
{
    SandboxBehavior behavior;
    behavior.latencyMs = 120;
    QVERIFY(m_server->setBehavior(behavior));
    const HttpResult plain = m_client->send("GET", url(QStringLiteral("/users/1")));
    QCOMPARE(plain.status, 200);
    QVERIFY2(plain.elapsedMs >= 120, qPrintable(QString::number(plain.elapsedMs)));
    const HttpResult batched = batch(batchOfGets(20));
    QCOMPARE(batched.status, 200);
    // Latency is per HTTP request, not per item.
    QVERIFY2(batched.elapsedMs >= 120 && batched.elapsedMs < 20 * 120,
             qPrintable(QString::number(batched.elapsedMs)));
}

void TestSandboxServer::jitterStaysInRange()
{
    SandboxBehavior behavior;
    behavior.latencyMs = 20;
    behavior.jitterMs = 60;
    QVERIFY(m_server->setBehavior(behavior));
    for (int i = 0; i < 5; ++i) {
        const HttpResult result = m_client->send("GET", url(QStringLiteral("/users/1")));
        QCOMPARE(result.status, 200);
        QVERIFY2(result.elapsedMs >= 20, qPrintable(QString::number(result.elapsedMs)));
        QVERIFY2(result.elapsedMs < 20 + 60 + 1000, qPrintable(QString::number(result.elapsedMs)));
    }
}

void TestSandboxServer::delayedAnswersDoNotBlockTheEventLoop()
{
    SandboxBehavior behavior;
    behavior.latencyMs = 300;
    QVERIFY(m_server->setBehavior(behavior));
    int ticks = 0;
    QTimer ticker;
    connect(&ticker, &QTimer::timeout, this, [&ticks] { ++ticks; });
    ticker.start(10);
    QList<QNetworkReply *> replies;
    for (int i = 0; i < 4; ++i)
        replies.append(m_client->start("GET", url(QStringLiteral("/users/%1").arg(i + 1))));
    QTRY_COMPARE_WITH_TIMEOUT(m_server->pendingAnswers(), 4, 2000);
    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(replies.cbegin(), replies.cend(),
                                         [](QNetworkReply *r) { return r->isFinished(); }),
                             5000);
    // Four answers pending at once for 300 ms, and the timer still ran: nothing slept.
    QVERIFY2(ticks >= 10, qPrintable(QString::number(ticks)));
    QCOMPARE(m_server->pendingAnswers(), 0);
    qDeleteAll(replies);
}

void TestSandboxServer::itemErrorRateLandsNearItsValue()
{
    SandboxBehavior behavior;
    behavior.itemErrorRate = 0.2;
    behavior.seed = 7;
    QVERIFY(m_server->setBehavior(behavior));
    int failed = 0;
    int total = 0;
    for (int i = 0; i < 10; ++i) {
        const HttpResult result = batch(batchOfGets(100));
        QCOMPARE(result.status, 200);
        for (const QJsonValue &value : responsesOf(result)) {
            ++total;
            failed += value[QStringLiteral("status")].toInt() == 500;
        }
    }
    QCOMPARE(total, 1000);
    // Binomial(1000, 0.2): sd ~ 12.6, so +-50 is about four standard deviations.
    QVERIFY2(failed > 150 && failed < 250, qPrintable(QString::number(failed)));
    QCOMPARE(m_server->counters().itemErrors, failed);
}

void TestSandboxServer::sameSeedSameFaults()
{
    SandboxBehavior behavior;
    behavior.itemErrorRate = 0.3;
    behavior.throttleRate = 0.1;
    behavior.shuffle = true;
    behavior.seed = 12345;
    auto run = [&] {
        m_server->setBehavior(behavior);
        QByteArrayList bodies;
        for (int i = 0; i < 3; ++i)
            bodies.append(batch(batchOfGets(40)).body);
        return bodies;
    };
    const QByteArrayList first = run();
    QCOMPARE(run(), first);
    behavior.seed = 54321;
    QVERIFY(run() != first);
}

void TestSandboxServer::throttleCarriesRetryAfter()
{
    SandboxBehavior behavior;
    behavior.throttleRate = 1.0;
    behavior.retryAfterSeconds = 7;
    QVERIFY(m_server->setBehavior(behavior));

    const HttpResult plain = m_client->send("GET", url(QStringLiteral("/users/1")));
    QCOMPARE(plain.status, 429);
    QCOMPARE(plain.header("Retry-After"), QByteArray("7"));

    const HttpResult batched = batch(batchOfGets(3));
    QCOMPARE(batched.status, 200);
    for (const QJsonValue &item : responsesOf(batched)) {
        QCOMPARE(item[QStringLiteral("status")].toInt(), 429);
        QCOMPARE(item[QStringLiteral("headers")][QStringLiteral("retry-after")].toString(),
                 QStringLiteral("7"));
    }
    QCOMPARE(m_server->counters().throttled, 4);
}

void TestSandboxServer::wholeBatchFailure_data()
{
    QTest::addColumn<int>("status");
    QTest::newRow("500") << 500;
    QTest::newRow("503") << 503;
    QTest::newRow("429") << 429;
}

void TestSandboxServer::wholeBatchFailure()
{
    QFETCH(int, status);
    SandboxBehavior behavior;
    behavior.batchFailureRate = 1.0;
    behavior.batchFailureStatus = status;
    QVERIFY(m_server->setBehavior(behavior));
    const HttpResult result = batch(batchOfGets(5));
    QCOMPARE(result.status, status);
    QVERIFY(result.json().object().contains(QStringLiteral("error")));
    QCOMPARE(result.header("Retry-After").isEmpty(), status != 429);
    QCOMPARE(m_server->counters().failedBatches, 1);
    // Plain requests are not batches and are not failed by it.
    QCOMPARE(m_client->send("GET", url(QStringLiteral("/users/1"))).status, 200);
}

void TestSandboxServer::hangNeverAnswers()
{
    SandboxBehavior behavior;
    behavior.hangRate = 1.0;
    QVERIFY(m_server->setBehavior(behavior));
    std::unique_ptr<QNetworkReply> reply(
        m_client->start("POST", url(QStringLiteral("/$batch")), batchOfGets(2)));
    QTRY_COMPARE(m_server->hungRequests(), 1);
    QTest::qWait(300);
    QVERIFY(!reply->isFinished());
    QCOMPARE(m_server->counters().hung, 1);

    // Releasing resets the connection. QNetworkAccessManager resends a request once when its
    // connection closes before any answer, so the resend is what completes.
    m_server->setBehavior(SandboxBehavior());
    m_server->releaseHungRequests();
    QCOMPARE(m_server->hungRequests(), 0);
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QCOMPARE(m_server->counters().httpRequests, 2);
}

void TestSandboxServer::dropResetsTheConnection()
{
    SandboxBehavior behavior;
    behavior.dropRate = 1.0;
    QVERIFY(m_server->setBehavior(behavior));
    const HttpResult result = batch(batchOfGets(2));
    QVERIFY(result.finished);
    QCOMPARE(result.status, 0);
    QVERIFY2(result.error == QNetworkReply::RemoteHostClosedError
                 || result.error == QNetworkReply::ConnectionRefusedError,
             qPrintable(QString::number(result.error)));
    // QNetworkAccessManager resends once on a connection closed before any answer.
    QCOMPARE(m_server->counters().dropped, m_server->counters().httpRequests);
    QVERIFY(m_server->counters().dropped >= 1);
}

void TestSandboxServer::malformedAnswers_data()
{
    QTest::addColumn<MalformKind>("kind");
    QTest::newRow("bad-json") << MalformKind::BadJson;
    QTest::newRow("missing-id") << MalformKind::MissingId;
    QTest::newRow("duplicate-id") << MalformKind::DuplicateId;
    QTest::newRow("unknown-id") << MalformKind::UnknownId;
}

void TestSandboxServer::malformedAnswers()
{
    QFETCH(MalformKind, kind);
    SandboxBehavior behavior;
    behavior.malformedRate = 1.0;
    behavior.malformKind = kind;
    QVERIFY(m_server->setBehavior(behavior));
    const HttpResult result = batch(batchOfGets(5));
    QCOMPARE(result.status, 200);
    QCOMPARE(m_server->counters().malformed, 1);

    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(result.body, &error);
    if (kind == MalformKind::BadJson) {
        QVERIFY(error.error != QJsonParseError::NoError);
        return;
    }
    QCOMPARE(error.error, QJsonParseError::NoError);
    QStringList ids;
    for (const QJsonValue &item : doc[QStringLiteral("responses")].toArray())
        ids.append(item[QStringLiteral("id")].toString());
    const QSet<QString> expected{QStringLiteral("0"), QStringLiteral("1"), QStringLiteral("2"),
                                 QStringLiteral("3"), QStringLiteral("4")};
    const QSet<QString> got(ids.cbegin(), ids.cend());
    switch (kind) {
    case MalformKind::MissingId:
        QCOMPARE(ids.size(), 4);
        QVERIFY(got.size() == 4 && got.contains(got & expected));
        break;
    case MalformKind::DuplicateId:
        QCOMPARE(ids.size(), 6);
        QCOMPARE(got, expected);
        break;
    case MalformKind::UnknownId:
        QCOMPARE(ids.size(), 5);
        QCOMPARE((got - expected).size(), 1);
        break;
    default:
        QFAIL("unexpected kind");
    }
}

void TestSandboxServer::shuffleShuffles()
{
    auto order = [this] {
        QStringList ids;
        for (const QJsonValue &item : responsesOf(batch(batchOfGets(50))))
            ids.append(item[QStringLiteral("id")].toString());
        return ids;
    };
    QStringList inOrder;
    for (int i = 0; i < 50; ++i)
        inOrder.append(QString::number(i));
    QCOMPARE(order(), inOrder);

    SandboxBehavior behavior;
    behavior.shuffle = true;
    QVERIFY(m_server->setBehavior(behavior));
    const QStringList shuffled = order();
    QVERIFY(shuffled != inOrder);
    QStringList sorted = shuffled;
    std::sort(sorted.begin(), sorted.end(),
              [](const QString &a, const QString &b) { return a.toInt() < b.toInt(); });
    QCOMPARE(sorted, inOrder);
}

void TestSandboxServer::countersCountAndReset()
{
    QSignalSpy changed(m_server.get(), &SandboxServer::countersChanged);
    m_client->send("GET", url(QStringLiteral("/users/1")));
    m_client->send("GET", url(QStringLiteral("/users/2")));
    batch(batchOfGets(4));
    SandboxCounters counters = m_server->counters();
    QCOMPARE(counters.httpRequests, 3);
    QCOMPARE(counters.batchRequests, 1);
    QCOMPARE(counters.batchItems, 4);
    QCOMPARE(counters.requestsByRoute.value(QStringLiteral("GET /users/{id}")), 2);
    QCOMPARE(counters.requestsByRoute.value(QStringLiteral("POST /$batch")), 1);
    QCOMPARE(counters.itemsByRoute.value(QStringLiteral("GET /users/{id}")), 2);
    QCOMPARE(counters.itemsByRoute.value(QStringLiteral("GET /items/{id}")), 2);
    QCOMPARE(changed.size(), 3);

    m_server->resetCounters();
    counters = m_server->counters();
    QCOMPARE(counters.httpRequests, 0);
    QCOMPARE(counters.batchItems, 0);
    QVERIFY(counters.requestsByRoute.isEmpty());
    m_client->send("GET", url(QStringLiteral("/users/1")));
    QCOMPARE(m_server->counters().httpRequests, 1);
}

void TestSandboxServer::invalidBehaviourIsRefused()
{
    SandboxBehavior good;
    good.latencyMs = 5;
    QVERIFY(m_server->setBehavior(good));
    SandboxBehavior bad;
    bad.itemErrorRate = 1.5;
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("itemErrorRate")));
    QVERIFY(!m_server->setBehavior(bad));
    QCOMPARE(m_server->behavior(), good);
    QVERIFY(bad.validate().contains(QStringLiteral("itemErrorRate")));
}

void TestSandboxServer::hostileQueriesAreHarmless()
{
    // A decoded CR LF in ?cache-control= must not start a header of its own; a page far past
    // the end must not overflow page * pageSize.
    const HttpResult injected
        = m_client->send("GET", url(QStringLiteral("/users/1?cache-control=max-age%3D1%0D%0AX-Injected%3A%201")));
    QCOMPARE(injected.status, 200);
    QVERIFY(injected.header("x-injected").isEmpty());
    QVERIFY(injected.header("cache-control").isEmpty());
    const HttpResult far = m_client->send("GET", url(QStringLiteral("/users?page=2147483647&pageSize=100")));
    QCOMPARE(far.status, 200);
    QVERIFY(far.json()[QStringLiteral("users")].toArray().isEmpty());
}

QTEST_GUILESS_MAIN(TestSandboxServer)
#include "tst_sandboxserver.moc"
