// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "runs/report/reportwriter.h"

namespace batchlab {

/// The run as one HTML file that a browser opens with no network: inline CSS, the charts as
/// inline SVG (ReportCharts), no script and no external resource. The run's numbers as the
/// Run dock names them (RunNumbers), its plan and settings, the ReportOptions::slowestShown
/// slowest calls and the first ReportOptions::failedShown failed ones (the rest counted).
/// Every text from the run (names, URLs, errors) is HTML-escaped; URLs appear as text only.
class HtmlReportWriter : public ReportWriter
{
public:
    QString format() const override;
    QString name() const override;
    QString suffix() const override;
    QByteArray write(const RunRecord &record, const ReportOptions &options, QString *error) const override;
};

} // namespace batchlab
