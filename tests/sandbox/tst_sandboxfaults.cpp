// SPDX-License-Identifier: BSD-3-Clause
// Every fault of a SandboxBehavior in every batch format of the sandbox (JSON $batch,
// multipart as OData and as Google, JSON-RPC), over real loopback HTTP: item errors,
// throttling, whole-batch failures, malformed answers, shuffling, seeds, latency and drops,
// the batch size limit, and the counters by route.
#include "support/sandboxformathelpers.h"

#include <QSet>
#include <QtTest>

#include <algorithm>

using namespace batchlab;
using namespace sandboxformat;

namespace {

/// One answer of a batch in any format, for what must hold in every format. `id` is the id
/// as the client sent it ("3"), `rawId` as the answer carries it ("<response-3>").
struct Answer
{
    QString id;
    QString rawId;
    int status = 0;
    QByteArray retryAfter;
};

/// The batch formats the tests run over, each with its endpoint.
const QStringList kFormats{QStringLiteral("json"), QStringLiteral("odata"),
                           QStringLiteral("google"), QStringLiteral("rpc")};

QString endpointOf(const QString &format)
{
    if (format == u"google")
        return QStringLiteral("/batch");
    return format == u"rpc" ? QStringLiteral("/rpc") : QStringLiteral("/$batch");
}

} // namespace

class TestSandboxFaults : public QObject, private SandboxFixture
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void formats_data();
    void itemErrors_data() { formats_data(); }
    void itemErrors();
    void throttling_data() { formats_data(); }
    void throttling();
    void wholeBatchFailure_data();
    void wholeBatchFailure();
    void malformedAnswers_data();
    void malformedAnswers();
    void shuffle_data() { formats_data(); }
    void shuffle();
    void sameSeedSameBytes_data() { formats_data(); }
    void sameSeedSameBytes();
    void latencyAndDrop_data() { formats_data(); }
    void latencyAndDrop();
    void rpcHasNoBatchLimit();
    void countersByRoute();
    void indexListsTheEndpoints();

private:
    /// A batch of n GETs with ids "0".."n-1", alternating users and items.
    HttpResult batchOfGets(const QString &format, int n);
    bool readAnswers(const QString &format, const HttpResult &result, QList<Answer> *answers,
                     QString *problem);
    QString itemRoute(const QString &format, int i) const;
};

void TestSandboxFaults::init()
{
    QVERIFY(startSandbox());
}

void TestSandboxFaults::cleanup()
{
    stopSandbox();
}

QString TestSandboxFaults::itemRoute(const QString &format, int i) const
{
    if (format == u"rpc")
        return i % 2 ? QStringLiteral("rpc items.get") : QStringLiteral("rpc users.get");
    return i % 2 ? QStringLiteral("GET /items/{id}") : QStringLiteral("GET /users/{id}");
}

HttpResult TestSandboxFaults::batchOfGets(const QString &format, int n)
{
    auto path = [](int i) {
        return i % 2 ? QStringLiteral("/items/%1").arg(i % 500 + 1)
                     : QStringLiteral("/users/%1").arg(i % 1000 + 1);
    };
    if (format == u"json") {
        QJsonArray requests;
        for (int i = 0; i < n; ++i) {
            requests.append(QJsonObject{{QStringLiteral("id"), QString::number(i)},
                                        {QStringLiteral("method"), QStringLiteral("GET")},
                                        {QStringLiteral("url"), path(i)}});
        }
        return post(QStringLiteral("/$batch"),
                    QJsonDocument(QJsonObject{{QStringLiteral("requests"), requests}})
                        .toJson(QJsonDocument::Compact),
                    "application/json");
    }
    if (format == u"rpc") {
        QJsonArray calls;
        for (int i = 0; i < n; ++i) {
            QJsonObject call = user(i % 2 ? i % 500 + 1 : i % 1000 + 1);
            if (i % 2)
                call.insert(QStringLiteral("method"), QStringLiteral("items.get"));
            calls.append(withId(call, QString::number(i)));
        }
        return rpc(compact(calls));
    }
    QByteArrayList parts;
    for (int i = 0; i < n; ++i) {
        // Relative to the service root, which both OData and Google take.
        parts.append(httpPart("GET " + path(i).mid(1).toUtf8() + " HTTP/1.1\r\n",
                              '<' + QByteArray::number(i) + '>'));
    }
    // Faults are about every item, so the OData batch asks the server to go on after one.
    return post(endpointOf(format), multipartBody(parts, "b"), "multipart/mixed; boundary=b",
                {{"Prefer", "odata.continue-on-error"}});
}

