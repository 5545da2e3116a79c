// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QList>
#include <QString>

namespace batchlab {

struct Variable
{
    QString name;
    QString value;
    /// A credential: kept in memory for the session but saved empty, so that a set file can
    /// be shared or committed. `{{env:NAME}}` is the other way to keep a secret out of it;
    /// SecretResolver fills an empty one before a run (environment variable, secret store, or
    /// the user asked once).
    bool secret = false;

    friend bool operator==(const Variable &, const Variable &) = default;
};

/// A named group of variables (local, staging, production), as Postman has them: the active
/// environment's variables override the set's own of the same name, so that one set runs
/// against each place by switching it.
struct Environment
{
    QString name;
    QList<Variable> variables;

    friend bool operator==(const Environment &, const Environment &) = default;
};

/// The process environment variable that holds secret `variable` of `environment` (empty:
/// the set's own variables): `BATCHLAB_SECRET_<ENVIRONMENT>_<NAME>`, or
/// `BATCHLAB_SECRET_<NAME>`, upper-cased, every other character than a letter or digit as `_`.
QString secretEnvironmentVariable(const QString &environment, const QString &variable);
/// The key of a secret in the system's secret store, under service "batchlab":
/// "<set>/<environment>/<variable>", or "<set>/<variable>" for the set's own variables.
QString secretStoreKey(const QString &set, const QString &environment, const QString &variable);

} // namespace batchlab
