// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "runs/io/exporter.h"

namespace batchlab {

/// Writes a request set as a POSIX shell script of curl commands, one per enabled request,
/// each safe to paste: every value single-quoted, `-X` only where curl would pick another
/// method, the target's headers on each, the body byte for byte with `--data-raw`. Variables
/// are resolved, or kept as shell variables defined at the top (secrets empty unless asked
/// for), so that one exported file runs against another place by editing one line. Relative
/// URLs start with `$BATCHLAB_BASE`, the target's base URL unless the environment sets it.
class CurlExporter : public Exporter
{
public:
    QString format() const override;
    QString name() const override;
    QString suffix() const override;
    QByteArray write(const RequestSet &set, const ExportOptions &options, QString *error) const override;

    /// `text` as one shell word that gives it back exactly: '…' with each ' as '\''.
    static QString quoted(const QString &text);
};

} // namespace batchlab
