// SPDX-License-Identifier: BSD-3-Clause
#include "runs/verdict/runsummarytable.h"
#include "runs/runstr.h"

namespace batchlab {

namespace {

constexpr int kLabelWidth = 24; ///< indent and label, dotted out
constexpr int kValueWidth = 10; ///< one number with its unit, right-aligned

class Lines
{
public:
    explicit Lines(bool unicode)
        : m_unicode(unicode)
    { }

    /// "  label ..........:      value  detail", label indented by `depth` levels.
    void row(int depth, const QString &label, const QString &value, const QString &detail = {})
    {
        QString line = QString(2 + 2 * depth, u' ') + label + u' ';
        if (line.size() < kLabelWidth)
            line += QString(kLabelWidth - line.size(), u'.');
        line += QStringLiteral(": ") + value.rightJustified(kValueWidth);
        if (!detail.isEmpty())
            line += QStringLiteral("  ") + detail;
        add(line);
    }

    void add(const QString &line) { m_text += line + u'\n'; }
    void blank() { m_text += u'\n'; }

    QString dash() const { return m_unicode ? QStringLiteral("\u2014") : QStringLiteral("-"); }
    QString text() const { return m_text; }

private:
    bool m_unicode;
    QString m_text;
};

QString count(qint64 n)
{
    return QString::number(n);
}

QString millis(const Percentiles &p, qint64 us, const QString &none)
{
    return p.count > 0 ? RunMetrics::formatMillis(double(us) / 1000.0) : none;
}

void percentileRow(Lines &lines, const QString &label, const Percentiles &p)
{
    const QString none = lines.dash();
    QString line = QStringLiteral("  ") + label + u' ';
    if (line.size() < kLabelWidth)
        line += QString(kLabelWidth - line.size(), u'.');
    line += QStringLiteral(": ");
    for (const qint64 us : {p.p50, p.p90, p.p95, p.p99, p.max})
        line += millis(p, us, none).rightJustified(kValueWidth);
    lines.add(line);
}

} // namespace

QString RunSummaryTable::text(const RunMetrics &m, const std::vector<ThresholdResult> &thresholds, bool unicode)
{
    const RunNumbers &n = m.numbers;
    Lines lines(unicode);
    lines.add(m.stopped ? RunsTr::tr("Run summary (stopped before the end)") : RunsTr::tr("Run summary"));
    lines.blank();
    lines.row(0, RunsTr::tr("calls"), count(n.calls));
    lines.row(1, RunsTr::tr("succeeded"), count(n.succeeded));
    lines.row(1, RunsTr::tr("failed"), count(n.failed), n.rejected ? RunsTr::tr("%1 refused by the breaker").arg(n.rejected) : QString());
    // By kind, under failed; cancelled calls are not failures (RunNumbers), so they have their row.
    for (int k = 0; k < kErrorKindCount; ++k) {
        const auto kind = ErrorKind(k);
        if (kind != ErrorKind::Cancelled && m.failures(kind) != 0)
            lines.row(2, errorKindName(kind), count(m.failures(kind)));
    }
    lines.row(1, RunsTr::tr("cancelled"), count(n.cancelled));
    lines.row(0, RunsTr::tr("HTTP requests"), count(n.httpRequests),
              RunsTr::tr("%1 batches, %2 plain").arg(count(n.batches), count(n.httpRequests - n.batches)));
    const std::optional<double> saved = n.savedPercent();
    lines.row(0, RunsTr::tr("saved"), saved ? QString::number(*saved, 'f', 1) + u'%' : lines.dash(),
              saved ? RunsTr::tr("%1 of %2 requests avoided").arg(count(n.avoided()), count(n.requestsWithout()))
                    : RunsTr::tr("no call reached the network"));
    lines.row(0, RunsTr::tr("dedup hits"), count(n.avoidedByDedup));
    lines.row(0, RunsTr::tr("cache hits"), count(n.cacheHits));
    lines.row(0, RunsTr::tr("retries"), count(n.retries));
    lines.row(0, RunsTr::tr("checks"), n.checks() ? RunsTr::tr("%1/%2").arg(count(n.checksPassed), count(n.checks())) : lines.dash(),
              n.checks() ? RunsTr::tr("%1 failed").arg(n.checksFailed) : QString());
    lines.blank();

    QString header(kLabelWidth + 2, u' ');
    for (const QString &column : {RunsTr::tr("p50"), RunsTr::tr("p90"), RunsTr::tr("p95"), RunsTr::tr("p99"), RunsTr::tr("max")})
        header += column.rightJustified(kValueWidth);
    lines.add(header);
    percentileRow(lines, RunsTr::tr("latency"), m.latency);
    percentileRow(lines, RunsTr::tr("queue wait"), m.queueWait);
    lines.blank();

    const std::optional<double> rate = m.rate();
    lines.row(0, RunsTr::tr("duration"), m.durationNs < 1'000'000'000 ? RunMetrics::formatMillis(double(m.durationNs) / 1e6)
                                                                      : RunMetrics::formatSeconds(m.durationSeconds()));
    lines.row(0, RunsTr::tr("rate"), rate ? QString::number(*rate, 'f', 1) : lines.dash(), RunsTr::tr("calls/s"));

    if (!thresholds.empty()) {
        lines.blank();
        lines.add(RunsTr::tr("Thresholds"));
        lines.blank();
        for (const ThresholdResult &t : thresholds) {
            const QString mark = unicode ? (t.passed ? QStringLiteral("\u2713") : QStringLiteral("\u2717"))
                                         : (t.passed ? RunsTr::tr("PASS") : RunsTr::tr("FAIL"));
            lines.row(0, mark + u' ' + t.expression, t.valueText);
            // The reason on a line of its own, so that a long one does not push past kWidth.
            if (!t.reason.isEmpty())
                lines.add(QString(kLabelWidth + 2, u' ') + t.reason);
        }
    }
    return lines.text();
}

} // namespace batchlab
