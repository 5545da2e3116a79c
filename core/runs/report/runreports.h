// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "runs/report/reportwriter.h"
#include "runs/runnumbers.h"

#include <QJsonObject>

#include <vector>

namespace batchlab {

/// The run report writers, and what they share so that every report says the same: times
/// as ISO 8601 from the run's start, durations in milliseconds with three decimals, and the
/// names of a call's outcome.
class RunReports
{
public:
    static const std::vector<const ReportWriter *> &writers();
    /// The writer of `format` ("json", "csv", "junit", "html"), or null.
    static const ReportWriter *writer(const QString &format);

    /// The wall-clock time `ns` after the run started, ISO 8601 in UTC with milliseconds;
    /// empty for a negative offset (not known).
    static QString isoTime(const RunRecord &record, qint64 ns);
    /// isoTime() for many offsets of one run: the date and time of day are formatted once per
    /// second, the milliseconds appended (a report of a million calls formats two million).
    class IsoClock
    {
    public:
        explicit IsoClock(const RunRecord &record);
        QString at(qint64 ns);

    private:
        qint64 m_startMs = 0;
        bool m_valid = false;
        qint64 m_second = -1;
        QString m_prefix; ///< "2026-12-07T23:17:14"
    };

    /// `ns` in milliseconds with three decimals ("12.345"); empty when negative (not known).
    static QString millis(qint64 ns);
    /// µs (the telemetry's percentiles) in milliseconds with three decimals.
    static QString millisOfMicros(qint64 us);
    /// The telemetry's percentiles (µs) as JSON in ms: count, p50, p90, p95, p99, max. The run
    /// report and the command line's summary (RunSummaryJson) both write them so.
    static QJsonObject percentilesJson(const Percentiles &percentiles);
    /// "succeeded", "failed", "cancelled" (by Stop) or "pending" (the run ended first).
    static QString outcome(const RecordedCall &call);
    /// Whether the call failed in the sense of RunNumbers: an error other than cancellation.
    static bool failed(const RecordedCall &call);
    /// RunNumbers of the record's summary.
    static RunNumbers numbers(const RunRecord &record) { return RunNumbers::of(record.summary); }
    /// "Run 3 of users" for titles.
    static QString title(const RunRecord &record);
};

} // namespace batchlab
