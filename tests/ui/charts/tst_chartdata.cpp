// SPDX-License-Identifier: BSD-3-Clause
// ChartData: the aggregates behind the charts, fed with events recorded in a real Telemetry
// (synthesised with chosen times, so every bucket's content is known) and compared with what
// the Telemetry itself counted.
#include "charts/chartdata.h"
#include "telemetry/loghistogram.h"
#include "telemetry/telemetry.h"

#include <QtTest>

#include <deque>

using namespace batchlab;

namespace {

constexpr qint64 kMs = 1000000;

/// Records events at chosen times (ms since the telemetry's zero) and feeds them on.
class Recorder
{
public:
    Telemetry telemetry;
    ChartData data{&telemetry};
    quint64 next = 0;

    Event &add(qint64 ms, EventKind kind, quint64 request = 0, quint64 batch = 0)
    {
        Event e;
        e.time = ms * kMs;
        e.kind = kind;
        e.requestId = request;
        e.batchId = batch;
        m_pending.push_back(e);
        return m_pending.back();
    }
    /// Records the events added since the last feed() and gives them to the data.
    void feed()
    {
        for (const Event &e : m_pending)
            telemetry.record(e);
        m_pending.clear();
        data.append(telemetry.eventsSince(next));
        next = telemetry.sequence();
    }
    // Shorthands for a call's whole life.
    void enqueue(qint64 ms, quint64 id) { add(ms, EventKind::Enqueued, id); }
    void flush(qint64 ms, quint64 batch, int size, FlushReason reason, bool plain = false)
    {
        Event &f = add(ms, EventKind::Flushed, 0, batch);
        f.value = size;
        f.reason = reason;
        add(ms, EventKind::Sent, 0, batch).value = plain ? 1 : 0;
    }
    void settle(qint64 ms, quint64 id, quint64 batch, int status, int latencyUs, int waitUs)
    {
        Event &e = add(ms, EventKind::Settled, id, batch);
        e.status = qint16(status);
        e.value = latencyUs;
        e.aux = waitUs;
    }
    void fail(qint64 ms, quint64 id, quint64 batch, ErrorKind error, int status, int waitUs = -1)
    {
        Event &e = add(ms, EventKind::Failed, id, batch);
        e.error = error;
        e.status = qint16(status);
        e.value = 1000;
        e.aux = waitUs;
    }

private:
    std::deque<Event> m_pending; // references stay valid while adding
};

qint64 sumCalls(const ChartData &data)
{
    qint64 sum = 0;
    for (const ChartData::Bucket &b : data.buckets())
        sum += b.calls;
    return sum;
}

} // namespace

class TestChartData : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void eventsGoToTheirBucket();
    void longRunsWidenTheBucketsAndKeepEveryCount();
    void histogramBySizeAndReasonMatchesTelemetry();
    void cumulativeCountsMatchTelemetry();
    void hitsPerBucket();
    void queueDepthFollowsEntries();
    void queueDepthWhenQueuedCallsFail();
    void statusClasses_data();
    void statusClasses();
    void failureRateCountsAttemptsTheBreakerSees();
    void failureRateOverTheBreakersWindow();
    void latencyPercentilesPerBucket();
    void histogramQuantilesAreClose();
    void breakerTransitionsWithTimes();
    void configChangesBecomeMarkers();
    void resetIgnoresEarlierEvents();
    void theChartsStopWhenTheRunEnds();
};

void TestChartData::eventsGoToTheirBucket()
{
    Recorder r;
    r.data.reset(1000 * kMs); // the run starts at 1 s on the telemetry clock
    QCOMPARE(r.data.bucketWidth(), ChartData::kBaseBucketNs);
    r.enqueue(1000, 1); // t = 0
    r.enqueue(1049, 2); // last ns of bucket 0 is 49.999 ms
    r.enqueue(1050, 3); // bucket 1
    r.enqueue(1175, 4); // bucket 3
    r.feed();
    const auto &b = r.data.buckets();
    QCOMPARE(b.size(), size_t(4));
    QCOMPARE(b[0].calls, 2);
    QCOMPARE(b[1].calls, 1);
    QCOMPARE(b[2].calls, 0);
    QCOMPARE(b[3].calls, 1);
    QCOMPARE(r.data.lastTime(), 175 * kMs);
    QCOMPARE(r.data.bucketStartSeconds(3), 0.15);
}

