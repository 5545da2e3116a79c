// SPDX-License-Identifier: BSD-3-Clause
// Atomic groups and dependencies in the engine, in every wire format, against the sandbox over
// loopback: which calls travel together, which wait, and which fail unsent and why.

#include "support/queuerig.h"

#include <QtTest>

using namespace batchlab;
using namespace std::chrono_literals;

class TestRequestQueueOrder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data() { testformats::addRows(); }
    void init() { TESTFORMATS_USE_GLOBAL_ROW(); }
    void aGroupTravelsWholeInOneBatch();
    void aGroupNeverSharesWithIdenticalCalls();
    void aGroupWhoseMemberFailsRollsBack();
    void aGroupThatCannotGoWholeFailsUnsent();
    void aMemberEndingBeforeTheGroupGoesFailsTheRest();
    void aDependentWaitsForWhatItNeeds();
    void aFailedDependencyFailsItsDependentsUnsent();
    void dependenciesOnSettledOrUnknownCalls();
    void aGroupWaitsWholeForAMembersDependency();
};

namespace {

CallOptions member(quint64 group)
{
    CallOptions o;
    o.atomicGroup = group;
    return o;
}

CallOptions after(std::vector<quint64> ids)
{
    CallOptions o;
    o.dependsOn = std::move(ids);
    return o;
}

} // namespace

void TestRequestQueueOrder::aGroupTravelsWholeInOneBatch()
{
    if (testformats::isJsonRpc())
        QSKIP("JSON-RPC 2.0 has no atomic groups (aGroupThatCannotGoWholeFailsUnsent covers it)");
    // A limit of 4: two calls before the group, a group of 3; the group does not fit behind
    // them, so it starts the next batch whole, and the call after it joins that batch.
    QueueRig rig(queueConfig(4, 30ms));
    const quint64 a = rig.get(QStringLiteral("/users/1"));
    const quint64 b = rig.get(QStringLiteral("/users/2"));
    const quint64 group = rig.queue->openAtomicGroup();
    std::vector<quint64> members;
    for (int i = 3; i <= 5; ++i)
        members.push_back(rig.get(QStringLiteral("/users/%1").arg(i), member(group)));
    const quint64 c = rig.get(QStringLiteral("/users/6"));
    QCOMPARE(rig.queue->queuedItems(), 3); // the members wait for the group to close
    rig.queue->closeAtomicGroup(group);
    QVERIFY(rig.waitSettled(6));
    QCOMPARE(rig.recorder.doubleSettlements, 0);
    for (const quint64 id : {a, b, c, members[0], members[1], members[2]})
        QVERIFY2(rig.result(id).ok(), qPrintable(rig.result(id).error.toString()));
    QCOMPARE(rig.result(a).response.batchId, rig.result(b).response.batchId);
    QCOMPARE(rig.result(a).response.batchId, rig.result(c).response.batchId);
    for (const quint64 id : members)
        QCOMPARE(rig.result(id).response.batchId, rig.result(members[0]).response.batchId);
    QVERIFY(rig.result(members[0]).response.batchId != rig.result(a).response.batchId);
    QCOMPARE(rig.server.counters().httpRequests, 2);
}

void TestRequestQueueOrder::aGroupNeverSharesWithIdenticalCalls()
{
    if (testformats::isJsonRpc())
        QSKIP("JSON-RPC 2.0 has no atomic groups");
    QueueRig rig(queueConfig(10, 20ms));
    const quint64 outside = rig.get(QStringLiteral("/users/1"));
    const quint64 group = rig.queue->openAtomicGroup();
    const quint64 inside = rig.get(QStringLiteral("/users/1"), member(group));
    const quint64 twin = rig.get(QStringLiteral("/users/1"), member(group));
    rig.queue->closeAtomicGroup(group);
    QVERIFY(rig.waitSettled(3));
    for (const quint64 id : {outside, inside, twin}) {
        QVERIFY(rig.result(id).ok());
        QVERIFY(!rig.result(id).response.deduplicated);
    }
    QCOMPARE(rig.server.counters().batchItems, 3);
}

