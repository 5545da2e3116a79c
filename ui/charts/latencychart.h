// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "charts/timechart.h"

#include <array>

namespace batchlab {

/// p50, p90 and p99 per interval of the end-to-end latency (solid) and of the queue wait
/// (dashed), in ms.
class LatencyChart : public TimeChart
{
    Q_OBJECT

public:
    explicit LatencyChart(const ChartTheme &theme);

    void applyTheme(const ChartTheme &theme) override;

protected:
    double redraw(const ChartData &data) override;

private:
    std::array<QLineSeries *, 6> m_lines{}; // latency p50, p90, p99, then queue wait
};

} // namespace batchlab
