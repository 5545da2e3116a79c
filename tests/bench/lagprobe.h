// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// How long the event loop is held while something works through it: a 1 ms timer notes how
// late it gets the loop each time. For the benchmarks of the docks that must never freeze.

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTimer>

#include <algorithm>
#include <vector>

namespace benchlag {

inline double percentile(std::vector<double> values, double p)
{
    std::sort(values.begin(), values.end());
    return values.empty() ? 0 : values[std::min(values.size() - 1, size_t(double(values.size()) * p))];
}

/// Runs `change` (its own time counts as one wait), then the event loop until `busy()` is
/// false; the waits in ms, and the whole time in `totalMs`.
template<typename Change, typename Busy>
std::vector<double> lagWhile(Change change, Busy busy, double *totalMs)
{
    std::vector<double> lagMs;
    QElapsedTimer clock;
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    probe.setInterval(1);
    QObject::connect(&probe, &QTimer::timeout, [&] {
        lagMs.push_back(double(clock.nsecsElapsed()) / 1e6 - 1.0);
        clock.restart();
    });
    QElapsedTimer total;
    total.start();
    clock.start();
    probe.start();
    change();
    lagMs.push_back(double(clock.nsecsElapsed()) / 1e6);
    clock.restart();
    while (busy())
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    QCoreApplication::processEvents();
    probe.stop();
    *totalMs = double(total.nsecsElapsed()) / 1e6;
    return lagMs;
}

} // namespace benchlag
