// SPDX-License-Identifier: BSD-3-Clause
#include "runs/verdict/runmetrics.h"
#include "runs/record/runrecord.h"
#include "runs/runstr.h"

namespace batchlab {

namespace {

using M = RunMetrics::Metric;
using K = RunMetrics::Kind;

// clang-format off
constexpr std::array<RunMetrics::Info, RunMetrics::kMetricCount> kMetrics{{
    {M::Calls,        QLatin1String("calls"),         QLatin1String(),                K::Count},
    {M::HttpRequests, QLatin1String("http_requests"), QLatin1String("requests"),      K::Count},
    {M::Batches,      QLatin1String("batches"),       QLatin1String(),                K::Count},
    {M::Saved,        QLatin1String("saved"),         QLatin1String(),                K::Percent},
    {M::DedupHits,    QLatin1String("dedup_hits"),    QLatin1String(),                K::Count},
    {M::CacheHits,    QLatin1String("cache_hits"),    QLatin1String(),                K::Count},
    {M::Retries,      QLatin1String("retries"),       QLatin1String(),                K::Count},
    {M::Failures,     QLatin1String("failures"),      QLatin1String("failed"),        K::Count},
    {M::Rejected,     QLatin1String("rejected"),      QLatin1String(),                K::Count},
    {M::Cancelled,    QLatin1String("cancelled"),     QLatin1String(),                K::Count},
    {M::ChecksFailed, QLatin1String("checks_failed"), QLatin1String(),                K::Count},
    {M::P50,          QLatin1String("p50"),           QLatin1String("latency_p50"),   K::Millis},
    {M::P90,          QLatin1String("p90"),           QLatin1String("latency_p90"),   K::Millis},
    {M::P95,          QLatin1String("p95"),           QLatin1String("latency_p95"),   K::Millis},
    {M::P99,          QLatin1String("p99"),           QLatin1String("latency_p99"),   K::Millis},
    {M::Max,          QLatin1String("max"),           QLatin1String("latency_max"),   K::Millis},
    {M::QueueP50,     QLatin1String("queue_p50"),     QLatin1String("queue_wait_p50"), K::Millis},
    {M::QueueP90,     QLatin1String("queue_p90"),     QLatin1String("queue_wait_p90"), K::Millis},
    {M::QueueP95,     QLatin1String("queue_p95"),     QLatin1String("queue_wait_p95"), K::Millis},
    {M::QueueP99,     QLatin1String("queue_p99"),     QLatin1String("queue_wait_p99"), K::Millis},
    {M::Duration,     QLatin1String("duration"),      QLatin1String(),                K::Seconds},
    {M::Rate,         QLatin1String("rate"),          QLatin1String("calls_per_second"), K::Rate},
}};
// clang-format on

constexpr bool inMetricOrder()
{
    for (int i = 0; i < RunMetrics::kMetricCount; ++i) {
        if (int(kMetrics.at(size_t(i)).metric) != i)
            return false;
    }
    return true;
}
static_assert(inMetricOrder(), "kMetrics lists every metric once, in Metric order");

/// A percentile in ms, or nothing when no sample was taken.
std::optional<double> millis(const Percentiles &p, qint64 Percentiles::*field)
{
    if (p.count <= 0)
        return std::nullopt;
    return double(p.*field) / 1000.0;
}

} // namespace

RunMetrics RunMetrics::of(const RunRecord &record)
{
    RunMetrics m;
    m.numbers = RunNumbers::of(record.summary);
    m.failuresByKind = record.summary.counters.failuresByKind;
    m.latency = record.summary.counters.latency;
    m.queueWait = record.summary.counters.queueWait;
    m.durationNs = record.durationNs;
    m.stopped = record.summary.stopped;
    return m;
}

std::optional<double> RunMetrics::rate() const
{
    if (durationNs <= 0)
        return std::nullopt;
    return double(numbers.calls) / durationSeconds();
}

std::optional<double> RunMetrics::value(Metric metric) const
{
    const RunNumbers &n = numbers;
    switch (metric) {
    case Metric::Calls: return double(n.calls);
    case Metric::HttpRequests: return double(n.httpRequests);
    case Metric::Batches: return double(n.batches);
    case Metric::Saved: return n.savedPercent();
    case Metric::DedupHits: return double(n.avoidedByDedup);
    case Metric::CacheHits: return double(n.cacheHits);
    case Metric::Retries: return double(n.retries);
    case Metric::Failures: return double(n.failed);
    case Metric::Rejected: return double(n.rejected);
    case Metric::Cancelled: return double(n.cancelled);
    case Metric::ChecksFailed: return double(n.checksFailed);
    case Metric::P50: return millis(latency, &Percentiles::p50);
    case Metric::P90: return millis(latency, &Percentiles::p90);
    case Metric::P95: return millis(latency, &Percentiles::p95);
    case Metric::P99: return millis(latency, &Percentiles::p99);
    case Metric::Max: return millis(latency, &Percentiles::max);
    case Metric::QueueP50: return millis(queueWait, &Percentiles::p50);
    case Metric::QueueP90: return millis(queueWait, &Percentiles::p90);
    case Metric::QueueP95: return millis(queueWait, &Percentiles::p95);
    case Metric::QueueP99: return millis(queueWait, &Percentiles::p99);
    case Metric::Duration: return durationSeconds();
    case Metric::Rate: return rate();
    }
    return std::nullopt;
}

QString RunMetrics::noValueReason(Metric metric) const
{
    if (value(metric))
        return {};
    switch (kind(metric)) {
    case Kind::Percent:
        return RunsTr::tr("no call reached the network, so batching saved nothing to count");
    case Kind::Millis:
        return metric >= Metric::QueueP50 ? RunsTr::tr("no call waited in a batch queue")
                                          : RunsTr::tr("no call settled");
    case Kind::Rate:
        return RunsTr::tr("the run took no time");
    case Kind::Count:
    case Kind::Seconds:
        break;
    }
    return RunsTr::tr("no value");
}

QString RunMetrics::formatMillis(double ms)
{
    return QString::number(ms, 'f', ms < 10.0 ? 2 : 1) + QStringLiteral("ms");
}

QString RunMetrics::formatSeconds(double seconds)
{
    return QString::number(seconds, 'f', 3) + QLatin1Char('s');
}

std::span<const RunMetrics::Info> RunMetrics::metrics()
{
    return kMetrics;
}

const RunMetrics::Info &RunMetrics::info(Metric metric)
{
    return kMetrics.at(size_t(metric));
}

std::optional<RunMetrics::Metric> RunMetrics::metric(QStringView name)
{
    for (const Info &i : kMetrics) {
        if (name == i.name || (!i.alias.isEmpty() && name == i.alias))
            return i.metric;
    }
    return std::nullopt;
}

QStringList RunMetrics::names()
{
    QStringList out;
    out.reserve(kMetricCount);
    for (const Info &i : kMetrics)
        out.append(i.name);
    return out;
}

} // namespace batchlab
