// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "charts/timechart.h"

namespace batchlab {

/// De-duplication and cache hits per second, with their totals in the legend.
class HitsChart : public TimeChart
{
    Q_OBJECT

public:
    explicit HitsChart(const ChartTheme &theme);

    void applyTheme(const ChartTheme &theme) override;

protected:
    double redraw(const ChartData &data) override;

private:
    QLineSeries *m_dedup;
    QLineSeries *m_cache;
};

} // namespace batchlab