void TestChartData::longRunsWidenTheBucketsAndKeepEveryCount()
{
    Recorder r;
    r.data.reset(0);
    // One call every 10 ms for 100 s: 10 000 calls; 600 buckets of 50 ms cover 30 s, so the
    // width doubles twice (100 ms up to 60 s, then 200 ms).
    for (int i = 0; i < 10000; ++i)
        r.enqueue(qint64(i) * 10, quint64(i + 1));
    r.feed();
    QCOMPARE(r.data.bucketWidth(), 4 * ChartData::kBaseBucketNs);
    QVERIFY(r.data.buckets().size() <= size_t(ChartData::kMaxBuckets));
    QCOMPARE(r.data.buckets().size(), size_t(500)); // 99.99 s / 0.2 s
    QCOMPARE(sumCalls(r.data), 10000);
    QCOMPARE(r.data.calls(), r.telemetry.counters().calls);
    for (const ChartData::Bucket &b : r.data.buckets())
        QCOMPARE(b.calls, 20); // 200 ms of one call per 10 ms, none lost at the merges
    // A run fed in small chunks ends the same way as one fed at once.
    Recorder chunked;
    chunked.data.reset(0);
    for (int i = 0; i < 10000; ++i) {
        chunked.enqueue(qint64(i) * 10, quint64(i + 1));
        if (i % 37 == 0)
            chunked.feed();
    }
    chunked.feed();
    QCOMPARE(chunked.data.bucketWidth(), r.data.bucketWidth());
    QCOMPARE(chunked.data.buckets().size(), r.data.buckets().size());
    QCOMPARE(sumCalls(chunked.data), 10000);
}

void TestChartData::histogramBySizeAndReasonMatchesTelemetry()
{
    Recorder r;
    r.data.reset(0);
    r.flush(1, 1, 10, FlushReason::Size);
    r.flush(2, 2, 10, FlushReason::Size);
    r.flush(3, 3, 3, FlushReason::Timer);
    r.flush(4, 4, 1, FlushReason::Timer, true);
    r.flush(5, 5, 10, FlushReason::Timer);
    r.flush(6, 6, 2, FlushReason::Retry);
    r.flush(7, 7, 7, FlushReason::Config);
    r.feed();
    QCOMPARE(r.data.flushes(10, FlushReason::Size), 2);
    QCOMPARE(r.data.flushes(10, FlushReason::Timer), 1);
    QCOMPARE(r.data.flushesOfSize(10), 3);
    QCOMPARE(r.data.flushes(3, FlushReason::Timer), 1);
    QCOMPARE(r.data.flushes(1, FlushReason::Timer), 1);
    QCOMPARE(r.data.flushes(2, FlushReason::Retry), 1);
    QCOMPARE(r.data.flushes(7, FlushReason::Config), 1);
    QCOMPARE(r.data.flushes(4, FlushReason::Size), 0);
    QCOMPARE(r.data.flushes(11, FlushReason::Size), 0);
    QCOMPARE(r.data.largestFlush(), 10);
    const TelemetryCounters c = r.telemetry.counters();
    qint64 histogram = 0;
    for (int size = 1; size <= r.data.largestFlush(); ++size)
        histogram += r.data.flushesOfSize(size);
    QCOMPARE(histogram, c.httpRequests);
    QCOMPARE(histogram - r.data.plainRequests(), c.batches);
    QCOMPARE(r.data.plainRequests(), c.plainRequests);
    for (int reason = 0; reason < kFlushReasonCount; ++reason)
        QCOMPARE(r.data.flushes(FlushReason(reason)), c.flushesByReason.at(size_t(reason)));
}

