// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QList>
#include <QString>

namespace batchlab {

/// The ticks of a chart's time axis, a plain value tested without a chart: steps of 1, 2 or 5
/// times a power of ten (never 2.5, whose "%.0f" labels read 0, 3, 5, 8), counted from 0, in
/// milliseconds for runs under a second ("0, 100, 200 ms") and in seconds from there on
/// ("0, 5, 10 s").
struct TimeTicks
{
    double stepSeconds = 1;
    double endSeconds = 1; ///< the axis end: a whole number of steps at or past the run's end
    bool milliseconds = false;

    /// The smallest round step that shows [0, `runSeconds`] in at most `maxTicks` steps.
    static TimeTicks choose(double runSeconds, int maxTicks = 6);
    /// How many steps the axis has.
    int count() const;
    /// The label of the tick at `seconds`, in the axis unit without the unit: "200", "1.5".
    QString label(double seconds) const;
    /// Every tick's label, from 0 to endSeconds.
    QStringList labels() const;
    bool operator==(const TimeTicks &other) const = default;
};

} // namespace batchlab
