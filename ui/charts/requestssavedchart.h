// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "charts/timechart.h"

namespace batchlab {

/// Cumulative calls against cumulative HTTP requests, the gap between them shaded; the title
/// says how much was saved.
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
