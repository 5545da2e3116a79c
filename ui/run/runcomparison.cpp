// SPDX-License-Identifier: BSD-3-Clause
#include "run/runcomparison.h"
#include "run/runtr.h"

#include "client/configchanges.h"

#include <QCoreApplication>
#include <QLocale>

namespace batchlab {

namespace {

QString planText(const RunSummary &s)
{
    const QString pattern = s.plan.arrival == ArrivalPattern::AllAtOnce
        ? arrivalPatternName(s.plan.arrival)
        : QStringLiteral("%1, %2/s").arg(arrivalPatternName(s.plan.arrival), QLocale().toString(s.plan.ratePerSecond));
    return QStringLiteral("%1 × %2").arg(s.plan.iterations).arg(pattern);
}

/// "×2.5" for counts and times that grew or shrank; "=" when equal; "–" without a base.
QString ratio(double a, double b)
{
    if (a == b)
        return QStringLiteral("=");
    if (a == 0)
        return QStringLiteral("–");
    return QStringLiteral("×%1").arg(QLocale().toString(b / a, 'g', 3));
}

ComparisonRow count(const QString &label, qint64 a, qint64 b)
{
    const QLocale locale;
    return {label, locale.toString(a), locale.toString(b), ratio(double(a), double(b))};
}

ComparisonRow milliseconds(const QString &label, qint64 aMicros, qint64 bMicros)
{
    const QLocale locale;
    return {label, locale.toString(aMicros / 1000.0, 'f', 1), locale.toString(bMicros / 1000.0, 'f', 1),
            ratio(double(aMicros), double(bMicros))};
}

} // namespace

QList<ComparisonRow> compareRuns(const RunSummary &a, const RunSummary &b)
{
    const TelemetryCounters &x = a.counters;
    const TelemetryCounters &y = b.counters;
    const QLocale locale;
    const QStringList changes = configChanges(a.config, b.config);
    const double points = y.savedPercent() - x.savedPercent();
    return {
        {RunTr::tr("Set"), a.setName, b.setName, a.setName == b.setName ? QStringLiteral("=") : RunTr::tr("other set")},
        {RunTr::tr("Plan"), planText(a), planText(b), planText(a) == planText(b) ? QStringLiteral("=") : RunTr::tr("changed")},
        {RunTr::tr("Settings"), QString(), QString(), changes.isEmpty() ? RunTr::tr("same") : changes.join(u'\n')},
        count(RunTr::tr("Calls"), x.calls, y.calls),
        count(RunTr::tr("HTTP requests"), x.httpRequests, y.httpRequests),
        {RunTr::tr("Saved"), locale.toString(x.savedPercent(), 'f', 1) + u'%', locale.toString(y.savedPercent(), 'f', 1) + u'%',
         points == 0 ? QStringLiteral("=") : RunTr::tr("%1 points").arg(locale.toString(points, 'f', 1))},
        count(RunTr::tr("De-duplicated"), x.dedupHits, y.dedupHits),
        count(RunTr::tr("Cache hits"), x.cacheHits, y.cacheHits),
        count(RunTr::tr("Retries"), x.retries, y.retries),
        count(RunTr::tr("Failed"), x.failed, y.failed),
        count(RunTr::tr("Breaker rejections"), x.breakerRejections, y.breakerRejections),
        milliseconds(RunTr::tr("Latency p50 (ms)"), x.latency.p50, y.latency.p50),
        milliseconds(RunTr::tr("Latency p99 (ms)"), x.latency.p99, y.latency.p99),
        milliseconds(RunTr::tr("Queue wait p50 (ms)"), x.queueWait.p50, y.queueWait.p50),
        milliseconds(RunTr::tr("Duration (ms)"), a.progress.elapsedMs * 1000, b.progress.elapsedMs * 1000),
    };
}

} // namespace batchlab
