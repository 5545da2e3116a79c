// SPDX-License-Identifier: BSD-3-Clause
#include "charts/timechart.h"
#include "charts/chartstr.h"

#include "charts/chartdata.h"

#include <QChart>
#include <QCursor>
#include <QGraphicsSimpleTextItem>
#include <QLineSeries>
#include <QToolTip>
#include <QValueAxis>

#include <cmath>

namespace batchlab {

TimeChart::TimeChart(const QString &title, const QString &yTitle, const ChartTheme &theme,
                     QValueAxis *y)
    : RunChart(title, theme)
    , m_x(newValueAxis(ChartsTr::tr("time since run start (s)"), 0.2))
    , m_y(y ? y : newValueAxis(yTitle, 0.25))
{
    if (y)
        styleAxis(y, yTitle);
    chart()->addAxis(m_x, Qt::AlignBottom);
    chart()->addAxis(m_y, Qt::AlignLeft);
    connect(chart(), &QChart::plotAreaChanged, this, &TimeChart::positionMarkerLabels);
}

void TimeChart::applyTheme(const ChartTheme &theme)
{
    RunChart::applyTheme(theme);
    const QColor color = theme.color(ChartTheme::Hue::Purple);
    for (Marker &marker : m_markers) {
        marker.line->setPen(ChartTheme::pen(color, 1.5, Qt::DashDotLine));
        marker.label->setBrush(color);
    }
}

void TimeChart::refresh(const ChartData &data)
{
    m_data = &data;
    const double last = double(data.lastTime()) / 1e9;
    const double step = niceCeil(qMax(last, 0.5) / 5);
    m_range = qMax(step, step * std::ceil(last / step - 1e-9));
    setDynamicRange(m_x, m_range, step);
    m_x->setLabelFormat(step >= 1 ? QStringLiteral("%.0f") : QStringLiteral("%.1f"));
    m_yMax = redraw(data);
    updateMarkers(data);
}

void TimeChart::attach(QAbstractSeries *series) const
{
    RunChart::attach(series, m_x, m_y);
}

QList<QPointF> TimeChart::steps(const ChartData &data, const std::function<double(size_t)> &value)
{
    const double end = double(data.lastTime()) / 1e9;
    const size_t n = data.buckets().size();
    QList<QPointF> points;
    points.reserve(qsizetype(2 * n));
    for (size_t i = 0; i < n; ++i) {
        const double x0 = data.bucketStartSeconds(int(i));
        const double x1 = qMin(end, data.bucketStartSeconds(int(i) + 1));
        const double v = value(i);
        points.append({x0, v});
        points.append({qMax(x0, x1), v});
    }
    return points;
}

double TimeChart::coveredSeconds(const ChartData &data, size_t index)
{
    const double width = data.bucketWidthSeconds();
    if (index + 1 < data.buckets().size())
        return width;
    const double covered = double(data.lastTime()) / 1e9 - data.bucketStartSeconds(int(index));
    return qBound(width / 4, covered, width);
}

double TimeChart::maxY(const QList<QPointF> &points)
{
    double most = 0;
    for (const QPointF &p : points)
        most = qMax(most, p.y());
    return most;
}

void TimeChart::updateMarkers(const ChartData &data)
{
    const auto &markers = data.markers();
    while (m_markers.size() < markers.size()) {
        Marker marker;
        const int number = int(m_markers.size()) + 1;
        marker.line = newLine(QStringLiteral("configMarker.%1").arg(number), ChartsTr::tr("settings change"));
        const QColor color = theme().color(ChartTheme::Hue::Purple);
        marker.line->setPen(ChartTheme::pen(color, 1.5, Qt::DashDotLine));
        attach(marker.line);
        hideFromLegend(marker.line);
        marker.label = new QGraphicsSimpleTextItem(chart());
        QFont small = theme().smallFont();
        small.setBold(true);
        marker.label->setFont(small);
        marker.label->setBrush(color);
        marker.label->setZValue(20);
        const size_t index = m_markers.size();
        connect(marker.line, &QXYSeries::hovered, this, [this, index](const QPointF &, bool state) {
            if (!state || index >= m_data->markers().size()) {
                QToolTip::hideText();
                return;
            }
            QToolTip::showText(QCursor::pos(), m_data->markers()[index].text);
        });
        m_markers.push_back(marker);
    }
    for (size_t i = 0; i < m_markers.size(); ++i) {
        Marker &marker = m_markers[i];
        const bool shown = i < markers.size();
        marker.line->setVisible(shown);
        marker.label->setVisible(shown);
        if (!shown)
            continue;
        const ChartData::ConfigMarker &m = markers[i];
        marker.x = qMin(m_range, double(m.time) / 1e9);
        marker.line->replace(QList<QPointF>{{marker.x, 0}, {marker.x, m_yMax}});
        marker.label->setText(QString::number(i + 1));
        const QString tip = ChartsTr::tr("Settings change %1 at %2 s: %3")
                                .arg(i + 1)
                                .arg(double(m.time) / 1e9, 0, 'f', 2)
                                .arg(m.text);
        marker.label->setToolTip(tip);
        marker.line->setName(tip);
    }
    positionMarkerLabels();
}

void TimeChart::positionMarkerLabels()
{
    for (Marker &marker : m_markers) {
        if (!marker.label->isVisible())
            continue;
        const QPointF top = chart()->mapToPosition(QPointF(marker.x, m_yMax), marker.line);
        marker.label->setPos(top.x() + 3, top.y());
    }
}

} // namespace batchlab
