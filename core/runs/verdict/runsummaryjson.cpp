// SPDX-License-Identifier: BSD-3-Clause
#include "runs/verdict/runsummaryjson.h"
#include "runs/report/runreports.h"

#include <QJsonArray>

namespace batchlab {

namespace {

QJsonValue orNull(const std::optional<double> &value)
{
    return value ? QJsonValue(*value) : QJsonValue(QJsonValue::Null);
}

} // namespace

QJsonObject RunSummaryJson::toJson(const RunMetrics &m, const std::vector<ThresholdResult> &thresholds)
{
    using Metric = RunMetrics::Metric;
    const RunNumbers &n = m.numbers;
    QJsonObject failuresByKind;
    for (int k = 0; k < kErrorKindCount; ++k) {
        const auto kind = ErrorKind(k);
        if (kind != ErrorKind::Cancelled && m.failures(kind) != 0)
            failuresByKind.insert(errorKindName(kind), double(m.failures(kind)));
    }
    QJsonArray verdicts;
    bool passed = true;
    for (const ThresholdResult &t : thresholds) {
        passed = passed && t.passed;
        verdicts.append(QJsonObject{{QStringLiteral("expression"), t.expression},
                                    {QStringLiteral("passed"), t.passed},
                                    {QStringLiteral("value"), orNull(t.value)},
                                    {QStringLiteral("text"), t.valueText},
                                    {QStringLiteral("reason"), t.reason.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(t.reason)}});
    }
    const auto name = [](Metric metric) { return RunMetrics::name(metric); };
    const auto count = [&m](Metric metric) { return m.value(metric).value_or(0.0); };
    return {{QStringLiteral("format"), QLatin1String(kFormat)},
            {QStringLiteral("version"), kVersion},
            {name(Metric::Calls), count(Metric::Calls)},
            {QStringLiteral("succeeded"), double(n.succeeded)},
            {name(Metric::Failures), count(Metric::Failures)},
            {QStringLiteral("failures_by_kind"), failuresByKind},
            {name(Metric::Rejected), count(Metric::Rejected)},
            {name(Metric::Cancelled), count(Metric::Cancelled)},
            {name(Metric::HttpRequests), count(Metric::HttpRequests)},
            {name(Metric::Batches), count(Metric::Batches)},
            {QStringLiteral("requests_without_batching"), double(n.requestsWithout())},
            {name(Metric::Saved), orNull(m.value(Metric::Saved))},
            {name(Metric::DedupHits), count(Metric::DedupHits)},
            {name(Metric::CacheHits), count(Metric::CacheHits)},
            {name(Metric::Retries), count(Metric::Retries)},
            {QStringLiteral("checks_passed"), double(n.checksPassed)},
            {name(Metric::ChecksFailed), count(Metric::ChecksFailed)},
            {QStringLiteral("latency_ms"), RunReports::percentilesJson(m.latency)},
            {QStringLiteral("queue_wait_ms"), RunReports::percentilesJson(m.queueWait)},
            {QStringLiteral("duration_s"), m.durationSeconds()},
            {name(Metric::Rate), orNull(m.rate())},
            {QStringLiteral("stopped"), m.stopped},
            {QStringLiteral("thresholds"), verdicts},
            {QStringLiteral("passed"), passed}};
}

} // namespace batchlab
