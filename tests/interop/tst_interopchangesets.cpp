// SPDX-License-Identifier: BSD-3-Clause
// Atomic groups (change sets) and dependencies against a real OData V4 service nobody on the
// project wrote: SAP CAP from npm (tests/interop/servers/), in both batch formats. What took
// effect is read back from the server itself; calls that succeed are compared with the same
// calls sent alone to a second server started the same way.

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
const HttpHeaders kJson{{"Content-Type", "application/json"}};

/// One client on a CAP server, and a second server for the same calls sent alone.
struct Rig
{
    NodeServer server, alone;
    std::unique_ptr<ApiClient> client;
    HttpTestClient http;
    std::map<quint64, ApiResult> results;

    bool start(const QString &profile, QString *error)
    {
        if (!server.start(kServers, QStringLiteral("start-cap.js"), {}, error)
            || !alone.start(kServers, QStringLiteral("start-cap.js"), {}, error))
            return false;
        ClientConfig config;
        config.batch.applyProfile(*ServerProfile::find(profile), false);
        config.batch.batchPath = kRoot + QStringLiteral("/$batch");
        config.batch.maxDelay = std::chrono::milliseconds(20);
        client = std::make_unique<ApiClient>(server.url(kRoot), config);
        return true;
    }

    quint64 send(const QByteArray &method, const QString &path, const QByteArray &body = {},
                 FetchOptions options = {})
    {
        RequestSpec spec{
            method, client->resolve(path), body.isEmpty() ? HttpHeaders() : kJson, body, {}};
        return client->send(spec, options, [this](const ApiResult &r) {
            QVERIFY2(!results.contains(r.ok() ? r.response.requestId : r.error.requestId),
                     "settled twice");
            results[r.ok() ? r.response.requestId : r.error.requestId] = r;
        });
    }

    bool settle(size_t count)
    {
        return waitUntil([&] { return results.size() >= count; }, 30000);
    }

    /// What `path` holds now on the batched server, read plainly: its status.
    int statusOf(const QString &path)
    {
        return http.send("GET", QUrl(server.url().toString() + kRoot + path)).status;
    }

    /// The same call sent alone to the second server.
    Outcome aloneOutcome(const QByteArray &method, const QString &path, const QByteArray &body = {})
    {
        const HttpResult r = http.send(method, QUrl(alone.url().toString() + kRoot + path), body,
                                       body.isEmpty() ? QList<QPair<QByteArray, QByteArray>>()
                                                      : QList<QPair<QByteArray, QByteArray>>{
                                                          {"Content-Type", "application/json"}});
        return {r.status, canonicalBody(r.body), {}};
    }
};


} // namespace

class TestInteropChangeSets : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void aChangeSetThatSucceedsTakesEffectWhole_data();
    void aChangeSetThatSucceedsTakesEffectWhole();
    void aChangeSetThatFailsRollsBackWhole_data();
    void aChangeSetThatFailsRollsBackWhole();
    void dependentsGoAfterWhatTheyNeedOrNotAtAll_data();
    void dependentsGoAfterWhatTheyNeedOrNotAtAll();
    void dependenciesInsideAGroup_data();
    void dependenciesInsideAGroup();
};

void TestInteropChangeSets::initTestCase()
{
    const QString why = NodeServer::unavailable(kServers);
    if (!why.isEmpty())
        QSKIP(qPrintable(QStringLiteral("interop with SAP CAP skipped: ") + why));
}

static void formats()
{
    QTest::addColumn<QString>("profile");
    QTest::newRow("JSON $batch (OData 4.01)") << QStringLiteral("odata-4.01");
    QTest::newRow("multipart $batch (OData 4.0)") << QStringLiteral("odata-4.0");
}

void TestInteropChangeSets::aChangeSetThatSucceedsTakesEffectWhole_data()
{
    formats();
}

