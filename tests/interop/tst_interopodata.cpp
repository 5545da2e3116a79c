// SPDX-License-Identifier: BSD-3-Clause
// Batchlab against a real OData V4 service that nobody on the project wrote: SAP CAP from npm
// (tests/interop/servers/), in both of its batch formats. Every call goes through ApiClient
// with the format's server profile and default settings to one server, and as a plain
// request, alone, to a second server started the same way; the two results must agree, and
// so must the two servers' data at the end.

#include "client/apiclient.h"
#include "support/httptestclient.h"
#include "support/interopcompare.h"
#include "support/nodeserver.h"
#include "telemetry/telemetry.h"
#include "wire/serverprofile.h"

#include <QtTest>

using namespace batchlab;

namespace {

const QString kServers = QStringLiteral(BATCHLAB_INTEROP_SERVERS);
const QString kRoot = QStringLiteral("/odata/v4/api");

struct Call
{
    QByteArray method;
    QString path; ///< below the service root, e.g. "/Users(1)"
    QByteArray body;

    QString key() const
    {
        return QStringLiteral("%1 %2 %3").arg(QString::fromLatin1(method), path, QString::fromUtf8(body));
    }
};

Call get(const QString &path) { return {"GET", path, {}}; }

/// Reads, duplicates, missing entities and queries; then writes, identical POSTs among them;
/// then reading back what the writes did. Each phase is sent as one burst, the next one only
/// after every call of the previous one settled.
QList<QList<Call>> plan()
{
    return {
        {get(QStringLiteral("/Users(1)")), get(QStringLiteral("/Users(2)")), get(QStringLiteral("/Users(1)")),
         get(QStringLiteral("/Items(3)")), get(QStringLiteral("/Items(2)")), get(QStringLiteral("/Users(999)")),
         get(QStringLiteral("/Items(999)")), get(QStringLiteral("/Users?$filter=ID%20lt%204&$select=name&$orderby=ID")),
         get(QStringLiteral("/Items?$top=3&$orderby=ID")), get(QStringLiteral("/Users(2)?$select=email")),
         get(QStringLiteral("/Users/$count")), get(QStringLiteral("/Nowhere"))},
        {{"POST", QStringLiteral("/Users"), R"({"ID":100,"name":"New","email":"new@example.com"})"},
         {"POST", QStringLiteral("/Users"), R"({"ID":100,"name":"New","email":"new@example.com"})"},
         {"PATCH", QStringLiteral("/Items(2)"), R"({"price":42})"},
         {"DELETE", QStringLiteral("/Items(9)"), {}},
         {"PUT", QStringLiteral("/Users(3)"), R"({"name":"Carol Put","email":"carol@put.example"})"},
         {"POST", QStringLiteral("/Items"), R"({"ID":"not a number"})"},
         {"DELETE", QStringLiteral("/Users(999)"), {}}},
        {get(QStringLiteral("/Users(100)")), get(QStringLiteral("/Items(2)")), get(QStringLiteral("/Items(9)")),
         get(QStringLiteral("/Users(3)")), get(QStringLiteral("/Users?$orderby=ID")),
         get(QStringLiteral("/Items?$orderby=ID"))},
    };
}

/// The URL of `path` below the service root of `server`, its query parsed as a query.
QUrl urlOf(const NodeServer &server, const QString &path)
{
    return QUrl(server.url().toString() + kRoot + path);
}


HttpHeaders headersOf(const Call &call)
{
    if (call.body.isEmpty())
        return {};
    return {{"Content-Type", "application/json"}};
}

} // namespace

class TestInteropOData : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void callsAgreeWithTheSameCallsSentAlone_data();
    void callsAgreeWithTheSameCallsSentAlone();
    void aConfiguredBatchLimitIsLearned_data();
    void aConfiguredBatchLimitIsLearned();
};

void TestInteropOData::initTestCase()
{
    const QString why = NodeServer::unavailable(kServers);
    if (!why.isEmpty())
        QSKIP(qPrintable(QStringLiteral("interop with SAP CAP skipped: ") + why));
}

void TestInteropOData::callsAgreeWithTheSameCallsSentAlone_data()
{
    QTest::addColumn<QString>("profile");
    QTest::newRow("JSON $batch (OData 4.01)") << QStringLiteral("odata-4.01");
    QTest::newRow("multipart $batch (OData 4.0)") << QStringLiteral("odata-4.0");
}

