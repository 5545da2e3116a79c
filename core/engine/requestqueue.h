// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "engine/batchconfig.h"
#include "engine/calloptions.h"
#include "engine/learnedlimits.h"
#include "resilience/retrypolicy.h"
#include "transport/transport.h"
#include "types/apiresult.h"
#include "types/requestspec.h"

#include <QFuture>
#include <QObject>

#include <memory>

namespace batchlab {

class DispatchGate;
class RequestQueuePrivate;
class Telemetry;

/// The batching engine: calls in, few HTTP requests out, every caller answered exactly once.
///
/// Calls are grouped by batch key; a group is flushed when it reaches the batch limit (BatchConfig::batchLimit()), when its
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

    /// Opens an atomic group: calls enqueued with its id in CallOptions::atomicGroup wait
    /// until closeAtomicGroup(), then go in one batch, adjacent, as an OData change set or a
    /// JSON atomicityGroup, and take effect all or none: when one member fails, the others
    /// fail with ErrorKind::RolledBack naming it. A group that cannot be sent whole (JSON-RPC,
    /// larger than the batch limit, an endpoint without batches, a member cancelled before
    /// the group was closed) fails every member, unsent, with RolledBack saying why.
    quint64 openAtomicGroup();
    void closeAtomicGroup(quint64 group);
    /// Rejects the call with Cancelled unless it has settled; the others it shares an item
    /// with are not affected. Returns false when the call is unknown or already settled.
    bool cancel(quint64 requestId);
    /// Sends every waiting group now.
    void flush();
    /// Sends every waiting group and rejects every later call with Cancelled.
    void shutdown();

    BatchConfig config() const;
    /// What batch endpoints taught about their limits (see LearnedLimits).
    QList<LearnedLimits::Known> learnedLimits() const;
    /// Applies at once: groups that are now full are sent, timers are re-planned, and when the
    /// grouping rule changes the waiting groups leave under the old one. Returns false,
    /// changing nothing, when the config is invalid.
    bool setConfig(const BatchConfig &config, const QString &change = {});

    RetryPolicy retryPolicy() const;
    /// For items created from now on; those already waiting keep theirs. A bare queue does
    /// not retry (maxAttempts 1) until given a policy; ApiClient gives it one.
    bool setRetryPolicy(const RetryPolicy &policy);
    void setGate(DispatchGate *gate);
    void setSettleHook(SettleHook hook);
    /// Retry budget tokens left for an origin such as "http://127.0.0.1:8080".
    int retryBudget(const QString &origin) const;
    /// Forgets what servers taught (learned batch limits, endpoints without batches) and
    /// fills every retry budget again: a new run starts from what the settings say.
    void forgetServerState();

    int pendingCalls() const;
    int queuedItems() const;
    int inFlightBatches() const;
    int waitingRetries() const;
    /// Batch-key groups held, those retired by a change of grouping rule included.
    int groupCount() const;
    Telemetry *telemetry() const;

private:
    // The records and containers of the engine live in RequestQueuePrivate (requestqueue_p.h),
    // so that users of the queue see its interface, not its guts.
    std::unique_ptr<RequestQueuePrivate> d;
};

} // namespace batchlab
