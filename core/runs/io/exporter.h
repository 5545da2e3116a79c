// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "runs/requestset.h"

#include <QByteArray>
#include <QString>

namespace batchlab {

/// How a request set leaves Batchlab.
struct ExportOptions
{
    /// {{variables}} replaced by their values (curl: else kept as shell variables).
    bool resolveVariables = false;
    /// Secret values and credentials written out; off, they are left out or masked.
    bool includeSecrets = false;
};

/// Writes a request set in one format other tools read, strictly (the format's validators
/// and the tools' own import rules pass).
class Exporter
{
public:
    virtual ~Exporter() = default;
    virtual QString format() const = 0; ///< "har", "postman", "curl"
    virtual QString name() const = 0;
    virtual QString suffix() const = 0; ///< ".har", ".postman_collection.json", ".sh"
    /// The file's bytes; empty with `error` set when the set cannot be written in this format.
    virtual QByteArray write(const RequestSet &set, const ExportOptions &options, QString *error) const = 0;

    /// `set` as an export may fill its {{variables}} from: without its secret variables unless
    /// `options.includeSecrets`, so that resolving never writes a secret's value (its
    /// {{name}} stays).
    static RequestSet substitutable(const RequestSet &set, const ExportOptions &options)
    {
        RequestSet values = set;
        if (!options.includeSecrets) {
            const auto secret = [](const Variable &v) { return v.secret; };
            values.variables.removeIf(secret);
            for (Environment &environment : values.environments)
                environment.variables.removeIf(secret);
        }
        return values;
    }
};

} // namespace batchlab