bool TestSandboxFaults::readAnswers(const QString &format, const HttpResult &result,
                                    QList<Answer> *answers, QString *problem)
{
    if (format == u"json" || format == u"rpc") {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(result.body, &error);
        if (error.error != QJsonParseError::NoError) {
            *problem = error.errorString();
            return false;
        }
        const QJsonArray items = format == u"json"
            ? doc.object().value(QStringLiteral("responses")).toArray()
            : doc.array();
        for (const QJsonValue &item : items) {
            Answer answer;
            answer.id = answer.rawId = item[QStringLiteral("id")].toString();
            if (format == u"json") {
                answer.status = item[QStringLiteral("status")].toInt();
                answer.retryAfter = item[QStringLiteral("headers")][QStringLiteral("retry-after")]
                                        .toString()
                                        .toLatin1();
            } else if (item.toObject().contains(QStringLiteral("result"))) {
                answer.status = 200;
            } else {
                const QJsonValue data = item[QStringLiteral("error")][QStringLiteral("data")];
                answer.status = data[QStringLiteral("status")].toInt();
                if (data.toObject().contains(QStringLiteral("retryAfter")))
                    answer.retryAfter
                        = QByteArray::number(data[QStringLiteral("retryAfter")].toInt());
            }
            answers->append(answer);
        }
        return true;
    }
    QList<Part> parts;
    if (!readMultipart(result.body, boundaryOf(result.header("content-type")), &parts, problem))
        return false;
    for (const Part &part : flatten(parts)) {
        Answer answer;
        answer.rawId = QString::fromLatin1(valueOf(part.headers, "content-id"));
        answer.id = answer.rawId;
        answer.id.remove(u'<').remove(u'>').remove(QStringLiteral("response-"));
        answer.status = part.status;
        answer.retryAfter = valueOf(part.httpHeaders, "retry-after");
        answers->append(answer);
    }
    return true;
}

void TestSandboxFaults::formats_data()
{
    QTest::addColumn<QString>("format");
    for (const QString &format : kFormats)
        QTest::newRow(qPrintable(format)) << format;
}

void TestSandboxFaults::itemErrors()
{
    QFETCH(QString, format);
    SandboxBehavior behavior;
    behavior.itemErrorRate = 1.0;
    behavior.itemErrorStatus = 503;
    QVERIFY(m_server->setBehavior(behavior));
    const HttpResult result = batchOfGets(format, 6);
    QCOMPARE(result.status, 200);
    QList<Answer> answers;
    QString problem;
    QVERIFY2(readAnswers(format, result, &answers, &problem), qPrintable(problem));
    QCOMPARE(answers.size(), 6);
    for (const Answer &answer : answers)
        QCOMPARE(answer.status, 503);
    const SandboxCounters counters = m_server->counters();
    QCOMPARE(counters.itemErrors, 6);
    QCOMPARE(counters.batchItems, 6);
    QCOMPARE(counters.batchRequests, 1);
    QCOMPARE(counters.itemsByRoute.value(itemRoute(format, 0)), 3);
    QCOMPARE(counters.itemsByRoute.value(itemRoute(format, 1)), 3);
}

void TestSandboxFaults::throttling()
{
    QFETCH(QString, format);
    SandboxBehavior behavior;
    behavior.throttleRate = 1.0;
    behavior.retryAfterSeconds = 7;
    QVERIFY(m_server->setBehavior(behavior));
    const HttpResult result = batchOfGets(format, 3);
    QCOMPARE(result.status, 200);
    QList<Answer> answers;
    QString problem;
    QVERIFY2(readAnswers(format, result, &answers, &problem), qPrintable(problem));
    QCOMPARE(answers.size(), 3);
    for (const Answer &answer : answers) {
        QCOMPARE(answer.status, 429);
        QCOMPARE(answer.retryAfter, QByteArray("7"));
    }
    QCOMPARE(m_server->counters().throttled, 3);
    QCOMPARE(m_server->counters().itemErrors, 0);
}

void TestSandboxFaults::wholeBatchFailure_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<int>("status");
    for (const QString &format : kFormats) {
        for (int status : {500, 503, 429})
            QTest::addRow("%s %d", qPrintable(format), status) << format << status;
    }
}

