// SPDX-License-Identifier: BSD-3-Clause
// TimelineModel: the waterfall's data, from the telemetry of real runs against the sandbox and
// from hand-made event sequences.
#include "client/apiclient.h"
#include "engine/requestqueue.h"
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
    void aLaneSaysWhatLimitItTaught();
    void callEndingWhileWaitingToRetryKeepsItsRow();
    void callEndingWhileWaitingToRetryInARealRun();
    void restartForgetsAndCapKeepsTheNewest();
    void everyContainerStaysBounded();

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
    QCOMPARE(model.markers()[0].text, QStringLiteral("batch.maxDelayMs 50 ms → 5 ms"));
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

void TestTimelineModel::aLaneSaysWhatLimitItTaught()
{
    // A batch of 25 refused as too large (413) teaches a limit of 12 and is split; a later
    // endpoint with no $batch at all teaches 0. Their lanes say so, beside the bar (issue 13:
    // the learned limit in the event, the settings panel and the timeline).
    Telemetry telemetry;
    TimelineModel model(&telemetry);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    Event refused = makeEvent(EventKind::LimitLearned, 21, 0, 7, 12, 413);
    refused.reason = FlushReason::Split;
    Event missing = makeEvent(EventKind::LimitLearned, 41, 0, 8, 0, 404);
    for (const Event &e :
         {makeEvent(EventKind::Flushed, 10, 0, 7, 25), makeEvent(EventKind::Sent, 11, 0, 7),
          makeEvent(EventKind::Answered, 20, 0, 7, 0, 413), refused,
          makeEvent(EventKind::Flushed, 30, 0, 8, 3), makeEvent(EventKind::Sent, 31, 0, 8),
          makeEvent(EventKind::Answered, 40, 0, 8, 0, 404), missing,
          makeEvent(EventKind::Flushed, 50, 0, 9, 5)})
        telemetry.record(e);
    model.fetchNew();
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.lanes()[0].learned, 12);
    QCOMPARE(model.lanes()[1].learned, 0);
    QCOMPARE(model.lanes()[2].learned, -1);
    QCOMPARE(TimelineModel::learnedNote(model.lanes()[0]), QStringLiteral("HTTP 413: batch limit 12 learned"));
    QCOMPARE(TimelineModel::learnedNote(model.lanes()[1]),
             QStringLiteral("HTTP 404: no batch endpoint, calls go alone"));
    QVERIFY(TimelineModel::learnedNote(model.lanes()[2]).isEmpty());
}

void TestTimelineModel::callEndingWhileWaitingToRetryKeepsItsRow()
{
    // What the queue records for a call that times out or is cancelled in a retry wave: its
    // TimedOut and Failed name no batch (it is in none), yet it travelled before.
    Telemetry telemetry;
    TimelineModel model(&telemetry);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const auto withError = [](Event e, ErrorKind error, int aux) {
        e.error = error;
        e.aux = aux;
        return e;
    };
    const auto retry = [](Event e) {
        e.reason = FlushReason::Retry;
        return e;
    };
    for (const Event &e :
         {makeEvent(EventKind::Enqueued, 1, 1, 0), makeEvent(EventKind::Enqueued, 2, 2, 0),
          makeEvent(EventKind::Flushed, 10, 0, 7, 2), makeEvent(EventKind::Sent, 11, 0, 7),
          makeEvent(EventKind::Answered, 20, 0, 7, 0, 207),
          retry(makeEvent(EventKind::RetryScheduled, 21, 1, 7, 100, 503)),
          retry(makeEvent(EventKind::RetryScheduled, 21, 2, 7, 100, 503)),
          // Call 2 is cancelled in the first wave.
          withError(makeEvent(EventKind::Failed, 60, 2, 0, 58000), ErrorKind::Cancelled, 8000),
          retry(makeEvent(EventKind::Flushed, 121, 0, 8, 1)), makeEvent(EventKind::Sent, 122, 0, 8),
          makeEvent(EventKind::Answered, 130, 0, 8, 0, 207),
          retry(makeEvent(EventKind::RetryScheduled, 131, 1, 8, 200, 503)),
          // Call 3 times out while queued: it never travelled, a cross.
          makeEvent(EventKind::Enqueued, 150, 3, 0), makeEvent(EventKind::TimedOut, 190, 3, 0),
          withError(makeEvent(EventKind::Failed, 190, 3, 0, 40000), ErrorKind::Timeout, -1),
          // Call 1 times out in the second wave (read in a later chunk than its TimedOut).
          makeEvent(EventKind::TimedOut, 200, 1, 0)})
        telemetry.record(e);
    model.fetchNew();
    telemetry.record(
        withError(makeEvent(EventKind::Failed, 200, 1, 0, 199000), ErrorKind::Timeout, 9000));
    model.fetchNew();

    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.callCount(), 2);
    QCOMPARE(model.calls(1).size(), size_t(0));
    QCOMPARE(model.calls(0).size(), size_t(2)); // both under the lane of their first attempt
    QCOMPARE(model.findCall(2), std::make_pair(0, 0));
    QCOMPARE(model.findCall(1), std::make_pair(0, 1));
    const TimelineCall &cancelled = model.calls(0)[0];
    QCOMPARE(cancelled.error, ErrorKind::Cancelled);
    QVERIFY(cancelled.endedWaiting);
    QVERIFY(cancelled.retryLanes.empty());
    QCOMPARE(cancelled.enqueued, 2'000'000);
    QCOMPARE(cancelled.settled, 60'000'000);
    const TimelineCall &timedOut = model.calls(0)[1];
    QCOMPARE(timedOut.error, ErrorKind::Timeout);
    QVERIFY(timedOut.endedWaiting);
    QCOMPARE(timedOut.retryLanes, std::vector<int>{1}); // its second attempt, on the same row
    QCOMPARE(timedOut.settled, 200'000'000);
    QCOMPARE(model.index(1, TimelineModel::Status, model.index(0, 0)).data().toString(),
             errorKindName(ErrorKind::Timeout));
    // Only the call that never travelled is a cross.
    QCOMPARE(model.marks().size(), size_t(1));
    QCOMPARE(model.marks()[0].id, 3u);
    QCOMPARE(model.marks()[0].kind, EventKind::TimedOut);
    QCOMPARE(model.marks()[0].time, 190'000'000);
    QCOMPARE(model.footprint().pending, size_t(0));
}

