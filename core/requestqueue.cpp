#include "requestqueue.h"

#include "batchkey.h"
#include "batchmatch.h"
#include "logging.h"
#include "telemetry.h"

#include <QPromise>

#include <algorithm>
#include <limits>

namespace batchlab {

namespace {

constexpr qint64 kNever = std::numeric_limits<qint64>::max();
constexpr qint64 kNsPerMs = 1000000;

qint64 toNs(std::chrono::milliseconds ms)
{
    return qint64(ms.count()) * kNsPerMs;
}

} // namespace

/// One enqueued call, until it settles.
struct RequestQueue::Call
{
    quint64 id = 0;
    Completion done;
    Entry *entry = nullptr;
    Call *nextWaiter = nullptr;
    qint64 enqueuedAt = 0;
    bool joined = false; ///< joined an identical call (de-duplicated)
};

/// One item of a batch: the call that created it and every identical call that joined it.
struct RequestQueue::Entry
{
    RequestSpec spec;
    size_t hash = 0;
    bool inDedupIndex = false;
    Entry *nextSameHash = nullptr;
    Call *waiters = nullptr;
    Group *group = nullptr; ///< while queued
    Batch *batch = nullptr; ///< once flushed
    quint32 keyId = 0;
};

/// The calls waiting for one batch key.
struct RequestQueue::Group
{
    BatchKey key;
    QUrl sample; ///< the URL of the call that made the group, for fast origin matching
    quint32 keyId = 0;
    QUrl endpoint;
    std::vector<Entry *> entries;
    qint64 windowStart = 0;
    qint64 lastEnqueue = 0;
};

/// A batch in flight.
struct RequestQueue::Batch
{
    quint64 id = 0;
    quint32 keyId = 0;
    FlushReason reason = FlushReason::Timer;
    bool plain = false;
    qint64 flushedAt = 0;
    qint64 sentAt = 0;
    std::vector<Entry *> entries;
};

RequestQueue::RequestQueue(Transport *transport, Telemetry *telemetry, const BatchConfig &config,
                           QObject *parent)
    : QObject(parent), m_transport(transport), m_telemetry(telemetry), m_config(config)
{
    Q_ASSERT(config.validate().isEmpty());
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &RequestQueue::onTimer);
}

RequestQueue::~RequestQueue()
{
    m_shuttingDown = true;
    for (auto it = m_batches.cbegin(); it != m_batches.cend(); ++it)
        m_transport->cancel(it.key());
    // Reject every unsettled call: those queued, those in flight, those already deferred.
    std::vector<Call *> calls;
    m_active.forEach([&calls](Call *call) { calls.push_back(call); });
    for (Call *call : calls)
        failCall(call, ErrorKind::Cancelled, tr("the request queue was destroyed"));
    runDeferred();
    for (Batch *batch : std::as_const(m_batches))
        delete batch;
    for (Group *group : m_groups)
        delete group;
}

