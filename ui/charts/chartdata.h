// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "resilience/circuitbreaker.h"
#include "telemetry/event.h"

#include <QString>

#include <array>
#include <unordered_set>
#include <vector>

namespace batchlab {

class Telemetry;

/// What the charts show about one run, aggregated from telemetry events into time buckets.
/// No widgets: ChartsPanel reads it, tests compare it with Telemetry::counters().
///
/// Bucket width: it starts at kBaseBucketNs (50 ms) and doubles, merging neighbours pairwise,
/// whenever the run outgrows kMaxBuckets buckets. A run of any length keeps between 300 and
/// 600 buckets (one point per bucket and series, two for step lines), and every bucket
/// boundary stays a boundary after a merge, so nothing is re-read or estimated.
///
/// Totals (histogram, cumulative counts, hits, status classes) are exact against the
/// telemetry; percentiles per bucket come from a small log histogram (16 sub-buckets per
/// power of two, about 4% relative error; exact below 16 µs).
class ChartData
{
public:
    static constexpr int kMaxBuckets = 600;
    static constexpr qint64 kBaseBucketNs = 50'000'000;

    /// How a call ended, for the stacked status chart.
    enum StatusClass : quint8 {
        Status2xx,
        Status3xx,
        Status4xx,
        Status5xx,
        StatusError, ///< transport error, timeout, protocol, cancelled, failed batch without status
        StatusRejected, ///< refused without being sent: breaker open, queue full
    };
    static constexpr int kStatusClassCount = int(StatusRejected) + 1;
    static QString statusClassName(StatusClass statusClass);
    static StatusClass statusClassOf(const Event &settledOrFailed);

    /// A compact latency histogram in µs; merged when buckets are.
    class Histogram
    {
    public:
        void add(qint64 micros);
        void merge(const Histogram &other);
        qint64 count() const { return m_count; }
        /// The upper edge of the sub-bucket holding quantile q, at most the largest sample.
        qint64 quantile(double q) const;

    private:
        static constexpr int kSub = 16; // sub-buckets per power of two
        static constexpr int kSlots = kSub + (31 - 3) * kSub;
        static int slotOf(qint64 micros);
        static qint64 upperEdge(int slot);
        std::vector<quint32> m_slots; // empty until the first sample
        qint64 m_count = 0;
        qint64 m_max = 0;
    };

    struct Bucket
    {
        qint64 calls = 0; ///< calls enqueued
        qint64 httpRequests = 0; ///< HTTP requests sent (batches and plain)
        qint64 items = 0; ///< calls those requests carried (a retried call once per attempt)
        qint64 dedupHits = 0;
        qint64 cacheHits = 0;
        qint64 retries = 0;
        /// Call attempts answered (settled after the wire, or failed and scheduled for a
        /// retry), and how many of them the breaker counts as failures (transport error,
        /// timeout, 5xx, 408).
        qint64 attempts = 0;
        qint64 attemptFailures = 0;
        std::array<qint64, kStatusClassCount> statuses{}; ///< calls settled or failed, by class
        qint64 depthMax = 0; ///< most calls waiting to be flushed during the bucket
        qint64 depthEnd = 0; ///< calls waiting to be flushed at its end
        Histogram latency; ///< enqueue → settle, µs, every call that settled or failed
        Histogram queueWait; ///< enqueue → first flush, µs, calls that were sent

        qint64 settled() const;
        /// Percent of attempts that failed; -1 without attempts.
        double failureRatePercent() const;
    };

    struct BreakerTransition
    {
        qint64 time = 0; ///< ns since the run started
        BreakerState from = BreakerState::Closed;
        BreakerState to = BreakerState::Closed;
    };
    /// The breaker of one origin (or batch key): its state when the run started and every
    /// transition during it, in order.
    struct BreakerTrack
    {
        quint32 keyId = 0;
        QString name;
        BreakerState initial = BreakerState::Closed;
        std::vector<BreakerTransition> transitions;

        BreakerState stateAt(qint64 time) const;
    };

    struct ConfigMarker
    {
        qint64 time = 0; ///< ns since the run started
        QString text; ///< "batch.maxBatchSize 10 → 20; …"
        int maxBatchSize = 0; ///< after the change
    };

    /// `telemetry` (may be null in tests that have no names) resolves interned key names.
    explicit ChartData(const Telemetry *telemetry = nullptr);

