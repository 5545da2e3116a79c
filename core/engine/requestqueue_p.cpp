// SPDX-License-Identifier: BSD-3-Clause
#include "engine/requestqueue_p.h"
#include "engine/enginetr.h"

#include "engine/batchdispatcher.h"
#include "resilience/dispatchgate.h"
#include "telemetry/logging.h"
#include "telemetry/telemetry.h"

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

/// Whether a flush for this reason waits while its origin is paused by a 429.
bool respectsPause(FlushReason reason)
{
    return reason != FlushReason::Manual && reason != FlushReason::Shutdown;
}

} // namespace

RequestQueuePrivate::RequestQueuePrivate(RequestQueue *queue, Transport *transport,
                                         Telemetry *telemetry, const BatchConfig &config)
    : q(queue)
    , m_transport(transport)
    , m_telemetry(telemetry)
    , m_config(config)
    , m_retryPolicy(std::make_shared<RetryPolicy>(RetryPolicy{.maxAttempts = 1}))
    , m_dispatcher(std::make_unique<BatchDispatcher>(*this, transport))
{
    Q_ASSERT(config.validate().isEmpty());
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    QObject::connect(&m_timer, &QTimer::timeout, q, [this] { onTimer(); });
}

RequestQueuePrivate::~RequestQueuePrivate()
{
    m_shuttingDown = true;
    m_dispatcher->cancelAll();
    // Reject every unsettled call: queued, in flight, waiting to retry, already deferred.
    std::vector<Call *> calls;
    m_active.forEach([&calls](Call *call) { calls.push_back(call); });
    for (Call *call : calls)
        failCall(call, ErrorKind::Cancelled, EngineTr::tr("the request queue was destroyed"));
    // A callback may enqueue again while this runs; it is refused, and its refusal is run
    // here too, for no event loop will reach this object again.
    while (!m_deferred.calls.empty())
        runDeferred();
    m_dispatcher.reset();
    qDeleteAll(m_groups);
}

