// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QHash>
#include <QString>

#include <array>
#include <optional>
#include <vector>

namespace batchlab {

/// The order the queue must keep between calls, as plain bookkeeping by request id (the queue
/// applies it to its records):
///  - writes not yet settled, by resource: a read enqueued after a write to its resource goes
///    after that write;
///  - explicit dependencies (CallOptions::dependsOn): who waits for whom;
///  - whether each of the latest kOutcomeWindow calls succeeded, so that a call can depend on
///    one that already settled;
///  - atomic groups still open, and the calls enqueued into each.
class CallOrder
{
public:
    static constexpr quint64 kOutcomeWindow = 1 << 16;

    /// The latest pending write to `resource`, or 0.
    quint64 latestWrite(const QString &resource) const;
    bool hasPendingWrites() const { return !m_pendingWrites.isEmpty(); }
    void writeStarted(const QString &resource, quint64 id);
    /// Forgets the write; returns the oldest write to `resource` still pending, or 0.
    quint64 writeSettled(const QString &resource, quint64 id);
    /// Whether a write to `resource` with an id up to `id` is still pending.
    bool writePendingUpTo(const QString &resource, quint64 id) const;

    /// Called for every call that settles (or fails), in any way.
    void noteOutcome(quint64 id, bool ok);
    /// How request `id` ended, when it ended within the latest kOutcomeWindow requests before
    /// `nextId`; nullopt when it is older than that.
    std::optional<bool> outcomeOf(quint64 id, quint64 nextId) const;

    void addDependent(quint64 dependency, quint64 dependent);
    bool hasDependents(quint64 dependency) const
    {
        return !m_dependents.isEmpty() && m_dependents.contains(dependency);
    }
    std::vector<quint64> takeDependents(quint64 dependency);

    quint64 openGroup();
    bool isOpen(quint64 group) const { return m_openGroups.contains(group); }
    void addMember(quint64 group, quint64 id);
    /// The calls enqueued into `group`, in order; the group is closed. Empty when unknown.
    std::vector<quint64> closeGroup(quint64 group);

private:
    QHash<QString, std::vector<quint64>> m_pendingWrites; ///< ids in order
    QHash<quint64, std::vector<quint64>> m_dependents;
    QHash<quint64, std::vector<quint64>> m_openGroups;
    /// One bit per request id modulo kOutcomeWindow: set when it failed.
    std::array<quint64, kOutcomeWindow / 64> m_failed{};
    quint64 m_nextGroup = 0;
};

} // namespace batchlab
