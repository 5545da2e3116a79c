// SPDX-License-Identifier: BSD-3-Clause
#include "charts/timechart.h"
#include "charts/chartstr.h"

#include "charts/chartdata.h"

#include <QChart>
#include <QCursor>
#include <QGraphicsSimpleTextItem>
#include <QAreaSeries>
#include <QLineSeries>
#include <QToolTip>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <utility>

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
    // Round steps (0, 5, 10 s; 0, 100, 200 ms): TimeTicks chooses them, tested on its own.
    const TimeTicks ticks = TimeTicks::choose(double(data.lastTime()) / 1e9);
    m_range = ticks.endSeconds;
    m_unit = ticks.milliseconds ? 1000.0 : 1.0;
    if (ticks != m_ticks) {
        m_ticks = ticks;
        setDynamicRange(m_x, ticks.endSeconds * m_unit, ticks.stepSeconds * m_unit);
        const double step = ticks.stepSeconds * m_unit;
        const int decimals = std::max(0, int(std::ceil(-std::log10(step) - 1e-9)));
        m_x->setLabelFormat(QStringLiteral("%.") + QString::number(decimals) + u'f');
        m_x->setTitleText(ticks.milliseconds ? ChartsTr::tr("time since run start (ms)")
                                             : ChartsTr::tr("time since run start (s)"));
    }
    m_yMax = redraw(data);
    toAxisUnit();
    updateMarkers(data);
}

void TimeChart::toAxisUnit()
{
    // The charts compute in seconds; a run under a second is drawn in milliseconds. Only the
    // series redraw() replaced are scaled, so none is scaled twice.
    const QSet<QXYSeries *> fresh = std::exchange(m_fresh, {});
    if (m_unit == 1.0)
        return;
    m_scaling = true;
    for (QXYSeries *series : fresh) {
        QList<QPointF> points = series->points();
        for (QPointF &p : points)
            p.setX(p.x() * m_unit);
        series->replace(points);
    }
    m_scaling = false;
}

void TimeChart::attach(QAbstractSeries *series)
{
    RunChart::attach(series, m_x, m_y);
    const auto watch = [this](QXYSeries *xy) {
        if (xy)
            connect(xy, &QXYSeries::pointsReplaced, this, [this, xy] {
                if (!m_scaling)
                    m_fresh.insert(xy);
            });
    };
    if (auto *xy = qobject_cast<QXYSeries *>(series)) {
        watch(xy);
    } else if (auto *area = qobject_cast<QAreaSeries *>(series)) {
        watch(area->upperSeries());
        watch(area->lowerSeries());
    }
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

void TimeChart::replaceSegments(QLineSeries *series, QList<QList<QPointF>> segments)
{
    while (segments.size() > kMaxSegments) { // very sparse data: join the last ones
        QList<QPointF> last = segments.takeLast();
        segments.last().append(last);
    }
    std::vector<QLineSeries *> &extra = m_segments[series];
    for (qsizetype i = qsizetype(extra.size()) + 1; i < segments.size(); ++i) {
        QLineSeries *line = newLine(series->objectName() + u'.' + QString::number(i + 1),
                                    series->name());
        attach(line);
        hideFromLegend(line);
        extra.push_back(line);
    }
    series->replace(segments.isEmpty() ? QList<QPointF>{} : segments.front());
    for (size_t i = 0; i < extra.size(); ++i) {
        QLineSeries *line = extra[i];
        const auto index = qsizetype(i) + 1;
        line->setPen(series->pen()); // the theme may have changed it since
        line->replace(index < segments.size() ? segments[index] : QList<QPointF>{});
    }
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
        marker.x = qMin(m_range, double(m.time) / 1e9) * m_unit;
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
