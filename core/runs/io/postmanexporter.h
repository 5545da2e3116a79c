// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "runs/io/exporter.h"

namespace batchlab {

/// Postman collection v2.1, as the official schema wants it: URL objects with `raw` and
/// its parts, v2.1 array-form auth where an Authorization header maps back cleanly, the
/// set's variables (secret values empty unless asked for). What Postman has no place for
/// (batch settings, target, environments, request ids, change sets, checks) goes, in the
/// native file's JSON, into a `batchlab` collection variable that PostmanImporter restores.
class PostmanExporter : public Exporter
{
public:
    static constexpr const char *kSchema = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json";

    QString format() const override;
    QString name() const override;
    QString suffix() const override;
    QByteArray write(const RequestSet &set, const ExportOptions &options, QString *error) const override;
};

} // namespace batchlab
