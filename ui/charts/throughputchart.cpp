// SPDX-License-Identifier: BSD-3-Clause
#include "charts/throughputchart.h"
#include "charts/chartstr.h"

#include <QAreaSeries>
#include <QLineSeries>

namespace batchlab {

ThroughputChart::ThroughputChart(const ChartTheme &theme)
    : TimeChart(ChartsTr::tr("Throughput and outcomes"), ChartsTr::tr("per second"), theme)
{
    for (int s = 0; s < ChartData::kStatusClassCount; ++s) {
        QAreaSeries *area = newArea(QLatin1String("status.") + QString::number(s),
                                    ChartData::statusClassName(ChartData::StatusClass(s)));
        attach(area);
        m_statusAreas.at(size_t(s)) = area;
    }
    m_callRate = newLine(QStringLiteral("callRate"), ChartsTr::tr("calls/s"));
    m_httpRate = newLine(QStringLiteral("httpRate"), ChartsTr::tr("HTTP requests/s"));
    attach(m_callRate);
    attach(m_httpRate);
}

void ThroughputChart::applyTheme(const ChartTheme &theme)
{
    TimeChart::applyTheme(theme);
    for (int s = 0; s < ChartData::kStatusClassCount; ++s) {
        QColor fill = theme.statusColor(s);
        fill.setAlpha(theme.isDark() ? 150 : 130);
        m_statusAreas.at(size_t(s))->setBrush(fill);
        m_statusAreas.at(size_t(s))->setPen(Qt::NoPen);
    }
    m_callRate->setPen(ChartTheme::pen(theme.text(), 2));
    m_httpRate->setPen(ChartTheme::pen(theme.color(ChartTheme::Hue::Blue), 2, Qt::DashLine));
}

double ThroughputChart::redraw(const ChartData &data)
{
    const auto &buckets = data.buckets();
    std::vector<double> stacked(buckets.size(), 0.0);
    double most = 0;
    for (int s = 0; s < ChartData::kStatusClassCount; ++s) {
        const QList<QPointF> lower = steps(data, [&](size_t i) { return stacked[i]; });
        qint64 total = 0;
        for (size_t i = 0; i < buckets.size(); ++i) {
            stacked[i] += double(buckets[i].statuses.at(size_t(s))) / coveredSeconds(data, i);
            total += buckets[i].statuses.at(size_t(s));
        }
        const QList<QPointF> upper = steps(data, [&](size_t i) { return stacked[i]; });
        most = qMax(most, maxY(upper));
        QAreaSeries *area = m_statusAreas.at(size_t(s));
        area->upperSeries()->replace(upper);
        area->lowerSeries()->replace(lower);
        setLegendVisible(area, total > 0);
    }
    const QList<QPointF> calls
        = steps(data, [&](size_t i) { return double(buckets[i].calls) / coveredSeconds(data, i); });
    const QList<QPointF> http = steps(
        data, [&](size_t i) { return double(buckets[i].httpRequests) / coveredSeconds(data, i); });
    m_callRate->replace(calls);
    m_httpRate->replace(http);
    most = qMax(most, qMax(maxY(calls), maxY(http)));
    return setNiceRange(yAxis(), qMax(1.0, most));
}

} // namespace batchlab