quint64 RequestQueuePrivate::enqueue(RequestSpec spec, Completion done, const CallOptions &options)
{
    const quint64 id = ++m_nextRequestId;
    const qint64 now = m_telemetry->now();
    if (m_shuttingDown) {
        record(now, EventKind::Enqueued, id, 0, 0);
        rejectLater(id, 0, std::move(done), ErrorKind::Cancelled,
                    EngineTr::tr("the request queue is shutting down"));
        return id;
    }
    const qint64 timeout = toNs(options.timeout.value_or(m_config.timeout));

    const size_t hash = options.hash.value_or(dedupHash(spec));
    // Order where it matters: a read of a resource with a write pending goes after that
    // write (and shares no item made before it). Writes are not held back: creates to one
    // collection still batch, in the order they came. Nothing to look up without writes.
    QString resource;
    quint64 blockedBy = 0;
    const bool safe = spec.isSafe();
    if (!safe || m_order.hasPendingWrites()) {
        resource = spec.url.adjusted(QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::RemoveUserInfo)
                       .toString();
        if (safe)
            blockedBy = m_order.latestWrite(resource);
    }
    // A member of an atomic group, or a call that depends on others, has its own item: what
    // it shares would run outside its group, or before what it needs.
    const bool ordered = options.atomicGroup != 0 || !options.dependsOn.empty();
    // A call that may not share is neither matched nor indexed: a later identical call that
    // may share could otherwise join it. (Items made before a write to their resource left
    // the index when it came, so what matches here is no older than the latest write.)
    const bool shares = !ordered && m_config.sharesCalls(spec.method, options.deduplicate);
    if (shares) {
        for (Entry *entry = m_dedup.find(hash); entry; entry = entry->nextSameHash) {
            if (!sameCall(entry->spec, spec))
                continue;
            Call *call = m_callPool.take();
            *call = {id, std::move(done), nullptr, nullptr, now, true};
            // The newest call already sharing the item: readers follow the chain to its first.
            const quint64 sharer = entry->waiters ? entry->waiters->id : 0;
            addWaiter(entry, call);
            m_active.insert(id, call);
            const quint64 batchId = entry->batch ? entry->batch->id : 0;
            record(now, EventKind::Enqueued, id, batchId, entry->keyId);
            const auto [low, high] = Event::splitId(sharer);
            record(now, EventKind::DedupJoined, id, batchId, entry->keyId, 0, low, ErrorKind::None,
                   FlushReason::Timer, high);
            armDeadline(call, timeout);
            return id;
        }
    }

    Group *group = groupFor(spec);
    record(now, EventKind::Enqueued, id, 0, group->keyId);
    if (m_queuedEntries >= m_config.maxQueueSize) {
        record(now, EventKind::Overflowed, id, 0, group->keyId);
        rejectLater(
            id, group->keyId, std::move(done), ErrorKind::QueueOverflow,
            EngineTr::tr("the queue already holds %n call(s) (maxQueueSize)", nullptr,
                         m_config.maxQueueSize));
        return id;
    }
    // What it depends on: members of its own group go in its batch (JSON dependsOn); other
    // calls not yet settled hold it back; a call that failed fails it now, unsent.
    std::vector<quint64> groupDeps;
    std::vector<quint64> waitFor;
    if (options.atomicGroup && !m_order.isOpen(options.atomicGroup)) {
        rejectLater(id, group->keyId, std::move(done), ErrorKind::RolledBack,
                    EngineTr::tr("not sent: atomic group %1 is not open").arg(options.atomicGroup));
        return id;
    }
    for (const quint64 dependency : options.dependsOn) {
        if (const Call *needed = m_active.find(dependency)) {
            if (options.atomicGroup && needed->entry->atomic == options.atomicGroup)
                groupDeps.push_back(dependency);
            else
                waitFor.push_back(dependency);
            continue;
        }
        const std::optional<bool> outcome = m_order.outcomeOf(dependency, id);
        if (outcome == true)
            continue;
        rejectLater(
            id, group->keyId, std::move(done), ErrorKind::Dependency,
            outcome
                ? EngineTr::tr("not sent: request %1, which it depends on, failed").arg(dependency)
                : EngineTr::tr("not sent: it depends on request %1, which was not made before it "
                               "or settled too long ago to know how")
                      .arg(dependency));
        return id;
    }
    quint32 gateEpoch = DispatchGate::kAnyEpoch;
    if (m_gate && options.gated) {
        const QString refused = m_gate->admit(group->originId, group->keyId, &gateEpoch);
        if (!refused.isEmpty()) {
            record(now, EventKind::BreakerRejected, id, 0, group->keyId);
            rejectLater(id, group->keyId, std::move(done), ErrorKind::CircuitOpen, refused);
            return id;
        }
    }

    Entry *entry = m_entryPool.take();
    ++m_liveEntries;
    entry->spec = std::move(spec);
    entry->hash = hash;
    entry->inDedupIndex = shares;
    entry->gated = options.gated;
    entry->gateEpoch = gateEpoch;
    entry->plain = !options.batch && !options.atomicGroup;
    entry->cache = options.cache;
    entry->cacheTtl = options.cacheTtl;
    entry->nextSameHash = nullptr;
    entry->waiters = nullptr;
    entry->home = group;
    ++group->live;
    entry->queued = false;
    entry->batch = nullptr;
    entry->lastBatchId = 0;
    entry->wave = nullptr;
    entry->retryOverride = options.retry;
    entry->retry = options.retry ? options.retry.get() : m_retryPolicy.get();
    entry->attempt = 1;
    entry->lastDelay = std::chrono::milliseconds(0);
    entry->lastRetryCost = 0;
    entry->firstFlushedAt = -1;
    entry->keyId = group->keyId;
    entry->writeKey = safe ? QString() : resource;
    entry->callId = id;
    entry->blockedKey = blockedBy ? resource : QString();
    entry->blockedBy = blockedBy;
    entry->atomic = options.atomicGroup;
    entry->groupDeps = std::move(groupDeps);
    entry->waitingFor = int(waitFor.size());
    for (const quint64 dependency : waitFor)
        m_order.addDependent(dependency, id);
    if (!safe) {
        sealBefore(entry->spec.url);
        m_order.writeStarted(resource, id);
    }
    if (shares)
        m_dedup.insert(hash, entry);
    Call *call = m_callPool.take();
    *call = {id, std::move(done), nullptr, nullptr, now, false};
    addWaiter(entry, call);
    m_active.insert(id, call);
    armDeadline(call, timeout);

    if (entry->atomic) {
        m_order.addMember(entry->atomic, id); // queued when its group is closed
        return id;
    }
    const bool held = isHeld(entry);
    if (entry->plain && !held) {
        m_dispatcher->dispatch(group, {entry}, FlushReason::Manual, true);
        return id;
    }
    if (held)
        ++group->blocked;
    entry->queued = true;
    ++m_queuedEntries;
    group->entries.push_back(entry);
    group->lastEnqueue = now;
    if (group->entries.size() == 1) {
        group->windowStart = now;
        armTimer();
    }
    if (qsizetype(group->entries.size()) >= limitOf(group))
        flushGroup(group, FlushReason::Size, true);
    return id;
}