void TestTimelineModel::callEndingWhileWaitingToRetryInARealRun()
{
    // Every item fails with a retriable 503; the backoff (200 ms, then 400 ms) is long enough
    // that one call is cancelled in its second wave and another times out in its third.
    SandboxBehavior failing = m_server->behavior();
    failing.itemErrorRate = 1.0;
    failing.itemErrorStatus = 503;
    m_server->setBehavior(failing);
    ClientConfig config;
    config.cache.enabled = false;
    config.breaker.enabled = false;
    config.retry.baseDelay = 200ms;
    config.retry.jitter = Jitter::None;
    config.retry.maxAttempts = 5;
    config.batch.maxDelay = 2ms;
    ApiClient client(m_server->url(), config);
    TimelineModel model(client.telemetry());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.restart();

    int answered = 0;
    FetchOptions shortTimeout;
    shortTimeout.timeout = 1000ms;
    const quint64 timingOut
        = client.send(RequestSpec::get(client.resolve(QStringLiteral("/users/1"))), shortTimeout,
                      [&](const ApiResult &) { ++answered; });
    const quint64 cancelled
        = client.send(RequestSpec::get(client.resolve(QStringLiteral("/users/2"))), {},
                      [&](const ApiResult &) { ++answered; });
    // Both failed twice: both wait in the second wave, due 400 ms later.
    QVERIFY(waitUntil([&] { return client.telemetry()->counters().retries >= 4; }, 5000));
    QVERIFY(client.queue()->cancel(cancelled));
    QVERIFY(waitUntil([&] { return answered == 2; }, 5000));
    QCoreApplication::processEvents(); // the last eventsAppended

    // What the telemetry says of each call: the batches its failed attempts went in, and
    // when and how it ended.
    struct Story
    {
        std::vector<quint64> batches;
        Event end;
    };
    std::map<quint64, Story> stories;
    for (const Event &e : client.telemetry()->eventsSince(0)) {
        if (e.kind == EventKind::RetryScheduled)
            stories[e.requestId].batches.push_back(e.batchId);
        else if (e.kind == EventKind::Failed)
            stories[e.requestId].end = e;
    }
    QCOMPARE(stories[cancelled].end.error, ErrorKind::Cancelled);
    QCOMPARE(stories[timingOut].end.error, ErrorKind::Timeout);
    QCOMPARE(model.callCount(), 2);
    QVERIFY(model.marks().empty()); // neither is "never sent"
    for (const quint64 id : {cancelled, timingOut}) {
        const Story &story = stories[id];
        QCOMPARE(story.end.batchId, 0u); // the case at hand: it ended in no batch
        const auto [lane, row] = model.findCall(id);
        QCOMPARE(lane, model.findLane(story.batches.front()));
        const TimelineCall &call = model.calls(lane)[size_t(row)];
        QCOMPARE(call.error, story.end.error);
        QVERIFY(call.endedWaiting);
        QCOMPARE(call.settled, story.end.time);
        QCOMPARE(call.retryLanes.size(), story.batches.size() - 1);
        for (size_t a = 1; a < story.batches.size(); ++a) {
            QCOMPARE(call.retryLanes[a - 1], model.findLane(story.batches[a]));
            QCOMPARE(model.lanes()[size_t(call.retryLanes[a - 1])].reason, FlushReason::Retry);
        }
        const int last = call.retryLanes.empty() ? lane : call.retryLanes.back();
        QVERIFY(model.lanes()[size_t(last)].answered < call.settled); // then it waited
    }
    QCOMPARE(stories[cancelled].batches.size(), size_t(2));
    QVERIFY(stories[timingOut].batches.size() >= 2);
}

