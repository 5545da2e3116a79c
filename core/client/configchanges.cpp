// SPDX-License-Identifier: BSD-3-Clause
#include "client/configchanges.h"

#include "types/configdiff.h"

namespace batchlab {

// Found by compare() through argument-dependent lookup (see types/configdiff.h).
static QString text(Jitter v)
{
    static const char *const names[] = {"none", "full", "equal", "decorrelated"};
    return QLatin1String(names[int(v)]);
}
static QString text(BreakerConfig::Trip v)
{
    return v == BreakerConfig::Trip::FailureRate ? QStringLiteral("failure rate") : QStringLiteral("consecutive");
}
static QString text(BreakerConfig::Scope v)
{
    return v == BreakerConfig::Scope::PerOrigin ? QStringLiteral("origin") : QStringLiteral("batch key");
}

QStringList configChanges(const ClientConfig &a, const ClientConfig &b)
{
    using configdiff::compare;
    QStringList out = configChanges(a.batch, b.batch);
    const RetryPolicy &r = a.retry, &s = b.retry;
    compare(out, "retry.maxAttempts", r.maxAttempts, s.maxAttempts);
    compare(out, "retry.baseDelay", r.baseDelay, s.baseDelay);
    compare(out, "retry.multiplier", r.multiplier, s.multiplier);
    compare(out, "retry.maxDelay", r.maxDelay, s.maxDelay);
    compare(out, "retry.jitter", r.jitter, s.jitter);
    compare(out, "retry.honorRetryAfter", r.honorRetryAfter, s.honorRetryAfter);
    compare(out, "retry.maxRetryAfter", r.maxRetryAfter, s.maxRetryAfter);
    compare(out, "retry.retryNonIdempotent", r.retryNonIdempotent, s.retryNonIdempotent);
    compare(out, "retry.useBudget", r.useBudget, s.useBudget);
    compare(out, "retry.budgetCapacity", r.budgetCapacity, s.budgetCapacity);
    const BreakerConfig &k = a.breaker, &l = b.breaker;
    compare(out, "breaker.enabled", k.enabled, l.enabled);
    compare(out, "breaker.scope", k.scope, l.scope);
    compare(out, "breaker.trip", k.trip, l.trip);
    compare(out, "breaker.failureRateThreshold", k.failureRateThreshold, l.failureRateThreshold);
    compare(out, "breaker.window", k.window, l.window);
    compare(out, "breaker.minimumCalls", k.minimumCalls, l.minimumCalls);
    compare(out, "breaker.consecutiveFailures", k.consecutiveFailures, l.consecutiveFailures);
    compare(out, "breaker.openDuration", k.openDuration, l.openDuration);
    compare(out, "breaker.maxOpenDuration", k.maxOpenDuration, l.maxOpenDuration);
    compare(out, "breaker.probeTimeout", k.probeTimeout, l.probeTimeout);
    const CacheConfig &c = a.cache, &d = b.cache;
    compare(out, "cache.enabled", c.enabled, d.enabled);
    compare(out, "cache.defaultTtl", c.defaultTtl, d.defaultTtl);
    compare(out, "cache.maxEntries", c.maxEntries, d.maxEntries);
    compare(out, "cache.maxBytes", c.maxBytes, d.maxBytes);
    compare(out, "cache.cacheErrors", c.cacheErrors, d.cacheErrors);
    return out;
}

} // namespace batchlab
