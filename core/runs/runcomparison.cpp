// SPDX-License-Identifier: BSD-3-Clause
#include "runs/runcomparison.h"
#include "runs/runstr.h"

#include "client/configchanges.h"
#include "runs/runnumbers.h"

#include <QLocale>

#include <cmath>

namespace batchlab {

namespace {

const QChar kMinus(0x2212);

QString planText(const RunSummary &s)
{
    const QString pattern = s.plan.arrival == ArrivalPattern::AllAtOnce || s.plan.arrival == ArrivalPattern::Recorded
        ? arrivalPatternName(s.plan.arrival)
        : QStringLiteral("%1, %2/s").arg(arrivalPatternName(s.plan.arrival), QLocale().toString(s.plan.ratePerSecond));
    return QStringLiteral("%1 × %2").arg(s.plan.iterations).arg(pattern);
}

ComparisonRow count(const QString &label, qint64 a, qint64 b, const QString &toolTip = QString())
{
    const QLocale locale;
    return {label, locale.toString(a), locale.toString(b), changeText(double(a), double(b)), toolTip, false};
}

ComparisonRow milliseconds(const QString &label, qint64 aMicros, qint64 bMicros)
{
    const QLocale locale;
    return {label, locale.toString(aMicros / 1000.0, 'f', 1), locale.toString(bMicros / 1000.0, 'f', 1),
            changeText(aMicros / 1000.0, bMicros / 1000.0, 1, RunsTr::tr(" ms")), QString(), false};
}

QString seconds(qint64 ms)
{
    return RunsTr::tr("%1 s").arg(QLocale().toString(double(ms) / 1000.0, 'f', ms < 10000 ? 2 : 1));
}

} // namespace

QString changeText(double a, double b, int decimals, const QString &unit)
{
    const QLocale locale;
    const double scale = std::pow(10.0, decimals);
    const double difference = std::round((b - a) * scale) / scale;
    if (difference == 0)
        return QStringLiteral("=");
    const QString sign = difference > 0 ? QStringLiteral("+") : QString(kMinus);
    QString text = sign + locale.toString(std::abs(difference), 'f', decimals) + unit;
    if (a != 0) {
        const double percent = std::round(100.0 * (b - a) / std::abs(a));
        if (percent != 0 && std::abs(percent) < 1000)
            text += QStringLiteral(" (%1%2\u00a0%)").arg(sign, locale.toString(std::abs(percent), 'f', 0));
    }
    return text;
}

QStringList settingsChangeLines(const RunSummary &run)
{
    QStringList lines;
    for (const SettingsChange &change : run.settingsChanges) {
        for (const QString &what : change.changes)
            lines.append(RunsTr::tr("%1  %2").arg(seconds(change.atMs), what));
    }
    return lines;
}

QList<ComparisonRow> compareRuns(const RunSummary &a, const RunSummary &b)
{
    const TelemetryCounters &x = a.counters;
    const TelemetryCounters &y = b.counters;
    const RunNumbers m = RunNumbers::of(a);
    const RunNumbers n = RunNumbers::of(b);
    const QLocale locale;
    const QStringList atStart = configChanges(a.config, b.config);
    const bool changedDuring = !a.settingsChanges.empty() || !b.settingsChanges.empty();
    QString settings = atStart.isEmpty() ? RunsTr::tr("same") : atStart.join(u'\n');
    if (changedDuring && atStart.isEmpty())
        settings = RunsTr::tr("same at the start; changed during a run (below)");
    QList<ComparisonRow> rows;
    if (a.setName == b.setName)
        rows.append({RunsTr::tr("Set"), a.setName, QString(), QString(), {}, true});
    else
        rows.append({RunsTr::tr("Set"), a.setName, b.setName, RunsTr::tr("other set"), {}, false});
    rows.append({RunsTr::tr("Plan"), planText(a), planText(b),
                 planText(a) == planText(b) ? QStringLiteral("=") : RunsTr::tr("changed"), {}, false});
    rows.append({RunsTr::tr("Settings"), settings, QString(), QString(),
                 RunsTr::tr("What differed between the two runs' settings when they started (run %1 → run %2).")
                     .arg(a.number)
                     .arg(b.number),
                 true});
    if (changedDuring) {
        for (const RunSummary *run : {&a, &b}) {
            const QStringList lines = settingsChangeLines(*run);
            rows.append({RunsTr::tr("Changed during run %1").arg(run->number),
                         lines.isEmpty() ? RunsTr::tr("none") : lines.join(u'\n'), QString(), QString(),
                         RunsTr::tr("Every settings change made while run %1 was going, with its time since "
                                   "it started.")
                             .arg(run->number),
                         true});
        }
        const QStringList atEnd = configChanges(a.configAtEnd, b.configAtEnd);
        rows.append({RunsTr::tr("Settings at the end"), atEnd.isEmpty() ? RunsTr::tr("same") : atEnd.join(u'\n'),
                     QString(), QString(),
                     RunsTr::tr("What differed between the two runs' settings when they ended (run %1 → run %2).")
                         .arg(a.number)
                         .arg(b.number),
                     true});
    }
    const auto saved = [](const RunNumbers &r) { return r.savedText(); };
    QString savedChange;
    if (m.savedPercent() && n.savedPercent()) {
        const double points = std::round((*n.savedPercent() - *m.savedPercent()) * 10) / 10;
        savedChange = points == 0 ? QStringLiteral("=")
                                  : RunsTr::tr("%1%2 points")
                                        .arg(points > 0 ? QStringLiteral("+") : QString(kMinus),
                                             locale.toString(std::abs(points), 'f', 1));
    }
    rows += {
        count(RunsTr::tr("Calls"), m.calls, n.calls),
        count(RunsTr::tr("HTTP requests"), m.httpRequests, n.httpRequests),
        {RunsTr::tr("Saved"), saved(m), saved(n), savedChange, RunNumbers::savedDefinition(), false},
        count(RunsTr::tr("Avoided by batching"), m.avoidedByBatching, n.avoidedByBatching,
              RunsTr::tr("Calls that went out inside batches, less the batch requests that carried them.")),
        count(RunsTr::tr("Avoided by de-duplication"), m.avoidedByDedup, n.avoidedByDedup,
              RunsTr::tr("Calls that shared an identical call's item instead of a request of their own.")),
        count(RunsTr::tr("Cache hits"), m.cacheHits, n.cacheHits,
              RunsTr::tr("Calls answered from the response cache: nothing was sent for them.")),
        count(RunsTr::tr("Retries"), m.retries, n.retries),
        count(RunsTr::tr("Failed"), m.failed, n.failed,
              RunsTr::tr("Calls that ended in an error, those the breaker refused included; calls "
                        "cancelled by Stop are not failures.")),
        {RunsTr::tr("Checks"), m.checksText(), n.checksText(),
         m.checksFailed == n.checksFailed ? QStringLiteral("=")
                                          : RunsTr::tr("broken %1 → %2").arg(locale.toString(m.checksFailed),
                                                                            locale.toString(n.checksFailed)),
         RunsTr::tr("The requests' expectations: checks that held out of those made over every answer; ✗ marks "
                   "a run in which a check broke, and so failed."),
         false},
        count(RunsTr::tr("Rejected by breaker"), m.rejected, n.rejected,
              RunsTr::tr("Of the failed calls, those the open circuit breaker refused: never sent.")),
        count(RunsTr::tr("Cancelled"), m.cancelled, n.cancelled, RunsTr::tr("Calls cancelled by Stop.")),
        milliseconds(RunsTr::tr("Latency p50 (ms)"), x.latency.p50, y.latency.p50),
        milliseconds(RunsTr::tr("Latency p99 (ms)"), x.latency.p99, y.latency.p99),
        milliseconds(RunsTr::tr("Queue wait p50 (ms)"), x.queueWait.p50, y.queueWait.p50),
        milliseconds(RunsTr::tr("Duration (ms)"), a.progress.elapsedMs * 1000, b.progress.elapsedMs * 1000),
    };
    return rows;
}

} // namespace batchlab
