// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "runs/record/runrecord.h"

#include <QString>

namespace batchlab {

/// The charts of the HTML report as inline SVG, drawn from a RunRecord alone (no Qt Charts,
/// no widgets, no script): the Charts dock's latency, batch sizes and requests saved, with
/// titled axes in their units and a legend. Each is bounded whatever the run's size: at
/// most kMaxBuckets points per line and kMaxDots dots (every n-th call, said in the legend).
class ReportCharts
{
public:
    static constexpr int kMaxBuckets = 120;
    static constexpr int kMaxDots = 2000;
    static constexpr int kMaxBars = 60;

    /// Latency of each call by when it was answered (dots, failed ones red), with p50 and
    /// p99 per time bucket as lines.
    static QString latency(const RunRecord &record);
    /// HTTP requests by batch size, stacked by flush reason, with maxBatchSize marked.
    static QString batchSizes(const RunRecord &record);
    /// The requests the calls would have needed one by one against the HTTP requests sent,
    /// both cumulative over the run; the gap between them is what batching and
    /// de-duplication avoided.
    static QString requestsSaved(const RunRecord &record);
};

} // namespace batchlab
