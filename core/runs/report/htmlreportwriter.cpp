// SPDX-License-Identifier: BSD-3-Clause
#include "runs/report/htmlreportwriter.h"
#include "runs/report/jsonreportwriter.h"
#include "runs/report/reportcharts.h"
#include "runs/report/runreports.h"
#include "runs/report/urlredaction.h"
#include "runs/runstr.h"
#include "version.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>

#include <algorithm>

namespace batchlab {

namespace {

const char *const kStyle = R"(
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: #1d1d1f;
       margin: 24px auto; max-width: 1180px; padding: 0 16px; line-height: 1.4; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
.meta { color: #555; margin: 0 0 16px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 10px; }
.card { border: 1px solid #ddd; border-radius: 6px; padding: 8px 12px; background: #fafafa; }
.card .value { font-size: 22px; font-weight: 600; }
.card .label { color: #555; font-size: 13px; }
.card.bad .value { color: #c62828; }
.card.good .value { color: #2e7d32; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { border-bottom: 1px solid #e5e5e5; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.url { word-break: break-all; font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12px; }
tr:nth-child(even) td { background: #fbfbfb; }
.settings { columns: 3 260px; font-size: 13px; }
.settings div { break-inside: avoid; }
.settings code { color: #333; }
svg { width: 100%; height: auto; border: 1px solid #e5e5e5; border-radius: 6px; margin: 6px 0 12px; }
.more { color: #555; font-style: italic; }
footer { color: #777; font-size: 12px; margin-top: 32px; }
)";

QString esc(const QString &text)
{
    return text.toHtmlEscaped();
}

QString card(const QString &value, const QString &label, const QString &tip = {}, const QString &kind = {})
{
    return QStringLiteral("<div class=\"card%1\"%2><div class=\"value\">%3</div><div class=\"label\">%4</div></div>\n")
        .arg(kind.isEmpty() ? QString() : u' ' + kind,
             tip.isEmpty() ? QString() : QStringLiteral(" title=\"%1\"").arg(esc(tip)), esc(value), esc(label));
}

/// "batch.maxBatchSize 10" lines of a settings block, as the native file names them.
QString settingsList(const QJsonObject &settings)
{
    QString out = QStringLiteral("<div class=\"settings\">\n");
    for (auto block = settings.begin(); block != settings.end(); ++block) {
        const QJsonObject fields = block.value().toObject();
        for (auto field = fields.begin(); field != fields.end(); ++field) {
            const QJsonValue v = field.value();
            const auto text = [](const QJsonValue &x) {
                return x.isBool()     ? (x.toBool() ? QStringLiteral("true") : QStringLiteral("false"))
                       : x.isDouble() ? QString::number(x.toDouble(), 'g', 12)
                       : x.isString() ? x.toString()
                                      : QStringLiteral("…");
            };
            QString value;
            if (v.isArray()) { // retry.retryStatuses
                QStringList items;
                for (const QJsonValue &item : v.toArray())
                    items.append(text(item));
                value = items.join(QStringLiteral(", "));
            } else {
                value = text(v);
            }
            out += QStringLiteral("<div><code>%1.%2</code> %3</div>\n").arg(esc(block.key()), esc(field.key()), esc(value));
        }
    }
    return out + QStringLiteral("</div>\n");
}

QString callRow(const RecordedCall &c, bool withError)
{
    QString row = QStringLiteral("<tr><td class=\"n\">%1</td><td>%2</td><td>%3</td><td class=\"url\">%4</td>"
                                 "<td class=\"n\">%5</td>")
                      .arg(QString::number(c.id), esc(c.name), esc(QString::fromLatin1(c.method)),
                           esc(UrlRedaction::redacted(c.url)), c.status ? QString::number(c.status) : QStringLiteral("—"));
    if (withError)
        row += QStringLiteral("<td>%1</td><td>%2</td>")
                   .arg(esc(c.error != ErrorKind::None ? errorKindName(c.error) : RunsTr::tr("checks")),
                        esc(c.errorText.isEmpty() ? RunsTr::tr("a check of its answer broke") : c.errorText));
    const QString wait = RunReports::millis(c.queueWaitNs);
    row += QStringLiteral("<td class=\"n\">%1</td><td class=\"n\">%2</td><td class=\"n\">%3</td><td class=\"n\">%4</td></tr>\n")
               .arg(RunReports::millis(c.latencyNs()), wait.isEmpty() ? QStringLiteral("—") : wait,
                    c.batchId ? QString::number(c.batchId) : QStringLiteral("—"), QString::number(c.attempts));
    return row;
}

QString callHeader(bool withError)
{
    return QStringLiteral("<table><thead><tr><th class=\"n\">%1</th><th>%2</th><th>%3</th><th>%4</th><th class=\"n\">%5</th>")
               .arg(RunsTr::tr("call"), RunsTr::tr("request"), RunsTr::tr("method"), RunsTr::tr("URL"), RunsTr::tr("status"))
        + (withError ? QStringLiteral("<th>%1</th><th>%2</th>").arg(RunsTr::tr("error kind"), RunsTr::tr("error")) : QString())
        + QStringLiteral("<th class=\"n\">%1</th><th class=\"n\">%2</th><th class=\"n\">%3</th><th class=\"n\">%4</th></tr></thead><tbody>\n")
              .arg(RunsTr::tr("latency (ms)"), RunsTr::tr("queue wait (ms)"), RunsTr::tr("batch"), RunsTr::tr("attempts"));
}

} // namespace

QString HtmlReportWriter::format() const
{
    return QStringLiteral("html");
}

QString HtmlReportWriter::name() const
{
    return RunsTr::tr("HTML report");
}

QString HtmlReportWriter::suffix() const
{
    return QStringLiteral(".html");
}

QByteArray HtmlReportWriter::write(const RunRecord &record, const ReportOptions &options, QString *error) const
{
    const RunSummary &s = record.summary;
    const RunNumbers n = RunNumbers::of(s);
    const QLocale locale;
    const qint64 total = qint64(record.calls.size());
    if (options.progress && !options.progress(0, total)) {
        *error = RunsTr::tr("cancelled");
        return {};
    }
    const QString title = RunReports::title(record);
    QString html;
    html += QStringLiteral("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                           "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                           "style-src 'unsafe-inline'; img-src data:\">\n"
                           "<title>%1 — Batchlab</title>\n<style>%2</style>\n</head>\n<body>\n")
                .arg(esc(title), QLatin1String(kStyle));
    html += QStringLiteral("<h1>%1</h1>\n").arg(esc(title));
    QString meta = RunsTr::tr("Started %1 · took %2 s · %3 × the set's %4 requests, %5")
                       .arg(RunReports::isoTime(record, 0), QString::number(double(record.durationNs) / 1e9, 'f', 3))
                       .arg(s.plan.iterations)
                       .arg(record.requests.size())
                       .arg(arrivalPatternName(s.plan.arrival));
    if (s.stopped)
        meta += RunsTr::tr(" · stopped before the end");
    if (record.simulated)
        meta += RunsTr::tr(" · simulated");
    html += QStringLiteral("<p class=\"meta\">%1</p>\n").arg(esc(meta));

    // One decimal on the cards, as the Run dock shows them; every digit is in JSON and CSV.
    const auto ms = [&locale](qint64 us) {
        return RunsTr::tr("%1 ms").arg(locale.toString(double(us) / 1000.0, 'f', us < 1000 ? 3 : 1));
    };
    html += QStringLiteral("<h2>%1</h2>\n<div class=\"cards\">\n").arg(RunsTr::tr("Summary"));
    html += card(locale.toString(n.calls), RunsTr::tr("calls"));
    html += card(locale.toString(n.succeeded), RunsTr::tr("succeeded"), {}, n.failed == 0 && n.calls > 0 ? QStringLiteral("good") : QString());
    html += card(locale.toString(n.failed), n.rejected ? RunsTr::tr("failed (%1 refused by the breaker)").arg(locale.toString(n.rejected))
                                                       : RunsTr::tr("failed"),
                 {}, n.failed ? QStringLiteral("bad") : QString());
    html += card(locale.toString(n.cancelled), RunsTr::tr("cancelled by Stop"));
    html += card(locale.toString(n.httpRequests), RunsTr::tr("HTTP requests (%1 batches)").arg(locale.toString(n.batches)));
    html += card(n.savedText(), RunsTr::tr("saved: %1 requests avoided").arg(locale.toString(n.avoided())),
                 RunNumbers::savedDefinition());
    html += card(locale.toString(n.cacheHits), RunsTr::tr("cache hits"));
    html += card(locale.toString(n.retries), RunsTr::tr("retries"));
    html += card(ms(s.counters.latency.p50), RunsTr::tr("latency p50"));
    html += card(ms(s.counters.latency.p90), RunsTr::tr("latency p90"));
    html += card(ms(s.counters.latency.p99), RunsTr::tr("latency p99"));
    html += card(ms(s.counters.latency.max), RunsTr::tr("slowest call"));
    html += card(ms(s.counters.queueWait.p50), RunsTr::tr("queue wait p50"),
                 RunsTr::tr("Enqueued to flushed, for calls that were sent: the price of batching."));
    html += card(n.checksText(), RunsTr::tr("checks passed"), {}, n.checksBroke() ? QStringLiteral("bad") : QString());
    html += QStringLiteral("</div>\n");

    html += QStringLiteral("<h2>%1</h2>\n").arg(RunsTr::tr("Charts"));
    html += ReportCharts::latency(record);
    html += ReportCharts::batchSizes(record);
    html += ReportCharts::requestsSaved(record);

    // The slowest and the failed calls.
    std::vector<const RecordedCall *> slowest;
    std::vector<const RecordedCall *> failed;
    for (const RecordedCall &c : record.calls) {
        if (c.settled())
            slowest.push_back(&c);
        if (RunReports::failed(c) || c.checksFailed)
            failed.push_back(&c);
    }
    const size_t slow = std::min(slowest.size(), size_t(std::max(0, options.slowestShown)));
    std::partial_sort(slowest.begin(), slowest.begin() + qsizetype(slow), slowest.end(),
                      [](const RecordedCall *a, const RecordedCall *b) {
                          return a->latencyNs() != b->latencyNs() ? a->latencyNs() > b->latencyNs() : a->id < b->id;
                      });
    if (options.progress && !options.progress(total / 2, total)) {
        *error = RunsTr::tr("cancelled");
        return {};
    }
    html += QStringLiteral("<h2>%1</h2>\n").arg(RunsTr::tr("The %1 slowest calls").arg(slow));
    if (slow == 0) {
        html += QStringLiteral("<p class=\"more\">%1</p>\n").arg(RunsTr::tr("No call was answered."));
    } else {
        html += callHeader(false);
        for (size_t i = 0; i < slow; ++i)
            html += callRow(*slowest[i], false);
        html += QStringLiteral("</tbody></table>\n");
    }
    html += QStringLiteral("<h2>%1</h2>\n").arg(RunsTr::tr("Failed calls: %1").arg(locale.toString(qint64(failed.size()))));
    if (failed.empty()) {
        html += QStringLiteral("<p class=\"more\">%1</p>\n").arg(RunsTr::tr("No call failed."));
    } else {
        const size_t shown = std::min(failed.size(), size_t(std::max(0, options.failedShown)));
        html += callHeader(true);
        for (size_t i = 0; i < shown; ++i)
            html += callRow(*failed[i], true);
        html += QStringLiteral("</tbody></table>\n");
        if (shown < failed.size())
            html += QStringLiteral("<p class=\"more\">%1</p>\n")
                        .arg(RunsTr::tr("… and %1 more failed calls (the CSV and JSON reports list every call).")
                                 .arg(locale.toString(qint64(failed.size() - shown))));
    }

    html += QStringLiteral("<h2>%1</h2>\n").arg(RunsTr::tr("Settings at the start"));
    html += settingsList(JsonReportWriter::settingsJson(s.config));
    if (!s.settingsChanges.empty()) {
        html += QStringLiteral("<h2>%1</h2>\n<ul>\n").arg(RunsTr::tr("Settings changed during the run"));
        for (const SettingsChange &change : s.settingsChanges)
            html += QStringLiteral("<li>%1 ms: %2</li>\n").arg(QString::number(change.atMs), esc(change.changes.join(QStringLiteral(", "))));
        html += QStringLiteral("</ul>\n");
    }
    html += QStringLiteral("<footer>%1</footer>\n</body>\n</html>\n")
                .arg(esc(RunsTr::tr("Written by Batchlab %1. No header values are included; credentials in URL "
                                    "queries are masked.")
                             .arg(QLatin1String(versionString()))));
    if (options.progress)
        options.progress(total, total);
    return html.toUtf8();
}

} // namespace batchlab
