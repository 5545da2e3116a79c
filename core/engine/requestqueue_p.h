#pragma once

// The records RequestQueue keeps per call, per batch item, per group and per batch in flight.
// Private to requestqueue.cpp.

#include "engine/batchkey.h"
#include "engine/requestqueue.h"

namespace batchlab {

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

/// One batch item: the call that created it and every identical call that joined it. It lives
/// from enqueue until it settles, across retries.
struct RequestQueue::Entry
{
    RequestSpec spec;
    size_t hash = 0;
    bool inDedupIndex = false;
    bool gated = true;
    bool plain = false;
    bool cache = true;
    std::optional<std::chrono::milliseconds> cacheTtl;
    Entry *nextSameHash = nullptr;
    Call *waiters = nullptr;
    Group *home = nullptr; ///< the group it belongs to, always
    bool queued = false; ///< waiting in home->entries
    Batch *batch = nullptr; ///< in flight
    RetryWave *wave = nullptr; ///< waiting to be retried
    const RetryPolicy *retry = nullptr;
    std::shared_ptr<const RetryPolicy> retryOverride;
    int attempt = 1;
    std::chrono::milliseconds lastDelay{0};
    int lastRetryCost = 0;
    qint64 firstFlushedAt = -1;
    quint32 keyId = 0;
};

/// The calls waiting for one batch key, and what the key means on the wire.
struct RequestQueue::Group
{
    BatchKey key;
    QUrl sample; ///< the URL of the call that made the group, for fast origin matching
    QString origin;
    quint32 originId = 0; ///< the origin interned in the Telemetry, for the gate
    quint32 keyId = 0;
    QUrl endpoint;
    std::vector<Entry *> entries;
    qint64 windowStart = 0;
    qint64 lastEnqueue = 0;
    bool retired = false; ///< made under grouping rules that changed since; never matched
};

/// A batch in flight.
struct RequestQueue::Batch
{
    quint64 id = 0;
    Group *home = nullptr;
    FlushReason reason = FlushReason::Timer;
    bool plain = false;
    qint64 flushedAt = 0;
    qint64 sentAt = 0;
    std::vector<Entry *> entries;
};

/// Items that failed in the same answer and travel again together.
struct RequestQueue::RetryWave
{
    qint64 due = 0;
    std::vector<Entry *> entries;
};

} // namespace batchlab
