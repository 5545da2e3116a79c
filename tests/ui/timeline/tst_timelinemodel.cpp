// SPDX-License-Identifier: BSD-3-Clause
// TimelineModel: the waterfall's data, from the telemetry of real runs against the sandbox and
// from hand-made event sequences.
#include "client/apiclient.h"
#include "runs/runner.h"
#include "sandbox/sandboxserver.h"
#include "support/testwait.h"
#include "telemetry/telemetry.h"
#include "timeline/timelinemodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

using namespace batchlab;
using namespace std::chrono_literals;

namespace {

RequestSet usersSet(int count, int duplicates)
{
    RequestSet set;
    set.name = QStringLiteral("users");
    for (int i = 1; i <= count; ++i) {
        RequestItem item;
        item.name = QStringLiteral("user %1").arg(i);
        item.url = QStringLiteral("/users/%1").arg(i);
        set.requests.append(item);
        for (int d = 0; d < duplicates; ++d)
            set.requests.append(item);
    }
    return set;
}

Event makeEvent(EventKind kind, qint64 timeMs, quint64 request, quint64 batch, int value = 0,
                int status = 0)
{
    Event e;
    e.kind = kind;
    e.time = timeMs * 1000000;
    e.requestId = request;
    e.batchId = batch;
    e.value = value;
    e.status = qint16(status);
    return e;
}

} // namespace

class TestTimelineModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void aRunBecomesLanesAndCalls();
    void retriesAreAttemptsOfOneRow();
    void cacheHitsAndRejectionsAreMarks();
    void handMadeSequence();
    void restartForgetsAndCapLimits();

private:
    int runSet(ApiClient &client, const RequestSet &set, int iterations = 1);
    std::unique_ptr<SandboxServer> m_server;
};

void TestTimelineModel::init()
{
    m_server = std::make_unique<SandboxServer>();
    QVERIFY(m_server->start());
}

int TestTimelineModel::runSet(ApiClient &client, const RequestSet &set, int iterations)
{
    Runner runner(&client);
    QSignalSpy finished(&runner, &Runner::finished);
    if (!runner.start(set, m_server->url(), RunPlan{iterations, ArrivalPattern::AllAtOnce, 0, 1}))
        return -1;
    if (!finished.wait(10000))
        return -1;
    QCoreApplication::processEvents(); // the last eventsAppended
    return runner.history().back().progress.total;
}

void TestTimelineModel::aRunBecomesLanesAndCalls()
{
    ClientConfig config;
    config.cache.enabled = false;
    config.batch.maxBatchSize = 4;
    ApiClient client(m_server->url(), config);
    TimelineModel model(client.telemetry());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.restart();
    config.batch.maxDelay = 5ms;
    client.setConfig(config);
    QCOMPARE(runSet(client, usersSet(10, 1)), 20); // 10 distinct calls, each twice

    const TelemetryCounters c = client.telemetry()->counters();
    QCOMPARE(qint64(model.rowCount()), c.httpRequests);
    QCOMPARE(qint64(model.callCount()), c.calls);
    int followers = 0;
    qint64 items = 0;
    for (int l = 0; l < model.rowCount(); ++l) {
        const TimelineLane &lane = model.lanes()[size_t(l)];
        QVERIFY(lane.flushed >= 0 && lane.sent >= lane.flushed && lane.answered >= lane.sent);
        QCOMPARE(lane.status, 200);
        QVERIFY(lane.size <= 4);
        items += lane.size;
        int leaders = 0;
        for (const TimelineCall &call : model.calls(l)) {
            // A follower may join an item already in flight, so only leaders queued before the
            // flush.
            QVERIFY2(call.leader || call.enqueued <= lane.flushed,
                     qPrintable(QStringLiteral("call %1 enqueued %2, lane %3 flushed %4")
                                    .arg(call.id)
                                    .arg(call.enqueued)
                                    .arg(lane.batchId)
                                    .arg(lane.flushed)));
            QVERIFY(call.settled >= lane.sent);
            QVERIFY(call.ok());
            if (call.leader) {
                ++followers;
                QCOMPARE(model.findCall(call.leader).first, l); // drawn under the same lane
            } else {
                ++leaders;
            }
        }
        QCOMPARE(leaders, lane.size); // one item per leader; followers ride along
    }
    QCOMPARE(followers, c.dedupHits);
    QCOMPARE(items, c.items);
    // The index API agrees with the direct one.
    QCOMPARE(model.rowCount(model.index(0, 0)), int(model.calls(0).size()));
    QVERIFY(
        model.index(0, TimelineModel::Name).data().toString().startsWith(QStringLiteral("batch ")));
    QCOMPARE(model.markers().size(), size_t(1));
    QCOMPARE(model.markers()[0].text, QStringLiteral("maxDelay 50 ms → 5 ms"));
}