quint64 RequestQueuePrivate::answerFromCache(const RequestSpec &spec, ApiResult result, Completion done)
{
    const quint64 id = ++m_nextRequestId;
    const qint64 now = m_telemetry->now();
    if (m_shuttingDown) {
        // As enqueue() does: after shutdown() nothing is answered, from the cache neither.
        record(now, EventKind::Enqueued, id, 0, 0);
        rejectLater(id, 0, std::move(done), ErrorKind::Cancelled,
                    EngineTr::tr("the request queue is shutting down"));
        return id;
    }
    const quint32 keyId = groupFor(spec)->keyId;
    record(now, EventKind::Enqueued, id, 0, keyId);
    record(now, EventKind::CacheHit, id, 0, keyId, result.response.status);
    if (result.ok()) {
        record(now, EventKind::Settled, id, 0, keyId, result.response.status, 0, ErrorKind::None,
               FlushReason::Timer, Event::kNeverQueued);
    } else {
        record(now, EventKind::Failed, id, 0, keyId, result.error.status, 0, result.error.kind,
               FlushReason::Timer, Event::kNeverQueued);
    }
    noteOutcome(id, result.ok(), &result.error);
    result.response.timings = {now, -1, -1, -1, now};
    result.response.batchId = 0;
    result.response.cached = true;
    result.response.attempt = 0;
    m_deferred.outcomes.push_back(std::move(result));
    m_deferred.calls.push_back({std::move(done), m_deferred.outcomes.size() - 1, id, now, false});
    if (m_deferred.calls.size() == 1)
        QMetaObject::invokeMethod(q, [this] { runDeferred(); }, Qt::QueuedConnection);
    return id;
}

void RequestQueuePrivate::recordCacheMiss(quint64 requestId)
{
    const Call *call = m_active.find(requestId);
    record(m_telemetry->now(), EventKind::CacheMiss, requestId, 0, call ? call->entry->keyId : 0);
}

