// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "runs/report/reportwriter.h"

#include <QJsonObject>

namespace batchlab {

/// The whole run as JSON (`"format": "batchlab.runreport"`, version 1): the run, its plan
/// and settings named as a `.batchlab.json` file names them (SettingsBlocks, the `batch`
/// block), the settings changed during it, RunNumbers and the telemetry's failures and
/// flushes, the percentiles in ms, the set's request names, one record per call and one per
/// HTTP request. Times are ms since the run started (three decimals) beside the start's
/// ISO 8601 time; null where unknown. Calls and requests are written without a DOM, so
/// that a run of a million calls costs its bytes and not a tree of them.
class JsonReportWriter : public ReportWriter
{
public:
    static constexpr const char *kFormat = "batchlab.runreport";
    static constexpr int kVersion = 1;

    QString format() const override;
    QString name() const override;
    QString suffix() const override;
    QByteArray write(const RunRecord &record, const ReportOptions &options, QString *error) const override;

    /// The settings of a client as the native file names them: batch, retry, breaker, cache.
    static QJsonObject settingsJson(const ClientConfig &config);
};

} // namespace batchlab
