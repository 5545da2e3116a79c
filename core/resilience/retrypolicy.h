// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "types/apierror.h"
#include "types/httpheaders.h"

#include <QDateTime>
#include <QList>

#include <chrono>
#include <optional>

class QRandomGenerator;

namespace batchlab {

/// How a delay between attempts is randomised (AWS Architecture Blog, "Exponential Backoff
/// and Jitter"): none; full = uniform(0, d); equal = d/2 + uniform(0, d/2); decorrelated =
/// min(cap, uniform(base, previous * 3)).
enum class Jitter : quint8 { None, Full, Equal, Decorrelated };

/// When and how often a failed call is tried again. Defaults follow the AWS SDKs' standard mode
/// and Polly v8: 3 attempts *including the first*, 500 ms doubling to at most
/// 10 s with full jitter, Retry-After honoured up to 60 s, idempotent methods only.
struct RetryPolicy
{
    int maxAttempts = 3; ///< including the first; 1 = never retry
    std::chrono::milliseconds baseDelay{500};
    double multiplier = 2.0;
    std::chrono::milliseconds maxDelay{10000};
    Jitter jitter = Jitter::Full;
    bool honorRetryAfter = true;
    std::chrono::milliseconds maxRetryAfter{60000};
    /// Retry POST and PATCH too. Only for calls the caller knows to be idempotent.
    bool retryNonIdempotent = false;
    QList<int> retryStatuses = defaultRetryStatuses();

    /// The retry budget of each origin (a token bucket, as the AWS SDKs' retry quota): a retry
    /// costs `retryCost` tokens (`timeoutRetryCost` after a timeout); a success refunds
    /// `successRefund` on a first attempt, or what its retry cost. Empty bucket: no retry.
    bool useBudget = true;
    int budgetCapacity = 500;
    int retryCost = 5;
    int timeoutRetryCost = 10;
    int successRefund = 1;

    /// Whether `error` is worth another attempt at all (attempts and budget aside).
    bool isRetriable(const ApiError &error, const QByteArray &method) const;
    /// The backoff before attempt `nextAttempt` (2 = the first retry). `previous` is the delay
    /// used before the last attempt, for decorrelated jitter.
    std::chrono::milliseconds backoff(int nextAttempt, std::chrono::milliseconds previous,
                                      QRandomGenerator &random) const;
    /// Retry-After in either form (delay-seconds or HTTP-date, RFC 9110 section 10.2.3),
    /// relative to `now`; nothing when absent or unreadable.
    static std::optional<std::chrono::milliseconds> parseRetryAfter(const QByteArray &value,
                                                                    const QDateTime &now);
    /// Empty when valid, otherwise what is wrong.
    QString validate() const;
    /// 408, 429, 500, 502, 503, 504.
    static QList<int> defaultRetryStatuses();

    friend bool operator==(const RetryPolicy &, const RetryPolicy &) = default;
};

} // namespace batchlab
