// SPDX-License-Identifier: BSD-3-Clause
#pragma once

// The engine's private side: RequestQueuePrivate and the records it keeps per call, per batch
// item, per group and per batch in flight. Included only by core/engine/.

#include "containers/dedupindex.h"
#include "containers/objectpool.h"
#include "engine/batchkey.h"
#include "engine/callorder.h"
#include "engine/detail/deadlinequeue.h"
#include "engine/detail/idwindow.h"
#include "engine/learnedlimits.h"
#include "engine/requestqueue.h"
#include "telemetry/event.h"

#include <QTimer>

#include <memory>
#include <vector>

namespace batchlab {

class BatchDispatcher;

/// What RequestQueue is made of: the calls, items, groups and batches in flight, the dedup
/// index, deadlines and timer, and every step between enqueue and settle. Its sending half,
/// BatchDispatcher, shares these records; nothing outside engine/ sees them.
class RequestQueuePrivate
{
public:
    RequestQueuePrivate(RequestQueue *queue, Transport *transport, Telemetry *telemetry,
                        const BatchConfig &config);
    ~RequestQueuePrivate();

    quint64 enqueue(RequestSpec spec, Completion done, const CallOptions &options);
    quint64 answerFromCache(const RequestSpec &spec, ApiResult result, Completion done);
    void recordCacheMiss(quint64 requestId);
    bool cancel(quint64 requestId);
    void flush();
    void shutdown();
    bool setConfig(const BatchConfig &config, const QString &change);
    bool setRetryPolicy(const RetryPolicy &policy);
    void setGate(DispatchGate *gate);
    int retryBudget(const QString &origin) const;
    int inFlightBatches() const;
    int waitingRetries() const;

    struct Call;
    struct Entry;
    struct Group;
    struct Batch;
    struct RetryWave;
    /// A callback to run once the queue's state is consistent, with the outcome it shares with
    /// the other callers of its item and what is its own.
    struct Deferred
    {
        Completion done;
        size_t outcome = 0; ///< index into Settlements::outcomes
        quint64 requestId = 0;
        qint64 enqueuedAt = 0;
        bool joined = false;
    };
    struct Settlements
    {
        std::vector<ApiResult> outcomes;
        std::vector<Deferred> calls;
        qint64 settledAt = 0;
    };

    Group *groupFor(const RequestSpec &spec);
    void addWaiter(Entry *entry, Call *call);
    void removeWaiter(Entry *entry, Call *call);
    void armDeadline(Call *call, qint64 timeoutNs);
    bool isLive(const Call *call, quint64 id) const;
    void rejectLater(quint64 requestId, quint32 keyId, Completion done, ErrorKind kind,
                     const QString &message);
    void runDeferred();

    void flushGroup(Group *group, FlushReason reason, bool onlyFullBatches);
    void settleEntry(Entry *entry, quint64 batchId, size_t outcome, Settlements *out);
    void failCall(Call *call, ErrorKind kind, const QString &message);
    void failEntry(Entry *entry, ErrorKind kind, const QString &message);
    void dropEntry(Entry *entry);
    /// A write to `resource` came: the items made before it leave the dedup index.
    void sealBefore(const QUrl &resource);
    /// A write to `resource` settled: calls that waited only for it may go.
    void writeSettled(const QString &resource, quint64 requestId);
    quint64 openAtomicGroup();
    void closeAtomicGroup(quint64 group);
    /// Records how call `id` ended, and lets the calls that depend on it go or fail (soon,
    /// from the event loop, never inside this call).
    void noteOutcome(quint64 id, bool ok, const ApiError *error = nullptr);
    void resolveDependencies();
    /// `entry` waits for one dependency less; it may go once it waits for nothing.
    void dependencyMet(Entry *entry);
    /// Whether a queued entry must stay: it waits for a write or a dependency.
    static bool isHeld(const Entry *entry);
    /// The next batch `group` may send, taken out of its queue: whole atomic groups, none of
    /// whose members is held, up to `max` calls. Empty when none is ready, or with
    /// `onlyFullBatches` when fewer than `max` calls are ready. Sets `*tooLarge` when the
    /// first ready atomic group holds more than `max` calls (it is taken, to be failed).
    std::vector<Entry *> takeChunk(Group *group, qsizetype max, bool onlyFullBatches,
                                   bool *tooLarge);
    /// Why these members of an atomic group cannot go whole in a batch of `limit`, or empty.
    QString whyNotSent(const std::vector<Entry *> &members, int limit) const;
    /// Fails every call of these members of one atomic group, saying why it was not sent.
    void failGroup(const std::vector<Entry *> &members, const QString &message);
    /// After an answer: forget settled deadlines, re-plan the timer, run the callbacks.
    void afterAnswer(Settlements &settlements);

    void onTimer();
    void armTimer();
    qint64 groupDue(const Group &group) const;

    /// The most calls a batch of `group` may hold: the configured limit, capped by what its
    /// endpoint taught; 1 when it takes no batches.
    int limitOf(const Group *group) const;

    void record(qint64 time, EventKind kind, quint64 requestId, quint64 batchId, quint32 keyId,
                int status = 0, int value = 0, ErrorKind error = ErrorKind::None,
                FlushReason reason = FlushReason::Timer, int aux = 0);
    static void run(Settlements &settlements);

