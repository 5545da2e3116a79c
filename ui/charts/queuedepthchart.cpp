// SPDX-License-Identifier: BSD-3-Clause
#include "charts/queuedepthchart.h"
#include "charts/chartstr.h"

#include "charts/chartdata.h"

#include <QLineSeries>

namespace batchlab {

QueueDepthChart::QueueDepthChart(const ChartTheme &theme)
    : TimeChart(ChartsTr::tr("Queue depth"), ChartsTr::tr("calls waiting"), theme)
    , m_depth(newLine(QStringLiteral("queueDepth"), ChartsTr::tr("most calls waiting, per interval")))
{
    attach(m_depth);
}

void QueueDepthChart::applyTheme(const ChartTheme &theme)
{
    TimeChart::applyTheme(theme);
    m_depth->setPen(ChartTheme::pen(theme.color(ChartTheme::Hue::Blue), 2));
}

double QueueDepthChart::redraw(const ChartData &data)
{
    const auto &buckets = data.buckets();
    const QList<QPointF> points
        = steps(data, [&](size_t i) { return double(buckets[i].depthMax); });
    m_depth->replace(points);
    return setNiceRange(yAxis(), qMax(1.0, maxY(points)), 4, 1);
}

} // namespace batchlab
