// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "runs/verdict/runmetrics.h"
#include "runs/verdict/threshold.h"

#include <QString>

#include <vector>

namespace batchlab {

/// The end of `batchlab run` in a terminal, as k6 ends: calls and how they ended (failures by
/// kind), HTTP requests and batches, saved, de-duplication and cache hits, retries, checks,
/// the latency and queue-wait percentiles, duration and rate; then each threshold with ✓ or ✗
/// and its measured value. Labels dotted out to one column, numbers right-aligned, no line
/// over kWidth columns. With `unicode` false only ASCII is written (PASS/FAIL for ✓/✗), for
/// terminals that are not UTF-8 and for --no-color logs.
class RunSummaryTable
{
public:
    static constexpr int kWidth = 80;

    static QString text(const RunMetrics &metrics, const std::vector<ThresholdResult> &thresholds = {},
                        bool unicode = true);
};

} // namespace batchlab
