// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "runs/record/runrecord.h"

#include <QByteArray>
#include <QString>

#include <functional>

namespace batchlab {

/// Told how far a report is, `done` of `total` steps (calls, mostly); false stops it (the
/// writer then returns nothing and says it was cancelled). Called from the writer's thread.
using ReportProgress = std::function<bool(qint64 done, qint64 total)>;

/// How a run report is written.
struct ReportOptions
{
    int slowestShown = 20;   ///< HTML: the slowest calls listed
    int failedShown = 200;   ///< HTML: failed calls listed; the rest are counted
    ReportProgress progress; ///< may be empty
};

/// Writes a recorded run in one format other tools read (a CI system, a spreadsheet, a
/// browser): no widgets, so that the command line and the workbench write the same bytes,
/// and the workbench can write on a worker thread. No header value is ever written (a
/// RunRecord has none), and secrets in URL queries are masked (UrlRedaction).
class ReportWriter
{
public:
    virtual ~ReportWriter() = default;
    virtual QString format() const = 0; ///< "json", "csv", "junit", "html"
    virtual QString name() const = 0;   ///< for menus: "JSON report"
    virtual QString suffix() const = 0; ///< ".report.json", ".csv", ".junit.xml", ".html"
    /// The file's bytes; empty with `error` set when it could not be written (cancelled).
    virtual QByteArray write(const RunRecord &record, const ReportOptions &options, QString *error) const = 0;
};

} // namespace batchlab
