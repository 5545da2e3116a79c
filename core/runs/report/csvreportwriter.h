// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "runs/report/reportwriter.h"

namespace batchlab {

/// One row per call, RFC 4180: a header row, CRLF line ends, fields with a comma, a quote or
/// a line break quoted (quotes doubled). Text that a spreadsheet would take for a formula
/// (starting with = + - @, a tab or a carriage return) gets a leading apostrophe, as OWASP
/// advises against CSV injection. Times ISO 8601 in UTC, durations in ms with three
/// decimals, empty where unknown (a call still pending when the run ended).
class CsvReportWriter : public ReportWriter
{
public:
    QString format() const override;
    QString name() const override;
    QString suffix() const override;
    QByteArray write(const RunRecord &record, const ReportOptions &options, QString *error) const override;

    /// The columns, in order.
    static QStringList columns();
    /// One field as written: quoted when needed, formulas defused.
    static QString field(const QString &text);
};

} // namespace batchlab
