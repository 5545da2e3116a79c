// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QHash>
#include <QJsonObject>
#include <QSet>

#include <optional>

namespace batchlab {

/// The sandbox's items (`/items/{id}`): 500 initial ones computed from their id, and every
/// change made since by POST, PUT, PATCH and DELETE. Changes can be made inside a transaction
/// (begin(), then commit() or rollback()), so that an OData change set or atomicity group
/// takes effect as a whole or not at all.
///
/// A transaction keeps an undo journal, not a copy: the state an item had before its first
/// change in the transaction, and the next id. Its cost is that of the items it touches, not
/// of the store. Transactions do not nest: the sandbox runs one atomic unit at a time.
class SandboxItemStore
{
public:
    static constexpr int kInitialItemCount = 500;

    bool contains(int id) const;
    /// The item's current object; only meaningful when contains(id).
    QJsonObject object(int id) const;
    /// Creates an item with the next id, which it returns; `object` gets that "id".
    int create(QJsonObject object);
    /// Replaces the object of an item that exists.
    void put(int id, const QJsonObject &object);
    void remove(int id);
    /// Forgets every change, and any open transaction.
    void reset();

    void begin();
    void commit();
    /// Undoes every change since begin(): the store is as it was then, the next id included.
    void rollback();
    bool inTransaction() const { return m_inTransaction; }

private:
    /// What an item was before the transaction first touched it.
    struct Before
    {
        std::optional<QJsonObject> changed; ///< its entry in m_changed, if it had one
        bool deleted = false;
    };
    void remember(int id);

    QHash<int, QJsonObject> m_changed;
    QSet<int> m_deleted;
    int m_nextId = kInitialItemCount + 1;

    bool m_inTransaction = false;
    QHash<int, Before> m_journal;
    int m_nextIdBefore = 0;
};

} // namespace batchlab