void TestChartData::cumulativeCountsMatchTelemetry()
{
    Recorder r;
    r.data.reset(0);
    for (int i = 0; i < 50; ++i) {
        r.enqueue(i * 7, quint64(i + 1));
        if (i % 10 == 9)
            r.flush(i * 7, quint64(i), 10, FlushReason::Size);
    }
    r.feed();
    qint64 calls = 0;
    qint64 http = 0;
    for (const ChartData::Bucket &b : r.data.buckets()) {
        calls += b.calls;
        http += b.httpRequests;
    }
    const TelemetryCounters c = r.telemetry.counters();
    QCOMPARE(calls, c.calls);
    QCOMPARE(http, c.httpRequests);
    QCOMPARE(r.data.calls(), 50);
    QCOMPARE(r.data.httpRequests(), 5);
    QCOMPARE(r.data.items(), c.items); // what the requests carried: items - HTTP were avoided
    qint64 items = 0;
    for (const ChartData::Bucket &b : r.data.buckets())
        items += b.items;
    QCOMPARE(items, c.items);
}

void TestChartData::hitsPerBucket()
{
    Recorder r;
    r.data.reset(0);
    r.enqueue(10, 1);
    r.enqueue(20, 2);
    r.add(20, EventKind::DedupJoined, 2);
    r.enqueue(60, 3);
    r.add(60, EventKind::CacheHit, 3).status = 200;
    r.settle(60, 3, 0, 200, 0, -1);
    r.enqueue(70, 4);
    r.add(70, EventKind::DedupJoined, 4);
    r.feed();
    const auto &b = r.data.buckets();
    QCOMPARE(b[0].dedupHits, 1);
    QCOMPARE(b[0].cacheHits, 0);
    QCOMPARE(b[1].dedupHits, 1);
    QCOMPARE(b[1].cacheHits, 1);
    const TelemetryCounters c = r.telemetry.counters();
    QCOMPARE(r.data.dedupHits(), c.dedupHits);
    QCOMPARE(r.data.cacheHits(), c.cacheHits);
}

void TestChartData::queueDepthFollowsEntries()
{
    Recorder r;
    r.data.reset(0);
    // Bucket 0: three entries and one call joining the first.
    r.enqueue(1, 1);
    r.enqueue(2, 2);
    r.enqueue(3, 3);
    r.enqueue(4, 4);
    r.add(4, EventKind::DedupJoined, 4);
    // Bucket 1: a cache hit, an overflow and a breaker rejection add nothing; a fourth entry.
    r.enqueue(55, 5);
    r.add(55, EventKind::CacheHit, 5);
    r.settle(55, 5, 0, 200, 0, -1);
    r.enqueue(56, 6);
    r.add(56, EventKind::Overflowed, 6);
    r.fail(56, 6, 0, ErrorKind::QueueOverflow, 0);
    r.enqueue(57, 7);
    r.add(57, EventKind::BreakerRejected, 7);
    r.fail(57, 7, 0, ErrorKind::CircuitOpen, 0);
    r.enqueue(58, 8);
    r.feed();
    QCOMPARE(r.data.queueDepth(), 4);
    QCOMPARE(r.data.buckets()[0].depthEnd, 3);
    QCOMPARE(r.data.buckets()[0].depthMax, 3);
    QCOMPARE(r.data.buckets()[1].depthMax, 4);
    // Bucket 3: a batch of 4 leaves; bucket 2 in between carried the depth.
    r.flush(160, 1, 4, FlushReason::Timer);
    r.feed();
    QCOMPARE(r.data.queueDepth(), 0);
    QCOMPARE(r.data.buckets()[2].depthMax, 4);
    QCOMPARE(r.data.buckets()[2].depthEnd, 4);
    QCOMPARE(r.data.buckets()[3].depthMax, 4);
    QCOMPARE(r.data.buckets()[3].depthEnd, 0);
    // A retry batch comes from a retry wave, not from the queue.
    r.flush(170, 2, 2, FlushReason::Retry);
    r.feed();
    QCOMPARE(r.data.queueDepth(), 0);
    // Every call settles: their entries were flushed before, nothing changes.
    for (quint64 id : {1, 2, 3, 4, 8})
        r.settle(200, id, 1, 200, 1000, 100);
    r.feed();
    QCOMPARE(r.data.queueDepth(), 0);
}