quint64 RequestQueue::enqueue(RequestSpec spec, Completion done, const CallOptions &options)
{
    const quint64 id = ++m_nextRequestId;
    const qint64 now = m_telemetry->now();
    if (m_shuttingDown) {
        record(now, EventKind::Enqueued, id, 0, 0);
        rejectLater(id, std::move(done), ErrorKind::Cancelled, tr("the request queue is shutting down"));
        return id;
    }
    const qint64 timeout = toNs(options.timeout.value_or(m_config.timeout));

    size_t hash = 0;
    if (m_config.deduplicate) {
        hash = dedupHash(spec);
        for (Entry *entry = m_dedup.find(hash); entry; entry = entry->nextSameHash) {
            if (!sameCall(entry->spec, spec))
                continue;
            Call *call = m_callPool.take();
            *call = {id, std::move(done), nullptr, nullptr, now, true};
            addWaiter(entry, call);
            m_active.insert(id, call);
            const quint64 batchId = entry->batch ? entry->batch->id : 0;
            record(now, EventKind::Enqueued, id, batchId, entry->keyId);
            record(now, EventKind::DedupJoined, id, batchId, entry->keyId);
            armDeadline(call, timeout);
            return id;
        }
    }

    Group *group = groupFor(spec);
    record(now, EventKind::Enqueued, id, 0, group->keyId);
    if (m_queuedEntries >= m_config.maxQueueSize) {
        record(now, EventKind::Overflowed, id, 0, group->keyId);
        rejectLater(id, std::move(done), ErrorKind::QueueOverflow,
                    tr("the queue already holds %1 calls (maxQueueSize)").arg(m_config.maxQueueSize));
        return id;
    }

    Entry *entry = m_entryPool.take();
    entry->spec = std::move(spec);
    entry->hash = hash;
    entry->inDedupIndex = m_config.deduplicate;
    entry->nextSameHash = nullptr;
    entry->waiters = nullptr;
    entry->group = group;
    entry->batch = nullptr;
    entry->keyId = group->keyId;
    if (m_config.deduplicate)
        m_dedup.insert(hash, entry);
    Call *call = m_callPool.take();
    *call = {id, std::move(done), nullptr, nullptr, now, false};
    addWaiter(entry, call);
    m_active.insert(id, call);
    ++m_queuedEntries;

    group->entries.push_back(entry);
    group->lastEnqueue = now;
    if (group->entries.size() == 1) {
        group->windowStart = now;
        armTimer();
    }
    armDeadline(call, timeout);
    if (qsizetype(group->entries.size()) >= m_config.maxBatchSize)
        flushGroup(group, FlushReason::Size, true);
    return id;
}

QFuture<ApiResponse> RequestQueue::enqueue(RequestSpec spec, const CallOptions &options)
{
    auto promise = std::make_shared<QPromise<ApiResponse>>();
    QFuture<ApiResponse> future = promise->future();
    promise->start();
    enqueue(
        std::move(spec),
        [promise](const ApiResult &result) {
            if (result.ok())
                promise->addResult(result.response);
            else
                promise->setException(ApiException(result.error));
            promise->finish();
        },
        options);
    return future;
}

RequestQueue::Group *RequestQueue::groupFor(const RequestSpec &spec)
{
    // Few groups exist at a time (one per origin, typically), so they are scanned. QUrl::matches
    // compares the stored components in place; building host and scheme strings per call
    // would cost more than the rest of enqueue().
    constexpr auto kOriginOnly = QUrl::RemoveUserInfo | QUrl::RemovePath | QUrl::RemoveQuery
        | QUrl::RemoveFragment;
    const BatchKeyStrategy strategy = m_config.batchKey;
    QString extra;
    bool extraKnown = false;
    for (Group *group : m_groups) {
        if (!spec.url.matches(group->sample, kOriginOnly))
            continue;
        if (strategy == BatchKeyStrategy::ByOrigin)
            return group;
        if (!extraKnown) {
            extra = BatchKey::extraOf(spec, m_config);
            extraKnown = true;
        }
        if (group->key.extra == extra)
            return group;
    }
    auto *group = new Group;
    group->key = BatchKey::of(spec, m_config);
    group->sample = spec.url;
    group->endpoint = group->key.endpoint(m_config);
    group->keyId = m_telemetry->internKey(group->key.name(m_config));
    m_groups.push_back(group);
    return group;
}

void RequestQueue::addWaiter(Entry *entry, Call *call)
{
    call->entry = entry;
    call->nextWaiter = entry->waiters;
    entry->waiters = call;
}

void RequestQueue::removeWaiter(Entry *entry, Call *call)
{
    for (Call **link = &entry->waiters; *link; link = &(*link)->nextWaiter) {
        if (*link == call) {
            *link = call->nextWaiter;
            break;
        }
    }
    call->entry = nullptr;
    call->nextWaiter = nullptr;
}

void RequestQueue::armDeadline(Call *call, qint64 timeoutNs)
{
    if (timeoutNs <= 0)
        return;
    const qint64 deadline = call->enqueuedAt + timeoutNs;
    m_deadlines.add(timeoutNs, deadline, call, call->id);
    if (m_timerDue < 0 || deadline < m_timerDue)
        armTimer();
}

bool RequestQueue::isLive(const Call *call, quint64 id) const
{
    return m_active.find(id) == call;
}

