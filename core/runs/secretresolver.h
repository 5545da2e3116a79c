// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "runs/requestset.h"

#include <QHash>
#include <QObject>

#include <functional>

namespace batchlab {

class KeychainStore;

/// A secret variable a run needs but whose value is empty (files keep secrets empty).
struct SecretNeed
{
    QString environment; ///< the environment it belongs to; empty for the set's own variables
    QString name;

    /// "token", or "staging · token".
    QString label() const;
    friend bool operator==(const SecretNeed &, const SecretNeed &) = default;
};

/// Gives the secrets of a set their values before a run or a Send, from, in order: the value
/// typed this session (in the set, or given to remember()), the process environment variable
/// `BATCHLAB_SECRET_<ENVIRONMENT>_<NAME>` (secretEnvironmentVariable()), and the system's
/// secret store (KeychainStore, key secretStoreKey()). What is still empty is handed back for
/// the caller to ask the user; never a value in a file or a log.
class SecretResolver : public QObject
{
    Q_OBJECT

public:
    using Done = std::function<void(const RequestSet &filled, const QList<SecretNeed> &missing)>;

    /// `store` may be null: no secret store.
    explicit SecretResolver(KeychainStore *store, QObject *parent = nullptr);

    /// The empty secrets in effect (the active environment's before the set's own) that the
    /// requests at `rows` (every enabled one when empty) and the target's headers use.
    static QList<SecretNeed> needed(const RequestSet &set, const QList<int> &rows = {});
    /// Sets the value of `need` in `set`.
    static void fill(RequestSet *set, const SecretNeed &need, const QString &value);

    /// Keeps `value` for the rest of the session, and in the secret store when `inStore`.
    void remember(const QString &setName, const SecretNeed &need, const QString &value, bool inStore);
    KeychainStore *store() const { return m_store; }

    /// Calls `done` with a copy of `set` whose needed secrets have what values could be found,
    /// and the ones still missing: at once when the secret store is not asked, else when it
    /// answered (or timed out). Not called when `context` is gone by then.
    void resolve(const RequestSet &set, const QList<int> &rows, QObject *context, Done done);

private:
    QHash<QString, QString> m_session; // by secretStoreKey()
    KeychainStore *m_store;
};

} // namespace batchlab
