#include "requestqueue.h"

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
    DedupKey key;
    bool inDedupMap = false;
    Call *waiters = nullptr;
    Group *group = nullptr; ///< while queued
    Batch *batch = nullptr; ///< once flushed
    quint32 keyId = 0;
};

/// Which calls may share a batch; see BatchKeyStrategy.
struct RequestQueue::GroupKey
{
    QString scheme;
    QString host;
    int port = -1;
    QString extra;

    friend bool operator==(const GroupKey &, const GroupKey &) = default;
};

/// The calls waiting for one batch key.
struct RequestQueue::Group
{
    GroupKey key;
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
    const QList<Call *> calls = m_active.values();
    for (Call *call : calls)
        failCall(call, ErrorKind::Cancelled, tr("the request queue was destroyed"));
    runDeferred();
    for (Batch *batch : std::as_const(m_batches))
        delete batch;
    for (Group *group : m_groups)
        delete group;
}

quint64 RequestQueue::enqueue(const RequestSpec &spec, Completion done, const CallOptions &options)
{
    const quint64 id = ++m_nextRequestId;
    if (m_shuttingDown) {
        record(EventKind::Enqueued, id, 0, 0);
        rejectLater(id, std::move(done), ErrorKind::Cancelled, tr("the request queue is shutting down"));
        return id;
    }
    Call *call = m_callPool.take();
    call->id = id;
    call->done = std::move(done);
    call->enqueuedAt = m_telemetry->now();

    DedupKey key;
    if (m_config.deduplicate) {
        key = DedupKey::of(spec);
        const auto found = m_dedup.constFind(key);
        if (found != m_dedup.cend()) {
            Entry *entry = *found;
            call->joined = true;
            addWaiter(entry, call);
            m_active.insert(id, call);
            record(EventKind::Enqueued, id, entry->batch ? entry->batch->id : 0, entry->keyId);
            record(EventKind::DedupJoined, id, entry->batch ? entry->batch->id : 0, entry->keyId);
            armDeadline(call, toNs(options.timeout.value_or(m_config.timeout)));
            return id;
        }
    }

    Group *group = groupFor(spec);
    record(EventKind::Enqueued, id, 0, group->keyId);
    if (m_queuedEntries >= m_config.maxQueueSize) {
        Completion rejected = std::move(call->done);
        m_callPool.release(call);
        record(EventKind::Overflowed, id, 0, group->keyId);
        rejectLater(id, std::move(rejected), ErrorKind::QueueOverflow,
                    tr("the queue already holds %1 calls (maxQueueSize)").arg(m_config.maxQueueSize));
        return id;
    }

    Entry *entry = m_entryPool.take();
    entry->spec = spec;
    entry->group = group;
    entry->keyId = group->keyId;
    if (m_config.deduplicate) {
        entry->key = std::move(key);
        entry->inDedupMap = true;
        m_dedup.insert(entry->key, entry);
    }
    addWaiter(entry, call);
    m_active.insert(id, call);
    ++m_queuedEntries;

    group->entries.push_back(entry);
    group->lastEnqueue = call->enqueuedAt;
    if (group->entries.size() == 1) {
        group->windowStart = call->enqueuedAt;
        armTimer();
    }
    armDeadline(call, toNs(options.timeout.value_or(m_config.timeout)));
    if (qsizetype(group->entries.size()) >= m_config.maxBatchSize)
        flushGroup(group, FlushReason::Size, true);
    return id;
}

