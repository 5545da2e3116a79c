// SPDX-License-Identifier: BSD-3-Clause
#include "runs/report/reportcharts.h"
#include "runs/report/runreports.h"
#include "runs/runnumbers.h"
#include "runs/runstr.h"

#include <QLocale>

#include <algorithm>
#include <array>
#include <cmath>

namespace batchlab {

namespace {

constexpr double kWidth = 880;
constexpr double kHeight = 320;
constexpr double kLeft = 72;
constexpr double kRight = 24;
constexpr double kTop = 66; // the title's and the legend's rows
constexpr double kBottom = 52;

QString num(double v)
{
    return QString::number(v, 'f', 1);
}

QString esc(const QString &text)
{
    return text.toHtmlEscaped();
}

/// A step of 1, 2 or 5 times a power of ten that splits `range` in about `parts`.
double niceStep(double range, int parts)
{
    if (range <= 0)
        return 1;
    const double raw = range / parts;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    for (const double m : {1.0, 2.0, 5.0, 10.0}) {
        if (raw <= m * magnitude)
            return m * magnitude;
    }
    return 10 * magnitude;
}

QString tickText(double v, double step)
{
    const int decimals = step >= 1 ? 0 : int(std::ceil(-std::log10(step)));
    return QLocale::c().toString(v, 'f', decimals);
}

/// Time on the x axis: in ms for runs under two seconds, else in s.
struct TimeUnit
{
    double perNs;
    QString label;

    static TimeUnit of(qint64 spanNs)
    {
        if (spanNs < 2'000'000'000)
            return {1e-6, RunsTr::tr("time since the run started (ms)")};
        return {1e-9, RunsTr::tr("time since the run started (s)")};
    }
};

/// Axes, grid and legend of one chart; data is mapped into the plot area by x() and y().
class Plot
{
public:
    Plot(const QString &title, double xMax, double yMax, const QString &xLabel, const QString &yLabel)
        : m_xStep(niceStep(xMax, 8))
        , m_yStep(niceStep(yMax, 5))
        , m_xMax(std::max(m_xStep, std::ceil(xMax / m_xStep - 1e-9) * m_xStep))
        , m_yMax(std::max(m_yStep, std::ceil(yMax / m_yStep - 1e-9) * m_yStep))
    {
        m_svg += QStringLiteral("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %1 %2\" width=\"%1\" "
                                "height=\"%2\" role=\"img\" aria-label=\"%3\" font-family=\"sans-serif\" "
                                "font-size=\"12\">\n<title>%3</title>\n")
                     .arg(num(kWidth), num(kHeight), esc(title));
        m_svg += QStringLiteral("<rect x=\"0\" y=\"0\" width=\"%1\" height=\"%2\" fill=\"#ffffff\"/>\n"
                                "<text x=\"%3\" y=\"22\" font-size=\"15\" font-weight=\"bold\" fill=\"#1d1d1f\">%4</text>\n")
                     .arg(num(kWidth), num(kHeight), num(kLeft), esc(title));
        for (double v = 0; v <= m_yMax + m_yStep / 2; v += m_yStep) {
            m_svg += QStringLiteral("<line x1=\"%1\" y1=\"%2\" x2=\"%3\" y2=\"%2\" stroke=\"#e3e3e3\"/>"
                                    "<text x=\"%4\" y=\"%5\" text-anchor=\"end\" fill=\"#444\">%6</text>\n")
                         .arg(num(kLeft), num(y(v)), num(kWidth - kRight), num(kLeft - 6), num(y(v) + 4),
                              tickText(v, m_yStep));
        }
        m_svg += QStringLiteral("<text transform=\"translate(16 %1) rotate(-90)\" text-anchor=\"middle\" "
                                "fill=\"#222\">%2</text>\n")
                     .arg(num(kTop + (kHeight - kTop - kBottom) / 2), esc(yLabel));
        m_svg += QStringLiteral("<text x=\"%1\" y=\"%2\" text-anchor=\"middle\" fill=\"#222\">%3</text>\n")
                     .arg(num(kLeft + (kWidth - kLeft - kRight) / 2), num(kHeight - 10), esc(xLabel));
    }

