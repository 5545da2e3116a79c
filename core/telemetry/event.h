// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "types/apierror.h"
#include "types/flushreason.h"

#include <utility>

namespace batchlab {

/// What happened. Call-level kinds carry a request id, batch-level kinds a batch id.
enum class EventKind : quint8 {
    Enqueued, ///< a call entered the queue
    DedupJoined, ///< a call joined an identical queued or in-flight call (the id of a call
                 ///< already sharing that item, 0 if none is left: Event::sharerId())
    Flushed, ///< a batch left the queue (value: size, reason)
    Sent, ///< its HTTP request went out (value: 1 when plain)
    Answered, ///< its HTTP answer arrived (status: HTTP status, 0 on transport failure); when
              ///< the exchange failed as a whole, error: its cause (network, timeout…) and aux:
              ///< why in words, interned (Telemetry::keyName(quint32(aux))), see Event::note()
    Settled, ///< a call resolved (status: item status; value: latency µs; aux: queue wait µs,
             ///< -1 when never flushed, Event::kNeverQueued when answered by the cache or
             ///< refused at the door: no latency sample then)
    Failed, ///< a call was rejected (error: kind; status, value, aux as Settled)
    TimedOut, ///< a call's deadline passed (also Failed)
    Overflowed, ///< a call was refused because the queue was full (also Failed)
    ProtocolIssue, ///< a batch answer broke the protocol (value: number of problems)
    ConfigChanged, ///< the settings changed (value: the effective batch limit; keyId: interned "field old → new; …")
    RetryScheduled, ///< a failed call will be tried again (value: delay ms, aux: next attempt)
    RetryExhausted, ///< a retriable failure was not retried: attempts or budget used up
    CacheHit, ///< a call was answered from the response cache
    CacheMiss, ///< a cacheable call was not in the cache
    BreakerChanged, ///< a circuit breaker changed state (value: new, aux: old BreakerState; keyId: the breaker's key)
    BreakerRejected, ///< a call was refused by an open circuit breaker (also Failed)
    OriginPaused, ///< a 429 paused an origin (value: pause in ms; keyId: the breaker's key)
    /// a batch endpoint taught its limit (value: the largest batch sent to it from now on, 0
    /// when it takes no batches and calls go alone; aux: the size refused or taken; status:
    /// the HTTP status that taught it; batchId: that batch; keyId: the group's key)
    LimitLearned,
    /// a check of a request's expectation broke on this call's answer (status: the answer's
    /// status; keyId: what broke, in words: Telemetry::keyName())
    CheckFailed,
};
inline constexpr int kEventKindCount = int(EventKind::CheckFailed) + 1;
/// "enqueued", "dedup-joined", …
QString eventKindName(EventKind kind);

/// One step of the pipeline. Small and flat on purpose: millions are recorded per run, so
/// strings (batch keys, messages) are interned or derived, never stored per event.
struct Event
{
    qint64 time = 0; ///< ns on the Telemetry clock
    quint64 requestId = 0;
    quint64 batchId = 0;
    qint32 value = 0; ///< size, delay, latency in µs… (see EventKind)
    qint32 aux = 0; ///< a second number where a kind needs one
    quint32 keyId = 0; ///< interned batch key, see Telemetry::keyName()
    qint32 status = 0; ///< an HTTP status, or a JSON-RPC error code (any 32-bit integer)
    EventKind kind = EventKind::Enqueued;
    ErrorKind error = ErrorKind::None;
    FlushReason reason = FlushReason::Timer;

    /// Settled/Failed `aux` of a call that never entered the queue (a cache hit; a refusal by
    /// overflow, the breaker or shutdown): it took no time worth a latency percentile, and
    /// counting it as 0 made p50 fall as the breaker rejected everything.
    static constexpr qint32 kNeverQueued = -2;

    /// DedupJoined: the request id it names, kept whole in `value` (low half) and `aux`.
    quint64 sharerId() const { return quint64(quint32(value)) | (quint64(quint32(aux)) << 32); }
    /// Answered after a failure: the interned text of why (Telemetry::keyName()), else 0.
    quint32 note() const { return kind == EventKind::Answered && error != ErrorKind::None ? quint32(aux) : 0; }
    static std::pair<qint32, qint32> splitId(quint64 id) { return {qint32(quint32(id)), qint32(quint32(id >> 32))}; }
};

} // namespace batchlab
