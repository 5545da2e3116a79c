// SPDX-License-Identifier: BSD-3-Clause
#include "charts/charttheme.h"

#include "charts/chartdata.h"

#include <QAbstractAxis>
#include <QChart>
#include <QLegend>
#include <QPalette>

#include <array>

namespace batchlab {

ChartTheme::ChartTheme(const QPalette &palette, const QFont &font)
    : m_dark(palette.color(QPalette::Window).lightness() < 128)
    , m_text(palette.color(QPalette::WindowText))
    , m_base(palette.color(QPalette::Base))
    , m_font(font)
{ }

QColor ChartTheme::color(Hue hue) const
{
    switch (hue) {
    case Hue::Blue:
        return m_dark ? QColor(0x56, 0xB4, 0xE9) : QColor(0x00, 0x72, 0xB2);
    case Hue::Orange:
        return QColor(0xE6, 0x9F, 0x00);
    case Hue::Sky:
        return m_dark ? QColor(0xA6, 0xD8, 0xF5) : QColor(0x56, 0xB4, 0xE9);
    case Hue::Green:
        return m_dark ? QColor(0x2E, 0xC4, 0x9A) : QColor(0x00, 0x9E, 0x73);
    case Hue::Purple:
        return QColor(0xCC, 0x79, 0xA7);
    case Hue::Vermillion:
        return m_dark ? QColor(0xFF, 0x7A, 0x33) : QColor(0xD5, 0x5E, 0x00);
    case Hue::Yellow: // Okabe-Ito's yellow; darker on light backgrounds, where it would fade
        return m_dark ? QColor(0xF0, 0xE4, 0x42) : QColor(0xC9, 0xB8, 0x00);
    case Hue::Grey:
        return m_dark ? QColor(0xB0, 0xB0, 0xB0) : QColor(0x77, 0x77, 0x77);
    }
    return {};
}

QColor ChartTheme::reasonColor(FlushReason reason) const
{
    switch (reason) {
    case FlushReason::Size:
        return color(Hue::Blue);
    case FlushReason::Timer:
        return color(Hue::Orange);
    case FlushReason::Debounce:
        return color(Hue::Sky);
    case FlushReason::Manual:
        return color(Hue::Green);
    case FlushReason::Config:
        return color(Hue::Purple);
    case FlushReason::Shutdown:
        return color(Hue::Grey);
    case FlushReason::Retry:
        return color(Hue::Vermillion);
    case FlushReason::Split:
        return color(Hue::Yellow);
    }
    return color(Hue::Grey);
}

QColor ChartTheme::stateColor(BreakerState state) const
{
    switch (state) {
    case BreakerState::Closed:
        return color(Hue::Green);
    case BreakerState::Open:
        return color(Hue::Vermillion);
    case BreakerState::HalfOpen:
        return color(Hue::Orange);
    case BreakerState::ForcedOpen:
        return color(Hue::Purple);
    case BreakerState::Disabled:
        return color(Hue::Grey);
    }
    return color(Hue::Grey);
}

QColor ChartTheme::statusColor(int statusClass) const
{
    static constexpr std::array<Hue, ChartData::kStatusClassCount> hues{
        Hue::Green, Hue::Sky, Hue::Orange, Hue::Vermillion, Hue::Purple, Hue::Grey};
    return color(hues.at(size_t(statusClass)));
}

QPen ChartTheme::pen(const QColor &color, qreal width, Qt::PenStyle style)
{
    QPen pen(color, width, style);
    pen.setCosmetic(true);
    return pen;
}

QFont ChartTheme::smallFont() const
{
    QFont small = m_font;
    small.setPointSizeF(qMax(7.0, m_font.pointSizeF() - 1));
    return small;
}

void ChartTheme::apply(QChart *chart) const
{
    QColor grid = m_text;
    grid.setAlpha(40);
    QColor axisLine = m_text;
    axisLine.setAlpha(120);
    chart->setBackgroundBrush(m_base);
    chart->setBackgroundPen(Qt::NoPen);
    chart->setPlotAreaBackgroundVisible(false);
    chart->setTitleBrush(m_text);
    chart->legend()->setLabelColor(m_text);
    const QList<QAbstractAxis *> axes = chart->axes();
    for (QAbstractAxis *axis : axes) {
        axis->setLabelsColor(m_text);
        axis->setTitleBrush(m_text);
        axis->setGridLineColor(grid);
        axis->setMinorGridLineColor(grid);
        axis->setLinePenColor(axisLine);
    }
}

} // namespace batchlab