RequestQueuePrivate::Group *RequestQueuePrivate::groupFor(const RequestSpec &spec)
{
    // Few groups exist at a time (one per origin, typically), so they are scanned. QUrl::matches
    // compares the stored components in place; building host and scheme strings per call
    // would cost more than the rest of enqueue().
    constexpr auto kOriginOnly
        = QUrl::RemoveUserInfo | QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment;
    const BatchKeyStrategy strategy = m_config.batchKey;
    QString extra;
    bool extraKnown = false;
    for (Group *group : m_groups) {
        if (group->retired || !spec.url.matches(group->sample, kOriginOnly))
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
    group->endpointText = group->endpoint.toString();
    if (m_limits.knows(group->endpointText))
        group->learned = m_limits.limitFor(group->endpointText, INT_MAX);
    group->origin = spec.url.adjusted(kOriginOnly).toString();
    group->originId = m_telemetry->internKey(group->origin);
    group->keyId = m_telemetry->internKey(group->key.name(m_config));
    m_groups.push_back(group);
    return group;
}

void RequestQueuePrivate::addWaiter(Entry *entry, Call *call)
{
    call->entry = entry;
    call->nextWaiter = entry->waiters;
    entry->waiters = call;
}

void RequestQueuePrivate::removeWaiter(Entry *entry, Call *call)
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

void RequestQueuePrivate::armDeadline(Call *call, qint64 timeoutNs)
{
    if (timeoutNs <= 0)
        return;
    const qint64 deadline = call->enqueuedAt + timeoutNs;
    m_deadlines.add(timeoutNs, deadline, call, call->id);
    if (m_timerDue < 0 || deadline < m_timerDue)
        armTimer();
}

bool RequestQueuePrivate::isLive(const Call *call, quint64 id) const
{
    // A deadline may outlive its call, whose object is then recycled for another call.
    return m_active.find(id) == call;
}

bool RequestQueuePrivate::cancel(quint64 requestId)
{
    Call *call = m_active.find(requestId);
    if (!call)
        return false;
    failCall(call, ErrorKind::Cancelled, EngineTr::tr("cancelled by the caller"));
    runDeferred();
    return true;
}

void RequestQueuePrivate::flush()
{
    for (Group *group : std::vector<Group *>(m_groups))
        flushGroup(group, FlushReason::Manual, false);
}

void RequestQueuePrivate::shutdown()
{
    for (Group *group : std::vector<Group *>(m_groups))
        flushGroup(group, FlushReason::Shutdown, false);
    m_shuttingDown = true;
}

bool RequestQueuePrivate::setConfig(const BatchConfig &config, const QString &change)
{
    const QString problem = config.validate();
    if (!problem.isEmpty()) {
        qCWarning(lcQueue) << "invalid batch config:" << problem;
        return false;
    }
    const bool regroup = config.batchKey != m_config.batchKey
        || config.batchKey == BatchKeyStrategy::Custom
        || config.pathPrefixSegments != m_config.pathPrefixSegments
        || config.batchPath != m_config.batchPath;
    const qint64 now = m_telemetry->now();
    // The event names what changed (interned like a batch key), so the log and the charts'
    // markers can say it.
    const QString what = change.isEmpty() ? configChanges(m_config, config).join(QStringLiteral("; ")) : change;
    if (!what.isEmpty())
        record(now, EventKind::ConfigChanged, 0, 0, m_telemetry->internNote(what), 0, config.batchLimit());
    if (regroup) {
        // Retired groups that nothing belongs to any more go (a sweep with a custom key
        // regroups on every change); the others stay while their items are in flight.
        const auto drained = std::remove_if(m_groups.begin(), m_groups.end(), [](Group *group) {
            if (!group->retired || group->live > 0)
                return false;
            delete group;
            return true;
        });
        m_groups.erase(drained, m_groups.end());
        // Calls grouped under the old rule leave under it; new calls group under the new one.
        // Retired groups stay: items in flight or waiting to retry still belong to them.
        for (Group *group : m_groups) {
            flushGroup(group, FlushReason::Config, false);
            group->retired = true;
        }
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

bool RequestQueuePrivate::setRetryPolicy(const RetryPolicy &policy)
{
    const QString problem = policy.validate();
    if (!problem.isEmpty()) {
        qCWarning(lcQueue) << "invalid retry policy:" << problem;
        return false;
    }
    // Items already created point at the old policy: keep it alive while any item lives (a
    // sweep changes settings thousands of times; with nothing in flight, none is kept).
    if (m_liveEntries == 0)
        m_retiredPolicies.clear();
    else
        m_retiredPolicies.push_back(std::move(m_retryPolicy));
    m_retryPolicy = std::make_shared<RetryPolicy>(policy);
    return true;
}

void RequestQueuePrivate::flushGroup(Group *group, FlushReason reason, bool onlyFullBatches)
{
    if (group->entries.empty())
        return;
    if (m_gate && respectsPause(reason) && m_gate->pausedForMs(group->originId) > 0)
        return; // the timer sends it when the pause is over
    const auto max = qsizetype(limitOf(group));
    for (;;) {
        bool tooLarge = false;
        std::vector<Entry *> chunk = takeChunk(group, max, onlyFullBatches, &tooLarge);
        if (chunk.empty())
            break;
        if (tooLarge) {
            for (Entry *entry : chunk) {
                entry->queued = false;
                if (m_gate && entry->gated)
                    m_gate->release(group->originId, entry->keyId, entry->gateEpoch);
            }
            failGroup(chunk,
                      EngineTr::tr("not sent: its atomic group of %1 calls is larger than "
                                   "the %2 calls a batch may hold now")
                          .arg(chunk.size())
                          .arg(max));
            continue;
        }
        const bool plain = chunk.front()->plain || (m_config.sendSingleAsPlain && chunk.size() == 1)
            || group->learned == 0;
        m_dispatcher->dispatch(group, std::move(chunk), reason, plain);
    }
    if (!group->entries.empty())
        group->windowStart = m_telemetry->now();
}

void RequestQueuePrivate::setGate(DispatchGate *gate)
{
    m_gate = gate;
    m_dispatcher->setGate(gate);
}

int RequestQueuePrivate::retryBudget(const QString &origin) const
{
    return m_dispatcher->retries().budget(origin, *m_retryPolicy);
}

int RequestQueuePrivate::inFlightBatches() const
{
    return m_dispatcher->inFlight();
}

int RequestQueuePrivate::waitingRetries() const
{
    return m_dispatcher->waitingRetries();
}

qint64 RequestQueuePrivate::groupDue(const Group &group) const
{
    if (group.entries.empty() || qsizetype(group.blocked) == qsizetype(group.entries.size()))
        return kNever; // what waits for a write or a dependency is woken when it settles
    if (group.blocked > 0 && group.atomic > 0) {
        // Atomic groups wait whole for any of their members: is anything ready at all?
        const bool anyReady
            = std::any_of(group.entries.cbegin(), group.entries.cend(), [&](const Entry *e) {
                  return !isHeld(e)
                      && std::none_of(group.entries.cbegin(), group.entries.cend(),
                                      [e](const Entry *o) {
                                          return e->atomic && o->atomic == e->atomic && isHeld(o);
                                      });
              });
        if (!anyReady)
            return kNever;
    }
    const qint64 start
        = m_config.flushMode == FlushMode::Debounce ? group.lastEnqueue : group.windowStart;
    qint64 due = start + toNs(m_config.maxDelay);
    if (m_gate) {
        const qint64 pausedMs = m_gate->pausedForMs(group.originId);
        if (pausedMs > 0)
            due = qMax(due, m_telemetry->now() + pausedMs * kNsPerMs);
    }
    return due;
}

void RequestQueuePrivate::onTimer()
{
    m_timerDue = -1;
    const qint64 now = m_telemetry->now();
    const auto live = [this](const Call *call, quint64 id) { return isLive(call, id); };
    m_deadlines.prune(live);
    m_deadlines.expire(now, live, [this](Call *call, qint64 length) {
        failCall(call, ErrorKind::Timeout, EngineTr::tr("no answer within %1 ms").arg(length / kNsPerMs));
    });
    const FlushReason reason
        = m_config.flushMode == FlushMode::Debounce ? FlushReason::Debounce : FlushReason::Timer;
    for (Group *group : std::vector<Group *>(m_groups)) {
        if (groupDue(*group) <= now)
            flushGroup(group, reason, false);
    }
    m_dispatcher->sendDueRetries(now);
    armTimer();
    runDeferred();
}

void RequestQueuePrivate::armTimer()
{
    qint64 due = m_deadlines.earliest();
    for (const Group *group : m_groups)
        due = qMin(due, groupDue(*group));
    due = qMin(due, m_dispatcher->earliestRetry());
    if (due == kNever) {
        m_timer.stop();
        m_timerDue = -1;
        return;
    }
    if (m_timer.isActive() && m_timerDue == due)
        return;
    const qint64 waitNs = qMax<qint64>(0, due - m_telemetry->now());
    m_timerDue = due;
    m_timer.start(
        int(qMin<qint64>((waitNs + kNsPerMs - 1) / kNsPerMs, std::numeric_limits<int>::max())));
}

void RequestQueuePrivate::record(qint64 time, EventKind kind, quint64 requestId, quint64 batchId,
                          quint32 keyId, int status, int value, ErrorKind error, FlushReason reason,
                          int aux)
{
    m_telemetry->record(
        {time, requestId, batchId, value, aux, keyId, status, kind, error, reason});
}

} // namespace batchlab
