// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "runs/runnumbers.h"
#include "telemetry/loghistogram.h"
#include "types/apierror.h"

#include <QLatin1String>
#include <QString>
#include <QStringList>
#include <QStringView>

#include <array>
#include <optional>
#include <span>

namespace batchlab {

struct RunRecord;

/// Every number the end of a command-line run states and a threshold reads, computed once from
/// a finished run's RunRecord: RunNumbers (calls, outcomes, the wire, saved, checks), failures
/// by kind, the latency and queue-wait percentiles of the telemetry's histograms and the run's
/// duration. A value; the summary table, the summary JSON and thresholds all read this one.
struct RunMetrics
{
    /// What a threshold can name. The order is the one the summary and `--help` list.
    enum class Metric : quint8 {
        Calls,
        HttpRequests,
        Batches,
        Saved,
        DedupHits,
        CacheHits,
        Retries,
        Failures,
        Rejected,
        Cancelled,
        ChecksFailed,
        P50,
        P90,
        P95,
        P99,
        Max,
        QueueP50,
        QueueP90,
        QueueP95,
        QueueP99,
        Duration,
        Rate,
    };
    static constexpr int kMetricCount = int(Metric::Rate) + 1;

    /// What a metric's value is.
    enum class Kind : quint8 {
        Count,   ///< a number of calls or requests; `%` after it means a share of the calls
        Percent, ///< already a percentage (saved)
        Millis,  ///< a time in ms (the percentiles)
        Seconds, ///< a time in s (the duration)
        Rate,    ///< calls per second
    };

    /// One row of the metric table: its name (as thresholds and the summary JSON write it),
    /// another name it answers to, and its kind.
    struct Info
    {
        Metric metric;
        QLatin1String name;
        QLatin1String alias; ///< empty when none: "latency_p95" for "p95"
        Kind kind;
    };

    RunNumbers numbers;       ///< calls, succeeded, failed, rejected, cancelled, wire, checks
    std::array<qint64, kErrorKindCount> failuresByKind{}; ///< the telemetry's, cancelled included
    Percentiles latency;      ///< µs, enqueue to settle, every settled call
    Percentiles queueWait;    ///< µs, enqueue to flush, calls that were sent in a batch
    qint64 durationNs = 0;    ///< the run's first call to its last settling
    bool stopped = false;     ///< ended by Stop (or Ctrl+C)

    static RunMetrics of(const RunRecord &record);

    /// The metric's value in its kind's unit (saved in %, percentiles in ms, duration in s,
    /// rate in calls/s); nothing when the run gives it none (see noValueReason()).
    std::optional<double> value(Metric metric) const;
    /// Why value() is empty, in words ("no call reached the network"); empty when it is not.
    QString noValueReason(Metric metric) const;
    /// Calls per second over the duration; nothing when the run took no time.
    std::optional<double> rate() const;
    double durationSeconds() const { return double(durationNs) / 1e9; }
    /// Failures of one kind (cancelled ones are RunNumbers::cancelled, rejected ones CircuitOpen).
    qint64 failures(ErrorKind kind) const { return failuresByKind.at(size_t(kind)); }

    /// A time for a person: "312.4ms", "4.27ms" (two decimals below 10 ms, where a loopback
    /// run's times are), "1.250s"; the summary table and thresholds' values say times so.
    static QString formatMillis(double ms);
    static QString formatSeconds(double seconds);

    /// The metric table, in Metric order.
    static std::span<const Info> metrics();
    static const Info &info(Metric metric);
    static QString name(Metric metric) { return info(metric).name; }
    static Kind kind(Metric metric) { return info(metric).kind; }
    /// The metric named `name` or its alias, case-sensitive as k6's are; nothing when unknown.
    static std::optional<Metric> metric(QStringView name);
    /// Every metric name, in table order ("calls, http_requests, …"), for errors and help.
    static QStringList names();
};

} // namespace batchlab
