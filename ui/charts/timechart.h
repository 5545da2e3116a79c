// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "charts/runchart.h"

#include <QList>
#include <QPointF>

#include <functional>
#include <vector>

QT_BEGIN_NAMESPACE
class QGraphicsSimpleTextItem;
QT_END_NAMESPACE

namespace batchlab {

/// A chart over the run's time. x is seconds since the run started, from 0 to the run so far
/// in round steps: every time chart derives it from the same data, so they all line up. Each
/// settings change is a numbered vertical marker, its text in the tooltip.
class TimeChart : public RunChart
{
    Q_OBJECT

public:
    void applyTheme(const ChartTheme &theme) override;
    void refresh(const ChartData &data) final;

protected:
    /// `y`, when given, replaces the default value axis; the chart takes it.
    TimeChart(const QString &title, const QString &yTitle, const ChartTheme &theme,
              QValueAxis *y = nullptr);

    /// Redraws the series; returns the top of the y axis, where the markers end.
    virtual double redraw(const ChartData &data) = 0;

    /// Adds the series to the chart, on the time axis and the y axis.
    void attach(QAbstractSeries *series) const;
    QValueAxis *yAxis() const { return m_y; }
    /// The end of the x axis, in seconds.
    double timeRange() const { return m_range; }

    /// A step line: each bucket's value held over the bucket; the last one ends at the latest
    /// event.
    static QList<QPointF> steps(const ChartData &data, const std::function<double(size_t)> &value);
    /// Seconds a bucket covers: its width, the part already run for the last one.
    static double coveredSeconds(const ChartData &data, size_t index);
    static double maxY(const QList<QPointF> &points);

private:
    struct Marker
    {
        QLineSeries *line = nullptr;
        QGraphicsSimpleTextItem *label = nullptr;
        double x = 0;
    };

    void updateMarkers(const ChartData &data);
    void positionMarkerLabels();

    QValueAxis *m_x;
    QValueAxis *m_y;
    double m_range = 1;
    double m_yMax = 1;
    std::vector<Marker> m_markers;
    const ChartData *m_data = nullptr; // the data drawn, for the markers' tooltips
};

} // namespace batchlab