    double x(double v) const { return kLeft + (kWidth - kLeft - kRight) * v / m_xMax; }
    double y(double v) const { return kHeight - kBottom - (kHeight - kTop - kBottom) * v / m_yMax; }
    double xStep() const { return m_xStep; }

    /// Ticks along x at every step (for continuous axes).
    void xTicks()
    {
        for (double v = 0; v <= m_xMax + m_xStep / 2; v += m_xStep)
            xTick(v, tickText(v, m_xStep));
    }
    void xTick(double v, const QString &text)
    {
        m_svg += QStringLiteral("<line x1=\"%1\" y1=\"%2\" x2=\"%1\" y2=\"%3\" stroke=\"#888\"/>"
                                "<text x=\"%1\" y=\"%4\" text-anchor=\"middle\" fill=\"#444\">%5</text>\n")
                     .arg(num(x(v)), num(kHeight - kBottom), num(kHeight - kBottom + 5), num(kHeight - kBottom + 18),
                          esc(text));
    }
    void legend(const QString &color, const QString &text, bool dashed = false)
    {
        // Entries left to right on the top row, wrapping is not needed for the few each has.
        m_svg += QStringLiteral("<line x1=\"%1\" y1=\"42\" x2=\"%2\" y2=\"42\" stroke=\"%3\" stroke-width=\"3\"%4/>"
                                "<text x=\"%5\" y=\"46\" fill=\"#222\">%6</text>\n")
                     .arg(num(m_legendX), num(m_legendX + 18), color,
                          dashed ? QStringLiteral(" stroke-dasharray=\"5 3\"") : QString(), num(m_legendX + 24),
                          esc(text));
        m_legendX += 34 + 7.0 * text.size();
    }
    void polyline(const std::vector<std::pair<double, double>> &points, const QString &color, bool dashed = false)
    {
        if (points.empty())
            return;
        if (points.size() == 1) {
            circle(points.front().first, points.front().second, 3.5, color);
            return;
        }
        QString path;
        for (const auto &[px, py] : points)
            path += num(x(px)) + u',' + num(y(py)) + u' ';
        m_svg += QStringLiteral("<polyline fill=\"none\" stroke=\"%1\" stroke-width=\"2\"%2 points=\"%3\"/>\n")
                     .arg(color, dashed ? QStringLiteral(" stroke-dasharray=\"5 3\"") : QString(), path.trimmed());
    }
    /// A cumulative count as steps: flat until each point, then up.
    static std::vector<std::pair<double, double>> steps(const std::vector<std::pair<double, double>> &points)
    {
        std::vector<std::pair<double, double>> out;
        for (const auto &point : points) {
            if (!out.empty())
                out.emplace_back(point.first, out.back().second);
            out.push_back(point);
        }
        return out;
    }
    void area(const std::vector<std::pair<double, double>> &upper,
              const std::vector<std::pair<double, double>> &lower, const QString &color)
    {
        if (upper.size() < 2)
            return;
        QString path;
        for (const auto &[px, py] : upper)
            path += num(x(px)) + u',' + num(y(py)) + u' ';
        for (auto it = lower.rbegin(); it != lower.rend(); ++it)
            path += num(x(it->first)) + u',' + num(y(it->second)) + u' ';
        m_svg += QStringLiteral("<polygon fill=\"%1\" fill-opacity=\"0.35\" stroke=\"none\" points=\"%2\"/>\n")
                     .arg(color, path.trimmed());
    }
    void circle(double cx, double cy, double r, const QString &color)
    {
        m_svg += QStringLiteral("<circle cx=\"%1\" cy=\"%2\" r=\"%3\" fill=\"%4\"/>")
                     .arg(num(x(cx)), num(y(cy)), num(r), color);
    }
    void rect(double x0, double x1, double y0, double y1, const QString &color, const QString &tip)
    {
        m_svg += QStringLiteral("<rect x=\"%1\" y=\"%2\" width=\"%3\" height=\"%4\" fill=\"%5\"><title>%6</title></rect>\n")
                     .arg(num(x(x0)), num(y(y1)), num(std::max(1.0, x(x1) - x(x0))), num(y(y0) - y(y1)), color,
                          esc(tip));
    }
    void note(const QString &text)
    {
        m_svg += QStringLiteral("<text x=\"%1\" y=\"%2\" text-anchor=\"middle\" fill=\"#666\">%3</text>\n")
                     .arg(num(kLeft + (kWidth - kLeft - kRight) / 2), num(kTop + (kHeight - kTop - kBottom) / 2), esc(text));
    }
    QString finish()
    {
        m_svg += QStringLiteral("<line x1=\"%1\" y1=\"%2\" x2=\"%3\" y2=\"%2\" stroke=\"#444\"/>"
                                "<line x1=\"%1\" y1=\"%4\" x2=\"%1\" y2=\"%2\" stroke=\"#444\"/>\n</svg>\n")
                     .arg(num(kLeft), num(kHeight - kBottom), num(kWidth - kRight), num(kTop));
        return m_svg;
    }

private:
    double m_xStep;
    double m_yStep;
    double m_xMax;
    double m_yMax;
    double m_legendX = kLeft;
    QString m_svg;
};

const std::array<const char *, kFlushReasonCount> kReasonColors{
    "#1f77b4", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#ff7f0e", "#d62728"};

} // namespace

QString ReportCharts::latency(const RunRecord &record)
{
    std::vector<const RecordedCall *> settled;
    qint64 lastNs = 0;
    qint64 maxLatency = 0;
    for (const RecordedCall &c : record.calls) {
        if (!c.settled() || c.cached)
            continue;
        settled.push_back(&c);
        lastNs = std::max(lastNs, c.settledNs);
        maxLatency = std::max(maxLatency, c.latencyNs());
    }
    // Both time charts span the run, in the same unit, so that they line up.
    const qint64 spanNs = std::max(lastNs, record.durationNs);
    const TimeUnit unit = TimeUnit::of(spanNs);
    const QString title = RunsTr::tr("Latency of each call by when it was answered");
    Plot plot(title, double(spanNs) * unit.perNs, double(maxLatency) / 1e6, unit.label, RunsTr::tr("latency (ms)"));
    plot.xTicks();
    if (settled.empty()) {
        plot.note(RunsTr::tr("No call was answered."));
        return plot.finish();
    }
    const size_t stride = std::max<size_t>(1, (settled.size() + kMaxDots - 1) / kMaxDots);
    // Failed calls are drawn after the rest, so that none hides under a grey dot.
    for (const bool failedPass : {false, true}) {
        for (size_t i = 0; i < settled.size(); i += stride) {
            const RecordedCall &c = *settled[i];
            if (RunReports::failed(c) != failedPass)
                continue;
            plot.circle(double(c.settledNs) * unit.perNs, double(c.latencyNs()) / 1e6, 2.2,
                        failedPass ? QStringLiteral("#d62728") : QStringLiteral("#9aa7b8"));
        }
    }
    // p50 and p99 of the calls answered in each time bucket.
    const int buckets = std::clamp(int(settled.size() / 8), 1, kMaxBuckets);
    const double width = double(std::max<qint64>(1, lastNs)) / buckets;
    std::vector<std::vector<qint64>> latencies(static_cast<size_t>(buckets));
    std::vector<double> sumAt(static_cast<size_t>(buckets)); // drawn at the mean answer time of the bucket
    for (const RecordedCall *c : settled) {
        // The last answer falls on the end of the last bucket, not in one of its own.
        const size_t b = std::min(size_t(double(c->settledNs) / width), size_t(buckets) - 1);
        latencies[b].push_back(c->latencyNs());
        sumAt[b] += double(c->settledNs);
    }
    std::vector<std::pair<double, double>> p50;
    std::vector<std::pair<double, double>> p99;
    for (size_t b = 0; b < latencies.size(); ++b) {
        std::vector<qint64> &l = latencies[b];
        if (l.empty())
            continue;
        std::sort(l.begin(), l.end());
        const auto rank = [&l](double q) { return l[std::min(l.size() - 1, size_t(std::ceil(q * double(l.size()))) - 1)]; };
        const double at = sumAt[b] / double(l.size()) * unit.perNs;
        p50.emplace_back(at, double(rank(0.5)) / 1e6);
        p99.emplace_back(at, double(rank(0.99)) / 1e6);
    }
    plot.polyline(p99, QStringLiteral("#ff7f0e"));
    plot.polyline(p50, QStringLiteral("#1f77b4"));
    plot.legend(QStringLiteral("#1f77b4"), RunsTr::tr("p50"));
    plot.legend(QStringLiteral("#ff7f0e"), RunsTr::tr("p99"));
    plot.legend(QStringLiteral("#9aa7b8"), stride == 1 ? RunsTr::tr("a call") : RunsTr::tr("every %1th call").arg(stride));
    plot.legend(QStringLiteral("#d62728"), RunsTr::tr("a failed call"));
    return plot.finish();
}

QString ReportCharts::batchSizes(const RunRecord &record)
{
    int largest = 0;
    for (const RecordedBatch &b : record.batches)
        largest = std::max(largest, b.size);
    const int maxBatch = record.summary.config.batch.maxBatchSize;
    const int binWidth = std::max(1, (std::max(largest, 1) + kMaxBars - 1) / kMaxBars);
    const int bins = std::max(largest, 1) / binWidth + 1;
    std::vector<std::array<qint64, kFlushReasonCount>> counts(size_t(bins) + 1);
    for (const RecordedBatch &b : record.batches)
        ++counts[size_t(b.size / binWidth)][size_t(b.reason)];
    qint64 tallest = 0;
    std::array<bool, kFlushReasonCount> seen{};
    for (const auto &bin : counts) {
        qint64 sum = 0;
        for (int r = 0; r < kFlushReasonCount; ++r) {
            sum += bin[size_t(r)];
            seen[size_t(r)] = seen[size_t(r)] || bin[size_t(r)] > 0;
        }
        tallest = std::max(tallest, sum);
    }
    const double xMax = double(std::max(largest, maxBatch)) + 1;
    Plot plot(RunsTr::tr("Batch sizes by flush reason"), xMax, double(tallest),
              RunsTr::tr("batch size (calls per HTTP request)"), RunsTr::tr("HTTP requests"));
    const double step = std::max(1.0, plot.xStep());
    for (double v = step; v < xMax; v += step)
        plot.xTick(v, QString::number(qint64(v)));
    if (record.batches.empty()) {
        plot.note(RunsTr::tr("No HTTP request was sent."));
        return plot.finish();
    }
    for (size_t bin = 0; bin < counts.size(); ++bin) {
        const double from = double(bin) * binWidth - 0.5; // a bar of width 1 is centred on its size
        const double to = from + binWidth;
        const double gap = binWidth * 0.1;
        qint64 base = 0;
        for (int r = 0; r < kFlushReasonCount; ++r) {
            const qint64 n = counts[bin][size_t(r)];
            if (n == 0)
                continue;
            const QString size = binWidth == 1 ? QString::number(bin * binWidth)
                                               : QStringLiteral("%1–%2").arg(bin * binWidth).arg((bin + 1) * binWidth - 1);
            plot.rect(from + gap, to - gap, double(base), double(base + n), QLatin1String(kReasonColors[size_t(r)]),
                      RunsTr::tr("%1 HTTP requests of %2 calls, flushed by %3").arg(n).arg(size, flushReasonName(FlushReason(r))));
            base += n;
        }
    }
    for (int r = 0; r < kFlushReasonCount; ++r) {
        if (seen[size_t(r)])
            plot.legend(QLatin1String(kReasonColors[size_t(r)]), flushReasonName(FlushReason(r)));
    }
    if (maxBatch > 0) {
        plot.polyline({{double(maxBatch) + 0.5, 0}, {double(maxBatch) + 0.5, double(tallest)}}, QStringLiteral("#000000"), true);
        plot.legend(QStringLiteral("#000000"), RunsTr::tr("maxBatchSize = %1").arg(maxBatch), true);
    }
    return plot.finish();
}

QString ReportCharts::requestsSaved(const RunRecord &record)
{
    // Both lines step at each HTTP request's sending: one request for it, and one per call
    // it carried and per call that shared one of its items (RunNumbers' requestsWithout()).
    std::vector<const RecordedBatch *> sent;
    for (const RecordedBatch &b : record.batches) {
        if (b.sentNs >= 0)
            sent.push_back(&b);
    }
    std::stable_sort(sent.begin(), sent.end(), [](const RecordedBatch *a, const RecordedBatch *b) { return a->sentNs < b->sentNs; });
    const qint64 lastNs = sent.empty() ? 0 : sent.back()->sentNs;
    qint64 lastAnswer = 0;
    for (const RecordedCall &c : record.calls)
        lastAnswer = std::max(lastAnswer, c.settledNs);
    const qint64 spanNs = std::max({lastNs, lastAnswer, record.durationNs});
    const TimeUnit unit = TimeUnit::of(spanNs);
    std::vector<std::pair<double, double>> without{{0, 0}};
    std::vector<std::pair<double, double>> http{{0, 0}};
    const size_t stride = std::max<size_t>(1, sent.size() / (kMaxBuckets * 4));
    qint64 calls = 0;
    qint64 requests = 0;
    for (size_t i = 0; i < sent.size(); ++i) {
        const RecordedBatch &b = *sent[i];
        calls += b.size;
        for (const RecordedBatch::Item &item : b.items)
            calls += qint64(item.sharers.size());
        ++requests;
        if (i % stride == 0 || i + 1 == sent.size()) {
            const double at = double(b.sentNs) * unit.perNs;
            without.emplace_back(at, double(calls));
            http.emplace_back(at, double(requests));
        }
    }
    const RunNumbers n = RunReports::numbers(record);
    const QString title = RunsTr::tr("HTTP requests avoided by batching and de-duplication: %1").arg(n.savedText());
    Plot plot(title, std::max(double(spanNs) * unit.perNs, 1.0), double(std::max<qint64>(calls, 1)), unit.label,
              RunsTr::tr("requests, cumulative"));
    plot.xTicks();
    if (sent.empty()) {
        plot.note(RunsTr::tr("No HTTP request was sent: nothing was saved by batching."));
        return plot.finish();
    }
    without = Plot::steps(without);
    http = Plot::steps(http);
    plot.area(without, http, QStringLiteral("#2ca02c"));
    plot.polyline(without, QStringLiteral("#7f7f7f"), true);
    plot.polyline(http, QStringLiteral("#1f77b4"));
    const QLocale locale;
    plot.legend(QStringLiteral("#7f7f7f"), RunsTr::tr("one request per call: %1").arg(locale.toString(n.requestsWithout())), true);
    plot.legend(QStringLiteral("#1f77b4"), RunsTr::tr("HTTP requests sent: %1").arg(locale.toString(n.httpRequests)));
    plot.legend(QStringLiteral("#2ca02c"), RunsTr::tr("avoided: %1 (%2)").arg(locale.toString(n.avoided()), n.savedText()));
    return plot.finish();
}

} // namespace batchlab