void TestSandboxFaults::wholeBatchFailure()
{
    QFETCH(QString, format);
    QFETCH(int, status);
    SandboxBehavior behavior;
    behavior.batchFailureRate = 1.0;
    behavior.batchFailureStatus = status;
    behavior.retryAfterSeconds = 4;
    QVERIFY(m_server->setBehavior(behavior));
    const HttpResult result = batchOfGets(format, 4);
    QCOMPARE(result.status, status);
    QVERIFY(
        !result.json()[QStringLiteral("error")][QStringLiteral("message")].toString().isEmpty());
    QCOMPARE(result.header("Retry-After"), status == 429 ? QByteArray("4") : QByteArray());
    const SandboxCounters counters = m_server->counters();
    QCOMPARE(counters.failedBatches, 1);
    QCOMPARE(counters.batchItems, 4); // received and counted, never run
    QCOMPARE(counters.rejected, 0);
}

void TestSandboxFaults::malformedAnswers_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<MalformKind>("kind");
    for (const QString &format : kFormats) {
        for (MalformKind kind : {MalformKind::BadJson, MalformKind::MissingId,
                                 MalformKind::DuplicateId, MalformKind::UnknownId}) {
            QTest::addRow("%s %s", qPrintable(format), qPrintable(malformKindName(kind)))
                << format << kind;
        }
    }
}

void TestSandboxFaults::malformedAnswers()
{
    QFETCH(QString, format);
    QFETCH(MalformKind, kind);
    SandboxBehavior behavior;
    behavior.malformedRate = 1.0;
    behavior.malformKind = kind;
    behavior.seed = 99;
    QVERIFY(m_server->setBehavior(behavior));
    const HttpResult result = batchOfGets(format, 5);
    QCOMPARE(result.status, 200);
    QCOMPARE(m_server->counters().malformed, 1);

    QList<Answer> answers;
    QString problem;
    const bool readable = readAnswers(format, result, &answers, &problem);
    if (kind == MalformKind::BadJson) {
        QVERIFY2(!readable, result.body.constData());
        if (format == u"odata" || format == u"google") {
            // The client's decoder sees it too, and trusts nothing of it.
            BatchRequest request;
            const DecodedBatch decoded
                = MultipartBatchCodec().decode(request, result.headers, result.body);
            QVERIFY(!decoded.error.isEmpty());
        }
        return;
    }
    QVERIFY2(readable, qPrintable(problem));
    QStringList ids;
    for (const Answer &answer : answers)
        ids.append(answer.id);
    const QSet<QString> expected{QStringLiteral("0"), QStringLiteral("1"), QStringLiteral("2"),
                                 QStringLiteral("3"), QStringLiteral("4")};
    const QSet<QString> got(ids.cbegin(), ids.cend());
    switch (kind) {
    case MalformKind::MissingId:
        QCOMPARE(ids.size(), 4);
        QCOMPARE(got.size(), 4);
        QVERIFY(expected.contains(got));
        break;
    case MalformKind::DuplicateId:
        QCOMPARE(ids.size(), 6);
        QCOMPARE(got, expected);
        break;
    case MalformKind::UnknownId: {
        QCOMPARE(ids.size(), 5);
        const QSet<QString> unknown = got - expected;
        QCOMPARE(unknown.size(), 1);
        const QString id = *unknown.cbegin();
        QVERIFY2(id.startsWith(QStringLiteral("unknown-")), qPrintable(id));
        const QString raw = answers.at(ids.indexOf(id)).rawId;
        if (format == u"odata")
            QCOMPARE(raw, QStringLiteral("<") + id + u'>');
        else if (format == u"google")
            QCOMPARE(raw, QStringLiteral("<response-") + id + u'>');
        else
            QCOMPARE(raw, id);
        break;
    }
    default:
        QFAIL("unexpected kind");
    }
}

void TestSandboxFaults::shuffle()
{
    QFETCH(QString, format);
    QStringList inOrder;
    for (int i = 0; i < 30; ++i)
        inOrder.append(QString::number(i));
    auto order = [&] {
        QList<Answer> answers;
        QString problem;
        if (!readAnswers(format, batchOfGets(format, 30), &answers, &problem))
            qWarning() << problem;
        QStringList ids;
        for (const Answer &answer : answers)
            ids.append(answer.id);
        return ids;
    };
    QCOMPARE(order(), inOrder);

    SandboxBehavior behavior;
    behavior.shuffle = true;
    behavior.seed = 5;
    QVERIFY(m_server->setBehavior(behavior));
    const QStringList shuffled = order();
    QVERIFY(shuffled != inOrder);
    QStringList sorted = shuffled;
    std::sort(sorted.begin(), sorted.end(),
              [](const QString &a, const QString &b) { return a.toInt() < b.toInt(); });
    QCOMPARE(sorted, inOrder);
}

