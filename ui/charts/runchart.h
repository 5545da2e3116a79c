// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "charts/charttheme.h"

#include <QObject>
#include <QString>

QT_BEGIN_NAMESPACE
class QAbstractAxis;
class QAbstractSeries;
class QAreaSeries;
class QChart;
class QLegendMarker;
class QLineSeries;
class QValueAxis;
QT_END_NAMESPACE

namespace batchlab {

class ChartData;

/// One chart of the charts dock: makes its QChart with its series and axes, colours them with
/// a ChartTheme and redraws them from ChartData with replace() and bar-set rebuilds. The
/// QChartView that shows chart() owns it, so this object must not be used once the view is
/// gone.
class RunChart : public QObject
{
    Q_OBJECT

public:
    QChart *chart() const { return m_chart; }
    /// The chart's fixed title, for menus and file names; the drawn one may add figures.
    QString title() const { return m_title; }

    /// What the chart shows and how its numbers are defined, for the view's tooltip; may
    /// change with the settings (the breaker's window).
    QString description() const { return m_description; }

    virtual void applyTheme(const ChartTheme &theme);

    /// Shows or hides a legend entry; what ChartLegend reads.
    static void showInLegend(QLegendMarker *marker, bool shown);
    static bool shownInLegend(const QLegendMarker *marker);
    virtual void refresh(const ChartData &data) = 0;

protected:
    RunChart(const QString &title, const ChartTheme &theme);

    const ChartTheme &theme() const { return m_theme; }
    void setDescription(const QString &text) { m_description = text; }

    /// 0..1 with ticks every `tickInterval` until the first refresh.
    QValueAxis *newValueAxis(const QString &title, double tickInterval) const;
    void styleAxis(QAbstractAxis *axis, const QString &title) const;
    QLineSeries *newLine(const QString &objectName, const QString &name) const;
    QAreaSeries *newArea(const QString &objectName, const QString &name) const;
    void attach(QAbstractSeries *series, QAbstractAxis *x, QAbstractAxis *y) const;
    void setLegendVisible(QAbstractSeries *series, bool visible) const;
    /// Unlike setLegendVisible(series, false), which would skip it: a series just added can
    /// report its legend marker hidden and still show it.
    void hideFromLegend(QAbstractSeries *series) const;

    /// 1, 2, 2.5 or 5 times a power of ten, at least `value`.
    static double niceCeil(double value);
    static void setDynamicRange(QValueAxis *axis, double max, double step);
    /// Sets 0..max with about `ticks` round steps covering `value`; returns max.
    /// `minStep` 1 for axes that count things: no 0.5 request.
    static double setNiceRange(QValueAxis *axis, double value, int ticks = 4, double minStep = 0);

private:
    static constexpr const char *kShownInLegend = "batchlabShownInLegend";
    QChart *m_chart;
    QString m_title;
    QString m_description;
    ChartTheme m_theme;
};

} // namespace batchlab
