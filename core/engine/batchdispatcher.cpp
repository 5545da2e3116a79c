// SPDX-License-Identifier: BSD-3-Clause
#include "engine/batchdispatcher.h"

#include "engine/batchmatch.h"
#include "engine/enginetr.h"
#include "engine/requestqueue_p.h"
#include "resilience/dispatchgate.h"
#include "telemetry/logging.h"
#include "telemetry/telemetry.h"

#include <QRegularExpression>

#include <limits>

namespace batchlab {

namespace {

constexpr qint64 kNsPerMs = 1000000;

/// A whole batch refused for its size: 413 Content Too Large, or a 429 or 400 without
/// Retry-After whose words say so. SAP CAP answers a batch over its limit with
/// 429 {"error":{"code":"BATCH_TOO_MANY_REQ","message":"Batch request contains too many requests"}};
/// a 429 with Retry-After is throttling, and a 400 about anything else is not about size.
bool refusedAsTooLarge(const BatchReply &reply)
{
    const ApiError &f = reply.failure;
    if (f.kind != ErrorKind::BatchFailed || f.cause != ErrorKind::Http)
        return false;
    if (f.status == 413)
        return true;
    if ((f.status != 429 && f.status != 400) || !headerValue(reply.headers, "retry-after").isEmpty())
        return false;
    if (f.status == 429)
        return true;
    static const QRegularExpression words(QStringLiteral("too many|too large|limit|maximum|exceed"),
                                          QRegularExpression::CaseInsensitiveOption);
    return words.match(QString::fromUtf8(f.body.left(4096))).hasMatch();
}

/// The batch endpoint itself is missing: the server has no batch support at that path.
bool noBatchEndpoint(const BatchReply &reply)
{
    const ApiError &f = reply.failure;
    return f.kind == ErrorKind::BatchFailed && f.cause == ErrorKind::Http
        && (f.status == 404 || f.status == 405 || f.status == 501);
}

qint64 toNs(std::chrono::milliseconds ms)
{
    return qint64(ms.count()) * kNsPerMs;
}

} // namespace

BatchDispatcher::BatchDispatcher(RequestQueuePrivate &queue, Transport *transport)
    : m_queue(queue)
    , m_transport(transport)
{ }

BatchDispatcher::~BatchDispatcher()
{
    qDeleteAll(m_batches);
    qDeleteAll(m_waves);
}

void BatchDispatcher::cancelAll()
{
    for (auto it = m_batches.cbegin(); it != m_batches.cend(); ++it)
        m_transport->cancel(it.key());
}

qint64 BatchDispatcher::earliestRetry() const
{
    qint64 due = std::numeric_limits<qint64>::max();
    for (const RetryWave *wave : m_waves)
        due = qMin(due, wave->due);
    return due;
}

int BatchDispatcher::waitingRetries() const
{
    int count = 0;
    for (const RetryWave *wave : m_waves)
        count += int(wave->entries.size());
    return count;
}

void BatchDispatcher::dispatch(Group *home, std::vector<Entry *> entries, FlushReason reason,
                               bool plain)
{
    auto *batch = new Batch;
    batch->id = ++m_nextBatchId;
    batch->home = home;
    batch->reason = reason;
    batch->plain = plain;
    batch->flushedAt = m_queue.m_telemetry->now();
    batch->sentAt = batch->flushedAt;
    batch->entries = std::move(entries);

    BatchRequest request;
    request.batchId = batch->id;
    request.endpoint = home->endpoint;
    request.plain = plain;
    request.attemptTimeoutMs = int(m_queue.m_config.attemptTimeout.count());
    request.items.reserve(batch->entries.size());
    int groups = 0;
    for (size_t i = 0; i < batch->entries.size(); ++i) {
        Entry *entry = batch->entries[i];
        entry->queued = false;
        entry->wave = nullptr;
        entry->batch = batch;
        entry->lastBatchId = batch->id;
        if (entry->firstFlushedAt < 0)
            entry->firstFlushedAt = batch->flushedAt;
        OutgoingItem &item = request.items.emplace_back(int(i), &entry->spec);
        if (!entry->atomic || plain)
            continue;
        // Members of a group are adjacent; a dependency inside it is an earlier member.
        batch->hasGroups = true;
        if (i == 0 || batch->entries[i - 1]->atomic != entry->atomic)
            ++groups;
        item.group = groups - 1;
        for (const quint64 needed : entry->groupDeps) {
            for (size_t j = i; j-- > 0 && batch->entries[j]->atomic == entry->atomic;) {
                if (batch->entries[j]->callId == needed)
                    item.dependsOn.push_back(int(j));
            }
        }
    }
    m_batches.insert(batch->id, batch);
    const int count = int(batch->entries.size());
    m_queue.record(batch->flushedAt, EventKind::Flushed, 0, batch->id, home->keyId, 0, count,
                   ErrorKind::None, reason);
    m_queue.record(batch->sentAt, EventKind::Sent, 0, batch->id, home->keyId, 0, plain ? 1 : 0);
    qCDebug(lcQueue) << "batch" << batch->id << "of" << count << "to" << request.endpoint
                     << "reason" << flushReasonName(reason);
    const quint64 batchId = batch->id;
    m_transport->send(request,
                      [this, batchId](BatchReply &&reply) { onAnswer(batchId, std::move(reply)); });
}

void BatchDispatcher::onAnswer(quint64 batchId, BatchReply &&reply)
{
    Batch *batch = m_batches.take(batchId);
    if (!batch)
        return;
    RequestQueuePrivate::Settlements settlements;
    const qint64 now = m_queue.m_telemetry->now();
    settlements.settledAt = now;
    const quint32 keyId = batch->home->keyId;
    if (reply.failure.isError()) {
        // Why, in words, on the first failing attempt: "Connection refused", not only a
        // later circuit-open. Interned only for failures, so the answered path costs nothing.
        const ApiError &f = reply.failure;
        const quint32 note = m_queue.m_telemetry->internNote(f.message);
        m_queue.record(now, EventKind::Answered, 0, batchId, keyId, reply.httpStatus, 0,
                       f.cause != ErrorKind::None ? f.cause : f.kind, FlushReason::Timer,
                       qint32(note));
    } else {
        m_queue.record(now, EventKind::Answered, 0, batchId, keyId, reply.httpStatus);
    }

    ApiResult shared;
    shared.response.batchId = batchId;
    shared.response.plain = batch->plain;
    shared.response.flushReason = batch->reason;
    shared.response.timings.flushed = batch->flushedAt;
    shared.response.timings.sent = batch->sentAt;
    shared.response.timings.answered = now;
    shared.response.timings.settled = now;

    const size_t count = batch->entries.size();
    settlements.calls.reserve(count);
    settlements.outcomes.reserve(count);
    RetryWave *wave = nullptr;
    const bool failed = reply.failure.isError();
    if (failed && !batch->plain && resend(batch, reply)) {
        delete batch;
        m_queue.afterAnswer(settlements);
        return;
    }
    if (!failed && !batch->plain)
        learnWorked(batch->home, int(count), batchId);
    std::optional<BatchMatch> match;
    if (!failed) {
        match = BatchMatch::of(reply.items, count, batchId);
        if (batch->hasGroups)
            rollBackGroups(batch, &*match);
        if (match->problems > 0) {
            m_queue.record(now, EventKind::ProtocolIssue, 0, batchId, keyId, reply.httpStatus,
                           match->problems);
            qCWarning(lcQueue) << "batch" << batchId << "answer has" << match->problems
                               << "protocol problems; unknown ids:" << match->unknownIds;
        }
    }
    static const HttpHeaders kNoHeaders;
    for (size_t i = 0; i < count; ++i) {
        Entry *entry = batch->entries[i];
        ApiError error = failed ? reply.failure : match->errors[i];
        error.batchId = batchId;
        const ItemResult *answer = failed ? nullptr : match->answers[i];
        const HttpHeaders &headers = failed ? reply.headers : answer ? answer->headers : kNoHeaders;
        recordOutcome(entry, error, headers);
        // An atomic group is sent once: retrying it would need every member retriable, and a
        // group is usually made of writes.
        if (error.isError() && !entry->atomic && retryLater(entry, error, headers, wave, now))
            continue;
        ApiResult &outcome = settlements.outcomes.emplace_back(shared);
        outcome.response.attempt = entry->attempt;
        if (error.isError()) {
            outcome.error = std::move(error);
        } else {
            outcome.response.status = answer->status;
            outcome.response.headers = answer->headers;
            outcome.response.body = answer->body;
            m_retries.succeeded(*entry->retry, entry->home->origin, entry->attempt,
                                entry->lastRetryCost);
        }
        m_queue.settleEntry(entry, batchId, settlements.outcomes.size() - 1, &settlements);
    }
    delete batch;
    if (wave)
        m_waves.push_back(wave);
    m_queue.afterAnswer(settlements);
}

bool BatchDispatcher::resend(Batch *batch, const BatchReply &reply)
{
    const int size = int(batch->entries.size());
    int limit = 0;
    if (size > 1 && refusedAsTooLarge(reply))
        limit = learnRefusal(batch->home, size, reply.failure.status, batch->id);
    else if (m_queue.m_config.format != BatchFormat::JsonRpc && noBatchEndpoint(reply))
        learnNoBatches(batch->home, reply.failure.status, batch->id); // JSON-RPC has no plain form
    else
        return false;
    // Not a failure of the calls: they go again at once in batches the endpoint takes, or
    // alone, without spending an attempt. Calls nobody waits for any more are dropped.
    std::vector<Entry *> live;
    for (Entry *entry : batch->entries) {
        if (entry->waiters) {
            live.push_back(entry);
            continue;
        }
        if (m_gate && entry->gated)
            m_gate->release(entry->home->originId, entry->keyId, entry->gateEpoch);
        m_queue.dropEntry(entry);
    }
    if (batch->home->retired) {
        sendAgain(std::move(live), FlushReason::Split); // to where its calls go now
        return true;
    }
    // As even as the limit allows: 25 at a limit of 12 go as 9 + 8 + 8, not 12 + 12 + 1.
    const size_t pieces = (live.size() + size_t(qMax(1, limit)) - 1) / size_t(qMax(1, limit));
    const size_t max = limit == 0 ? 1 : (live.size() + pieces - 1) / qMax<size_t>(1, pieces);
    // An atomic group stays whole: the piece it starts in grows to hold it (up to the limit),
    // and a group the endpoint cannot take in one batch is not sent at all.
    std::vector<Entry *> chunk;
    const auto send = [&] {
        if (chunk.empty())
            return;
        const bool plain = limit == 0 || (chunk.size() == 1 && m_queue.m_config.sendSingleAsPlain);
        dispatch(batch->home, std::move(chunk), FlushReason::Split, plain);
        chunk.clear();
    };
    for (auto it = live.begin(); it != live.end();) {
        const quint64 atomic = (*it)->atomic;
        const auto end = atomic
            ? std::find_if(it, live.end(), [atomic](const Entry *e) { return e->atomic != atomic; })
            : it + 1;
        const auto members = size_t(end - it);
        if (atomic && (limit == 0 || members > size_t(limit))) {
            std::vector<Entry *> group(it, end);
            for (Entry *entry : group) {
                entry->batch = nullptr;
                if (m_gate && entry->gated)
                    m_gate->release(entry->home->originId, entry->keyId, entry->gateEpoch);
            }
            m_queue.failGroup(
                group,
                limit == 0
                    ? EngineTr::tr("not sent: %1 takes no batches, and an atomic group needs one")
                          .arg(batch->home->endpointText)
                    : EngineTr::tr("not sent: its atomic group of %1 calls is larger than the %2 "
                                   "calls the endpoint takes")
                          .arg(members)
                          .arg(limit));
        } else {
            if (chunk.size() + members > (atomic ? size_t(limit) : max))
                send();
            chunk.insert(chunk.end(), it, end);
            if (chunk.size() >= max)
                send();
        }
        it = end;
    }
    send();
    return true;
}

int BatchDispatcher::learnRefusal(Group *group, int size, int status, quint64 batchId)
{
    const int limit = m_queue.m_limits.refused(group->endpointText, size);
    for (Group *g : m_queue.m_groups) {
        if (g->endpointText == group->endpointText)
            g->learned = limit;
    }
    m_queue.record(m_queue.m_telemetry->now(), EventKind::LimitLearned, 0, batchId, group->keyId, status, limit,
           ErrorKind::None, FlushReason::Split, size);
    qCInfo(lcQueue) << "batch endpoint" << group->endpointText << "refused" << size
                    << "calls with" << status << "; batches of at most" << limit << "now";
    return limit;
}

void BatchDispatcher::learnNoBatches(Group *group, int status, quint64 batchId)
{
    m_queue.m_limits.noBatches(group->endpointText);
    for (Group *g : m_queue.m_groups) {
        if (g->endpointText == group->endpointText)
            g->learned = 0;
    }
    m_queue.record(m_queue.m_telemetry->now(), EventKind::LimitLearned, 0, batchId, group->keyId, status, 0,
           ErrorKind::None, FlushReason::Split, 0);
    qCWarning(lcQueue) << "batch endpoint" << group->endpointText << "answered" << status
                       << "; sending plain requests to it from now on";
}

void BatchDispatcher::learnWorked(Group *group, int size, quint64 batchId)
{
    if (group->learned < 0 || !m_queue.m_limits.worked(group->endpointText, size))
        return;
    const int limit = m_queue.m_limits.limitFor(group->endpointText, INT_MAX);
    if (limit == group->learned)
        return; // nothing a reader would see changed
    for (Group *g : m_queue.m_groups) {
        if (g->endpointText == group->endpointText)
            g->learned = limit;
    }
    m_queue.record(m_queue.m_telemetry->now(), EventKind::LimitLearned, 0, batchId, group->keyId, 200, limit,
           ErrorKind::None, FlushReason::Split, size);
}

void BatchDispatcher::rollBackGroups(const Batch *batch, BatchMatch *match)
{
    // All or nothing: when a member of a group failed, the others did not take effect, whatever
    // their own answer says (SAP CAP shows their own success; a change set that failed has one
    // answer for all; OData 4.01 allows 424 for the others). The first member that failed for
    // a reason of its own, rather than a missing answer or a 424, is named as the cause.
    const auto &entries = batch->entries;
    for (size_t begin = 0; begin < entries.size();) {
        const quint64 atomic = entries[begin]->atomic;
        size_t end = begin + 1;
        while (atomic && end < entries.size() && entries[end]->atomic == atomic)
            ++end;
        if (!atomic) {
            begin = end;
            continue;
        }
        std::optional<size_t> cause;
        for (size_t i = begin; i < end; ++i) {
            const ApiError &e = match->errors[i];
            if (!e.isError())
                continue;
            const bool ownReason = e.kind != ErrorKind::Protocol && e.status != 424;
            if (!cause
                || (ownReason
                    && (match->errors[*cause].kind == ErrorKind::Protocol
                        || match->errors[*cause].status == 424)))
                cause = i;
        }
        if (cause) {
            const ApiError culprit = match->errors[*cause];
            const QString why
                = EngineTr::tr("rolled back with its atomic group: request %1 failed (%2)")
                      .arg(entries[*cause]->callId)
                      .arg(culprit.status ? QString::number(culprit.status) + u' ' + culprit.message
                                          : errorKindName(culprit.kind) + u' ' + culprit.message);
            for (size_t i = begin; i < end; ++i) {
                if (i == *cause)
                    continue;
                // A failed change set has one answer for all: the others' are not missing.
                if (!match->answers[i] && match->errors[i].kind == ErrorKind::Protocol)
                    --match->problems;
                match->errors[i] = {ErrorKind::RolledBack, ErrorKind::RolledBack, why, 0, {}, 0, 0};
                match->answers[i] = nullptr;
            }
        }
        begin = end;
    }
}

void BatchDispatcher::recordOutcome(Entry *entry, const ApiError &error, const HttpHeaders &headers)
{
    if (!m_gate || !entry->gated)
        return;
    qint64 retryAfterMs = 0;
    const AttemptOutcome outcome = outcomeOf(error, headers, &retryAfterMs);
    m_gate->record(entry->home->originId, entry->keyId, outcome, retryAfterMs, entry->gateEpoch,
                   error.message);
}

bool BatchDispatcher::retryLater(Entry *entry, const ApiError &error,
                                 const HttpHeaders &answerHeaders, RetryWave *&wave, qint64 now)
{
    if (!entry->waiters)
        return false; // nobody is waiting for it any more
    const RetryScheduler::Decision decision
        = m_retries.decide(*entry->retry, entry->attempt, entry->lastDelay, error,
                           entry->spec.method, answerHeaders, entry->home->origin);
    const quint64 batchId = entry->batch ? entry->batch->id : 0;
    if (!decision.retry) {
        if (decision.exhausted) {
            for (Call *call = entry->waiters; call; call = call->nextWaiter)
                m_queue.record(now, EventKind::RetryExhausted, call->id, batchId, entry->keyId,
                               error.status, entry->attempt, error.kind);
            qCDebug(lcQueue) << "not retrying" << entry->spec.url << decision.note;
        }
        return false;
    }
    ++entry->attempt;
    entry->lastDelay = decision.delay;
    entry->lastRetryCost = decision.cost;
    if (!wave) {
        wave = new RetryWave;
        wave->due = now;
    }
    // The whole wave leaves after the longest delay among its items (Retry-After included),
    // as Microsoft Graph advises for throttled batch items.
    wave->due = qMax(wave->due, now + toNs(decision.delay));
    wave->entries.push_back(entry);
    entry->wave = wave;
    entry->batch = nullptr;
    for (Call *call = entry->waiters; call; call = call->nextWaiter) {
        m_queue.record(now, EventKind::RetryScheduled, call->id, batchId, entry->keyId,
                       error.status, int(decision.delay.count()), error.kind, FlushReason::Retry,
                       entry->attempt);
    }
    return true;
}

void BatchDispatcher::releaseBatchIfOrphaned(Batch *batch)
{
    const bool orphaned = std::all_of(batch->entries.cbegin(), batch->entries.cend(),
                                      [](const Entry *entry) { return entry->waiters == nullptr; });
    if (!orphaned || m_queue.m_shuttingDown)
        return;
    m_transport->cancel(batch->id);
    m_batches.remove(batch->id);
    for (Entry *entry : batch->entries) {
        if (m_gate && entry->gated)
            m_gate->release(entry->home->originId, entry->keyId, entry->gateEpoch);
        m_queue.dropEntry(entry);
    }
    delete batch;
}

void BatchDispatcher::rehome(Entry *entry)
{
    // A group retired by a change of settings (batch key, path or format) keeps items that
    // were in flight or waiting to retry; when they travel again they go where calls go now,
    // written in the format of that endpoint (the codec is the transport's, and has changed).
    if (!entry->home->retired)
        return;
    Group *home = m_queue.groupFor(entry->spec);
    --entry->home->live;
    ++home->live;
    entry->home = home;
    entry->keyId = home->keyId;
}

void BatchDispatcher::sendAgain(std::vector<Entry *> entries, FlushReason reason)
{
    for (Entry *entry : entries)
        rehome(entry);
    std::vector<Entry *> chunk;
    const auto send = [&] {
        if (chunk.empty())
            return;
        Group *home = chunk.front()->home;
        const bool plain = (chunk.size() == 1
                            && (m_queue.m_config.sendSingleAsPlain || chunk.front()->plain))
            || home->learned == 0;
        dispatch(home, std::move(chunk), reason, plain);
        chunk.clear();
    };
    for (Entry *entry : entries) {
        if (!chunk.empty()
            && (chunk.front()->home != entry->home
                || qsizetype(chunk.size()) >= m_queue.limitOf(entry->home)))
            send();
        chunk.push_back(entry);
    }
    send();
}

void BatchDispatcher::sendDueRetries(qint64 now)
{
    std::vector<RetryWave *> due;
    for (auto it = m_waves.begin(); it != m_waves.end();) {
        if ((*it)->due <= now) {
            due.push_back(*it);
            it = m_waves.erase(it);
        } else {
            ++it;
        }
    }
    for (RetryWave *wave : due) {
        std::vector<Entry *> entries;
        entries.swap(wave->entries);
        if (!entries.empty() && m_gate) {
            const qint64 pausedMs = m_gate->pausedForMs(entries.front()->home->originId);
            if (pausedMs > 0) {
                wave->entries.swap(entries);
                wave->due = now + pausedMs * kNsPerMs;
                m_waves.push_back(wave);
                continue;
            }
        }
        delete wave;
        std::vector<Entry *> admitted;
        for (Entry *entry : entries) {
            entry->wave = nullptr;
            const QString refused = m_gate && entry->gated
                ? m_gate->admit(entry->home->originId, entry->keyId, &entry->gateEpoch)
                : QString();
            if (refused.isEmpty()) {
                admitted.push_back(entry);
                continue;
            }
            for (Call *call = entry->waiters; call; call = call->nextWaiter)
                m_queue.record(now, EventKind::BreakerRejected, call->id, 0, entry->keyId);
            m_queue.failEntry(entry, ErrorKind::CircuitOpen, refused);
        }
        // The items that failed together travel together, in batches no larger than allowed.
        sendAgain(std::move(admitted), FlushReason::Retry);
    }
}

} // namespace batchlab
