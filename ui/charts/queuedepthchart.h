// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "charts/timechart.h"

namespace batchlab {

/// The most calls waiting to be flushed in each interval.
class QueueDepthChart : public TimeChart
{
    Q_OBJECT

public:
    explicit QueueDepthChart(const ChartTheme &theme);

    void applyTheme(const ChartTheme &theme) override;

protected:
    double redraw(const ChartData &data) override;

private:
    QLineSeries *m_depth;
};

} // namespace batchlab
