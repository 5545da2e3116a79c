// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "types/apierror.h"
#include "types/httpheaders.h"

#include <QString>

namespace batchlab {

/// What one attempt of one batch item told about its origin's health.
enum class AttemptOutcome : quint8 {
    Success, ///< 2xx, 3xx, and 4xx other than 408 and 429: the server is fine
    Failure, ///< transport errors, timeouts, 5xx, 408, malformed answers
    Throttled, ///< 429: not a failure, but a pause for the origin
};

/// What an attempt that ended with `error` (kind None: success) says about its origin. For a
/// 429, `retryAfterMs` gets the pause its Retry-After asks for (1 s when it says nothing).
AttemptOutcome outcomeOf(const ApiError &error, const HttpHeaders &headers, qint64 *retryAfterMs);

/// The circuit breaker's view of the engine: asked before a call gets a batch item of its own
/// (calls that join an item in flight cost nothing and are not asked), told the outcome of
/// every attempt, and asked whether an origin is paused. Origins and batch keys come as ids
/// interned in the Telemetry (Telemetry::keyName() gives the text), so that the hot path
/// indexes instead of hashing strings.
class DispatchGate
{
public:
    /// Where an outcome comes from: the breaker's epoch when the item was admitted. An answer
    /// to an item admitted before the breaker tripped is no probe, and does not count as one.
    static constexpr quint32 kAnyEpoch = 0xffffffffu;

    virtual ~DispatchGate() = default;

    /// Empty when the item may be sent to the origin; otherwise why not (the call then fails
    /// with CircuitOpen). `epoch`, when given, receives the breaker's epoch for record().
    virtual QString admit(quint32 originId, quint32 keyId, quint32 *epoch = nullptr) = 0;
    /// `cause`: a failure in words, for the breaker to name when it rejects calls.
    virtual void record(quint32 originId, quint32 keyId, AttemptOutcome outcome,
                        qint64 retryAfterMs, quint32 epoch = kAnyEpoch, const QString &cause = QString())
        = 0;
    /// An admitted item that ended with no outcome (every caller gave up first).
    virtual void release(quint32 originId, quint32 keyId, quint32 epoch = kAnyEpoch) = 0;
    /// How long batches for the origin must still wait, in ms (a 429's Retry-After); 0 = none.
    virtual qint64 pausedForMs(quint32 originId) const = 0;
};

} // namespace batchlab