void TestInteropOData::callsAgreeWithTheSameCallsSentAlone()
{
    QFETCH(QString, profile);
    NodeServer batchedServer, aloneServer;
    QString error;
    QVERIFY2(batchedServer.start(kServers, QStringLiteral("start-cap.js"), {}, &error), qPrintable(error));
    QVERIFY2(aloneServer.start(kServers, QStringLiteral("start-cap.js"), {}, &error), qPrintable(error));

    ClientConfig config;
    config.batch.applyProfile(*ServerProfile::find(profile), false);
    config.batch.batchPath = kRoot + QStringLiteral("/$batch");
    ApiClient client(batchedServer.url(kRoot), config);
    HttpTestClient alone;

    QStringList keys, problems;
    QList<Outcome> batched, single;
    for (const QList<Call> &phase : plan()) {
        QList<Outcome> results(phase.size());
        int settled = 0;
        for (qsizetype i = 0; i < phase.size(); ++i) {
            const Call &call = phase.at(i);
            RequestSpec spec{call.method, client.resolve(call.path), headersOf(call), call.body, {}};
            client.send(spec, {}, [&results, &settled, i](const ApiResult &r) {
                results[i] = withoutContentId(outcomeOf(r));
                ++settled;
            });
        }
        QVERIFY2(waitUntil([&] { return settled == phase.size(); }, 30000),
                 qPrintable(QStringLiteral("%1 of %2 calls settled").arg(settled).arg(phase.size())));
        for (const Call &call : phase) {
            const HttpResult r = alone.send(call.method, urlOf(aloneServer, call.path), call.body,
                                            headersOf(call));
            single.append(r.finished && r.status > 0 ? Outcome{r.status, canonicalBody(r.body), {}}
                                                     : Outcome{0, {}, QStringLiteral("no answer")});
            keys.append(call.key());
        }
        batched += results;
    }
    problems = mismatches(keys, batched, single);
    // The servers' data after the writes, read plainly from each.
    for (const QString &set : {QStringLiteral("/Users?$orderby=ID"), QStringLiteral("/Items?$orderby=ID")}) {
        const HttpResult a = alone.send("GET", urlOf(batchedServer, set));
        const HttpResult b = alone.send("GET", urlOf(aloneServer, set));
        if (canonicalBody(a.body) != canonicalBody(b.body))
            problems.append(QStringLiteral("state of %1 differs:\n    batched: %2\n    alone:   %3")
                                .arg(set, QString::fromUtf8(a.body), QString::fromUtf8(b.body)));
    }
    const TelemetryCounters counters = client.telemetry()->counters();
    qInfo("%s: %lld calls in %lld HTTP requests, %d mismatches", qPrintable(profile), counters.calls,
          counters.httpRequests, int(problems.size()));
    for (const QString &problem : std::as_const(problems))
        qWarning().noquote() << problem;
    QVERIFY2(problems.isEmpty(), "results differ from the same calls sent alone (listed above)");
    QVERIFY2(counters.httpRequests <= 8, "the calls were not batched"); // three phases, a few batches each
}

void TestInteropOData::aConfiguredBatchLimitIsLearned_data()
{
    callsAgreeWithTheSameCallsSentAlone_data();
}

void TestInteropOData::aConfiguredBatchLimitIsLearned()
{
    // CAP with cds.odata.batch_limit = 10 answers a larger batch with
    // 429 {"error":{"code":"BATCH_TOO_MANY_REQ",…}} and nothing about the limit itself.
    QFETCH(QString, profile);
    NodeServer server;
    QString error;
    QVERIFY2(server.start(kServers, QStringLiteral("start-cap.js"), {QStringLiteral("--batch-limit"), QStringLiteral("10")},
                          &error),
             qPrintable(error));
    ClientConfig config;
    config.batch.applyProfile(*ServerProfile::find(profile), false);
    config.batch.batchPath = kRoot + QStringLiteral("/$batch");
    config.batch.maxBatchSize = 50;
    config.cache.enabled = false;
    ApiClient client(server.url(kRoot), config);
    int settled = 0, failed = 0;
    for (int round = 0; round < 5; ++round) {
        for (int i = 0; i < 25; ++i) {
            // Ten users, read over and over with different queries so that none is shared.
            const QString path = QStringLiteral("/Users(%1)?$select=name&r=%2").arg(i % 10 + 1).arg(round * 25 + i);
            client.send(RequestSpec::get(client.resolve(path)), {}, [&](const ApiResult &r) {
                ++settled;
                failed += r.ok() && r.response.status == 200 ? 0 : 1;
                if (!r.ok())
                    qWarning().noquote() << r.error.toString();
            });
        }
        QVERIFY(waitUntil([&] { return settled == 25 * (round + 1); }, 30000));
    }
    QCOMPARE(failed, 0);
    int limit = -1;
    for (const Event &e : client.telemetry()->eventsSince(0)) {
        if (e.kind == EventKind::LimitLearned)
            limit = e.value;
    }
    QCOMPARE(limit, 10);
}

QTEST_GUILESS_MAIN(TestInteropOData)
#include "tst_interopodata.moc"