void RequestQueue::rejectLater(quint64 requestId, Completion done, ErrorKind kind, const QString &message)
{
    ApiResult result;
    result.error = {kind, kind, message, 0, {}, requestId, 0};
    record(m_telemetry->now(), EventKind::Failed, requestId, 0, 0, 0, 0, kind);
    m_deferred.outcomes.push_back(std::move(result));
    m_deferred.calls.push_back({std::move(done), m_deferred.outcomes.size() - 1, requestId, 0, false});
    if (m_deferred.calls.size() == 1)
        QMetaObject::invokeMethod(this, &RequestQueue::runDeferred, Qt::QueuedConnection);
}

void RequestQueue::runDeferred()
{
    Settlements deferred;
    std::swap(deferred, m_deferred);
    run(deferred);
}

bool RequestQueue::cancel(quint64 requestId)
{
    Call *call = m_active.find(requestId);
    if (!call)
        return false;
    failCall(call, ErrorKind::Cancelled, tr("cancelled by the caller"));
    runDeferred();
    return true;
}

void RequestQueue::flush()
{
    for (Group *group : std::vector<Group *>(m_groups))
        flushGroup(group, FlushReason::Manual, false);
}

void RequestQueue::shutdown()
{
    for (Group *group : std::vector<Group *>(m_groups))
        flushGroup(group, FlushReason::Shutdown, false);
    m_shuttingDown = true;
}

bool RequestQueue::setConfig(const BatchConfig &config)
{
    const QString problem = config.validate();
    if (!problem.isEmpty()) {
        qCWarning(lcQueue) << "invalid batch config:" << problem;
        return false;
    }
    const bool regroup = config.batchKey != m_config.batchKey || config.batchKey == BatchKeyStrategy::Custom
        || config.pathPrefixSegments != m_config.pathPrefixSegments || config.batchPath != m_config.batchPath;
    const qint64 now = m_telemetry->now();
    record(now, EventKind::ConfigChanged, 0, 0, 0, 0, config.maxBatchSize);
    if (regroup) {
        // Calls grouped under the old rule leave under it; new calls group under the new one.
        for (Group *group : m_groups) {
            flushGroup(group, FlushReason::Config, false);
            delete group;
        }
        m_groups.clear();
    }
    m_config = config;
    for (Group *group : std::vector<Group *>(m_groups)) {
        flushGroup(group, FlushReason::Config, true);
        if (!group->entries.empty() && groupDue(*group) <= now)
            flushGroup(group, FlushReason::Config, false);
    }
    armTimer();
    return true;
}

void RequestQueue::flushGroup(Group *group, FlushReason reason, bool onlyFullBatches)
{
    const auto max = qsizetype(m_config.maxBatchSize);
    while (!group->entries.empty()) {
        const auto size = qsizetype(group->entries.size());
        if (onlyFullBatches && size < max)
            break;
        dispatch(group, qMin(size, max), reason);
    }
    if (!group->entries.empty())
        group->windowStart = m_telemetry->now();
}

void RequestQueue::dispatch(Group *group, qsizetype count, FlushReason reason)
{
    auto *batch = new Batch;
    batch->id = ++m_nextBatchId;
    batch->keyId = group->keyId;
    batch->reason = reason;
    batch->plain = m_config.sendSingleAsPlain && count == 1;
    batch->flushedAt = m_telemetry->now();
    batch->sentAt = batch->flushedAt;
    batch->entries.assign(group->entries.begin(), group->entries.begin() + count);
    group->entries.erase(group->entries.begin(), group->entries.begin() + count);
    m_queuedEntries -= int(count);

    BatchRequest request;
    request.batchId = batch->id;
    request.endpoint = group->endpoint;
    request.plain = batch->plain;
    request.items.reserve(size_t(count));
    for (qsizetype i = 0; i < count; ++i) {
        Entry *entry = batch->entries[size_t(i)];
        entry->group = nullptr;
        entry->batch = batch;
        request.items.push_back({int(i), &entry->spec});
    }
    m_batches.insert(batch->id, batch);
    record(batch->flushedAt, EventKind::Flushed, 0, batch->id, batch->keyId, 0, int(count),
           ErrorKind::None, reason);
    record(batch->sentAt, EventKind::Sent, 0, batch->id, batch->keyId, 0, batch->plain ? 1 : 0);
    qCDebug(lcQueue) << "batch" << batch->id << "of" << count << "to" << request.endpoint
                     << "reason" << flushReasonName(reason);
    const quint64 batchId = batch->id;
    m_transport->send(request, [this, batchId](BatchReply &&reply) { onAnswer(batchId, std::move(reply)); });
}

