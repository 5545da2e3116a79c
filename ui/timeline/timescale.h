// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QList>
#include <QString>

namespace batchlab {

/// The time↔pixel mapping of the waterfall and its axis: a plain value, tested without a
/// widget. Times are nanoseconds on the telemetry clock; x is in pixels from the left edge of
/// the plot area.
struct TimeScale
{
    qint64 originNs = 0; ///< the time at x = 0
    double nsPerPixel = 1e6; ///< 1 ms per pixel
    qint64 zeroNs = 0; ///< what the axis labels count from (the start of the run)
    double minNsPerPixel = 1e3; ///< deepest zoom: 1 µs per pixel
    double maxNsPerPixel = 1e10; ///< widest: 10 s per pixel

    double x(qint64 timeNs) const { return double(timeNs - originNs) / nsPerPixel; }
    qint64 time(double xPixels) const;

    /// A segment on screen: at least one pixel wide, however short, so a 50 µs answer among
    /// seconds of traffic is still seen (and can be hovered).
    struct Span
    {
        double left;
        double width;
    };
    Span span(qint64 fromNs, qint64 toNs) const;

    /// Zooms by `factor` (> 1 magnifies) keeping the time under `xPixels` where it is.
    void zoomAround(double xPixels, double factor);
    /// Moves the view by `dxPixels` (positive: towards earlier times, as a drag to the right).
    void pan(double dxPixels);
    /// Shows [startNs, endNs] across `widthPixels`.
    void fit(qint64 startNs, qint64 endNs, double widthPixels);
    /// Keeps the view over [startNs, endNs]: never left of the start, and never so far right
    /// that the end leaves the view while there is more to show.
    void clampTo(qint64 startNs, qint64 endNs, double widthPixels);

    struct Tick
    {
        qint64 timeNs;
        double x;
        QString label;
    };
    /// Axis ticks at a 1-2-5 step that keeps labels at least `minSpacingPixels` apart,
    /// labelled relative to zeroNs ("250 ms", "1.5 s").
    QList<Tick> ticks(double widthPixels, double minSpacingPixels = 80) const;
    /// "850 µs", "12.5 ms", "3.25 s": a duration as the axis and tooltips write it.
    static QString formatDuration(qint64 ns);
};

} // namespace batchlab
