#include "client/configchanges.h"

#include <chrono>

namespace batchlab {

namespace {

QString text(int v) { return QString::number(v); }
QString text(qint64 v) { return QString::number(v); }
QString text(double v) { return QString::number(v); }
QString text(bool v) { return v ? QStringLiteral("on") : QStringLiteral("off"); }
QString text(const QString &v) { return v; }
QString text(std::chrono::milliseconds v) { return QString::number(v.count()) + QStringLiteral(" ms"); }
QString text(FlushMode v) { return v == FlushMode::Window ? QStringLiteral("window") : QStringLiteral("debounce"); }
QString text(BatchKeyStrategy v)
{
    switch (v) {
    case BatchKeyStrategy::ByOrigin: return QStringLiteral("origin");
    case BatchKeyStrategy::ByOriginAndMethod: return QStringLiteral("origin+method");
    case BatchKeyStrategy::ByPathPrefix: return QStringLiteral("path prefix");
    case BatchKeyStrategy::Custom: return QStringLiteral("custom");
    }
    return {};
}
QString text(BatchFormat v) { return batchFormatName(v); }
QString text(Jitter v)
{
    static const char *const names[] = {"none", "full", "equal", "decorrelated"};
    return QLatin1String(names[int(v)]);
}
QString text(BreakerConfig::Trip v)
{
    return v == BreakerConfig::Trip::FailureRate ? QStringLiteral("failure rate") : QStringLiteral("consecutive");
}
QString text(BreakerConfig::Scope v)
{
    return v == BreakerConfig::Scope::PerOrigin ? QStringLiteral("origin") : QStringLiteral("batch key");
}

template<typename T>
void compare(QStringList &out, const char *name, const T &before, const T &after)
{
    if (!(before == after))
        out.append(QStringLiteral("%1 %2 → %3").arg(QLatin1String(name), text(before), text(after)));
}

} // namespace

QStringList configChanges(const BatchConfig &a, const BatchConfig &b)
{
    QStringList out;
    compare(out, "maxBatchSize", a.maxBatchSize, b.maxBatchSize);
    compare(out, "maxDelay", a.maxDelay, b.maxDelay);
    compare(out, "flushMode", a.flushMode, b.flushMode);
    compare(out, "deduplicate", a.deduplicate, b.deduplicate);
    compare(out, "batchKey", a.batchKey, b.batchKey);
    compare(out, "pathPrefixSegments", a.pathPrefixSegments, b.pathPrefixSegments);
    compare(out, "maxQueueSize", a.maxQueueSize, b.maxQueueSize);
    compare(out, "timeout", a.timeout, b.timeout);
    compare(out, "attemptTimeout", a.attemptTimeout, b.attemptTimeout);
    compare(out, "sendSingleAsPlain", a.sendSingleAsPlain, b.sendSingleAsPlain);
    compare(out, "batchPath", a.batchPath, b.batchPath);
    compare(out, "format", a.format, b.format);
    compare(out, "absoluteUrls", a.absoluteUrls, b.absoluteUrls);
    compare(out, "serverLimit", a.serverLimit, b.serverLimit);
    return out;
}

QStringList configChanges(const ClientConfig &a, const ClientConfig &b)
{
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
