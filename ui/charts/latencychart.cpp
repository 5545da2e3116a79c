// SPDX-License-Identifier: BSD-3-Clause
#include "charts/latencychart.h"
#include "charts/chartstr.h"

#include "charts/chartdata.h"

#include <QLineSeries>

namespace batchlab {

LatencyChart::LatencyChart(const ChartTheme &theme)
    : TimeChart(ChartsTr::tr("Latency: end to end and queue wait"), ChartsTr::tr("latency (ms)"), theme)
{
    static constexpr std::array<const char *, 6> names{"latency.p50",   "latency.p90",
                                                       "latency.p99",   "queueWait.p50",
                                                       "queueWait.p90", "queueWait.p99"};
    const std::array<QString, 6> labels{ChartsTr::tr("p50"),      ChartsTr::tr("p90"),      ChartsTr::tr("p99"),
                                        ChartsTr::tr("wait p50"), ChartsTr::tr("wait p90"), ChartsTr::tr("wait p99")};
    for (size_t i = 0; i < m_lines.size(); ++i) {
        m_lines[i] = newLine(QLatin1String(names[i]), labels[i]);
        attach(m_lines[i]);
    }
}

void LatencyChart::applyTheme(const ChartTheme &theme)
{
    TimeChart::applyTheme(theme);
    // Six colours, not three with dashes: the report could not tell p99 from wait p99. The
    // waits stay dashed as well, a second cue that the legend's swatches show.
    const std::array<ChartTheme::Hue, 6> hues{ChartTheme::Hue::Blue,  ChartTheme::Hue::Orange,
                                              ChartTheme::Hue::Vermillion, ChartTheme::Hue::Sky,
                                              ChartTheme::Hue::Green, ChartTheme::Hue::Grey};
    for (size_t i = 0; i < m_lines.size(); ++i)
        m_lines[i]->setPen(ChartTheme::pen(theme.color(hues.at(i)), i < 3 ? 2 : 1.5,
                                           i < 3 ? Qt::SolidLine : Qt::DashLine));
}

double LatencyChart::redraw(const ChartData &data)
{
    const auto &buckets = data.buckets();
    static constexpr std::array<double, 3> quantiles{0.5, 0.9, 0.99};
    double most = 0;
    const double end = double(data.lastTime()) / 1e9;
    for (size_t k = 0; k < m_lines.size(); ++k) {
        // Each bucket's value held across it, and a break where a bucket had no answer: no
        // diagonal across seconds without data.
        QList<QList<QPointF>> segments;
        bool open = false;
        for (size_t i = 0; i < buckets.size(); ++i) {
            const ChartData::Histogram &h = k < 3 ? buckets[i].latency : buckets[i].queueWait;
            if (h.count() == 0) {
                open = false;
                continue;
            }
            const double ms = double(h.quantile(quantiles.at(k % 3))) / 1000.0;
            most = qMax(most, ms);
            if (!open)
                segments.append(QList<QPointF>{});
            open = true;
            const double x0 = data.bucketStartSeconds(int(i));
            const double x1 = qMax(x0, qMin(end, data.bucketStartSeconds(int(i) + 1)));
            segments.last().append({x0, ms});
            segments.last().append({x1, ms});
        }
        replaceSegments(m_lines[k], segments);
    }
    return setNiceRange(yAxis(), qMax(1.0, most));
}

} // namespace batchlab
