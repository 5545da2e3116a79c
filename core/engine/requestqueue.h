#pragma once

#include "types/apiresult.h"
#include "engine/batchconfig.h"
#include "engine/detail/deadlinequeue.h"
#include "containers/dedupindex.h"
#include "telemetry/event.h"
#include "engine/detail/idwindow.h"
#include "containers/objectpool.h"
#include "types/requestspec.h"
#include "transport/transport.h"

#include <QFuture>
#include <QObject>
#include <QTimer>

#include <memory>
#include <vector>

namespace batchlab {

class BatchDispatcher;
class DispatchGate;
class Telemetry;

/// The batching engine: calls in, few HTTP requests out, every caller answered exactly once.
///
/// Calls are grouped by batch key; a group is flushed when it reaches maxBatchSize, when its
/// timer (window or debounce) fires, on flush(), on a config change that requires it, or on
/// shutdown(). Identical in-flight calls share one batch item (de-duplication). A batch is
/// sent through a Transport; its answer is split by id, and each item either settles its
/// callers or, when its failure is retriable under the RetryPolicy, waits with the other
/// failed items of that answer and travels again with them in a new batch. An optional
/// DispatchGate (the circuit breaker) admits items and hears every attempt's outcome.
/// Every step is recorded in the Telemetry event stream.
///
/// The Transport, the Telemetry and the gate must outlive the queue. Destroying the queue
/// rejects every unsettled call with Cancelled.
class RequestQueue : public QObject
{
    Q_OBJECT

public:
    RequestQueue(Transport *transport, Telemetry *telemetry, const BatchConfig &config = {},
                 QObject *parent = nullptr);
    ~RequestQueue() override;

    /// The hot path: enqueues a call and returns its request id; `done` runs exactly once.
    /// Pass the spec as an rvalue where you can: it is then moved, not copied.
    quint64 enqueue(RequestSpec spec, Completion done, const CallOptions &options = {});
    /// The same for Qt users: the future finishes with the response, or fails with an
    /// ApiException that carries the ApiError.
    QFuture<ApiResponse> enqueue(RequestSpec spec, const CallOptions &options = {});

    /// Settles a call with a result that needs no HTTP request (a cache hit), soon but never
    /// inside this call, and records it like any other call. Returns its request id.
    quint64 answerFromCache(const RequestSpec &spec, ApiResult result, Completion done);
    /// Records a cache miss for a call just enqueued.
    void recordCacheMiss(quint64 requestId);

    /// Rejects the call with Cancelled unless it has settled; the others it shares an item
    /// with are not affected. Returns false when the call is unknown or already settled.
    bool cancel(quint64 requestId);
    /// Sends every waiting group now.
    void flush();
    /// Sends every waiting group and rejects every later call with Cancelled.
    void shutdown();

    BatchConfig config() const { return m_config; }
    /// Applies at once: groups that are now full are sent, timers are re-planned, and when the
    /// grouping rule changes the waiting groups leave under the old one. Returns false,
    /// changing nothing, when the config is invalid.
    bool setConfig(const BatchConfig &config, const QString &change = {});

    RetryPolicy retryPolicy() const { return *m_retryPolicy; }
    /// For items created from now on; those already waiting keep theirs. A bare queue does
    /// not retry (maxAttempts 1) until given a policy; ApiClient gives it one.
    bool setRetryPolicy(const RetryPolicy &policy);
    void setGate(DispatchGate *gate);
    void setSettleHook(SettleHook hook) { m_settleHook = std::move(hook); }
    /// Retry budget tokens left for an origin such as "http://127.0.0.1:8080".
    int retryBudget(const QString &origin) const;

    int pendingCalls() const { return int(m_active.size()); }
    int queuedItems() const { return m_queuedEntries; }
    int inFlightBatches() const;
    int waitingRetries() const;
    Telemetry *telemetry() const { return m_telemetry; }

private:
    friend class BatchDispatcher; // the queue's sending half; shares its records
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
    /// After an answer: forget settled deadlines, re-plan the timer, run the callbacks.
    void afterAnswer(Settlements &settlements);

    void onTimer();
    void armTimer();
    qint64 groupDue(const Group &group) const;

    void record(qint64 time, EventKind kind, quint64 requestId, quint64 batchId, quint32 keyId,
                int status = 0, int value = 0, ErrorKind error = ErrorKind::None,
                FlushReason reason = FlushReason::Timer, int aux = 0);
    static void run(Settlements &settlements);

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
    DeadlineQueue<Call> m_deadlines;
    Settlements m_deferred;
    ObjectPool<Call> m_callPool;
    ObjectPool<Entry> m_entryPool;
    quint64 m_nextRequestId = 0;
    int m_queuedEntries = 0;
    bool m_shuttingDown = false;
};

} // namespace batchlab