    RequestQueue *const q; ///< the public face, the context of the timer and deferred calls
    Transport *m_transport;
    Telemetry *m_telemetry;
    DispatchGate *m_gate = nullptr;
    SettleHook m_settleHook;
    BatchConfig m_config;
    std::shared_ptr<const RetryPolicy> m_retryPolicy;
    std::vector<std::shared_ptr<const RetryPolicy>> m_retiredPolicies;
    std::unique_ptr<BatchDispatcher> m_dispatcher;
    QTimer m_timer;
    qint64 m_timerDue = -1;

    IdWindow<Call> m_active;
    DedupIndex<Entry> m_dedup;
    std::vector<Group *> m_groups;
    LearnedLimits m_limits;
    int m_liveEntries = 0; ///< items taken from the pool and not yet dropped
    /// Pending writes, dependencies, recent outcomes and open atomic groups: a call to a
    /// resource enqueued after a write to it goes after that write (never joins an older read).
    CallOrder m_order;
    /// Calls that settled while others depended on them, for resolveDependencies().
    struct Resolved
    {
        quint64 id = 0;
        bool ok = false;
        QString why;
    };
    std::vector<Resolved> m_resolved;
    DeadlineQueue<Call> m_deadlines;
    Settlements m_deferred;
    ObjectPool<Call> m_callPool;
    ObjectPool<Entry> m_entryPool;
    quint64 m_nextRequestId = 0;
    int m_queuedEntries = 0;
    bool m_shuttingDown = false;
};

/// One enqueued call, until it settles.
struct RequestQueuePrivate::Call
{
    quint64 id = 0;
    Completion done;
    Entry *entry = nullptr;
    Call *nextWaiter = nullptr;
    qint64 enqueuedAt = 0;
    bool joined = false; ///< joined an identical call (de-duplicated)
};

/// One batch item: the call that created it and every identical call that joined it. It lives
/// from enqueue until it settles, across retries.
struct RequestQueuePrivate::Entry
{
    RequestSpec spec;
    size_t hash = 0;
    bool inDedupIndex = false;
    bool gated = true;
    quint32 gateEpoch = 0xffffffffu; ///< the breaker's epoch at admission (DispatchGate::kAnyEpoch)
    bool plain = false;
    bool cache = true;
    std::optional<std::chrono::milliseconds> cacheTtl;
    Entry *nextSameHash = nullptr;
    Call *waiters = nullptr;
    Group *home = nullptr; ///< the group it belongs to, always
    bool queued = false; ///< waiting in home->entries
    Batch *batch = nullptr; ///< in flight
    /// The batch it last went out in (0: not yet), kept while it waits to be retried: a call
    /// that then fails unsent (circuit open, timeout) is shown with that batch's wire.
    quint64 lastBatchId = 0;
    RetryWave *wave = nullptr; ///< waiting to be retried
    const RetryPolicy *retry = nullptr;
    std::shared_ptr<const RetryPolicy> retryOverride;
    int attempt = 1;
    std::chrono::milliseconds lastDelay{0};
    int lastRetryCost = 0;
    qint64 firstFlushedAt = -1;
    quint32 keyId = 0;
    /// A write: its resource (URL without query), pending in m_order until it settles.
    QString writeKey;
    quint64 callId = 0; ///< the request id of the call that made it
    /// Its atomic group (CallOptions::atomicGroup), 0 for none. The members of a group are
    /// adjacent in their queue and in their batch, and never shared with other calls.
    quint64 atomic = 0;
    /// Members of its own atomic group it depends on (written as JSON `dependsOn`).
    std::vector<quint64> groupDeps;
    /// Dependencies outside its group not yet settled: it stays queued while any is left.
    int waitingFor = 0;
    /// Set while it waits for earlier writes to its resource: it stays queued, unsent, until
    /// every write to `blockedKey` up to request `blockedBy` has settled.
    QString blockedKey;
    quint64 blockedBy = 0;
};

/// The calls waiting for one batch key, and what the key means on the wire.
struct RequestQueuePrivate::Group
{
    BatchKey key;
    QUrl sample; ///< the URL of the call that made the group, for fast origin matching
    QString origin;
    quint32 originId = 0; ///< the origin interned in the Telemetry, for the gate
    quint32 keyId = 0;
    QUrl endpoint;
    QString endpointText; ///< the key of LearnedLimits
    /// What the endpoint taught (LearnedLimits::limitFor): -1 nothing, 0 it takes no batches,
    /// else the largest batch to send. Kept here so that enqueue() need not look it up.
    int learned = -1;
    std::vector<Entry *> entries;
    int blocked = 0; ///< of `entries`, those held (isHeld): waiting for a write or a dependency
    int atomic = 0; ///< of `entries`, the members of atomic groups
    qint64 windowStart = 0;
    qint64 lastEnqueue = 0;
    bool retired = false; ///< made under grouping rules that changed since; never matched
    int live = 0; ///< entries whose home it is: a retired group goes once it has none
};

inline int RequestQueuePrivate::limitOf(const Group *group) const
{
    const int configured = m_config.batchLimit();
    return group->learned < 0 ? configured : group->learned == 0 ? 1 : qMin(configured, group->learned);
}

/// A batch in flight.
struct RequestQueuePrivate::Batch
{
    quint64 id = 0;
    Group *home = nullptr;
    FlushReason reason = FlushReason::Timer;
    bool plain = false;
    bool hasGroups = false; ///< holds members of atomic groups
    qint64 flushedAt = 0;
    qint64 sentAt = 0;
    std::vector<Entry *> entries;
};

/// Items that failed in the same answer and travel again together.
struct RequestQueuePrivate::RetryWave
{
    qint64 due = 0;
    std::vector<Entry *> entries;
};

} // namespace batchlab
