// SPDX-License-Identifier: BSD-3-Clause
#include "timeline/timescale.h"

#include <QLocale>

#include <algorithm>
#include <cmath>

namespace batchlab {

qint64 TimeScale::time(double xPixels) const
{
    return originNs + qint64(std::llround(xPixels * nsPerPixel));
}

TimeScale::Span TimeScale::span(qint64 fromNs, qint64 toNs) const
{
    const double left = x(fromNs);
    const double width = std::max(1.0, x(toNs) - left);
    return {left, width};
}

void TimeScale::zoomAround(double xPixels, double factor)
{
    if (!(factor > 0))
        return;
    const qint64 anchor = time(xPixels);
    nsPerPixel = std::clamp(nsPerPixel / factor, minNsPerPixel, maxNsPerPixel);
    originNs = anchor - qint64(std::llround(xPixels * nsPerPixel));
}

void TimeScale::pan(double dxPixels)
{
    originNs -= qint64(std::llround(dxPixels * nsPerPixel));
}

void TimeScale::fit(qint64 startNs, qint64 endNs, double widthPixels)
{
    if (widthPixels < 1)
        return;
    nsPerPixel = std::clamp(double(std::max<qint64>(endNs - startNs, 1)) / widthPixels,
                            minNsPerPixel, maxNsPerPixel);
    originNs = startNs;
}

void TimeScale::clampTo(qint64 startNs, qint64 endNs, double widthPixels)
{
    const auto visible = qint64(widthPixels * nsPerPixel);
    const qint64 latestOrigin = std::max(startNs, endNs - visible);
    originNs = std::clamp(originNs, startNs, latestOrigin);
}

QList<TimeScale::Tick> TimeScale::ticks(double widthPixels, double minSpacingPixels) const
{
    // The smallest 1-2-5 step (in ns) whose pixel spacing is at least minSpacingPixels.
    const double wanted = minSpacingPixels * nsPerPixel;
    double step = std::pow(10.0, std::floor(std::log10(std::max(wanted, 1.0))));
    for (const double m : {1.0, 2.0, 5.0, 10.0}) {
        if (step * m >= wanted) {
            step *= m;
            break;
        }
    }
    const auto stepNs = qint64(step);
    QList<Tick> out;
    // Ticks sit at multiples of the step counted from zeroNs, so "0" is always a tick.
    const qint64 first = time(0) - zeroNs;
    qint64 k = first >= 0 ? (first + stepNs - 1) / stepNs : -((-first) / stepNs);
    for (;; ++k) {
        const qint64 t = zeroNs + k * stepNs;
        const double px = x(t);
        if (px > widthPixels)
            break;
        if (px >= 0)
            out.append({t, px, formatDuration(k * stepNs)});
    }
    return out;
}

QString TimeScale::formatDuration(qint64 ns)
{
    if (ns == 0)
        return QStringLiteral("0");
    const QLocale locale;
    const double abs = std::abs(double(ns));
    const auto trimmed = [&](double value) {
        // Up to 3 significant decimals, without trailing zeros: "1.5 s", "250 ms".
        QString text = locale.toString(value, 'f', 3);
        if (text.contains(locale.decimalPoint())) {
            while (text.endsWith(u'0'))
                text.chop(1);
            if (text.endsWith(locale.decimalPoint()))
                text.chop(1);
        }
        return text;
    };
    if (abs >= 1e9)
        return trimmed(double(ns) / 1e9) + QStringLiteral(" s");
    if (abs >= 1e6)
        return trimmed(double(ns) / 1e6) + QStringLiteral(" ms");
    if (abs >= 1e3)
        return trimmed(double(ns) / 1e3) + QStringLiteral(" µs");
    return trimmed(double(ns)) + QStringLiteral(" ns");
}

} // namespace batchlab
