// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "runs/runner.h"

#include <QList>
#include <QString>

namespace batchlab {

/// One line of two runs side by side: what is measured, its value in each, and the change.
struct ComparisonRow
{
    QString label;
    QString a;
    QString b;
    QString change;
};

/// Two runs side by side: plan, what differed in their settings, and what telemetry counted.
QList<ComparisonRow> compareRuns(const RunSummary &a, const RunSummary &b);

} // namespace batchlab
