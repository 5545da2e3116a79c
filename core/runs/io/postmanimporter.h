// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "runs/io/importer.h"

namespace batchlab {

/// Postman collections, v2.0 and v2.1: folders flattened into names ("Payouts / Create
/// quote"), collection and folder variables into the set's, auth (inherited from folders and
/// the collection) into headers, every body mode Batchlab can send as text; scripts, file
/// parts and other auth types are named in the notes. A `batchlab` collection variable that
/// PostmanExporter wrote brings back what Postman has no place for (settings, target, ids).
class PostmanImporter : public Importer
{
public:
    /// The collection variable that carries a set's native settings through Postman.
    static constexpr const char *kSettingsVariable = "batchlab";

    QString format() const override;
    QString name() const override;
    int recognizes(const QByteArray &data) const override;
    ImportResult read(const QByteArray &data, const QString &fileName) const override;
};

} // namespace batchlab
