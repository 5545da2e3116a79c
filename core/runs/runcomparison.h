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
    QString toolTip; ///< what the line counts, when the label alone does not say
    /// One text for both runs (in `a`), across the value and change columns: settings and
    /// their changes are sentences, too long for a column of their own in a narrow dock.
    bool wide = false;
};

/// Two runs side by side: plan, their settings (at the start, changed during each run with the
/// times, at the end), and the numbers of RunNumbers, each apart.
QList<ComparisonRow> compareRuns(const RunSummary &a, const RunSummary &b);

/// "0.06 s  maxBatchSize 5 → 20", one line per change made during the run; empty without.
QStringList settingsChangeLines(const RunSummary &run);

/// The change from `a` to `b` for a person: "=", "+314", "−12 (−40 %)"; the percentage only
/// where it means something (a base that is not 0, a change under ×10), never "×0" or "−0.0".
QString changeText(double a, double b, int decimals = 0, const QString &unit = QString());

} // namespace batchlab
