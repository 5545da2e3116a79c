// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "charts/runchart.h"
#include "engine/batchconfig.h"

#include <QStringList>

#include <array>

QT_BEGIN_NAMESPACE
class QBarCategoryAxis;
class QBarSet;
class QStackedBarSeries;
QT_END_NAMESPACE

namespace batchlab {

/// The histogram of batch sizes (calls per HTTP request), stacked by flush reason, with a
/// line at maxBatchSize. At most 20 bars: a wide maxBatchSize groups neighbouring sizes.
class BatchSizeChart : public RunChart
{
    Q_OBJECT

public:
    explicit BatchSizeChart(const ChartTheme &theme);

    void applyTheme(const ChartTheme &theme) override;
    void refresh(const ChartData &data) override;
    /// The most bars shown: sizes are grouped into bins of a round width past it.
    static constexpr int kMaxBins = 12;
    /// What Qt Charts keeps free on each side of a category label (and a pixel to spare).
    static constexpr double kLabelPadding = 5;

private:
    QStackedBarSeries *m_series;
    std::array<QBarSet *, kFlushReasonCount> m_sets{};
    QBarCategoryAxis *m_sizeAxis;
    QValueAxis *m_countAxis;
    QLineSeries *m_maxBatchLine;
    QStringList m_categories;
};

} // namespace batchlab
