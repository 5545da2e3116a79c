// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "runs/verdict/runmetrics.h"
#include "runs/verdict/threshold.h"

#include <QJsonObject>

#include <vector>

namespace batchlab {

/// The end-of-run summary of `batchlab run --json` (`"format": "batchlab.runsummary"`,
/// version 1): the metrics under the names thresholds use (`calls`, `http_requests`, `saved`,
/// …), times with their unit in the key (`latency_ms`, `queue_wait_ms`, `duration_s`),
/// failures by kind, and each threshold's verdict. docs/cli-summary.md documents the schema.
class RunSummaryJson
{
public:
    static constexpr const char *kFormat = "batchlab.runsummary";
    static constexpr int kVersion = 1;

    static QJsonObject toJson(const RunMetrics &metrics, const std::vector<ThresholdResult> &thresholds = {});
};

} // namespace batchlab