void TestChartData::queueDepthWhenQueuedCallsFail()
{
    Recorder r;
    r.data.reset(0);
    r.enqueue(1, 1);
    r.enqueue(2, 2);
    r.enqueue(3, 3);
    // A call enqueued while the queue shuts down is refused at once.
    r.enqueue(4, 4);
    r.fail(4, 4, 0, ErrorKind::Cancelled, 0);
    r.feed();
    QCOMPARE(r.data.queueDepth(), 3);
    // A queued call times out before any flush: it leaves the queue.
    r.add(10, EventKind::TimedOut, 2);
    r.fail(10, 2, 0, ErrorKind::Timeout, 0);
    r.feed();
    QCOMPARE(r.data.queueDepth(), 2);
    // A flushed call that times out later left the queue at its flush already.
    r.flush(20, 1, 2, FlushReason::Manual);
    r.fail(90, 1, 1, ErrorKind::Timeout, 0, 19000);
    r.feed();
    QCOMPARE(r.data.queueDepth(), 0);
    QCOMPARE(r.data.buckets()[0].depthMax, 3);
}

void TestChartData::statusClasses_data()
{
    QTest::addColumn<int>("kind"); // 0 settled, 1 failed
    QTest::addColumn<int>("error");
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("expected");
    QTest::newRow("200") << 0 << int(ErrorKind::None) << 200 << int(ChartData::Status2xx);
    QTest::newRow("204") << 0 << int(ErrorKind::None) << 204 << int(ChartData::Status2xx);
    QTest::newRow("304") << 0 << int(ErrorKind::None) << 304 << int(ChartData::Status3xx);
    QTest::newRow("http 404") << 1 << int(ErrorKind::Http) << 404 << int(ChartData::Status4xx);
    QTest::newRow("http 503") << 1 << int(ErrorKind::Http) << 503 << int(ChartData::Status5xx);
    QTest::newRow("batch 500") << 1 << int(ErrorKind::BatchFailed) << 500
                               << int(ChartData::Status5xx);
    QTest::newRow("batch reset") << 1 << int(ErrorKind::BatchFailed) << 0
                                 << int(ChartData::StatusError);
    QTest::newRow("network") << 1 << int(ErrorKind::Network) << 0 << int(ChartData::StatusError);
    QTest::newRow("timeout") << 1 << int(ErrorKind::Timeout) << 0 << int(ChartData::StatusError);
    QTest::newRow("protocol") << 1 << int(ErrorKind::Protocol) << 200
                              << int(ChartData::StatusError);
    QTest::newRow("breaker") << 1 << int(ErrorKind::CircuitOpen) << 0
                             << int(ChartData::StatusRejected);
    QTest::newRow("overflow") << 1 << int(ErrorKind::QueueOverflow) << 0
                              << int(ChartData::StatusRejected);
}

void TestChartData::statusClasses()
{
    QFETCH(int, kind);
    QFETCH(int, error);
    QFETCH(int, status);
    QFETCH(int, expected);
    Recorder r;
    r.data.reset(0);
    r.enqueue(1, 1);
    r.flush(2, 1, 1, FlushReason::Timer);
    if (kind == 0)
        r.settle(60, 1, 1, status, 59000, 1000);
    else
        r.fail(60, 1, 1, ErrorKind(error), status, 1000);
    r.feed();
    const ChartData::Bucket &b = r.data.buckets()[1];
    for (int s = 0; s < ChartData::kStatusClassCount; ++s)
        QCOMPARE(b.statuses.at(size_t(s)), s == expected ? 1 : 0);
    QCOMPARE(b.settled(), 1);
    QCOMPARE(r.data.settled(), r.telemetry.counters().settled());
}