void TestInteropChangeSets::aChangeSetThatSucceedsTakesEffectWhole()
{
    QFETCH(QString, profile);
    Rig rig;
    QString error;
    QVERIFY2(rig.start(profile, &error), qPrintable(error));
    const QByteArray create = R"({"ID":300,"name":"Grace","email":"grace@example.com"})";
    const QByteArray rename = R"({"name":"Alice Changed"})";
    FetchOptions member;
    member.atomicGroup = rig.client->openAtomicGroup();
    const quint64 a = rig.send("POST", QStringLiteral("/Users"), create, member);
    const quint64 b = rig.send("PATCH", QStringLiteral("/Users(1)"), rename, member);
    rig.client->closeAtomicGroup(member.atomicGroup);
    QVERIFY(rig.settle(2));
    QVERIFY2(rig.results[a].ok(), qPrintable(rig.results[a].error.toString()));
    QVERIFY2(rig.results[b].ok(), qPrintable(rig.results[b].error.toString()));
    QCOMPARE(rig.results[a].response.batchId, rig.results[b].response.batchId);
    QCOMPARE(outcomeOf(rig.results[a]), rig.aloneOutcome("POST", QStringLiteral("/Users"), create));
    QCOMPARE(outcomeOf(rig.results[b]),
             rig.aloneOutcome("PATCH", QStringLiteral("/Users(1)"), rename));
    QCOMPARE(rig.statusOf(QStringLiteral("/Users(300)")), 200);
    const HttpResult alice = rig.http.send(
        "GET", QUrl(rig.server.url().toString() + kRoot + QStringLiteral("/Users(1)")));
    QVERIFY(alice.body.contains("Alice Changed"));
}

void TestInteropChangeSets::aChangeSetThatFailsRollsBackWhole_data()
{
    formats();
}

void TestInteropChangeSets::aChangeSetThatFailsRollsBackWhole()
{
    // A new user, and a user whose ID exists: CAP refuses the second (400 "Entity already
    // exists") and undoes the first.
    QFETCH(QString, profile);
    Rig rig;
    QString error;
    QVERIFY2(rig.start(profile, &error), qPrintable(error));
    const QByteArray fresh = R"({"ID":301,"name":"Heidi","email":"heidi@example.com"})";
    const QByteArray taken = R"({"ID":1,"name":"Again","email":"again@example.com"})";
    FetchOptions member;
    member.atomicGroup = rig.client->openAtomicGroup();
    const quint64 a = rig.send("POST", QStringLiteral("/Users"), fresh, member);
    const quint64 b = rig.send("POST", QStringLiteral("/Users"), taken, member);
    rig.client->closeAtomicGroup(member.atomicGroup);
    // A call after the group, alone in the batch, that does not belong to it.
    const quint64 c = rig.send("GET", QStringLiteral("/Users(2)"));
    QVERIFY(rig.settle(3));
    const ApiResult &culprit = rig.results[b];
    QCOMPARE(culprit.error.kind, ErrorKind::Http);
    QCOMPARE(withoutContentId(outcomeOf(culprit)),
             rig.aloneOutcome("POST", QStringLiteral("/Users"), taken));
    const ApiResult &undone = rig.results[a];
    QCOMPARE(undone.error.kind, ErrorKind::RolledBack);
    QVERIFY2(undone.error.message.contains(QString::number(b)), qPrintable(undone.error.message));
    QVERIFY2(undone.error.message.contains(QStringLiteral("400")),
             qPrintable(undone.error.message));
    QCOMPARE(rig.statusOf(QStringLiteral("/Users(301)")), 404); // nothing of the group remains
    QVERIFY2(rig.results[c].ok(), qPrintable(rig.results[c].error.toString()));
    QCOMPARE(outcomeOf(rig.results[c]), rig.aloneOutcome("GET", QStringLiteral("/Users(2)")));
}

void TestInteropChangeSets::dependentsGoAfterWhatTheyNeedOrNotAtAll_data()
{
    formats();
}

