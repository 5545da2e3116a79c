// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "charts/timechart.h"

#include <array>
#include <vector>

QT_BEGIN_NAMESPACE
class QCategoryAxis;
QT_END_NAMESPACE

namespace batchlab {

class ApiClient;

/// The failure rate over the breaker's own window (BreakerConfig::window, from minimumCalls
/// attempts) and its threshold, in percent, so that the line crosses the threshold where the
/// breaker trips; below a band per origin (at most four) coloured by its breaker's state.
class BreakerChart : public TimeChart
{
    Q_OBJECT

public:
    /// `client` gives the threshold; it must outlive this chart.
    BreakerChart(const ApiClient *client, const ChartTheme &theme);

    void applyTheme(const ChartTheme &theme) override;

protected:
    double redraw(const ChartData &data) override;

private:
    static constexpr int kStateCount = int(BreakerState::Disabled) + 1;
    using Band = std::array<QAreaSeries *, kStateCount>; // one area per BreakerState

    void updateBandRows(const ChartData &data, int rows);

    const ApiClient *m_client;
    QCategoryAxis *m_axis;
    QLineSeries *m_failureRate;
    QLineSeries *m_threshold;
    std::vector<Band> m_bands; // made as origins appear, never removed
    int m_bandRows = -1;
};

} // namespace batchlab
