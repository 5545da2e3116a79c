// SPDX-License-Identifier: BSD-3-Clause
#include "engine/callorder.h"

#include <algorithm>

namespace batchlab {

quint64 CallOrder::latestWrite(const QString &resource) const
{
    const auto pending = m_pendingWrites.constFind(resource);
    return pending == m_pendingWrites.constEnd() ? 0 : pending->back();
}

void CallOrder::writeStarted(const QString &resource, quint64 id)
{
    m_pendingWrites[resource].push_back(id);
}

quint64 CallOrder::writeSettled(const QString &resource, quint64 id)
{
    const auto it = m_pendingWrites.find(resource);
    if (it == m_pendingWrites.end())
        return 0;
    std::vector<quint64> &ids = *it;
    ids.erase(std::remove(ids.begin(), ids.end(), id), ids.end());
    if (!ids.empty())
        return ids.front();
    m_pendingWrites.erase(it);
    return 0;
}

bool CallOrder::writePendingUpTo(const QString &resource, quint64 id) const
{
    const auto pending = m_pendingWrites.constFind(resource);
    return pending != m_pendingWrites.constEnd() && pending->front() <= id;
}

void CallOrder::noteOutcome(quint64 id, bool ok)
{
    const quint64 bit = id % kOutcomeWindow;
    quint64 &word = m_failed[size_t(bit / 64)];
    const quint64 mask = quint64(1) << (bit % 64);
    word = ok ? word & ~mask : word | mask;
}

std::optional<bool> CallOrder::outcomeOf(quint64 id, quint64 nextId) const
{
    if (id == 0 || id >= nextId || nextId - id > kOutcomeWindow)
        return std::nullopt;
    const quint64 bit = id % kOutcomeWindow;
    return (m_failed[size_t(bit / 64)] & (quint64(1) << (bit % 64))) == 0;
}

void CallOrder::addDependent(quint64 dependency, quint64 dependent)
{
    m_dependents[dependency].push_back(dependent);
}

std::vector<quint64> CallOrder::takeDependents(quint64 dependency)
{
    return m_dependents.take(dependency);
}

quint64 CallOrder::openGroup()
{
    const quint64 group = ++m_nextGroup;
    m_openGroups.insert(group, {});
    return group;
}

void CallOrder::addMember(quint64 group, quint64 id)
{
    const auto it = m_openGroups.find(group);
    if (it != m_openGroups.end())
        it->push_back(id);
}

std::vector<quint64> CallOrder::closeGroup(quint64 group)
{
    return m_openGroups.take(group);
}

} // namespace batchlab
