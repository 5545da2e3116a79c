// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "timeline/timescale.h"

#include <QColor>
#include <QCoreApplication>
#include <QFont>
#include <QPalette>

#include <vector>

class QPainter;
class QRect;
class QRectF;

namespace batchlab {

class TimelineModel;

/// Paints the waterfall's rows for the screen and for export: the cache-hit and never-sent
/// summary rows, each lane with its calls, the markers and the label gutter. Only rows that
/// meet the area are painted. Holds references only: made per frame.
class WaterfallPainter
{
    Q_DECLARE_TR_FUNCTIONS(batchlab::WaterfallPainter)

public:
    // Okabe–Ito colours: told apart with every common colour-vision deficiency.
    static inline const QColor kQueued{0xE6, 0x9F, 0x00};
    static inline const QColor kInFlight{0x00, 0x72, 0xB2};
    /// Sent and not answered yet (a hang shows as a growing bar of it): Okabe–Ito sky blue.
    static inline const QColor kAwaiting{0x56, 0xB4, 0xE9};
    static inline const QColor kFailed{0xD5, 0x5E, 0x00};
    static inline const QColor kCache{0x00, 0x9E, 0x73};
    static inline const QColor kRejected{0xCC, 0x79, 0xA7};
    static inline const QColor kConfigMarker{0x88, 0x44, 0xAA};
    static constexpr int kSummaryRows = 2; ///< cache hits, never sent

    /// One legend entry: every colour the painter uses has one.
    struct LegendEntry
    {
        enum Shape { Bar, Outline, Tick, Cross, DottedLine, DashedMarker, DottedMarker };
        QString text;
        QColor color;
        Shape shape = Bar;
    };
    /// The legend, in the order shown; colours from `palette` where the painter takes them.
    static std::vector<LegendEntry> legend(const QPalette &palette);
    /// Draws an entry's swatch as the rows show it, in `box`.
    static void paintSwatch(QPainter &p, const QRectF &box, const LegendEntry &entry);
    /// Draws the legend left to right from (x, y), wrapping at `width`; returns its height.
    static int paintLegend(QPainter &p, const QPalette &palette, int x, int y, int width);

    struct Layout
    {
        int gutter;
        int laneHeight;
        int callHeight;
        int width;
        bool showCalls;
        const std::vector<int> *laneTops; ///< content y of each lane
    };

    WaterfallPainter(const TimelineModel &model, const TimeScale &scale, const Layout &layout,
                     const QPalette &palette, const QFont &font)
        : m_model(model)
        , m_scale(scale)
        , m_layout(layout)
        , m_palette(palette)
        , m_font(font)
    { }

    /// Paints `area` of the viewport, the content scrolled down by `top` pixels.
    void paint(QPainter &p, const QRect &area, int top, quint64 selectedCall,
               quint64 selectedBatch) const;

private:
    void paintMarks(QPainter &p, int y, bool cache) const;
    void paintLane(QPainter &p, int lane, int y, quint64 selectedBatch) const;
    void paintCall(QPainter &p, int lane, int call, int y, quint64 selectedCall) const;

    const TimelineModel &m_model;
    const TimeScale &m_scale;
    Layout m_layout;
    const QPalette &m_palette;
    const QFont &m_font;
};

} // namespace batchlab