void TestInteropChangeSets::dependentsGoAfterWhatTheyNeedOrNotAtAll()
{
    QFETCH(QString, profile);
    Rig rig;
    QString error;
    QVERIFY2(rig.start(profile, &error), qPrintable(error));
    // Read back what a create made, in a batch after it: the read waits for the create.
    const QByteArray create = R"({"ID":302,"name":"Ivan","email":"ivan@example.com"})";
    const quint64 made = rig.send("POST", QStringLiteral("/Users"), create);
    FetchOptions after;
    after.dependsOn = {made};
    const quint64 read = rig.send("GET", QStringLiteral("/Users(302)"), {}, after);
    // A change that needs a user who does not exist is never sent.
    const quint64 missing = rig.send("GET", QStringLiteral("/Users(999)"));
    FetchOptions needsMissing;
    needsMissing.dependsOn = {missing};
    const quint64 change
        = rig.send("PATCH", QStringLiteral("/Users(2)"), R"({"name":"Never"})", needsMissing);
    QVERIFY(rig.settle(4));
    QVERIFY2(rig.results[read].ok(), qPrintable(rig.results[read].error.toString()));
    QCOMPARE(rig.results[read].response.status, 200);
    QVERIFY(rig.results[read].response.body.contains("Ivan"));
    QVERIFY(rig.results[read].response.batchId != rig.results[made].response.batchId);
    QCOMPARE(rig.results[missing].error.status, 404);
    QCOMPARE(rig.results[change].error.kind, ErrorKind::Dependency);
    QCOMPARE(rig.results[change].error.batchId, quint64(0)); // never sent
    const HttpResult bob = rig.http.send(
        "GET", QUrl(rig.server.url().toString() + kRoot + QStringLiteral("/Users(2)")));
    QVERIFY(!bob.body.contains("Never"));
}

void TestInteropChangeSets::dependenciesInsideAGroup_data()
{
    formats();
}

void TestInteropChangeSets::dependenciesInsideAGroup()
{
    // Create a user and change it in one group. JSON says the order (dependsOn); a multipart
    // change set cannot, and CAP runs its parts concurrently, so the group is refused unsent.
    QFETCH(QString, profile);
    Rig rig;
    QString error;
    QVERIFY2(rig.start(profile, &error), qPrintable(error));
    FetchOptions member;
    member.atomicGroup = rig.client->openAtomicGroup();
    const quint64 made = rig.send("POST", QStringLiteral("/Users"),
                                  R"({"ID":303,"name":"Judy","email":"judy@example.com"})", member);
    FetchOptions dependent = member;
    dependent.dependsOn = {made};
    const quint64 changed
        = rig.send("PATCH", QStringLiteral("/Users(303)"), R"({"name":"Judy Changed"})", dependent);
    rig.client->closeAtomicGroup(member.atomicGroup);
    QVERIFY(rig.settle(2));
    if (profile == QStringLiteral("odata-4.01")) {
        QVERIFY2(rig.results[made].ok(), qPrintable(rig.results[made].error.toString()));
        QVERIFY2(rig.results[changed].ok(), qPrintable(rig.results[changed].error.toString()));
        const HttpResult judy = rig.http.send(
            "GET", QUrl(rig.server.url().toString() + kRoot + QStringLiteral("/Users(303)")));
        QVERIFY(judy.body.contains("Judy Changed"));
    } else {
        for (const quint64 id : {made, changed}) {
            QCOMPARE(rig.results[id].error.kind, ErrorKind::RolledBack);
            QVERIFY(rig.results[id].error.message.contains(QStringLiteral("JSON")));
        }
        QCOMPARE(rig.statusOf(QStringLiteral("/Users(303)")), 404);
        QCOMPARE(rig.client->telemetry()->counters().httpRequests, 0);
    }
}

QTEST_GUILESS_MAIN(TestInteropChangeSets)
#include "tst_interopchangesets.moc"
