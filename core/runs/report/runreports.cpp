// SPDX-License-Identifier: BSD-3-Clause
#include "runs/report/runreports.h"
#include "runs/report/csvreportwriter.h"
#include "runs/report/htmlreportwriter.h"
#include "runs/report/jsonreportwriter.h"
#include "runs/report/junitreportwriter.h"
#include "runs/runstr.h"

#include <QDateTime>
#include <QTimeZone>

namespace batchlab {

const std::vector<const ReportWriter *> &RunReports::writers()
{
    static const HtmlReportWriter html;
    static const JsonReportWriter json;
    static const CsvReportWriter csv;
    static const JUnitReportWriter junit;
    static const std::vector<const ReportWriter *> all{&html, &json, &csv, &junit};
    return all;
}

const ReportWriter *RunReports::writer(const QString &format)
{
    for (const ReportWriter *w : writers()) {
        if (w->format() == format)
            return w;
    }
    return nullptr;
}

QString RunReports::isoTime(const RunRecord &record, qint64 ns)
{
    if (ns < 0 || !record.summary.startedAt.isValid())
        return {};
    return record.summary.startedAt.toUTC().addMSecs(ns / 1'000'000).toString(Qt::ISODateWithMs);
}

RunReports::IsoClock::IsoClock(const RunRecord &record)
    : m_startMs(record.summary.startedAt.toMSecsSinceEpoch()), m_valid(record.summary.startedAt.isValid())
{
}

QString RunReports::IsoClock::at(qint64 ns)
{
    if (ns < 0 || !m_valid)
        return {};
    const qint64 ms = m_startMs + ns / 1'000'000;
    const qint64 second = ms / 1000; // runs start after 1970: no negative division here
    if (second != m_second) {
        m_second = second;
        m_prefix = QDateTime::fromMSecsSinceEpoch(second * 1000, QTimeZone::utc())
                       .toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss"));
    }
    return m_prefix + u'.' + QString::number(ms % 1000).rightJustified(3, u'0') + u'Z';
}

QString RunReports::millis(qint64 ns)
{
    if (ns < 0)
        return {};
    // Integer arithmetic: "%.3f" of a double would round 0.0005 ms differently per platform.
    const qint64 us = (ns + 500) / 1000;
    return millisOfMicros(us);
}

QString RunReports::millisOfMicros(qint64 us)
{
    if (us < 0)
        return {};
    return QString::number(us / 1000) + u'.' + QString::number(us % 1000).rightJustified(3, u'0');
}

QJsonObject RunReports::percentilesJson(const Percentiles &p)
{
    const auto ms = [](qint64 us) { return double(us) / 1000.0; };
    return {{QStringLiteral("count"), double(p.count)}, {QStringLiteral("p50"), ms(p.p50)},
            {QStringLiteral("p90"), ms(p.p90)},         {QStringLiteral("p95"), ms(p.p95)},
            {QStringLiteral("p99"), ms(p.p99)},         {QStringLiteral("max"), ms(p.max)}};
}

bool RunReports::failed(const RecordedCall &call)
{
    return call.failed() && call.error != ErrorKind::Cancelled;
}

QString RunReports::outcome(const RecordedCall &call)
{
    if (!call.settled())
        return QStringLiteral("pending");
    if (call.error == ErrorKind::Cancelled)
        return QStringLiteral("cancelled");
    return call.error == ErrorKind::None ? QStringLiteral("succeeded") : QStringLiteral("failed");
}

QString RunReports::title(const RunRecord &record)
{
    const QString set = record.summary.setName.isEmpty() ? RunsTr::tr("an unsaved set") : record.summary.setName;
    return RunsTr::tr("Run %1 of %2").arg(record.summary.number).arg(set);
}

} // namespace batchlab
