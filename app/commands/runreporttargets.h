// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "runs/record/runrecord.h"

#include <QList>
#include <QString>

namespace batchlab {

/// The reports a command line asked for with `--report FORMAT:FILE`: run reports (json, csv,
/// junit, html — the workbench's writers) and the run's wire as HAR (har).
class RunReportTargets
{
public:
    /// Reads every `--report` value; an empty string, or what is wrong with one.
    QString parse(const QStringList &values);
    bool wantsWire() const;
    bool isEmpty() const { return m_targets.isEmpty(); }
    /// Writes each report of `record` (QSaveFile: a report is whole or not there). Returns the
    /// problems, one line per report that could not be written; `written` lists the files.
    QStringList write(const RunRecord &record, QStringList *written) const;

    /// "json, csv, junit, html, har", for help and errors.
    static QStringList formats();

private:
    struct Target
    {
        QString format;
        QString path;
    };
    QList<Target> m_targets;
};

} // namespace batchlab