void TestRequestQueueOrder::aGroupWhoseMemberFailsRollsBack()
{
    if (testformats::isJsonRpc())
        QSKIP("JSON-RPC 2.0 has no atomic groups");
    // A change that works and one of an item that does not exist: the sandbox undoes the first
    // (as a real OData service does); its caller learns why, naming the member that failed.
    QueueRig rig(queueConfig(10, 10ms));
    const auto patch = [&](const QString &path, const CallOptions &options) {
        RequestSpec spec = rig.call(path);
        spec.method = "PATCH";
        spec.headers = {{"Content-Type", "application/json"}};
        spec.body = R"({"stock":55})";
        return rig.queue->enqueue(spec, rig.recorder.completion(), options);
    };
    const quint64 group = rig.queue->openAtomicGroup();
    const quint64 works = patch(QStringLiteral("/items/1"), member(group));
    const quint64 missing = patch(QStringLiteral("/items/999999"), member(group));
    rig.queue->closeAtomicGroup(group);
    QVERIFY(rig.waitSettled(2));
    QCOMPARE(rig.result(missing).error.kind, ErrorKind::Http);
    QCOMPARE(rig.result(missing).error.status, 404);
    const ApiError &undone = rig.result(works).error;
    QCOMPARE(undone.kind, ErrorKind::RolledBack);
    QVERIFY2(undone.message.contains(QString::number(missing))
                 && undone.message.contains(QStringLiteral("404")),
             qPrintable(undone.message));
    QCOMPARE(rig.events(EventKind::ProtocolIssue).size(),
             size_t(0)); // one answer for all is no fault
    const quint64 readBack = rig.get(QStringLiteral("/items/1"));
    QVERIFY(rig.waitSettled(3));
    QVERIFY(rig.result(readBack).ok());
    QVERIFY(rig.result(readBack).response.json()[QStringLiteral("stock")].toInt() != 55);
    QCOMPARE(rig.server.counters().rolledBack, 1);
}

void TestRequestQueueOrder::aGroupThatCannotGoWholeFailsUnsent()
{
    // Larger than the batch limit, or in a format without atomic groups: every member fails
    // with RolledBack saying why, and nothing reaches the server.
    QueueRig rig(queueConfig(3, 10ms));
    const quint64 group = rig.queue->openAtomicGroup();
    std::vector<quint64> members;
    for (int i = 1; i <= (testformats::isJsonRpc() ? 2 : 4); ++i)
        members.push_back(rig.get(QStringLiteral("/users/%1").arg(i), member(group)));
    rig.queue->closeAtomicGroup(group);
    QVERIFY(rig.waitSettled(int(members.size())));
    for (const quint64 id : members) {
        const ApiError &e = rig.result(id).error;
        QCOMPARE(e.kind, ErrorKind::RolledBack);
        QVERIFY2(e.message.startsWith(QStringLiteral("not sent")), qPrintable(e.message));
        QVERIFY2(e.message.contains(testformats::isJsonRpc() ? QStringLiteral("JSON-RPC")
                                                             : QStringLiteral("4 calls")),
                 qPrintable(e.message));
    }
    // A call into a group that is not open is refused the same way.
    const quint64 stray = rig.get(QStringLiteral("/users/1"), member(group));
    QVERIFY(rig.waitSettled(int(members.size()) + 1));
    QCOMPARE(rig.result(stray).error.kind, ErrorKind::RolledBack);
    QCOMPARE(rig.server.counters().httpRequests, 0);
    QCOMPARE(rig.recorder.doubleSettlements, 0);
}

void TestRequestQueueOrder::aMemberEndingBeforeTheGroupGoesFailsTheRest()
{
    if (testformats::isJsonRpc())
        QSKIP("JSON-RPC 2.0 has no atomic groups");
    QueueRig rig(queueConfig(10, 200ms));
    // Cancelled while the group is open: the group is not sent at all.
    const quint64 open = rig.queue->openAtomicGroup();
    const quint64 gone = rig.get(QStringLiteral("/users/1"), member(open));
    const quint64 left = rig.get(QStringLiteral("/users/2"), member(open));
    QVERIFY(rig.queue->cancel(gone));
    rig.queue->closeAtomicGroup(open);
    // Cancelled once closed and queued: the others leave the queue with it.
    const quint64 closed = rig.queue->openAtomicGroup();
    const quint64 first = rig.get(QStringLiteral("/users/3"), member(closed));
    const quint64 second = rig.get(QStringLiteral("/users/4"), member(closed));
    rig.queue->closeAtomicGroup(closed);
    QVERIFY(rig.queue->cancel(second));
    QVERIFY(rig.waitSettled(4));
    QCOMPARE(rig.result(gone).error.kind, ErrorKind::Cancelled);
    QCOMPARE(rig.result(left).error.kind, ErrorKind::RolledBack);
    QVERIFY(rig.result(left).error.message.contains(QString::number(gone)));
    QCOMPARE(rig.result(second).error.kind, ErrorKind::Cancelled);
    QCOMPARE(rig.result(first).error.kind, ErrorKind::RolledBack);
    QCOMPARE(rig.queue->queuedItems(), 0);
    QCOMPARE(rig.server.counters().httpRequests, 0);
}

