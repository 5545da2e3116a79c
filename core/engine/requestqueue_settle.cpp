// SPDX-License-Identifier: BSD-3-Clause
// RequestQueuePrivate, continued: how calls settle. Every way a call ends (an answer, a
// failure of its own, a refusal at the door) goes through here, so that each caller is
// answered exactly once and only when the queue's state is consistent again.
#include "engine/requestqueue_p.h"
#include "engine/enginetr.h"

#include "engine/batchdispatcher.h"
#include "resilience/dispatchgate.h"
#include "telemetry/telemetry.h"

#include <algorithm>
#include <limits>

namespace batchlab {

namespace {

int micros(qint64 ns)
{
    return int(qMin<qint64>(ns / 1000, std::numeric_limits<int>::max()));
}

} // namespace

void RequestQueuePrivate::rejectLater(quint64 requestId, quint32 keyId, Completion done, ErrorKind kind,
                               const QString &message)
{
    ApiResult result;
    result.error = {kind, kind, message, 0, {}, requestId, 0};
    record(m_telemetry->now(), EventKind::Failed, requestId, 0, keyId, 0, 0, kind,
           FlushReason::Timer, Event::kNeverQueued);
    noteOutcome(requestId, false, &result.error);
    m_deferred.outcomes.push_back(std::move(result));
    m_deferred.calls.push_back(
        {std::move(done), m_deferred.outcomes.size() - 1, requestId, 0, false});
    if (m_deferred.calls.size() == 1)
        QMetaObject::invokeMethod(q, [this] { runDeferred(); }, Qt::QueuedConnection);
}

void RequestQueuePrivate::runDeferred()
{
    Settlements deferred;
    std::swap(deferred, m_deferred);
    run(deferred);
}

void RequestQueuePrivate::settleEntry(Entry *entry, quint64 batchId, size_t outcome, Settlements *out)
{
    const ApiResult &result = out->outcomes[outcome];
    if (m_settleHook)
        m_settleHook(entry->spec, entry->hash, result, entry->cache, entry->cacheTtl);
    for (Call *call = entry->waiters; call;) {
        Call *next = call->nextWaiter;
        const int latency = micros(out->settledAt - call->enqueuedAt);
        const int wait = entry->firstFlushedAt < 0
            ? -1
            : micros(qMax<qint64>(0, entry->firstFlushedAt - call->enqueuedAt));
        if (result.ok()) {
            record(out->settledAt, EventKind::Settled, call->id, batchId, entry->keyId,
                   result.response.status, latency, ErrorKind::None, FlushReason::Timer, wait);
        } else {
            record(out->settledAt, EventKind::Failed, call->id, batchId, entry->keyId,
                   result.error.status, latency, result.error.kind, FlushReason::Timer, wait);
        }
        out->calls.push_back(
            {std::move(call->done), outcome, call->id, call->enqueuedAt, call->joined});
        noteOutcome(call->id, result.ok(), &result.error);
        m_active.remove(call->id);
        m_callPool.release(call);
        call = next;
    }
    entry->waiters = nullptr;
    dropEntry(entry);
}

void RequestQueuePrivate::failCall(Call *call, ErrorKind kind, const QString &message)
{
    Entry *entry = call->entry;
    const quint64 batchId = entry->batch ? entry->batch->id : 0; // 0: it ended waiting
    const quint64 id = call->id;
    const qint64 now = m_telemetry->now();
    removeWaiter(entry, call);
    m_active.remove(id);
    if (kind == ErrorKind::Timeout)
        record(now, EventKind::TimedOut, id, batchId, entry->keyId);
    const int wait = entry->firstFlushedAt < 0
        ? -1
        : micros(qMax<qint64>(0, entry->firstFlushedAt - call->enqueuedAt));
    record(now, EventKind::Failed, id, batchId, entry->keyId, 0, micros(now - call->enqueuedAt),
           kind, FlushReason::Timer, wait);

    ApiResult result;
    // The error names the batch it last went in, whose wire shows why it was being retried.
    result.error = {kind, kind, message, 0, {}, id, batchId ? batchId : entry->lastBatchId};
    noteOutcome(id, false, &result.error);
    m_deferred.outcomes.push_back(std::move(result));
    m_deferred.calls.push_back({std::move(call->done), m_deferred.outcomes.size() - 1, id,
                                call->enqueuedAt, call->joined});
    m_callPool.release(call);

    if (entry->waiters)
        return; // others still wait for this item
    if (entry->queued) {
        Group *home = entry->home;
        std::vector<Entry *> &queued = home->entries;
        queued.erase(std::find(queued.begin(), queued.end(), entry));
        --m_queuedEntries;
        if (isHeld(entry))
            --home->blocked;
        if (m_gate && entry->gated)
            m_gate->release(home->originId, entry->keyId, entry->gateEpoch);
        const quint64 atomic = entry->atomic;
        dropEntry(entry);
        if (atomic) {
            // The rest of its group may not go without it: all or nothing.
            --home->atomic;
            std::vector<Entry *> members;
            for (Entry *other : queued) {
                if (other->atomic == atomic)
                    members.push_back(other);
            }
            failGroup(members,
                      EngineTr::tr("not sent: request %1 of its atomic group ended first (%2)")
                          .arg(id)
                          .arg(errorKindName(kind)));
        }
    } else if (entry->wave) {
        std::vector<Entry *> &waiting = entry->wave->entries;
        waiting.erase(std::find(waiting.begin(), waiting.end(), entry));
        dropEntry(entry);
    } else if (entry->batch) {
        // In flight: its answer, if it comes, still tells the breaker about the origin. With
        // no caller left in the whole batch, the HTTP request is abandoned.
        m_dispatcher->releaseBatchIfOrphaned(entry->batch);
    } else {
        dropEntry(entry);
    }
}

void RequestQueuePrivate::failEntry(Entry *entry, ErrorKind kind, const QString &message)
{
    std::vector<Call *> calls;
    for (Call *call = entry->waiters; call; call = call->nextWaiter)
        calls.push_back(call);
    // The last failCall() drops the entry.
    for (Call *call : calls)
        failCall(call, kind, message);
}

void RequestQueuePrivate::dropEntry(Entry *entry)
{
    if (entry->inDedupIndex)
        m_dedup.remove(entry->hash, entry);
    if (!entry->writeKey.isEmpty())
        writeSettled(entry->writeKey, entry->callId);
    entry->groupDeps.clear();
    entry->retryOverride.reset();
    --entry->home->live;
    m_entryPool.release(entry);
    --m_liveEntries;
}

void RequestQueuePrivate::afterAnswer(Settlements &settlements)
{
    // Most calls settle long before their deadline: forget them, so the timer does not wake.
    m_deadlines.prune([this](const Call *call, quint64 id) { return isLive(call, id); });
    armTimer();
    run(settlements);
}

void RequestQueuePrivate::run(Settlements &settlements)
{
    // Runs after the queue's state is consistent, so a callback may enqueue, cancel or flush.
    // Callers of one item share its outcome; only what is their own is set before each call.
    for (Deferred &call : settlements.calls) {
        ApiResult &result = settlements.outcomes[call.outcome];
        CallTimings &t = result.response.timings;
        const CallTimings item = t; // the item's, which the callers after this one share
        if (result.ok()) {
            result.response.requestId = call.requestId;
            result.response.deduplicated = call.joined;
            t.enqueued = call.enqueuedAt;
            // A call that joined its item in flight waited in no queue: its flush and send
            // are its own start, not the item's (which made "queued -19 ms").
            t.flushed = item.flushed >= 0 ? std::max(item.flushed, t.enqueued) : item.flushed;
            t.sent = item.sent >= 0 ? std::max(item.sent, t.enqueued) : item.sent;
        } else {
            result.error.requestId = call.requestId;
        }
        if (call.done)
            call.done(result);
        t.flushed = item.flushed;
        t.sent = item.sent;
    }
}

} // namespace batchlab
