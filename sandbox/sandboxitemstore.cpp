// SPDX-License-Identifier: BSD-3-Clause
#include "sandbox/sandboxitemstore.h"

namespace batchlab {

bool SandboxItemStore::contains(int id) const
{
    if (m_deleted.contains(id))
        return false;
    return (id >= 1 && id <= kInitialItemCount) || m_changed.contains(id);
}

QJsonObject SandboxItemStore::object(int id) const
{
    const auto changed = m_changed.constFind(id);
    if (changed != m_changed.cend())
        return *changed;
    return {{QStringLiteral("id"), id},
            {QStringLiteral("name"), QStringLiteral("Item %1").arg(id)},
            {QStringLiteral("price"), (id * 37 % 10000) / 100.0},
            {QStringLiteral("stock"), id * 7 % 50}};
}

int SandboxItemStore::create(QJsonObject object)
{
    const int id = m_nextId++;
    remember(id);
    object.insert(QStringLiteral("id"), id);
    m_changed.insert(id, object);
    return id;
}

void SandboxItemStore::put(int id, const QJsonObject &object)
{
    remember(id);
    m_changed.insert(id, object);
}

void SandboxItemStore::remove(int id)
{
    remember(id);
    m_deleted.insert(id);
    m_changed.remove(id);
}

void SandboxItemStore::reset()
{
    m_changed.clear();
    m_deleted.clear();
    m_nextId = kInitialItemCount + 1;
    m_inTransaction = false;
    m_journal.clear();
}

void SandboxItemStore::begin()
{
    Q_ASSERT(!m_inTransaction);
    m_inTransaction = true;
    m_journal.clear();
    m_nextIdBefore = m_nextId;
}

void SandboxItemStore::commit()
{
    Q_ASSERT(m_inTransaction);
    m_inTransaction = false;
    m_journal.clear();
}

void SandboxItemStore::rollback()
{
    Q_ASSERT(m_inTransaction);
    for (auto it = m_journal.cbegin(); it != m_journal.cend(); ++it) {
        if (it->changed)
            m_changed.insert(it.key(), *it->changed);
        else
            m_changed.remove(it.key());
        if (it->deleted)
            m_deleted.insert(it.key());
        else
            m_deleted.remove(it.key());
    }
    // Ids handed out inside the transaction are given again: nothing of it remains.
    m_nextId = m_nextIdBefore;
    m_inTransaction = false;
    m_journal.clear();
}

void SandboxItemStore::remember(int id)
{
    if (!m_inTransaction || m_journal.contains(id))
        return;
    Before before;
    const auto changed = m_changed.constFind(id);
    if (changed != m_changed.cend())
        before.changed = *changed;
    before.deleted = m_deleted.contains(id);
    m_journal.insert(id, before);
}

} // namespace batchlab
