// SPDX-License-Identifier: BSD-3-Clause
#include "resilience/dispatchgate.h"

#include "resilience/retrypolicy.h"

namespace batchlab {

AttemptOutcome outcomeOf(const ApiError &error, const HttpHeaders &headers, qint64 *retryAfterMs)
{
    if (error.status == 429) {
        const auto after = RetryPolicy::parseRetryAfter(headerValue(headers, "retry-after"),
                                                        QDateTime::currentDateTimeUtc());
        *retryAfterMs = after ? after->count() : 1000;
        return AttemptOutcome::Throttled;
    }
    const ErrorKind kind = error.kind == ErrorKind::BatchFailed ? error.cause : error.kind;
    switch (kind) {
    case ErrorKind::Network:
    case ErrorKind::Timeout:
    case ErrorKind::Protocol:
        return AttemptOutcome::Failure;
    case ErrorKind::Http:
        return error.status >= 500 || error.status == 408 ? AttemptOutcome::Failure
                                                          : AttemptOutcome::Success;
    default:
        return AttemptOutcome::Success;
    }
}

} // namespace batchlab
