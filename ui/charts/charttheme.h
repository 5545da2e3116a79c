// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "engine/batchconfig.h"
#include "resilience/circuitbreaker.h"

#include <QColor>
#include <QFont>
#include <QPen>

QT_BEGIN_NAMESPACE
class QChart;
class QPalette;
QT_END_NAMESPACE

namespace batchlab {

/// The charts' colours and fonts, taken from a widget's palette and font. The hues are
/// Okabe–Ito's: told apart with the common colour-vision deficiencies and readable on light
/// and dark backgrounds, the dark variants lightened where the light ones are dim.
class ChartTheme
{
public:
    enum class Hue { Blue, Orange, Sky, Green, Purple, Vermillion, Yellow, Grey };

    ChartTheme(const QPalette &palette, const QFont &font);

    bool isDark() const { return m_dark; }
    QColor text() const { return m_text; }
    QColor base() const { return m_base; }
    QColor color(Hue hue) const;
    QColor reasonColor(FlushReason reason) const;
    QColor stateColor(BreakerState state) const;
    /// For a ChartData::StatusClass.
    QColor statusColor(int statusClass) const;
    /// Cosmetic, so lines keep their width however the chart is scaled (and in SVG exports).
    static QPen pen(const QColor &color, qreal width, Qt::PenStyle style = Qt::SolidLine);

    QFont font() const { return m_font; }
    /// For legends, axes and marker labels.
    QFont smallFont() const;

    /// Colours the chart's background, title, legend and axes; series are their chart's job.
    void apply(QChart *chart) const;

private:
    bool m_dark;
    QColor m_text;
    QColor m_base;
    QFont m_font;
};

} // namespace batchlab
