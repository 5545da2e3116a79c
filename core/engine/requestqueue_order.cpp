// SPDX-License-Identifier: BSD-3-Clause
// RequestQueuePrivate, continued: the order it keeps between calls. Reads after writes to
// their resource, dependencies between calls (CallOptions::dependsOn) and atomic groups
// (CallOptions::atomicGroup); CallOrder keeps the bookkeeping, this file applies it to the
// queue's records.
#include "engine/batchdispatcher.h"
#include "engine/enginetr.h"
#include "engine/requestqueue_p.h"
#include "resilience/dispatchgate.h"
#include "telemetry/logging.h"
#include "telemetry/telemetry.h"

#include <algorithm>

namespace batchlab {

namespace {

constexpr qint64 kNsPerMs = 1000000;

/// The end of the atomic group that starts at `begin` (or just past a call alone).
template<typename It> It unitEnd(It begin, It end)
{
    const quint64 atomic = (*begin)->atomic;
    if (!atomic)
        return begin + 1;
    return std::find_if(begin, end, [atomic](const auto *e) { return e->atomic != atomic; });
}

} // namespace

bool RequestQueuePrivate::isHeld(const Entry *entry)
{
    return entry->blockedBy != 0 || entry->waitingFor > 0;
}

void RequestQueuePrivate::sealBefore(const QUrl &resource)
{
    // No later call may share what was read or written before this write: out of the index.
    constexpr auto kResourceOnly = QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::RemoveUserInfo;
    const auto stale = m_dedup.matching(
        [&](const Entry *entry) { return entry->spec.url.matches(resource, kResourceOnly); });
    for (const auto &[hash, entry] : stale) {
        m_dedup.remove(hash, entry);
        entry->inDedupIndex = false;
    }
}

void RequestQueuePrivate::writeSettled(const QString &resource, quint64 requestId)
{
    const quint64 oldest = m_order.writeSettled(resource, requestId);
    // Calls that waited for no write later than those settled may go now, without waiting
    // for another window: they already waited.
    const qint64 now = m_telemetry->now();
    bool woke = false;
    for (Group *group : m_groups) {
        if (group->blocked == 0)
            continue;
        for (Entry *entry : group->entries) {
            if (entry->blockedBy && entry->blockedKey == resource
                && (oldest == 0 || oldest > entry->blockedBy)) {
                entry->blockedBy = 0;
                entry->blockedKey.clear();
                if (isHeld(entry))
                    continue; // it also waits for a dependency
                --group->blocked;
                group->windowStart = group->lastEnqueue
                    = now - qint64(m_config.maxDelay.count()) * kNsPerMs;
                woke = true;
            }
        }
    }
    if (woke)
        armTimer();
}

quint64 RequestQueuePrivate::openAtomicGroup()
{
    return m_order.openGroup();
}

void RequestQueuePrivate::closeAtomicGroup(quint64 atomic)
{
    const std::vector<quint64> ids = m_order.closeGroup(atomic);
    std::vector<Entry *> members;
    QString problem;
    for (const quint64 id : ids) {
        const Call *call = m_active.find(id);
        if (call)
            members.push_back(call->entry);
        else if (problem.isEmpty())
            problem
                = EngineTr::tr(
                      "not sent: request %1 of its atomic group ended before the group was closed")
                      .arg(id);
    }
    if (members.empty())
        return;
    Group *home = members.front()->home;
    const int limit = limitOf(home);
    if (problem.isEmpty())
        problem = whyNotSent(members, limit);
    if (!problem.isEmpty()) {
        failGroup(members, problem);
        return;
    }
    const qint64 now = m_telemetry->now();
    for (Entry *entry : members) {
        entry->queued = true;
        ++m_queuedEntries;
        ++home->atomic;
        if (isHeld(entry))
            ++home->blocked;
        home->entries.push_back(entry);
    }
    home->lastEnqueue = now;
    if (home->entries.size() == members.size())
        home->windowStart = now;
    armTimer();
    if (qsizetype(home->entries.size()) >= limit)
        flushGroup(home, FlushReason::Size, true);
}

QString RequestQueuePrivate::whyNotSent(const std::vector<Entry *> &members, int limit) const
{
    const Group *home = members.front()->home;
    if (m_shuttingDown)
        return EngineTr::tr("not sent: the request queue is shutting down");
    if (m_config.format == BatchFormat::JsonRpc)
        return EngineTr::tr("not sent: JSON-RPC 2.0 batches have no atomic groups, so these calls "
                            "cannot take effect all or none");
    if (std::any_of(members.cbegin(), members.cend(),
                    [home](const Entry *e) { return e->home != home; }))
        return EngineTr::tr("not sent: the calls of an atomic group must go to one batch endpoint");
    if (home->learned == 0)
        return EngineTr::tr("not sent: %1 takes no batches, and an atomic group needs one")
            .arg(home->endpointText);
    if (qsizetype(members.size()) > limit)
        return EngineTr::tr("not sent: its atomic group of %1 calls is larger than the %2 calls a "
                            "batch may hold")
            .arg(members.size())
            .arg(limit);
    if (m_config.format != BatchFormat::Json
        && std::any_of(members.cbegin(), members.cend(),
                       [](const Entry *e) { return !e->groupDeps.empty(); }))
        // Multipart change sets have no dependsOn, and servers run their parts in any order
        // (SAP CAP runs them concurrently).
        return EngineTr::tr("not sent: a multipart change set runs its calls in any order, so a "
                            "call cannot depend on another of its own change set (the JSON batch "
                            "format can say it)");
    return {};
}

void RequestQueuePrivate::failGroup(const std::vector<Entry *> &members, const QString &message)
{
    // No longer a group: failing one member must not look for the others again.
    for (Entry *entry : members) {
        if (entry->queued && entry->atomic)
            --entry->home->atomic;
        entry->atomic = 0;
    }
    for (Entry *entry : members)
        failEntry(entry, ErrorKind::RolledBack, message);
    QMetaObject::invokeMethod(
        q, [this] { runDeferred(); }, Qt::QueuedConnection);
}

void RequestQueuePrivate::noteOutcome(quint64 id, bool ok, const ApiError *error)
{
    m_order.noteOutcome(id, ok);
    if (!m_order.hasDependents(id))
        return;
    m_resolved.push_back({id, ok, ok || !error ? QString() : error->toString()});
    if (m_resolved.size() == 1)
        QMetaObject::invokeMethod(
            q, [this] { resolveDependencies(); }, Qt::QueuedConnection);
}

void RequestQueuePrivate::resolveDependencies()
{
    // From the event loop, so never in the middle of a flush or an answer; failing one
    // dependent may fail its own dependents, which this loop then resolves too.
    while (!m_resolved.empty()) {
        std::vector<Resolved> resolved;
        resolved.swap(m_resolved);
        for (const Resolved &r : resolved) {
            for (const quint64 dependent : m_order.takeDependents(r.id)) {
                Call *call = m_active.find(dependent);
                if (!call)
                    continue;
                if (r.ok)
                    dependencyMet(call->entry);
                else
                    failEntry(call->entry, ErrorKind::Dependency,
                              EngineTr::tr("not sent: request %1, which it depends on, failed (%2)")
                                  .arg(r.id)
                                  .arg(r.why));
            }
        }
    }
    runDeferred();
}

void RequestQueuePrivate::dependencyMet(Entry *entry)
{
    const bool wasHeld = isHeld(entry);
    --entry->waitingFor;
    if (!entry->queued || !wasHeld || isHeld(entry))
        return;
    Group *home = entry->home;
    --home->blocked;
    // It already waited: it goes without waiting for another window.
    home->windowStart = home->lastEnqueue
        = m_telemetry->now() - qint64(m_config.maxDelay.count()) * kNsPerMs;
    armTimer();
}

std::vector<RequestQueuePrivate::Entry *>
RequestQueuePrivate::takeChunk(Group *group, qsizetype max, bool onlyFullBatches, bool *tooLarge)
{
    std::vector<Entry *> &queued = group->entries;
    std::vector<Entry *> chunk;
    if (group->blocked == 0 && group->atomic == 0) {
        // The common case: everything may go, in order, up to the limit. A call asked to go
        // alone (FetchOptions::batch = false) that had to wait goes alone.
        const auto size = qsizetype(queued.size());
        if (size == 0 || (onlyFullBatches && size < max))
            return chunk;
        const auto count = queued.front()->plain ? 1 : qMin(size, max);
        chunk.assign(queued.begin(), queued.begin() + count);
        queued.erase(queued.begin(), queued.begin() + count);
        m_queuedEntries -= int(count);
        return chunk;
    }
    // Held calls stay in their place, and so does every member of an atomic group one of
    // whose members is held; the chunk takes whole groups in order while they fit.
    std::vector<size_t> taken; // indexes into queued
    qsizetype ready = 0;
    bool full = false;
    const auto take = [&](auto from, auto to) {
        for (auto i = from; i != to; ++i)
            taken.push_back(size_t(i - queued.begin()));
    };
    for (auto it = queued.begin(); it != queued.end();) {
        const auto end = unitEnd(it, queued.end());
        const auto size = qsizetype(end - it);
        const bool held = std::any_of(it, end, [](const Entry *e) { return isHeld(e); });
        if (!held) {
            ready += size;
            const bool alone = (*it)->plain;
            if (!full && taken.empty()) {
                take(it, end);
                *tooLarge = size > max;
                full = alone || *tooLarge || size == max;
            } else if (!full && (alone || qsizetype(taken.size()) + size > max)) {
                full = true; // the rest is counted as ready, and goes in a later chunk
            } else if (!full) {
                take(it, end);
                full = qsizetype(taken.size()) == max;
            }
        }
        it = end;
    }
    if (taken.empty() || (onlyFullBatches && ready < max && !*tooLarge))
        return chunk;
    for (const size_t i : taken)
        chunk.push_back(queued[i]);
    for (auto i = taken.rbegin(); i != taken.rend(); ++i)
        queued.erase(queued.begin() + qsizetype(*i));
    m_queuedEntries -= int(chunk.size());
    for (const Entry *entry : chunk) {
        if (entry->atomic)
            --group->atomic;
    }
    return chunk;
}

} // namespace batchlab