void TestChartData::failureRateCountsAttemptsTheBreakerSees()
{
    Recorder r;
    r.data.reset(0);
    for (quint64 id = 1; id <= 6; ++id)
        r.enqueue(1, id);
    r.flush(2, 1, 6, FlushReason::Size);
    r.settle(10, 1, 1, 200, 9000, 1000);
    r.settle(10, 2, 1, 404, 9000, 1000); // a 4xx is an answer, not a breaker failure
    r.fail(10, 3, 1, ErrorKind::Http, 500, 1000);
    r.fail(10, 4, 1, ErrorKind::Timeout, 0, 1000);
    Event &retry = r.add(10, EventKind::RetryScheduled, 5, 1);
    retry.status = 503;
    retry.error = ErrorKind::Http;
    r.fail(10, 6, 1, ErrorKind::Cancelled, 0, 1000); // never answered: not an attempt
    r.enqueue(11, 7);
    r.add(11, EventKind::CacheHit, 7);
    r.settle(11, 7, 0, 200, 0, -1); // cache: not an attempt
    r.feed();
    const ChartData::Bucket &b = r.data.buckets()[0];
    QCOMPARE(b.attempts, 5);
    QCOMPARE(b.attemptFailures, 3);
    QCOMPARE(b.failureRatePercent(), 60.0);
    QCOMPARE(b.retries, 1);
    QCOMPARE(ChartData::Bucket().failureRatePercent(), -1.0);
}