void TestSandboxFaults::sameSeedSameBytes()
{
    QFETCH(QString, format);
    SandboxBehavior behavior;
    behavior.itemErrorRate = 0.3;
    behavior.throttleRate = 0.1;
    behavior.malformedRate = 0.5;
    behavior.shuffle = true;
    behavior.seed = 12345;
    auto run = [&] {
        m_server->setBehavior(behavior);
        QByteArrayList bodies;
        for (int i = 0; i < 3; ++i)
            bodies.append(batchOfGets(format, 20).body);
        return bodies;
    };
    const QByteArrayList first = run();
    QCOMPARE(run(), first);
    behavior.seed = 54321;
    QVERIFY(run() != first);
}

void TestSandboxFaults::latencyAndDrop()
{
    QFETCH(QString, format);
    SandboxBehavior behavior;
    behavior.latencyMs = 100;
    QVERIFY(m_server->setBehavior(behavior));
    const HttpResult slow = batchOfGets(format, 10);
    QCOMPARE(slow.status, 200);
    QVERIFY2(slow.elapsedMs >= 100 && slow.elapsedMs < 10 * 100,
             qPrintable(QString::number(slow.elapsedMs)));

    behavior.latencyMs = 0;
    behavior.dropRate = 1.0;
    QVERIFY(m_server->setBehavior(behavior));
    m_server->resetCounters();
    const HttpResult dropped = batchOfGets(format, 2);
    QVERIFY(dropped.finished);
    QCOMPARE(dropped.status, 0);
    QVERIFY(m_server->counters().dropped >= 1);
    QCOMPARE(m_server->counters().dropped, m_server->counters().httpRequests);
}

void TestSandboxFaults::rpcHasNoBatchLimit()
{
    SandboxBehavior behavior;
    behavior.maxBatchItems = 2;
    QVERIFY(m_server->setBehavior(behavior));
    QList<Answer> answers;
    QString problem;
    QVERIFY2(readAnswers(QStringLiteral("rpc"), batchOfGets(QStringLiteral("rpc"), 5), &answers,
                         &problem),
             qPrintable(problem));
    QCOMPARE(answers.size(), 5);
    QCOMPARE(batchOfGets(QStringLiteral("odata"), 5).status, 400); // while multipart has one
}
void TestSandboxFaults::countersByRoute()
{
    for (const QString &format : kFormats)
        QCOMPARE(batchOfGets(format, 4).status, 200);
    rpc(R"([{"jsonrpc":"2.0","method":"nope","id":1},{"jsonrpc":"2.0","method":"nope"}])");
    const SandboxCounters counters = m_server->counters();
    QCOMPARE(counters.httpRequests, 5);
    QCOMPARE(counters.batchRequests, 5);
    QCOMPARE(counters.batchItems, 18);
    QCOMPARE(counters.requestsByRoute.value(QStringLiteral("POST /$batch")), 2);
    QCOMPARE(counters.requestsByRoute.value(QStringLiteral("POST /batch")), 1);
    QCOMPARE(counters.requestsByRoute.value(QStringLiteral("POST /rpc")), 2);
    QCOMPARE(counters.itemsByRoute.value(QStringLiteral("GET /users/{id}")), 6);
    QCOMPARE(counters.itemsByRoute.value(QStringLiteral("GET /items/{id}")), 6);
    QCOMPARE(counters.itemsByRoute.value(QStringLiteral("rpc users.get")), 2);
    QCOMPARE(counters.itemsByRoute.value(QStringLiteral("rpc items.get")), 2);
    QCOMPARE(counters.itemsByRoute.value(QStringLiteral("rpc nope")), 2);
    qint64 sum = 0;
    for (qint64 n : counters.itemsByRoute)
        sum += n;
    QCOMPARE(sum, counters.batchItems);
}

void TestSandboxFaults::indexListsTheEndpoints()
{
    const HttpResult result = m_client->send("GET", url(QStringLiteral("/")));
    QCOMPARE(result.status, 200);
    QStringList routes;
    for (const QJsonValue &route : result.json()[QStringLiteral("routes")].toArray())
        routes.append(route.toString());
    const QString all = routes.join(u'\n');
    QVERIFY2(all.contains(QStringLiteral("POST /$batch (multipart/mixed")), qPrintable(all));
    QVERIFY2(all.contains(QStringLiteral("POST /batch (multipart/mixed")), qPrintable(all));
    QVERIFY2(all.contains(QStringLiteral("POST /rpc (JSON-RPC 2.0")), qPrintable(all));
}

QTEST_GUILESS_MAIN(TestSandboxFaults)
#include "tst_sandboxfaults.moc"