void TestTimelineModel::retriesAreAttemptsOfOneRow()
{
    SandboxBehavior flaky = m_server->behavior();
    flaky.itemErrorRate = 0.5;
    flaky.itemErrorStatus = 503;
    flaky.seed = 3;
    m_server->setBehavior(flaky);
    ClientConfig config;
    config.cache.enabled = false;
    config.breaker.enabled = false;
    config.retry.baseDelay = 1ms;
    config.retry.maxAttempts = 4;
    config.batch.maxDelay = 2ms;
    ApiClient client(m_server->url(), config);
    TimelineModel model(client.telemetry());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(runSet(client, usersSet(20, 0)), 20);

    const TelemetryCounters c = client.telemetry()->counters();
    QVERIFY(c.retries > 0);
    int attempts = 0;
    for (int l = 0; l < model.rowCount(); ++l) {
        for (const TimelineCall &call : model.calls(l)) {
            attempts += int(call.retryLanes.size());
            for (int retry : call.retryLanes) {
                QVERIFY(retry > l); // later HTTP requests
                QCOMPARE(model.lanes()[size_t(retry)].reason, FlushReason::Retry);
            }
        }
    }
    QCOMPARE(qint64(attempts), c.retries);
    QCOMPARE(model.callCount(), 20); // one row per call, however many attempts
}

void TestTimelineModel::cacheHitsAndRejectionsAreMarks()
{
    ApiClient client(m_server->url());
    TimelineModel model(client.telemetry());
    QCOMPARE(runSet(client, usersSet(5, 0)), 5);
    QCOMPARE(runSet(client, usersSet(5, 0), 2), 10); // all from the cache
    const TelemetryCounters c = client.telemetry()->counters();
    QCOMPARE(c.cacheHits, 10);
    QCOMPARE(qint64(model.marks().size()), c.cacheHits);
    QCOMPARE(qint64(model.callCount()) + c.cacheHits, c.calls);
    for (const TimelineMark &m : model.marks())
        QCOMPARE(m.kind, EventKind::CacheHit);
}

void TestTimelineModel::handMadeSequence()
{
    Telemetry telemetry;
    TimelineModel model(&telemetry);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    Event flushed = makeEvent(EventKind::Flushed, 10, 0, 7, 2);
    flushed.reason = FlushReason::Size;
    Event joined = makeEvent(EventKind::DedupJoined, 3, 2, 0, 1);
    Event failed = makeEvent(EventKind::Failed, 40, 3, 0, 0);
    failed.error = ErrorKind::CircuitOpen;
    for (const Event &e :
         {makeEvent(EventKind::Enqueued, 1, 1, 0), makeEvent(EventKind::Enqueued, 3, 2, 0), joined,
          makeEvent(EventKind::Settled, 25, 9, 7, 24000, 200), // enqueued before the model looked
          flushed, makeEvent(EventKind::Sent, 11, 0, 7),
          makeEvent(EventKind::Answered, 20, 0, 7, 0, 207),
          makeEvent(EventKind::Settled, 21, 1, 7, 20000, 200),
          makeEvent(EventKind::Settled, 21, 2, 7, 18000, 200),
          makeEvent(EventKind::Enqueued, 30, 3, 0), makeEvent(EventKind::BreakerRejected, 30, 3, 0),
          failed})
        telemetry.record(e);
    model.fetchNew();
    QCOMPARE(model.rowCount(), 1);
    const TimelineLane &lane = model.lanes()[0];
    QCOMPARE(lane.batchId, 7u);
    QCOMPARE(lane.flushed, 10'000'000);
    QCOMPARE(lane.sent, 11'000'000);
    QCOMPARE(lane.answered, 20'000'000);
    QCOMPARE(lane.status, 207);
    QCOMPARE(lane.reason, FlushReason::Size);
    // The call settled before its batch was seen waits for it? No: a lane unknown at settle
    // time means the call did not travel in a batch this model saw, so it is a mark.
    QCOMPARE(model.calls(0).size(), size_t(2));
    QCOMPARE(model.calls(0)[0].enqueued, 1'000'000);
    QCOMPARE(model.calls(0)[1].leader, 1u);
    QCOMPARE(model.findCall(2), std::make_pair(0, 1));
    QCOMPARE(model.findCall(99), std::make_pair(-1, -1));
    QCOMPARE(model.marks().size(), size_t(1));
    QCOMPARE(model.marks()[0].kind,
             EventKind::BreakerRejected); // one mark, not a second for its Failed
    QCOMPARE(model.firstTime(), 1'000'000);
    QCOMPARE(model.lastTime(), 40'000'000);
}

void TestTimelineModel::restartForgetsAndCapLimits()
{
    ClientConfig config;
    config.cache.enabled = false;
    ApiClient client(m_server->url(), config);
    TimelineModel model(client.telemetry());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(runSet(client, usersSet(6, 0)), 6);
    QCOMPARE(model.callCount(), 6);
    model.restart();
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.callCount(), 0);
    model.setMaxCalls(4);
    QCOMPARE(runSet(client, usersSet(6, 0)), 6);
    QCOMPARE(model.callCount(), 4);
    QVERIFY(model.isFull());
    QVERIFY(model.rowCount() >= 1); // lanes are still drawn
}

QTEST_GUILESS_MAIN(TestTimelineModel)
#include "tst_timelinemodel.moc"