void TestRequestQueueOrder::aDependentWaitsForWhatItNeeds()
{
    QueueRig rig(queueConfig(10, 20ms));
    const quint64 first = rig.get(QStringLiteral("/users/1"));
    const quint64 second = rig.get(QStringLiteral("/users/2"), after({first}));
    const quint64 third = rig.get(QStringLiteral("/users/3"), after({first, second}));
    QVERIFY(rig.waitSettled(3));
    for (const quint64 id : {first, second, third})
        QVERIFY2(rig.result(id).ok(), qPrintable(rig.result(id).error.toString()));
    QVERIFY(rig.result(second).response.timings.sent
            >= rig.result(first).response.timings.answered);
    QVERIFY(rig.result(third).response.timings.sent
            >= rig.result(second).response.timings.answered);
    QCOMPARE(rig.server.counters().httpRequests, 3);
}

void TestRequestQueueOrder::aFailedDependencyFailsItsDependentsUnsent()
{
    // users/999999 does not exist (404): what needs it fails unsent, and so does what needs that.
    QueueRig rig(queueConfig(10, 20ms));
    const quint64 missing = rig.get(QStringLiteral("/users/999999"));
    const quint64 dependent = rig.get(QStringLiteral("/users/1"), after({missing}));
    const quint64 indirect = rig.get(QStringLiteral("/users/2"), after({dependent}));
    const quint64 unrelated = rig.get(QStringLiteral("/users/3"));
    QVERIFY(rig.waitSettled(4));
    QVERIFY(!rig.result(missing).ok());
    QCOMPARE(rig.result(dependent).error.kind, ErrorKind::Dependency);
    QVERIFY2(rig.result(dependent).error.message.contains(QString::number(missing)),
             qPrintable(rig.result(dependent).error.message));
    QCOMPARE(rig.result(dependent).error.batchId, quint64(0));
    QCOMPARE(rig.result(indirect).error.kind, ErrorKind::Dependency);
    QVERIFY(rig.result(unrelated).ok());
    QCOMPARE(rig.server.counters().batchItems + rig.server.counters().httpRequests
                 - rig.server.counters().batchRequests,
             2); // users/999999 and users/3, nothing else
    QCOMPARE(rig.queue->pendingCalls(), 0);
}

void TestRequestQueueOrder::dependenciesOnSettledOrUnknownCalls()
{
    QueueRig rig(queueConfig(10, 10ms));
    const quint64 good = rig.get(QStringLiteral("/users/1"));
    const quint64 bad = rig.get(QStringLiteral("/users/999999"));
    QVERIFY(rig.waitSettled(2));
    const quint64 onGood = rig.get(QStringLiteral("/users/2"), after({good}));
    const quint64 onBad = rig.get(QStringLiteral("/users/3"), after({bad}));
    const quint64 onFuture = rig.get(QStringLiteral("/users/4"), after({1000}));
    QVERIFY(rig.waitSettled(5));
    QVERIFY2(rig.result(onGood).ok(), qPrintable(rig.result(onGood).error.toString()));
    QCOMPARE(rig.result(onBad).error.kind, ErrorKind::Dependency);
    QCOMPARE(rig.result(onFuture).error.kind, ErrorKind::Dependency);
    QVERIFY(rig.result(onFuture).error.message.contains(QStringLiteral("not made before")));
}

void TestRequestQueueOrder::aGroupWaitsWholeForAMembersDependency()
{
    if (testformats::isJsonRpc())
        QSKIP("JSON-RPC 2.0 has no atomic groups");
    // The first call is slow (sandbox latency); a group one member of which needs it waits
    // whole, and then goes in one batch.
    QueueRig rig(queueConfig(10, 10ms));
    SandboxBehavior slow;
    slow.latencyMs = 150;
    QVERIFY(rig.server.setBehavior(slow));
    const quint64 needed = rig.get(QStringLiteral("/users/1"));
    QVERIFY(waitUntil([&] { return !rig.events(EventKind::Sent).empty(); }, 2000));
    const quint64 group = rig.queue->openAtomicGroup();
    const quint64 plainMember = rig.get(QStringLiteral("/users/2"), member(group));
    CallOptions waiting = member(group);
    waiting.dependsOn = {needed};
    const quint64 waitingMember = rig.get(QStringLiteral("/users/3"), waiting);
    rig.queue->closeAtomicGroup(group);
    QVERIFY(rig.waitSettled(3));
    QVERIFY(rig.result(plainMember).ok());
    QVERIFY(rig.result(waitingMember).ok());
    QCOMPARE(rig.result(plainMember).response.batchId, rig.result(waitingMember).response.batchId);
    QVERIFY(rig.result(plainMember).response.timings.sent
            >= rig.result(needed).response.timings.answered);
}

QTEST_GUILESS_MAIN(TestRequestQueueOrder)
#include "tst_requestqueueorder.moc"