    /// Forgets everything; events before `runStartNs` (telemetry clock) are ignored from now on.
    void reset(qint64 runStartNs);
    /// Aggregates events in the order they were recorded.
    void append(const std::vector<Event> &events);
    /// The run ended at `telemetryNs`: later events (a breaker's timer) are ignored, so the
    /// charts stop where the run stopped. A reset() starts the next run.
    void endRun(qint64 telemetryNs);
    bool runEnded() const { return m_runEnd >= 0; }
    /// A breaker known before any transition (so its band shows from the start).
    void addBreaker(quint32 keyId, const QString &name, BreakerState state);

    qint64 runStart() const { return m_runStart; }
    qint64 bucketWidth() const { return m_width; }
    const std::vector<Bucket> &buckets() const { return m_buckets; }
    /// Where bucket `index` starts, in seconds since the run started.
    double bucketStartSeconds(int index) const { return double(index) * double(m_width) / 1e9; }
    double bucketWidthSeconds() const { return double(m_width) / 1e9; }
    /// The latest event time seen, ns since the run started; 0 before any.
    qint64 lastTime() const { return m_lastTime; }
    /// Bumped by every append() that changed something, and by reset().
    quint64 revision() const { return m_revision; }

    /// Batches (and plain requests) flushed with `size` calls for `reason`; size ≥ 1.
    qint64 flushes(int size, FlushReason reason) const;
    qint64 flushesOfSize(int size) const;
    qint64 flushes(FlushReason reason) const { return m_flushesByReason.at(size_t(reason)); }
    qint64 flushes() const;
    /// The largest flush seen; 0 before any.
    int largestFlush() const { return int(m_sizes.size()) - 1 < 0 ? 0 : int(m_sizes.size()) - 1; }
    /// Of the flushes, how many went out as plain requests rather than batches.
    qint64 plainRequests() const { return m_plainRequests; }

    qint64 calls() const { return m_calls; }
    qint64 httpRequests() const { return m_httpRequests; }
    /// Calls carried by the HTTP requests (TelemetryCounters::items): items() - httpRequests()
    /// requests were avoided by batching.
    qint64 items() const { return m_items; }
    qint64 dedupHits() const { return m_dedupHits; }
    qint64 cacheHits() const { return m_cacheHits; }
    qint64 settled() const { return m_settled; }
    /// Calls waiting to be flushed right now (distinct calls: a de-duplicated one joins the
    /// queued call instead of adding to it).
    qint64 queueDepth() const { return m_depth; }
    int maxBatchSize() const { return m_maxBatchSize; }
    void setMaxBatchSize(int size) { m_maxBatchSize = size; }

    /// The failure rate the circuit breaker's own window sees: at the end of each bucket, the
    /// attempts that failed (as the breaker counts them) over the last `windowNs`, in
    /// percent; only where that window holds at least `minimumCalls` attempts, since the
    /// breaker does not trip below that. The window is rounded to whole buckets (at least
    /// one). Points are (seconds since the run started, percent).
    std::vector<std::pair<double, double>> windowFailureRate(qint64 windowNs, int minimumCalls) const;

    const std::vector<BreakerTrack> &breakers() const { return m_breakers; }
    const std::vector<ConfigMarker> &markers() const { return m_markers; }

private:
    Bucket &bucketAt(qint64 relativeNs);
    void widen();
    void setDepth(qint64 depth);
    void commitEnqueued();
    BreakerTrack &trackFor(quint32 keyId);

    const Telemetry *m_telemetry;
    qint64 m_runStart = 0;
    qint64 m_runEnd = -1; ///< telemetry clock; -1 while the run goes on
    qint64 m_width = kBaseBucketNs;
    qint64 m_lastTime = 0;
    quint64 m_revision = 0;
    std::vector<Bucket> m_buckets;
    std::vector<std::array<qint64, kFlushReasonCount>> m_sizes; // by size
    std::array<qint64, kFlushReasonCount> m_flushesByReason{};
    qint64 m_plainRequests = 0;
    qint64 m_calls = 0;
    qint64 m_httpRequests = 0;
    qint64 m_items = 0;
    qint64 m_dedupHits = 0;
    qint64 m_cacheHits = 0;
    qint64 m_settled = 0;
    qint64 m_depth = 0;
    int m_maxBatchSize = 0;
    /// Calls whose Enqueued created a queue entry and that have not settled yet: when one fails
    /// before any flush (timeout, cancel), it leaves the queue.
    std::unordered_set<quint64> m_entryCalls;
    quint64 m_justEnqueued = 0; ///< a call whose Enqueued was the previous event, undecided
    std::vector<BreakerTrack> m_breakers;
    std::vector<ConfigMarker> m_markers;
};

} // namespace batchlab