void TestChartData::failureRateOverTheBreakersWindow()
{
    Recorder r;
    r.data.reset(0);
    // Four failures at the start, then six successes a second later.
    for (quint64 id = 1; id <= 4; ++id) {
        r.enqueue(1, id);
        r.fail(10, id, 1, ErrorKind::Http, 500, 1000);
    }
    for (quint64 id = 5; id <= 10; ++id) {
        r.enqueue(1000, id);
        r.settle(1010, id, 2, 200, 9000, 1000);
    }
    r.feed();
    // Per bucket, the start is 100 % — above a 50 % threshold the breaker never reached.
    QCOMPARE(r.data.buckets()[0].failureRatePercent(), 100.0);
    // Over a 30 s window from 5 attempts: nothing until the fifth, then 4 of 10.
    const auto wide = r.data.windowFailureRate(30'000 * kMs, 5);
    QCOMPARE(wide.size(), size_t(1));
    QCOMPARE(wide[0].second, 40.0);
    QVERIFY(qAbs(wide[0].first - 1.01) < 1e-9); // the end of the run, not past it
    // Over 300 ms, the failures have left the window by the time the successes come.
    const auto narrow = r.data.windowFailureRate(300 * kMs, 1);
    QCOMPARE(narrow.front().second, 100.0);
    QCOMPARE(narrow.back().second, 0.0);
    for (const auto &[x, percent] : narrow)
        QVERIFY(x < 0.36 || x > 0.99); // no point where the window held no attempt
}

void TestChartData::latencyPercentilesPerBucket()
{
    Recorder r;
    r.data.reset(0);
    // Bucket 0: latencies 1..10 µs (exact); bucket 2: 100 calls of 1..100 ms.
    for (int i = 1; i <= 10; ++i) {
        r.enqueue(1, quint64(i));
        r.settle(2, quint64(i), 1, 200, i, i - 1);
    }
    for (int i = 1; i <= 100; ++i) {
        r.enqueue(100, quint64(100 + i));
        r.settle(110, quint64(100 + i), 2, 200, i * 1000, -1);
    }
    r.feed();
    const auto &b = r.data.buckets();
    QCOMPARE(b[0].latency.count(), 10);
    QCOMPARE(b[0].latency.quantile(0.5), 5);
    QCOMPARE(b[0].latency.quantile(0.9), 9);
    QCOMPARE(b[0].latency.quantile(0.99), 10);
    QCOMPARE(b[0].queueWait.quantile(0.5), 4);
    QCOMPARE(b[2].latency.count(), 100);
    QCOMPARE(b[2].queueWait.count(), 0); // never flushed: no queue wait
    const qint64 p50 = b[2].latency.quantile(0.5);
    const qint64 p99 = b[2].latency.quantile(0.99);
    QVERIFY2(p50 >= 50000 && p50 <= 50000 * 105 / 100, qPrintable(QString::number(p50)));
    QVERIFY2(p99 >= 99000 && p99 <= 100000, qPrintable(QString::number(p99)));
    qint64 latencies = 0;
    qint64 waits = 0;
    for (const ChartData::Bucket &bucket : b) {
        latencies += bucket.latency.count();
        waits += bucket.queueWait.count();
    }
    const TelemetryCounters c = r.telemetry.counters();
    QCOMPARE(latencies, c.latency.count);
    QCOMPARE(waits, c.queueWait.count);
}

void TestChartData::histogramQuantilesAreClose()
{
    // Against LogHistogram (3% buckets) on a wide spread: within the 4.4% of a sub-bucket.
    ChartData::Histogram mine;
    LogHistogram reference;
    quint32 x = 12345;
    for (int i = 0; i < 20000; ++i) {
        x = x * 1103515245u + 12345u;
        const qint64 v = qint64((x >> 8) % 2000000); // up to 2 s in µs
        mine.add(v);
        reference.add(v);
    }
    for (double q : {0.5, 0.9, 0.99}) {
        const double a = double(mine.quantile(q));
        const double b = double(reference.quantile(q));
        QVERIFY2(std::abs(a - b) / b < 0.08,
                 qPrintable(QStringLiteral("q %1: %2 vs %3").arg(q).arg(a).arg(b)));
    }
    // Merging is adding.
    ChartData::Histogram half1;
    ChartData::Histogram half2;
    for (int v = 1; v <= 1000; ++v)
        (v % 2 ? half1 : half2).add(v);
    half1.merge(half2);
    QCOMPARE(half1.count(), 1000);
    QVERIFY(std::abs(double(half1.quantile(0.5)) - 500.0) <= 500 * 0.07);
    QCOMPARE(half1.quantile(1.0), 1000);
}

void TestChartData::breakerTransitionsWithTimes()
{
    Recorder r;
    r.data.reset(100 * kMs);
    const quint32 origin = r.telemetry.internKey(QStringLiteral("http://127.0.0.1:9"));
    const quint32 other = r.telemetry.internKey(QStringLiteral("http://127.0.0.1:10"));
    const auto change = [&](qint64 ms, quint32 key, BreakerState from, BreakerState to) {
        Event &e = r.add(ms, EventKind::BreakerChanged);
        e.keyId = key;
        e.value = int(to);
        e.aux = int(from);
    };
    r.data.addBreaker(other, QStringLiteral("http://127.0.0.1:10"), BreakerState::Closed);
    change(50, origin, BreakerState::Closed, BreakerState::Open); // before the run: ignored
    change(300, origin, BreakerState::Open, BreakerState::HalfOpen);
    change(350, origin, BreakerState::HalfOpen, BreakerState::Closed);
    change(400, origin, BreakerState::Closed, BreakerState::Open);
    r.feed();
    const auto &tracks = r.data.breakers();
    QCOMPARE(tracks.size(), size_t(2));
    QCOMPARE(tracks[0].name, QStringLiteral("http://127.0.0.1:10"));
    QVERIFY(tracks[0].transitions.empty());
    const ChartData::BreakerTrack &t = tracks[1];
    QCOMPARE(t.name, QStringLiteral("http://127.0.0.1:9"));
    QCOMPARE(t.initial, BreakerState::Open); // as the first transition in the run says
    QCOMPARE(t.transitions.size(), size_t(3));
    QCOMPARE(t.transitions[0].time, 200 * kMs);
    QCOMPARE(t.transitions[0].to, BreakerState::HalfOpen);
    QCOMPARE(t.transitions[2].time, 300 * kMs);
    QCOMPARE(t.stateAt(0), BreakerState::Open);
    QCOMPARE(t.stateAt(200 * kMs), BreakerState::HalfOpen);
    QCOMPARE(t.stateAt(260 * kMs), BreakerState::Closed);
    QCOMPARE(t.stateAt(10000 * kMs), BreakerState::Open);
    qint64 transitionsInRun = 0;
    for (const Event &e : r.telemetry.eventsSince(0))
        transitionsInRun += e.kind == EventKind::BreakerChanged && e.time >= 100 * kMs;
    QCOMPARE(qint64(t.transitions.size()), transitionsInRun);
}

void TestChartData::configChangesBecomeMarkers()
{
    Recorder r;
    r.data.reset(0);
    r.data.setMaxBatchSize(10);
    const QString text = QStringLiteral("batch.maxBatchSize 10 → 25");
    Event &e = r.add(1234, EventKind::ConfigChanged);
    e.keyId = r.telemetry.internKey(text);
    e.value = 25;
    Event &e2 = r.add(2000, EventKind::ConfigChanged);
    e2.keyId = r.telemetry.internKey(QStringLiteral("batch.maxDelay 50 ms → 5 ms"));
    e2.value = 25;
    r.feed();
    QCOMPARE(r.data.markers().size(), size_t(2));
    QCOMPARE(r.data.markers()[0].time, 1234 * kMs);
    QCOMPARE(r.data.markers()[0].text, text);
    QCOMPARE(r.data.markers()[0].maxBatchSize, 25);
    QCOMPARE(r.data.markers()[1].text, QStringLiteral("batch.maxDelay 50 ms → 5 ms"));
    QCOMPARE(r.data.maxBatchSize(), 25);
}

void TestChartData::resetIgnoresEarlierEvents()
{
    Recorder r;
    r.data.reset(0);
    r.enqueue(10, 1);
    r.enqueue(20, 2);
    r.feed();
    QCOMPARE(r.data.calls(), 2);
    const quint64 revision = r.data.revision();
    r.data.reset(500 * kMs);
    QVERIFY(r.data.revision() != revision);
    QCOMPARE(r.data.calls(), 0);
    QVERIFY(r.data.buckets().empty());
    // Re-reading the whole ring keeps only what happened from the run's start on.
    r.enqueue(499, 3);
    r.enqueue(500, 4);
    r.enqueue(700, 5);
    r.feed();
    r.data.reset(500 * kMs);
    r.data.append(r.telemetry.eventsSince(0));
    QCOMPARE(r.data.calls(), 2);
    QCOMPARE(r.data.buckets()[0].calls, 1);
    QCOMPARE(r.data.buckets()[4].calls, 1);
    QCOMPARE(r.data.queueDepth(), 2);
}

void TestChartData::theChartsStopWhenTheRunEnds()
{
    // The report: the charts kept running after the run, driven by the breaker's timer.
    Recorder r;
    r.data.reset(0);
    r.enqueue(10, 1);
    r.flush(20, 1, 1, FlushReason::Timer);
    r.settle(60, 1, 1, 200, 50000, 10000);
    r.feed();
    r.data.endRun(60 * kMs);
    QVERIFY(r.data.runEnded());
    const qint64 last = r.data.lastTime();
    const size_t buckets = r.data.buckets().size();
    r.add(20'000, EventKind::BreakerChanged).value = int(BreakerState::HalfOpen);
    r.add(20'001, EventKind::ConfigChanged);
    r.feed();
    QCOMPARE(r.data.lastTime(), last);
    QCOMPARE(r.data.buckets().size(), buckets);
    QVERIFY(r.data.markers().empty());
    // The next run starts afresh.
    r.data.reset(30'000 * kMs);
    QVERIFY(!r.data.runEnded());
    r.enqueue(30'010, 2);
    r.feed();
    QCOMPARE(r.data.calls(), 1);
}

QTEST_GUILESS_MAIN(TestChartData)
#include "tst_chartdata.moc"