QFuture<ApiResponse> RequestQueue::enqueue(const RequestSpec &spec, const CallOptions &options)
{
    auto promise = std::make_shared<QPromise<ApiResponse>>();
    QFuture<ApiResponse> future = promise->future();
    promise->start();
    enqueue(
        spec,
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
    GroupKey key{spec.url.scheme(), spec.url.host(), spec.url.port(), {}};
    QString prefix;
    switch (m_config.batchKey) {
    case BatchKeyStrategy::ByOrigin: break;
    case BatchKeyStrategy::ByOriginAndMethod: key.extra = QString::fromLatin1(spec.method); break;
    case BatchKeyStrategy::ByPathPrefix: {
        const QList<QStringView> segments = QStringView(spec.url.path()).split(u'/', Qt::SkipEmptyParts);
        for (qsizetype i = 0; i < qMin(qsizetype(m_config.pathPrefixSegments), segments.size()); ++i)
            prefix += u'/' + segments.at(i);
        key.extra = prefix;
        break;
    }
    case BatchKeyStrategy::Custom: key.extra = m_config.customKey(spec); break;
    }
    // Few groups exist at a time (one per origin, typically): a scan beats hashing the key.
    for (Group *group : m_groups) {
        if (group->key == key)
            return group;
    }
    auto *group = new Group;
    group->endpoint = spec.url.adjusted(QUrl::RemoveUserInfo | QUrl::RemovePath | QUrl::RemoveQuery
                                        | QUrl::RemoveFragment);
    group->endpoint.setPath(prefix + m_config.batchPath);
    QString name = group->endpoint.toString();
    if (m_config.batchKey == BatchKeyStrategy::ByOriginAndMethod || m_config.batchKey == BatchKeyStrategy::Custom)
        name += QStringLiteral(" [%1]").arg(key.extra);
    group->key = std::move(key);
    group->keyId = m_telemetry->internKey(name);
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
    // Calls with the same timeout have deadlines in enqueue order, so each timeout length
    // keeps a plain FIFO instead of a priority queue.
    m_deadlines[timeoutNs].emplace_back(deadline, call);
    if (m_timerDue < 0 || deadline < m_timerDue)
        armTimer();
}

void RequestQueue::rejectLater(quint64 requestId, Completion done, ErrorKind kind, const QString &message)
{
    ApiResult result;
    result.error = {kind, kind, message, 0, {}, requestId, 0};
    record(EventKind::Failed, requestId, 0, 0, 0, 0, kind);
    m_deferred.push_back({std::move(done), std::move(result)});
    if (m_deferred.size() == 1)
        QMetaObject::invokeMethod(this, &RequestQueue::runDeferred, Qt::QueuedConnection);
}

void RequestQueue::runDeferred()
{
    Settlements deferred;
    deferred.swap(m_deferred);
    run(deferred);
}

bool RequestQueue::cancel(quint64 requestId)
{
    Call *call = m_active.value(requestId);
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
    m_config = config;
    record(EventKind::ConfigChanged, 0, 0, 0, 0, config.maxBatchSize);
    const qint64 now = m_telemetry->now();
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
    record(EventKind::Flushed, 0, batch->id, batch->keyId, 0, int(count), ErrorKind::None, reason);
    batch->sentAt = m_telemetry->now();
    record(EventKind::Sent, 0, batch->id, batch->keyId, 0, batch->plain ? 1 : 0);
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
    const qint64 answeredAt = m_telemetry->now();
    record(EventKind::Answered, 0, batchId, batch->keyId, reply.httpStatus);

    const size_t count = batch->entries.size();
    Settlements settlements;
    settlements.reserve(count);
    ApiResult outcome;
    outcome.response.batchId = batchId;
    outcome.response.plain = batch->plain;
    outcome.response.flushReason = batch->reason;
    outcome.response.timings.flushed = batch->flushedAt;
    outcome.response.timings.sent = batch->sentAt;
    outcome.response.timings.answered = answeredAt;

    if (reply.failure.isError()) {
        outcome.error = reply.failure;
        outcome.error.batchId = batchId;
        for (Entry *entry : batch->entries)
            settleEntry(entry, *batch, outcome, &settlements);
    } else {
        // Match answers to items by id, in any order; judge what is missing, repeated or unknown.
        std::vector<const ItemResult *> found(count, nullptr);
        std::vector<int> seen(count, 0);
        QStringList unknownIds;
        for (const ItemResult &item : reply.items) {
            if (item.index >= 0 && size_t(item.index) < count) {
                ++seen[size_t(item.index)];
                found[size_t(item.index)] = &item;
            } else {
                unknownIds.append(item.id);
            }
        }
        const auto problems = unknownIds.size()
            + std::count_if(seen.cbegin(), seen.cend(), [](int n) { return n != 1; });
        if (problems > 0) {
            record(EventKind::ProtocolIssue, 0, batchId, batch->keyId, reply.httpStatus, int(problems));
            qCWarning(lcQueue) << "batch" << batchId << "answer has" << problems
                               << "protocol problems; unknown ids:" << unknownIds;
        }
        const QString unknownNote = unknownIds.isEmpty()
            ? QString()
            : tr(" (the answer carried unknown ids: %1)").arg(unknownIds.join(QStringLiteral(", ")));
        for (size_t i = 0; i < count; ++i) {
            ApiResult result = outcome;
            const ItemResult *item = found[i];
            if (seen[i] == 0) {
                result.error = {ErrorKind::Protocol, ErrorKind::Protocol,
                                tr("the batch answer has no response for id \"%1\"").arg(i) + unknownNote,
                                0, {}, 0, batchId};
            } else if (seen[i] > 1) {
                result.error = {ErrorKind::Protocol, ErrorKind::Protocol,
                                tr("the batch answer has %1 responses for id \"%2\"").arg(seen[i]).arg(i),
                                0, {}, 0, batchId};
            } else if (item->status < 100 || item->status > 599) {
                result.error = {ErrorKind::Protocol, ErrorKind::Protocol,
                                tr("the response for id \"%1\" has no valid status").arg(i), 0, {}, 0, batchId};
            } else if (item->status < 200 || item->status > 299) {
                result.error = {ErrorKind::Http, ErrorKind::Http,
                                tr("answered with HTTP %1").arg(item->status), item->status, item->body, 0,
                                batchId};
            } else {
                result.response.status = item->status;
                result.response.headers = item->headers;
                result.response.body = item->body;
            }
            settleEntry(batch->entries[i], *batch, result, &settlements);
        }
    }
    delete batch;
    armTimer();
    run(settlements);
}

void RequestQueue::settleEntry(Entry *entry, const Batch &batch, const ApiResult &outcome,
                               Settlements *out)
{
    const qint64 now = m_telemetry->now();
    for (Call *call = entry->waiters; call;) {
        Call *next = call->nextWaiter;
        Deferred settled{std::move(call->done), outcome};
        ApiResult &result = settled.result;
        if (result.ok()) {
            result.response.requestId = call->id;
            result.response.deduplicated = call->joined;
            result.response.timings.enqueued = call->enqueuedAt;
            result.response.timings.settled = now;
            record(EventKind::Settled, call->id, batch.id, batch.keyId, result.response.status);
        } else {
            result.error.requestId = call->id;
            record(EventKind::Failed, call->id, batch.id, batch.keyId, result.error.status, 0,
                   result.error.kind);
        }
        m_active.remove(call->id);
        m_callPool.release(call);
        out->push_back(std::move(settled));
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
    removeWaiter(entry, call);
    m_active.remove(id);
    Completion done = std::move(call->done);
    m_callPool.release(call);
    if (kind == ErrorKind::Timeout)
        record(EventKind::TimedOut, id, batchId, keyId);

    ApiResult result;
    result.error = {kind, kind, message, 0, {}, id, batchId};
    record(EventKind::Failed, id, batchId, keyId, 0, 0, kind);
    m_deferred.push_back({std::move(done), std::move(result)});

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
    if (entry->inDedupMap) {
        const auto it = m_dedup.find(entry->key);
        if (it != m_dedup.end() && *it == entry)
            m_dedup.erase(it);
    }
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
    for (auto &[length, fifo] : m_deadlines) {
        while (!fifo.empty() && fifo.front().first <= now) {
            Call *call = fifo.front().second;
            const qint64 deadline = fifo.front().first;
            fifo.pop_front();
            // The slot may hold a call that settled and was recycled: only a call still
            // active with this very deadline is timed out.
            if (call->entry && call->enqueuedAt + length == deadline && m_active.value(call->id) == call)
                failCall(call, ErrorKind::Timeout,
                         tr("no answer within %1 ms").arg(length / kNsPerMs));
        }
    }
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
    for (auto &[length, fifo] : m_deadlines) {
        if (!fifo.empty())
            due = qMin(due, fifo.front().first);
    }
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

void RequestQueue::record(EventKind kind, quint64 requestId, quint64 batchId, quint32 keyId,
                          int status, int value, ErrorKind error, FlushReason reason)
{
    Event event;
    event.time = m_telemetry->now();
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
    // Run after the queue's state is consistent, so a callback may enqueue, cancel or flush.
    for (Deferred &settled : settlements) {
        if (settled.done)
            settled.done(settled.result);
    }
}

} // namespace batchlab
