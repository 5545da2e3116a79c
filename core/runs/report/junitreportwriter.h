// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "runs/report/reportwriter.h"

namespace batchlab {

/// The run as JUnit XML, as Jenkins, GitLab and GitHub's test reporters read it: one
/// <testsuite> for the run whose <properties> are the run's numbers (RunNumbers, the
/// percentiles, the plan), one <testcase> per request of the set. A request whose calls
/// failed (an error other than Stop's cancellation) or broke their checks is a <failure>
/// naming how many and listing them with their errors (the first kFailuresListed); a
/// request that made no call, or whose calls were all cancelled or still pending when the
/// run ended, is <skipped> with why. A test case's time is its slowest call's latency.
class JUnitReportWriter : public ReportWriter
{
public:
    static constexpr int kFailuresListed = 50;

    QString format() const override;
    QString name() const override;
    QString suffix() const override;
    QByteArray write(const RunRecord &record, const ReportOptions &options, QString *error) const override;

    /// `text` without the characters XML 1.0 cannot carry (controls but tab and line ends,
    /// lone surrogates, U+FFFE/U+FFFF), which a request name or an error could hold.
    static QString xmlText(const QString &text);
};

} // namespace batchlab
