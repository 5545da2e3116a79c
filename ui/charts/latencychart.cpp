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
    const std::array<ChartTheme::Hue, 3> hues{ChartTheme::Hue::Blue, ChartTheme::Hue::Orange,
                                              ChartTheme::Hue::Vermillion};
    for (size_t i = 0; i < m_lines.size(); ++i)
        m_lines[i]->setPen(ChartTheme::pen(theme.color(hues.at(i % 3)), i < 3 ? 2 : 1.5,
                                           i < 3 ? Qt::SolidLine : Qt::DashLine));
}

double LatencyChart::redraw(const ChartData &data)
{
    const auto &buckets = data.buckets();
    static constexpr std::array<double, 3> quantiles{0.5, 0.9, 0.99};
    double most = 0;
    for (size_t k = 0; k < m_lines.size(); ++k) {
        QList<QPointF> points;
        points.reserve(qsizetype(buckets.size()));
        for (size_t i = 0; i < buckets.size(); ++i) {
            const ChartData::Histogram &h = k < 3 ? buckets[i].latency : buckets[i].queueWait;
            if (h.count() == 0)
                continue;
            const double ms = double(h.quantile(quantiles.at(k % 3))) / 1000.0;
            most = qMax(most, ms);
            points.append({data.bucketStartSeconds(int(i)) + data.bucketWidthSeconds() / 2, ms});
        }
        m_lines[k]->replace(points);
    }
    return setNiceRange(yAxis(), qMax(1.0, most));
}

} // namespace batchlab