void TestTimelineModel::restartForgetsAndCapKeepsTheNewest()
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
    QVERIFY(model.rowCount() >= 1);
    // The newest calls are kept, the oldest went.
    quint64 newest = 0;
    for (const Event &e : client.telemetry()->eventsSince(0))
        if (e.kind == EventKind::Settled)
            newest = std::max(newest, e.requestId);
    QVERIFY(model.findCall(newest).first >= 0);
}

void TestTimelineModel::everyContainerStaysBounded()
{
    // Far more than the cap of everything the model keeps: lanes with calls, retry lanes,
    // calls that end waiting to retry, cache hits, refusals, settings changes, calls that
    // never settle (their events lost) and a lane that is never answered.
    Telemetry telemetry;
    TimelineModel model(&telemetry);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    constexpr int kMax = 64;
    model.setMaxCalls(kMax);
    qint64 ms = 0;
    quint64 request = 0;
    quint64 batch = 0;
    const auto record = [&](EventKind kind, quint64 r, quint64 b, int value = 0, int status = 0,
                            ErrorKind error = ErrorKind::None, int aux = 0) {
        Event e = makeEvent(kind, ++ms, r, b, value, status);
        e.error = error;
        e.aux = aux;
        telemetry.record(e);
    };
    const auto flush = [&](int size, FlushReason reason) {
        Event e = makeEvent(EventKind::Flushed, ++ms, 0, ++batch, size);
        e.reason = reason;
        telemetry.record(e);
        return batch;
    };
    const auto consistent = [&] {
        const TimelineModel::Footprint f = model.footprint();
        QVERIFY2(f.lanes <= size_t(kMax) && f.calls <= size_t(kMax) && f.marks <= size_t(kMax)
                     && f.markers <= size_t(TimelineModel::kMaxMarkers)
                     && f.pending <= size_t(kMax),
                 qPrintable(QStringLiteral("lanes %1 calls %2 marks %3 markers %4 pending %5")
                                .arg(f.lanes)
                                .arg(f.calls)
                                .arg(f.marks)
                                .arg(f.markers)
                                .arg(f.pending)));
        QCOMPARE(f.laneIndex, f.lanes);
        QCOMPARE(f.callIndex, f.calls);
        QCOMPARE(f.calls, size_t(model.callCount()));
        for (int l = 0; l < model.rowCount(); ++l) {
            const TimelineLane &lane = model.lanes()[size_t(l)];
            QCOMPARE(model.findLane(lane.batchId), l);
            if (l > 0)
                QVERIFY(lane.batchId > model.lanes()[size_t(l - 1)].batchId);
            for (int r = 0; r < int(model.calls(l).size()); ++r) {
                const TimelineCall &call = model.calls(l)[size_t(r)];
                QCOMPARE(model.findCall(call.id), std::make_pair(l, r));
                for (int retry : call.retryLanes) {
                    QVERIFY(retry > l && retry < model.rowCount());
                    QCOMPARE(model.lanes()[size_t(retry)].reason, FlushReason::Retry);
                }
            }
        }
        QVERIFY(std::is_sorted(
            model.marks().cbegin(), model.marks().cend(),
            [](const TimelineMark &a, const TimelineMark &b) { return a.time < b.time; }));
    };

    quint64 retried = 0; // the last round's retried call
    bool endedWaiting = false; // …and how it ended
    const auto round = [&](bool loseEnds) {
        // A batch of two calls and a follower sharing the first; the second is retried: it
        // travels again, or it times out waiting to.
        const quint64 first = request + 1;
        retried = first + 1;
        record(EventKind::Enqueued, ++request, 0);
        record(EventKind::Enqueued, ++request, 0);
        record(EventKind::Enqueued, ++request, 0);
        record(EventKind::DedupJoined, request, 0, int(first));
        const quint64 lane = flush(2, FlushReason::Size);
        record(EventKind::Sent, 0, lane);
        record(EventKind::Answered, 0, lane, 0, 207);
        record(EventKind::Settled, first, lane, 1000, 200);
        record(EventKind::Settled, first + 2, lane, 1000, 200);
        record(EventKind::RetryScheduled, retried, lane, 1, 503);
        endedWaiting = !endedWaiting;
        if (!endedWaiting) {
            const quint64 retry = flush(1, FlushReason::Retry);
            record(EventKind::Sent, 0, retry);
            record(EventKind::Answered, 0, retry, 0, 207);
            record(EventKind::Settled, retried, retry, 3000, 200);
        } else {
            record(EventKind::TimedOut, retried, 0);
            record(EventKind::Failed, retried, 0, 3000, 0, ErrorKind::Timeout, 0);
        }
        if (loseEnds) {
            // Calls whose ends are lost: one queued, one retried, one in a lane never answered.
            record(EventKind::Enqueued, ++request, 0);
            record(EventKind::RetryScheduled, ++request, lane, 1, 503);
            record(EventKind::Enqueued, ++request, 0);
            record(EventKind::Sent, 0, flush(1, FlushReason::Timer));
        }
        // A cache hit, a refusal, a settings change.
        record(EventKind::Enqueued, ++request, 0);
        record(EventKind::CacheHit, request, 0);
        record(EventKind::Settled, request, 0, 0, 200, ErrorKind::None, Event::kNeverQueued);
        record(EventKind::Enqueued, ++request, 0);
        record(EventKind::BreakerRejected, request, 0);
        record(EventKind::Failed, request, 0, 0, 0, ErrorKind::CircuitOpen, Event::kNeverQueued);
        record(EventKind::ConfigChanged, 0, 0);
    };
    for (int r = 1; r <= 2000; ++r) {
        round(true);
        if (r % 10 == 0) {
            model.fetchNew();
            consistent();
            if (QTest::currentTestFailed())
                return;
        }
    }
    // The newest of everything is there, and the cap is used, not emptied.
    TimelineModel::Footprint f = model.footprint();
    QVERIFY(f.calls >= size_t(kMax / 2));
    QVERIFY(f.marks >= size_t(kMax / 2));
    QVERIFY(f.markers >= size_t(TimelineModel::kMaxMarkers / 2));
    QCOMPARE(model.findLane(batch), model.rowCount() - 1);
    const auto [lane, row] = model.findCall(retried);
    QVERIFY(lane >= 0);
    QCOMPARE(model.calls(lane)[size_t(row)].endedWaiting, endedWaiting);
    QCOMPARE(model.marks().back().id, request);
    QCOMPARE(model.markers().back().time, ms * 1'000'000);

    // Two calls still waiting to retry when their first lane is dropped: whether they travel
    // again or time out waiting, they have no row to go back to, and are no cross either.
    const quint64 again = ++request;
    const quint64 waiting = ++request;
    const quint64 gone = flush(2, FlushReason::Size);
    record(EventKind::Sent, 0, gone);
    record(EventKind::Answered, 0, gone, 0, 207);
    record(EventKind::RetryScheduled, again, gone, 1, 503);
    record(EventKind::RetryScheduled, waiting, gone, 1, 503);
    for (int r = 1; r <= 30; ++r)
        round(false);
    model.fetchNew();
    QCOMPARE(model.findLane(gone), -1);
    const size_t marks = model.marks().size();
    const quint64 retry = flush(1, FlushReason::Retry);
    record(EventKind::Sent, 0, retry);
    record(EventKind::Answered, 0, retry, 0, 207);
    record(EventKind::Settled, again, retry, 3000, 200);
    record(EventKind::TimedOut, waiting, 0);
    record(EventKind::Failed, waiting, 0, 3000, 0, ErrorKind::Timeout, 0);
    model.fetchNew();
    consistent();
    QCOMPARE(model.findCall(again), std::make_pair(-1, -1));
    QCOMPARE(model.findCall(waiting), std::make_pair(-1, -1));
    QVERIFY(model.calls(model.findLane(retry)).empty());
    QCOMPARE(model.marks().size(), marks);
}

QTEST_GUILESS_MAIN(TestTimelineModel)
#include "tst_timelinemodel.moc"
