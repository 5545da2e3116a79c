// SPDX-License-Identifier: BSD-3-Clause
#include "charts/timeticks.h"

#include <QLocale>

#include <algorithm>
#include <cmath>

namespace batchlab {

TimeTicks TimeTicks::choose(double runSeconds, int maxTicks)
{
    // A run that has barely begun still gets an axis: 10 ms at least.
    const double run = std::max(runSeconds, 0.01);
    maxTicks = std::max(1, maxTicks);
    double magnitude = std::pow(10.0, std::floor(std::log10(run / maxTicks)));
    TimeTicks ticks;
    for (;; magnitude *= 10) {
        bool found = false;
        for (const double m : {1.0, 2.0, 5.0}) {
            const double step = m * magnitude;
            // 1e-9: a run of exactly 10 s ends on a tick, not one step past it.
            if (std::ceil(run / step - 1e-9) <= maxTicks) {
                ticks.stepSeconds = step;
                found = true;
                break;
            }
        }
        if (found)
            break;
    }
    ticks.endSeconds = ticks.stepSeconds * std::max(1.0, std::ceil(run / ticks.stepSeconds - 1e-9));
    ticks.milliseconds = ticks.endSeconds < 1.0 - 1e-9;
    return ticks;
}

int TimeTicks::count() const
{
    return int(std::lround(endSeconds / stepSeconds));
}

QString TimeTicks::label(double seconds) const
{
    const double unit = milliseconds ? 1e-3 : 1.0;
    const double step = stepSeconds / unit;
    // As many decimals as the step has: 0.5 s steps say "1.5", 0.05 ms steps "0.15".
    const int decimals = std::max(0, int(std::ceil(-std::log10(step) - 1e-9)));
    const QLocale locale;
    QString text = locale.toString(seconds / unit, 'f', decimals);
    // "1" rather than "1.0" beside "0.5" and "1.5": the step says the precision.
    if (decimals > 0) {
        while (text.endsWith(u'0'))
            text.chop(1);
        if (text.endsWith(locale.decimalPoint()))
            text.chop(1);
    }
    return text;
}

QStringList TimeTicks::labels() const
{
    QStringList out;
    for (int i = 0; i <= count(); ++i)
        out.append(label(i * stepSeconds));
    return out;
}

} // namespace batchlab
