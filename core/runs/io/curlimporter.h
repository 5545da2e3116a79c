// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "runs/io/importer.h"

namespace batchlab {

/// Reads curl command lines, as API docs, bug reports and browsers' "Copy as cURL" write them,
/// into requests with curl's own meaning: `-d` pieces joined with `&` and sent as a form POST,
/// `--json`, `-G`, `-u`, `-F` text fields, several URLs and `--next` as several requests.
/// Options that change what is sent but cannot be carried over (`-k`, `-L`, proxies, upload
/// files) are notes; `@file` is read next to the pasted file. Shell variables `$name` become
/// `{{name}}`, and `name='value'` lines before the commands the set's variables, so that what
/// CurlExporter writes comes back as it was.
class CurlImporter : public Importer
{
public:
    QString format() const override;
    QString name() const override;
    int recognizes(const QByteArray &data) const override;
    ImportResult read(const QByteArray &data, const QString &fileName) const override;

    /// The shell variable an exported relative URL starts with: it names the target's base
    /// URL, and such a URL is imported relative again.
    static QString baseVariable();
};

} // namespace batchlab
