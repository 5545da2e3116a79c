// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "charts/chartdata.h"
#include "charts/timechart.h"

#include <array>

namespace batchlab {

/// Calls/s and HTTP requests/s as lines over how calls ended per second (status classes,
/// stacked areas).
class ThroughputChart : public TimeChart
{
    Q_OBJECT

public:
    explicit ThroughputChart(const ChartTheme &theme);

    void applyTheme(const ChartTheme &theme) override;

protected:
    double redraw(const ChartData &data) override;

private:
    std::array<QAreaSeries *, ChartData::kStatusClassCount> m_statusAreas{};
    QLineSeries *m_callRate = nullptr;
    QLineSeries *m_httpRate = nullptr;
};

} // namespace batchlab
