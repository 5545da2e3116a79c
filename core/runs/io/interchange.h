// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "runs/io/exporter.h"
#include "runs/io/harentry.h"
#include "runs/io/importer.h"

#include <vector>

namespace batchlab {

/// The importers and exporters Batchlab has, and the choice among them by content.
class Interchange
{
public:
    static const std::vector<const Importer *> &importers();
    static const std::vector<const Exporter *> &exporters();
    /// The importer most sure of `data` (Importer::recognizes() above 0), or null.
    static const Importer *importerFor(const QByteArray &data);
    static const Exporter *exporter(const QString &format);
    /// Reads `path` and imports it with the importer its content picks; an error naming the
    /// file when it cannot be read or no importer knows it.
    /// When the file is a HAR and `harEntries` is given, it gets one HarEntry per imported
    /// request, in order (for the import dialog's filter); otherwise it is left empty.
    static ImportResult importFile(const QString &path, QList<HarEntry> *harEntries = nullptr);
};

} // namespace batchlab