void RequestQueue::onAnswer(quint64 batchId, BatchReply &&reply)
{
    Batch *batch = m_batches.take(batchId);
    if (!batch)
        return;
    Settlements settlements;
    settlements.settledAt = m_telemetry->now();
    record(settlements.settledAt, EventKind::Answered, 0, batchId, batch->keyId, reply.httpStatus);

    ApiResult shared;
    shared.response.batchId = batchId;
    shared.response.plain = batch->plain;
    shared.response.flushReason = batch->reason;
    shared.response.timings.flushed = batch->flushedAt;
    shared.response.timings.sent = batch->sentAt;
    shared.response.timings.answered = settlements.settledAt;
    shared.response.timings.settled = settlements.settledAt;

    const size_t count = batch->entries.size();
    settlements.calls.reserve(count);
    if (reply.failure.isError()) {
        shared.error = reply.failure;
        shared.error.batchId = batchId;
        settlements.outcomes.push_back(std::move(shared));
        for (Entry *entry : batch->entries)
            settleEntry(entry, *batch, 0, &settlements);
    } else {
        const BatchMatch match = BatchMatch::of(reply.items, count, batchId);
        if (match.problems > 0) {
            record(settlements.settledAt, EventKind::ProtocolIssue, 0, batchId, batch->keyId,
                   reply.httpStatus, match.problems);
            qCWarning(lcQueue) << "batch" << batchId << "answer has" << match.problems
                               << "protocol problems; unknown ids:" << match.unknownIds;
        }
        settlements.outcomes.reserve(count);
        for (size_t i = 0; i < count; ++i) {
            ApiResult &outcome = settlements.outcomes.emplace_back(shared);
            if (match.errors[i].isError()) {
                outcome.error = match.errors[i];
            } else {
                outcome.response.status = match.answers[i]->status;
                outcome.response.headers = match.answers[i]->headers;
                outcome.response.body = match.answers[i]->body;
            }
            settleEntry(batch->entries[i], *batch, i, &settlements);
        }
    }
    delete batch;
    // Most calls settle long before their deadline: forget them, so the timer does not wake.
    m_deadlines.prune([this](const Call *call, quint64 id) { return isLive(call, id); });
    armTimer();
    run(settlements);
}

void RequestQueue::settleEntry(Entry *entry, const Batch &batch, size_t outcome, Settlements *out)
{
    const ApiResult &result = out->outcomes[outcome];
    for (Call *call = entry->waiters; call;) {
        Call *next = call->nextWaiter;
        if (result.ok()) {
            record(out->settledAt, EventKind::Settled, call->id, batch.id, batch.keyId,
                   result.response.status);
        } else {
            record(out->settledAt, EventKind::Failed, call->id, batch.id, batch.keyId,
                   result.error.status, 0, result.error.kind);
        }
        out->calls.push_back({std::move(call->done), outcome, call->id, call->enqueuedAt, call->joined});
        m_active.remove(call->id);
        m_callPool.release(call);
        call = next;
    }
    entry->waiters = nullptr;
    dropEntry(entry);
}

