// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "charts/timechart.h"

namespace batchlab {

/// What batching and de-duplication did on the wire: cumulative requests the calls that
/// reached the network would have needed one by one, against the HTTP requests sent, the gap
/// shaded; the title says how many were avoided (RunNumbers' definition). Cache hits, calls
/// refused by the breaker and calls never sent are not in it: they avoided no request.
class RequestsSavedChart : public TimeChart
{
    Q_OBJECT

public:
    explicit RequestsSavedChart(const ChartTheme &theme);

    void applyTheme(const ChartTheme &theme) override;

protected:
    double redraw(const ChartData &data) override;

private:
    QLineSeries *m_calls;
    QLineSeries *m_http;
    QAreaSeries *m_saved;
};

} // namespace batchlab
