// SPDX-License-Identifier: BSD-3-Clause
// CallDirectory: the calls of runs named by their request, found by request id, bounded;
// filled by a real Runner against the sandbox.
#include "runs/calldirectory.h"
#include "runs/runner.h"
#include "sandbox/sandboxserver.h"

#include <QSignalSpy>
#include <QtTest>

using namespace batchlab;
using namespace std::chrono_literals;

namespace {

RequestSet named(const QString &setName, const QStringList &names, const QString &path)
{
    RequestSet set;
    set.name = setName;
    int i = 0;
    for (const QString &name : names) {
        RequestItem item;
        item.name = name;
        item.url = path.arg(++i);
        set.requests.append(item);
    }
    return set;
}

ApiResult okResult(quint64 id, int status, QByteArray body)
{
    ApiResult result;
    result.response.requestId = id;
    result.response.status = status;
    result.response.body = std::move(body);
    return result;
}

} // namespace

class TestCallDirectory : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void namesCallsByTheirRequest();
    void aCallOfAnEarlierRunIsNotARowOfThisOne();
    void keepsItsRetentionWithTheLabelsOfRunsStillHeld();
};

void TestCallDirectory::namesCallsByTheirRequest()
{
    SandboxServer server;
    QVERIFY(server.start());
    ClientConfig config;
    config.cache.enabled = false;
    config.batch.maxDelay = 5ms;
    ApiClient client(server.url(), config);
    Runner runner(&client);
    const RequestSet set = named(QStringLiteral("users"), {QStringLiteral("first"), QStringLiteral("second")},
                                 QStringLiteral("/users/%1?page=1"));
    QSignalSpy finished(&runner, &Runner::finished);
    QVERIFY(runner.start(set, server.url(), RunPlan{3}));
    QVERIFY(finished.wait(10000));
    const CallDirectory &calls = *runner.calls();
    QCOMPARE(calls.size(), 6);
    for (int i = 0; i < calls.size(); ++i) {
        const CallRecord &r = calls.at(i);
        QCOMPARE(calls.find(r.id), &r);
        QCOMPARE(calls.describe(r.id), i % 2 ? QStringLiteral("second · GET /users/2?page=1")
                                             : QStringLiteral("first · GET /users/1?page=1"));
        QCOMPARE(r.status, 200);
        QVERIFY(r.bytes > 0);
        QVERIFY(r.durationNs >= 0);
        QVERIFY(r.batchId > 0);
        QCOMPARE(runner.rowOfCall(r.id), i % 2);
    }
    QCOMPARE(calls.setName(calls.at(0).run), QStringLiteral("users"));
    QVERIFY(!calls.find(calls.at(5).id + 1000));
    QCOMPARE(calls.describe(calls.at(5).id + 1000), QStringLiteral("call %1").arg(calls.at(5).id + 1000));
}

void TestCallDirectory::aCallOfAnEarlierRunIsNotARowOfThisOne()
{
    // The report: a click on a log row of an earlier run of another set selected an unrelated
    // row of the set open now.
    SandboxServer server;
    QVERIFY(server.start());
    ApiClient client(server.url());
    Runner runner(&client);
    QSignalSpy finished(&runner, &Runner::finished);
    QVERIFY(runner.start(named(QStringLiteral("a"), {QStringLiteral("a1"), QStringLiteral("a2")},
                               QStringLiteral("/users/%1")),
                         server.url(), RunPlan{}));
    QVERIFY(finished.wait(10000));
    const quint64 earlier = runner.calls()->at(1).id;
    QCOMPARE(runner.rowOfCall(earlier), 1);
    QVERIFY(runner.start(named(QStringLiteral("b"), {QStringLiteral("b1"), QStringLiteral("b2")},
                               QStringLiteral("/items/%1")),
                         server.url(), RunPlan{}));
    QVERIFY(finished.wait(10000));
    QCOMPARE(runner.rowOfCall(earlier), -1);
    QCOMPARE(runner.calls()->describe(earlier), QStringLiteral("a2 · GET /users/2")); // still named
    QCOMPARE(runner.rowOfCall(runner.calls()->at(3).id), 1);
}

void TestCallDirectory::keepsItsRetentionWithTheLabelsOfRunsStillHeld()
{
    CallDirectory calls;
    calls.setRetention(1000);
    QSignalSpy dropped(&calls, &CallDirectory::droppedFront);
    calls.beginRun(QStringLiteral("old"), {{QStringLiteral("old call"), "GET", QStringLiteral("http://h/old"), 0}});
    for (quint64 id = 1; id <= 600; ++id)
        calls.sent(id, 0);
    calls.beginRun(QStringLiteral("new"), {{QStringLiteral("new call"), "POST", QStringLiteral("http://h/new"), 0}});
    for (quint64 id = 601; id <= 1200; ++id)
        calls.sent(id, 0);
    // Past 1000 the oldest leave, a tenth more at once: at the 1001st and again at the 1102nd.
    QCOMPARE(dropped.size(), 2);
    QCOMPARE(calls.size(), 1200 - 202);
    QCOMPARE(calls.dropped(), 202u);
    QVERIFY(!calls.find(202));
    QCOMPARE(calls.describe(203), QStringLiteral("old call · GET /old"));
    calls.settled(700, okResult(700, 201, "{}"));
    calls.settled(650, okResult(650, 200, "[1]"));
    QCOMPARE(calls.takeSettled(), (std::vector<quint64>{650 - 1, 700 - 1})); // positions, ascending
    QVERIFY(calls.takeSettled().empty());
    QCOMPARE(calls.find(700)->status, 201);
    QCOMPARE(calls.find(650)->bytes, 3);
    // The old run's label goes once none of its calls is held.
    for (quint64 id = 1201; id <= 1600; ++id)
        calls.sent(id, 0);
    QVERIFY(!calls.find(600));
    QCOMPARE(calls.setName(1), QString());
    QCOMPARE(calls.describe(1600), QStringLiteral("new call · POST /new"));
}

QTEST_MAIN(TestCallDirectory)
#include "tst_calldirectory.moc"
