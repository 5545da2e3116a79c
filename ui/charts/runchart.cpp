// SPDX-License-Identifier: BSD-3-Clause
#include "charts/runchart.h"

#include <QAreaSeries>
#include <QChart>
#include <QGraphicsLayout>
#include <QLegendMarker>
#include <QLineSeries>
#include <QValueAxis>

#include <cmath>

namespace batchlab {

RunChart::RunChart(const QString &title, const ChartTheme &theme)
    : m_chart(new QChart)
    , m_title(title)
    , m_theme(theme)
{
    m_chart->setTitle(title);
    m_chart->setMargins(QMargins(2, 2, 2, 2));
    m_chart->setBackgroundRoundness(0);
    m_chart->layout()->setContentsMargins(0, 0, 0, 0);
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    QFont titleFont = m_chart->titleFont();
    titleFont.setBold(true);
    titleFont.setPointSizeF(qMax(8.0, theme.font().pointSizeF()));
    m_chart->setTitleFont(titleFont);
    m_chart->legend()->setFont(theme.smallFont());
}

void RunChart::applyTheme(const ChartTheme &theme)
{
    m_theme = theme;
    theme.apply(m_chart);
}

QValueAxis *RunChart::newValueAxis(const QString &title, double tickInterval) const
{
    auto *axis = new QValueAxis(m_chart);
    axis->setRange(0, 1);
    axis->setTickInterval(tickInterval);
    axis->setTickType(QValueAxis::TicksDynamic);
    styleAxis(axis, title);
    return axis;
}

void RunChart::styleAxis(QAbstractAxis *axis, const QString &title) const
{
    axis->setTitleText(title);
    const QFont small = m_theme.smallFont();
    axis->setLabelsFont(small);
    QFont titleFont = small;
    titleFont.setBold(false);
    axis->setTitleFont(titleFont);
}

QLineSeries *RunChart::newLine(const QString &objectName, const QString &name) const
{
    auto *series = new QLineSeries(m_chart);
    series->setObjectName(objectName);
    series->setName(name);
    return series;
}

QAreaSeries *RunChart::newArea(const QString &objectName, const QString &name) const
{
    auto *area = new QAreaSeries(newLine(QString(), QString()), newLine(QString(), QString()));
    area->setParent(m_chart);
    area->setObjectName(objectName);
    area->setName(name);
    return area;
}

void RunChart::attach(QAbstractSeries *series, QAbstractAxis *x, QAbstractAxis *y) const
{
    m_chart->addSeries(series);
    series->attachAxis(x);
    series->attachAxis(y);
}

void RunChart::showInLegend(QLegendMarker *marker, bool shown)
{
    // Recorded beside the marker's own flag: under a hidden QLegend (ChartLegend draws the
    // legend) a marker always reports itself invisible.
    marker->setProperty(kShownInLegend, shown);
    marker->setVisible(shown);
}

bool RunChart::shownInLegend(const QLegendMarker *marker)
{
    const QVariant shown = marker->property(kShownInLegend);
    return !shown.isValid() || shown.toBool();
}

void RunChart::setLegendVisible(QAbstractSeries *series, bool visible) const
{
    const QList<QLegendMarker *> markers = m_chart->legend()->markers(series);
    for (QLegendMarker *marker : markers) {
        if (shownInLegend(marker) != visible)
            showInLegend(marker, visible);
    }
}

void RunChart::hideFromLegend(QAbstractSeries *series) const
{
    const QList<QLegendMarker *> markers = m_chart->legend()->markers(series);
    for (QLegendMarker *marker : markers)
        showInLegend(marker, false);
}

double RunChart::niceCeil(double value)
{
    if (!(value > 0))
        return 1;
    const double magnitude = std::pow(10.0, std::floor(std::log10(value)));
    const double f = value / magnitude;
    const double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
    return nice * magnitude;
}

void RunChart::setDynamicRange(QValueAxis *axis, double max, double step)
{
    // Changed in the order that never asks the axis for more ticks than either the old or the
    // new setting: a tiny step on a wide range lays out millions of ticks.
    if (axis->tickInterval() <= 0 || step < axis->tickInterval()) {
        axis->setRange(0, max);
        axis->setTickInterval(step);
    } else {
        axis->setTickInterval(step);
        axis->setRange(0, max);
    }
    axis->setTickAnchor(0);
}

double RunChart::setNiceRange(QValueAxis *axis, double value, int ticks, double minStep)
{
    double step = qMax(minStep, niceCeil(qMax(value, 1e-9) / ticks));
    if (minStep >= 1 && step != std::round(step))
        step = niceCeil(std::ceil(step)); // 2.5 requests per tick is no count: 5

    const double max = qMax(step, step * std::ceil(value / step - 1e-9));
    setDynamicRange(axis, max, step);
    // As many decimals as the step has: a 0.25 step labelled "%.1f" read 0.3, 0.5, 0.8.
    int decimals = 0;
    while (decimals < 4 && std::abs(step * std::pow(10.0, decimals)
                                    - std::round(step * std::pow(10.0, decimals))) > 1e-6)
        ++decimals;
    axis->setLabelFormat(QStringLiteral("%.") + QString::number(decimals) + u'f');
    return max;
}

} // namespace batchlab
