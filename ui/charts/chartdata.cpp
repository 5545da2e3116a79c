// SPDX-License-Identifier: BSD-3-Clause
#include "charts/chartdata.h"
#include "charts/chartstr.h"

#include "telemetry/telemetry.h"

#include <QCoreApplication>

#include <algorithm>
#include <bit>
#include <cmath>

namespace batchlab {

namespace {

/// Whether the circuit breaker counts an answered attempt with this outcome as a failure:
/// transport errors, timeouts, 5xx and 408 (see CircuitBreaker).
bool breakerFailure(ErrorKind error, int status)
{
    if (error == ErrorKind::Network || error == ErrorKind::Timeout)
        return true;
    return status >= 500 || status == 408;
}

} // namespace

// --- Histogram ---------------------------------------------------------------------------

int ChartData::Histogram::slotOf(qint64 micros)
{
    const auto v = quint64(qMax<qint64>(0, micros));
    if (v < quint64(kSub))
        return int(v);
    const int exponent = 63 - std::countl_zero(v); // >= 4
    const int sub = int(v >> (exponent - 4)) - kSub;
    return qMin(kSlots - 1, kSub + (exponent - 4) * kSub + sub);
}

qint64 ChartData::Histogram::upperEdge(int slot)
{
    if (slot < kSub)
        return slot;
    const int k = slot - kSub;
    const int exponent = k / kSub + 4;
    const int sub = k % kSub;
    return (qint64(kSub + sub + 1) << (exponent - 4)) - 1;
}

void ChartData::Histogram::add(qint64 micros)
{
    if (m_slots.empty())
        m_slots.assign(size_t(kSlots), 0);
    ++m_slots[size_t(slotOf(micros))];
    ++m_count;
    m_max = qMax(m_max, micros);
}

void ChartData::Histogram::merge(const Histogram &other)
{
    if (other.m_slots.empty())
        return;
    if (m_slots.empty())
        m_slots.assign(size_t(kSlots), 0);
    for (size_t i = 0; i < m_slots.size(); ++i)
        m_slots[i] += other.m_slots[i];
    m_count += other.m_count;
    m_max = qMax(m_max, other.m_max);
}

qint64 ChartData::Histogram::quantile(double q) const
{
    if (m_count == 0)
        return 0;
    // The rank of the sample at q, 1-based: the same rule as LogHistogram.
    const auto rank = qMax<qint64>(1, qint64(std::ceil(q * double(m_count))));
    qint64 seen = 0;
    for (size_t i = 0; i < m_slots.size(); ++i) {
        seen += m_slots[i];
        if (seen >= rank)
            return qMin(upperEdge(int(i)), m_max);
    }
    return m_max;
}

// --- Bucket, tracks ---------------------------------------------------------------------

qint64 ChartData::Bucket::settled() const
{
    qint64 sum = 0;
    for (qint64 n : statuses)
        sum += n;
    return sum;
}

double ChartData::Bucket::failureRatePercent() const
{
    return attempts > 0 ? 100.0 * double(attemptFailures) / double(attempts) : -1.0;
}

BreakerState ChartData::BreakerTrack::stateAt(qint64 time) const
{
    BreakerState state = initial;
    for (const BreakerTransition &t : transitions) {
        if (t.time > time)
            break;
        state = t.to;
    }
    return state;
}

QString ChartData::statusClassName(StatusClass statusClass)
{
    switch (statusClass) {
    case Status2xx:
        return ChartsTr::tr("2xx");
    case Status3xx:
        return ChartsTr::tr("3xx");
    case Status4xx:
        return ChartsTr::tr("4xx");
    case Status5xx:
        return ChartsTr::tr("5xx");
    case StatusError:
        return ChartsTr::tr("error / timeout");
    case StatusRejected:
        return ChartsTr::tr("rejected");
    }
    return {};
}

ChartData::StatusClass ChartData::statusClassOf(const Event &e)
{
    switch (e.error) {
    case ErrorKind::CircuitOpen:
    case ErrorKind::QueueOverflow:
        return StatusRejected;
    case ErrorKind::Network:
    case ErrorKind::Timeout:
    case ErrorKind::Protocol:
    case ErrorKind::Cancelled:
    case ErrorKind::Rpc:
    case ErrorKind::RolledBack:
    case ErrorKind::Dependency:
        return StatusError;
    case ErrorKind::None:
    case ErrorKind::Http:
    case ErrorKind::BatchFailed:
        break;
    }
    const int status = e.status;
    if (status <= 0)
        return StatusError; // a failed batch without an HTTP answer
    if (status < 300)
        return Status2xx;
    if (status < 400)
        return Status3xx;
    if (status < 500)
        return Status4xx;
    return Status5xx;
}

// --- ChartData ---------------------------------------------------------------------------

ChartData::ChartData(const Telemetry *telemetry)
    : m_telemetry(telemetry)
{ }

void ChartData::reset(qint64 runStartNs)
{
    const int maxBatchSize = m_maxBatchSize;
    const Telemetry *telemetry = m_telemetry;
    const quint64 revision = m_revision;
    *this = ChartData(telemetry);
    m_runStart = runStartNs;
    m_maxBatchSize = maxBatchSize;
    m_revision = revision + 1;
}

void ChartData::endRun(qint64 telemetryNs)
{
    m_runEnd = std::max(telemetryNs, m_runStart);
    ++m_revision;
}

std::vector<std::pair<double, double>> ChartData::windowFailureRate(qint64 windowNs, int minimumCalls) const
{
    std::vector<std::pair<double, double>> points;
    const size_t span = size_t(qMax<qint64>(1, (windowNs + m_width / 2) / m_width));
    const qint64 needed = qMax(1, minimumCalls);
    qint64 attempts = 0;
    qint64 failures = 0;
    const double end = double(m_lastTime) / 1e9;
    for (size_t i = 0; i < m_buckets.size(); ++i) {
        // A sliding sum: the bucket that enters, less the one that left the window.
        attempts += m_buckets[i].attempts;
        failures += m_buckets[i].attemptFailures;
        if (i >= span) {
            attempts -= m_buckets[i - span].attempts;
            failures -= m_buckets[i - span].attemptFailures;
        }
        if (attempts >= needed)
            points.emplace_back(qMin(end, bucketStartSeconds(int(i) + 1)), 100.0 * double(failures) / double(attempts));
    }
    return points;
}

void ChartData::addBreaker(quint32 keyId, const QString &name, BreakerState state)
{
    for (const BreakerTrack &track : m_breakers) {
        if (track.keyId == keyId)
            return;
    }
    m_breakers.push_back({keyId, name, state, {}});
    ++m_revision;
}

ChartData::BreakerTrack &ChartData::trackFor(quint32 keyId)
{
    for (BreakerTrack &track : m_breakers) {
        if (track.keyId == keyId)
            return track;
    }
    BreakerTrack &track = m_breakers.emplace_back();
    track.keyId = keyId;
    track.name = m_telemetry ? m_telemetry->keyName(keyId) : QString::number(keyId);
    return track;
}

void ChartData::widen()
{
    // Doubling keeps every old boundary a boundary: bucket i of the new width is exactly the
    // old buckets 2i and 2i+1.
    std::vector<Bucket> merged((m_buckets.size() + 1) / 2);
    for (size_t i = 0; i < m_buckets.size(); ++i) {
        Bucket &to = merged[i / 2];
        const Bucket &from = m_buckets[i];
        const bool first = i % 2 == 0;
        to.calls += from.calls;
        to.httpRequests += from.httpRequests;
        to.items += from.items;
        to.dedupHits += from.dedupHits;
        to.cacheHits += from.cacheHits;
        to.retries += from.retries;
        to.attempts += from.attempts;
        to.attemptFailures += from.attemptFailures;
        for (size_t s = 0; s < to.statuses.size(); ++s)
            to.statuses[s] += from.statuses[s];
        to.depthMax = first ? from.depthMax : qMax(to.depthMax, from.depthMax);
        to.depthEnd = from.depthEnd;
        to.latency.merge(from.latency);
        to.queueWait.merge(from.queueWait);
    }
    m_buckets = std::move(merged);
    m_width *= 2;
}

ChartData::Bucket &ChartData::bucketAt(qint64 relativeNs)
{
    while (relativeNs / m_width >= kMaxBuckets)
        widen();
    const auto index = size_t(relativeNs / m_width);
    if (index >= m_buckets.size()) {
        // Buckets without events still hold the queue depth carried over from before.
        Bucket empty;
        empty.depthMax = m_depth;
        empty.depthEnd = m_depth;
        m_buckets.resize(index + 1, empty);
    }
    return m_buckets[index];
}

void ChartData::setDepth(qint64 depth)
{
    // The one edge this cannot see: a queued call that times out while calls that joined it
    // still wait keeps its entry queued; it is then subtracted twice. Never below zero.
    m_depth = qMax<qint64>(0, depth);
    // Depth changes belong to the latest bucket, even for an event recorded a little late.
    Bucket &bucket = m_buckets.back();
    bucket.depthEnd = m_depth;
    bucket.depthMax = qMax(bucket.depthMax, m_depth);
}

void ChartData::commitEnqueued()
{
    m_entryCalls.insert(m_justEnqueued);
    m_justEnqueued = 0;
    setDepth(m_depth + 1);
}

void ChartData::append(const std::vector<Event> &events)
{
    bool changed = false;
    for (const Event &e : events) {
        const qint64 t = e.time - m_runStart;
        if (t < 0 || (m_runEnd >= 0 && e.time > m_runEnd))
            continue;
        changed = true;
        if (t > m_lastTime)
            m_lastTime = t;
        bucketAt(m_lastTime); // the latest bucket exists for depth changes
        Bucket &bucket = bucketAt(t);
        // A call becomes a queue entry unless the event right after its Enqueued, about the same
        // call, says otherwise (joined, cache hit, overflow, breaker, shutdown): only then is
        // it counted, so the depth never blips up and down for a call that was never queued.
        if (m_justEnqueued != 0) {
            const bool noEntry = e.requestId == m_justEnqueued
                && (e.kind == EventKind::DedupJoined || e.kind == EventKind::CacheHit
                    || e.kind == EventKind::Overflowed || e.kind == EventKind::BreakerRejected
                    || e.kind == EventKind::Failed);
            if (noEntry)
                m_justEnqueued = 0;
            else
                commitEnqueued();
        }
        switch (e.kind) {
        case EventKind::Enqueued:
            ++m_calls;
            ++bucket.calls;
            m_justEnqueued = e.requestId;
            break;
        case EventKind::DedupJoined:
            ++m_dedupHits;
            ++bucket.dedupHits;
            break;
        case EventKind::CacheHit:
            ++m_cacheHits;
            ++bucket.cacheHits;
            break;
        case EventKind::Flushed: {
            const int size = qMax(1, e.value);
            if (size_t(size) >= m_sizes.size())
                m_sizes.resize(size_t(size) + 1, {});
            ++m_sizes[size_t(size)].at(size_t(e.reason));
            ++m_flushesByReason.at(size_t(e.reason));
            m_items += size;
            bucket.items += size;
            // Retries leave from a retry wave, not from the queue.
            if (e.reason != FlushReason::Retry)
                setDepth(m_depth - e.value);
            break;
        }
        case EventKind::Sent:
            ++m_httpRequests;
            ++bucket.httpRequests;
            if (e.value)
                ++m_plainRequests;
            break;
        case EventKind::Settled:
        case EventKind::Failed: {
            ++m_settled;
            ++bucket.statuses.at(size_t(statusClassOf(e)));
            if (e.aux != Event::kNeverQueued) // cache hits and refusals took no time to count
                bucket.latency.add(e.value);
            if (e.aux >= 0)
                bucket.queueWait.add(e.aux);
            const bool notSent = e.error == ErrorKind::CircuitOpen
                || e.error == ErrorKind::QueueOverflow || e.error == ErrorKind::Cancelled;
            if (e.batchId != 0 && !notSent) { // answered through the wire
                ++bucket.attempts;
                if (e.kind == EventKind::Failed && breakerFailure(e.error, e.status))
                    ++bucket.attemptFailures;
            }
            const bool wasEntry = m_entryCalls.erase(e.requestId) > 0;
            if (wasEntry && e.kind == EventKind::Failed && e.aux < 0)
                setDepth(m_depth - 1); // left the queue before any flush
            break;
        }
        case EventKind::RetryScheduled:
            ++bucket.retries;
            ++bucket.attempts;
            if (breakerFailure(e.error, e.status))
                ++bucket.attemptFailures;
            break;
        case EventKind::BreakerChanged: {
            BreakerTrack &track = trackFor(e.keyId);
            if (track.transitions.empty())
                track.initial = BreakerState(e.aux);
            track.transitions.push_back({t, BreakerState(e.aux), BreakerState(e.value)});
            break;
        }
        case EventKind::ConfigChanged:
            m_markers.push_back(
                {t, m_telemetry ? m_telemetry->keyName(e.keyId) : QString(), e.value});
            m_maxBatchSize = e.value;
            break;
        case EventKind::Answered:
        case EventKind::TimedOut:
        case EventKind::Overflowed:
        case EventKind::ProtocolIssue:
        case EventKind::RetryExhausted:
        case EventKind::CacheMiss:
        case EventKind::BreakerRejected:
        case EventKind::OriginPaused:
        case EventKind::LimitLearned:
        case EventKind::CheckFailed:
            break;
        }
    }
    // Every Enqueued is decided within the enqueue() that recorded it, and a chunk never
    // splits one: the telemetry notifies on the event loop.
    if (m_justEnqueued != 0)
        commitEnqueued();
    if (changed)
        ++m_revision;
}

qint64 ChartData::flushes(int size, FlushReason reason) const
{
    if (size < 1 || size_t(size) >= m_sizes.size())
        return 0;
    return m_sizes[size_t(size)].at(size_t(reason));
}

qint64 ChartData::flushesOfSize(int size) const
{
    if (size < 1 || size_t(size) >= m_sizes.size())
        return 0;
    qint64 sum = 0;
    for (qint64 n : m_sizes[size_t(size)])
        sum += n;
    return sum;
}

qint64 ChartData::flushes() const
{
    qint64 sum = 0;
    for (qint64 n : m_flushesByReason)
        sum += n;
    return sum;
}

} // namespace batchlab