void RequestQueue::failCall(Call *call, ErrorKind kind, const QString &message)
{
    Entry *entry = call->entry;
    const quint64 batchId = entry->batch ? entry->batch->id : 0;
    const quint32 keyId = entry->keyId;
    const quint64 id = call->id;
    const qint64 now = m_telemetry->now();
    removeWaiter(entry, call);
    m_active.remove(id);
    if (kind == ErrorKind::Timeout)
        record(now, EventKind::TimedOut, id, batchId, keyId);
    record(now, EventKind::Failed, id, batchId, keyId, 0, 0, kind);

    ApiResult result;
    result.error = {kind, kind, message, 0, {}, id, batchId};
    m_deferred.outcomes.push_back(std::move(result));
    m_deferred.calls.push_back({std::move(call->done), m_deferred.outcomes.size() - 1, id,
                                call->enqueuedAt, call->joined});
    m_callPool.release(call);

    if (entry->waiters)
        return; // others still wait for this item
    if (Group *group = entry->group) {
        group->entries.erase(std::find(group->entries.begin(), group->entries.end(), entry));
        --m_queuedEntries;
        dropEntry(entry);
    } else if (entry->batch) {
        // In flight: its answer, if it comes, is dropped. With no caller left in the whole
        // batch, the HTTP request is abandoned.
        releaseBatchIfOrphaned(entry->batch);
    }
}

void RequestQueue::dropEntry(Entry *entry)
{
    if (entry->inDedupIndex)
        m_dedup.remove(entry->hash, entry);
    m_entryPool.release(entry);
}

void RequestQueue::releaseBatchIfOrphaned(Batch *batch)
{
    const bool orphaned = std::all_of(batch->entries.cbegin(), batch->entries.cend(),
                                      [](const Entry *entry) { return entry->waiters == nullptr; });
    if (!orphaned || m_shuttingDown)
        return;
    m_transport->cancel(batch->id);
    m_batches.remove(batch->id);
    for (Entry *entry : batch->entries)
        dropEntry(entry);
    delete batch;
}

qint64 RequestQueue::groupDue(const Group &group) const
{
    if (group.entries.empty())
        return kNever;
    const qint64 start = m_config.flushMode == FlushMode::Debounce ? group.lastEnqueue : group.windowStart;
    return start + toNs(m_config.maxDelay);
}

void RequestQueue::onTimer()
{
    m_timerDue = -1;
    const qint64 now = m_telemetry->now();
    const auto live = [this](const Call *call, quint64 id) { return isLive(call, id); };
    m_deadlines.prune(live);
    m_deadlines.expire(now, live, [this](Call *call, qint64 length) {
        failCall(call, ErrorKind::Timeout, tr("no answer within %1 ms").arg(length / kNsPerMs));
    });
    const FlushReason reason = m_config.flushMode == FlushMode::Debounce ? FlushReason::Debounce
                                                                        : FlushReason::Timer;
    for (Group *group : std::vector<Group *>(m_groups)) {
        if (groupDue(*group) <= now)
            flushGroup(group, reason, false);
    }
    armTimer();
    runDeferred();
}

void RequestQueue::armTimer()
{
    qint64 due = kNever;
    for (const Group *group : m_groups)
        due = qMin(due, groupDue(*group));
    due = qMin(due, m_deadlines.earliest());
    if (due == kNever) {
        m_timer.stop();
        m_timerDue = -1;
        return;
    }
    if (m_timer.isActive() && m_timerDue == due)
        return;
    const qint64 waitNs = qMax<qint64>(0, due - m_telemetry->now());
    m_timerDue = due;
    m_timer.start(int((waitNs + kNsPerMs - 1) / kNsPerMs));
}

void RequestQueue::record(qint64 time, EventKind kind, quint64 requestId, quint64 batchId,
                          quint32 keyId, int status, int value, ErrorKind error, FlushReason reason)
{
    Event event;
    event.time = time;
    event.requestId = requestId;
    event.batchId = batchId;
    event.keyId = keyId;
    event.status = qint16(status);
    event.value = value;
    event.kind = kind;
    event.error = error;
    event.reason = reason;
    m_telemetry->record(event);
}

void RequestQueue::run(Settlements &settlements)
{
    // Runs after the queue's state is consistent, so a callback may enqueue, cancel or flush.
    // Callers of one item share its outcome; only what is their own is set before each call.
    for (Deferred &call : settlements.calls) {
        ApiResult &result = settlements.outcomes[call.outcome];
        if (result.ok()) {
            result.response.requestId = call.requestId;
            result.response.deduplicated = call.joined;
            result.response.timings.enqueued = call.enqueuedAt;
        } else {
            result.error.requestId = call.requestId;
        }
        if (call.done)
            call.done(result);
    }
}

} // namespace batchlab
