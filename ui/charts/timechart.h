// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "charts/runchart.h"
#include "charts/timeticks.h"

#include <QList>
#include <QPointF>
#include <QSet>

#include <functional>
#include <unordered_map>
#include <vector>

QT_BEGIN_NAMESPACE
class QGraphicsSimpleTextItem;
class QXYSeries;
QT_END_NAMESPACE

namespace batchlab {

/// A chart over the run's time. x is seconds since the run started (milliseconds on screen
/// for a run under a second), from 0 to the run so far in round steps (TimeTicks): every
/// time chart derives it from the same data, so they all line up. Each
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

    /// Adds the series to the chart, on the time axis and the y axis. Its x values are
    /// seconds; a run under a second shows them in milliseconds.
    void attach(QAbstractSeries *series);
    QValueAxis *yAxis() const { return m_y; }
    /// The end of the x axis, in seconds.
    double timeRange() const { return m_range; }

    /// A step line: each bucket's value held over the bucket; the last one ends at the latest
    /// event.
    static QList<QPointF> steps(const ChartData &data, const std::function<double(size_t)> &value);
    /// Seconds a bucket covers: its width, the part already run for the last one.
    static double coveredSeconds(const ChartData &data, size_t index);
    static double maxY(const QList<QPointF> &points);
    /// Draws `segments` (runs of points with data between them none) as `series` and as many
    /// more lines with its pen as it takes, so that no line is drawn across a stretch without
    /// data; the extra lines are not in the legend. Past kMaxSegments, the last ones join.
    void replaceSegments(QLineSeries *series, QList<QList<QPointF>> segments);
    static constexpr int kMaxSegments = 64;

private:
    struct Marker
    {
        QLineSeries *line = nullptr;
        QGraphicsSimpleTextItem *label = nullptr;
        double x = 0;
    };

    void updateMarkers(const ChartData &data);
    void toAxisUnit();
    void positionMarkerLabels();

    QValueAxis *m_x;
    QValueAxis *m_y;
    double m_range = 1;
    double m_unit = 1; ///< axis units per second: 1, or 1000 when the axis reads ms
    TimeTicks m_ticks{0, 0, false};
    std::unordered_map<QLineSeries *, std::vector<QLineSeries *>> m_segments; ///< extra lines
    QSet<QXYSeries *> m_fresh; ///< series replaced by redraw(), still in seconds
    bool m_scaling = false;
    double m_yMax = 1;
    std::vector<Marker> m_markers;
    const ChartData *m_data = nullptr; // the data drawn, for the markers' tooltips
};

} // namespace batchlab
