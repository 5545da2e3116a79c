// SPDX-License-Identifier: BSD-3-Clause
#include "runs/settingsblocks.h"
#include "runs/fieldreader.h"
#include "runs/runstr.h"

#include <QJsonArray>

namespace batchlab {

namespace {

using std::chrono::milliseconds;

// The names in the file; their order is the enum's.
const char *const kJitters[] = {"none", "full", "equal", "decorrelated"};
const char *const kScopes[] = {"origin", "batch-key"};
const char *const kTrips[] = {"failure-rate", "consecutive-failures"};
const char *const kArrivals[] = {"all-at-once", "fixed-rate", "poisson", "recorded"};
// The sandbox's malformKindName()s: core includes no sandbox header (tst_runstate checks
// that both lists agree).
const char *const kMalforms[] = {"any", "bad-json", "missing-id", "duplicate-id", "unknown-id"};

template<size_t N>
QLatin1String nameOf(const char *const (&names)[N], int index)
{
    return QLatin1String(names[size_t(index) < N ? size_t(index) : 0]);
}

/// The largest whole number a JSON number (a double) holds exactly.
constexpr double kMaxSeed = 9007199254740991.0; // 2^53 - 1

quint64 seed(FieldReader &r, const QJsonObject &o, const QString &at, quint64 fallback)
{
    const double value = r.real(o, "seed", at, double(fallback), 0, kMaxSeed);
    if (r.ok() && value != double(qint64(value)))
        r.fail(at + QStringLiteral("seed"), RunsTr::tr("expected a whole number"));
    return quint64(value);
}

milliseconds ms(FieldReader &r, const QJsonObject &o, const char *key, const QString &at, milliseconds fallback,
                int min = 0)
{
    return milliseconds(r.integer(o, key, at, int(fallback.count()), min));
}

RetryPolicy readRetry(const QJsonObject &o, FieldReader &r)
{
    const QString at = QStringLiteral("retry.");
    RetryPolicy p;
    p.maxAttempts = r.integer(o, "maxAttempts", at, p.maxAttempts, 1);
    p.baseDelay = ms(r, o, "baseDelayMs", at, p.baseDelay);
    p.multiplier = r.real(o, "multiplier", at, p.multiplier, 1.0, 100.0);
    p.maxDelay = ms(r, o, "maxDelayMs", at, p.maxDelay);
    p.jitter = Jitter(r.choice(o, "jitter", at, kJitters, int(p.jitter)));
    p.honorRetryAfter = r.boolean(o, "honorRetryAfter", at, p.honorRetryAfter);
    p.maxRetryAfter = ms(r, o, "maxRetryAfterMs", at, p.maxRetryAfter);
    p.retryNonIdempotent = r.boolean(o, "retryNonIdempotent", at, p.retryNonIdempotent);
    if (o.contains(QStringLiteral("retryStatuses")) && r.ok()) {
        const QJsonValue v = o.value(QStringLiteral("retryStatuses"));
        if (!v.isArray()) {
            r.fail(at + QStringLiteral("retryStatuses"), RunsTr::tr("expected an array of HTTP statuses"));
        } else {
            p.retryStatuses.clear();
            const QJsonArray statuses = v.toArray();
            for (qsizetype i = 0; r.ok() && i < statuses.size(); ++i) {
                const double status = statuses.at(i).toDouble(-1);
                if (!statuses.at(i).isDouble() || status != double(int(status)) || status < 100 || status > 599)
                    r.fail(at + QStringLiteral("retryStatuses[%1]").arg(i), RunsTr::tr("expected an HTTP status from 100 to 599"));
                p.retryStatuses.append(int(status));
            }
        }
    }
    p.useBudget = r.boolean(o, "useBudget", at, p.useBudget);
    p.budgetCapacity = r.integer(o, "budgetCapacity", at, p.budgetCapacity, 0);
    p.retryCost = r.integer(o, "retryCost", at, p.retryCost, 0);
    p.timeoutRetryCost = r.integer(o, "timeoutRetryCost", at, p.timeoutRetryCost, 0);
    p.successRefund = r.integer(o, "successRefund", at, p.successRefund, 0);
    if (r.ok() && !p.validate().isEmpty())
        r.fail(QStringLiteral("retry"), p.validate());
    return p;
}

BreakerConfig readBreaker(const QJsonObject &o, FieldReader &r)
{
    const QString at = QStringLiteral("breaker.");
    BreakerConfig c;
    c.enabled = r.boolean(o, "enabled", at, c.enabled);
    c.scope = BreakerConfig::Scope(r.choice(o, "scope", at, kScopes, int(c.scope)));
    c.trip = BreakerConfig::Trip(r.choice(o, "trip", at, kTrips, int(c.trip)));
    c.failureRateThreshold = r.real(o, "failureRateThreshold", at, c.failureRateThreshold, 0.001, 1.0);
    c.window = ms(r, o, "windowMs", at, c.window, 1);
    c.buckets = r.integer(o, "buckets", at, c.buckets, 1, 1000);
    c.minimumCalls = r.integer(o, "minimumCalls", at, c.minimumCalls, 1);
    c.consecutiveFailures = r.integer(o, "consecutiveFailures", at, c.consecutiveFailures, 1);
    c.openDuration = ms(r, o, "openDurationMs", at, c.openDuration, 1);
    c.openBackoff = r.real(o, "openBackoff", at, c.openBackoff, 1.0, 100.0);
    c.maxOpenDuration = ms(r, o, "maxOpenDurationMs", at, c.maxOpenDuration, 1);
    c.halfOpenProbes = r.integer(o, "halfOpenProbes", at, c.halfOpenProbes, 1);
    c.probeTimeout = ms(r, o, "probeTimeoutMs", at, c.probeTimeout, 1);
    c.maxPause = ms(r, o, "maxPauseMs", at, c.maxPause);
    if (r.ok() && !c.validate().isEmpty())
        r.fail(QStringLiteral("breaker"), c.validate());
    return c;
}

CacheConfig readCache(const QJsonObject &o, FieldReader &r)
{
    const QString at = QStringLiteral("cache.");
    CacheConfig c;
    c.enabled = r.boolean(o, "enabled", at, c.enabled);
    c.defaultTtl = ms(r, o, "defaultTtlMs", at, c.defaultTtl);
    c.maxEntries = r.integer(o, "maxEntries", at, c.maxEntries, 0);
    c.maxBytes = r.integer(o, "maxBytes", at, int(c.maxBytes), 0);
    c.cacheErrors = r.boolean(o, "cacheErrors", at, c.cacheErrors);
    return c;
}

RunPlan readPlan(const QJsonObject &o, FieldReader &r)
{
    const QString at = QStringLiteral("plan.");
    RunPlan p;
    p.iterations = r.integer(o, "iterations", at, p.iterations, 1);
    p.arrival = ArrivalPattern(r.choice(o, "arrival", at, kArrivals, int(p.arrival)));
    p.ratePerSecond = r.real(o, "ratePerSecond", at, p.ratePerSecond, 0.001, 1e9);
    p.seed = seed(r, o, at, p.seed);
    return p;
}

SandboxFaults readSandbox(const QJsonObject &o, FieldReader &r)
{
    const QString at = QStringLiteral("sandbox.");
    SandboxFaults f;
    f.latencyMs = r.integer(o, "latencyMs", at, f.latencyMs, 0);
    f.jitterMs = r.integer(o, "jitterMs", at, f.jitterMs, 0);
    f.itemErrorRate = r.real(o, "itemErrorRate", at, f.itemErrorRate, 0, 1);
    f.itemErrorStatus = r.integer(o, "itemErrorStatus", at, f.itemErrorStatus, 400, 599);
    f.batchFailureRate = r.real(o, "batchFailureRate", at, f.batchFailureRate, 0, 1);
    f.batchFailureStatus = r.integer(o, "batchFailureStatus", at, f.batchFailureStatus, 400, 599);
    f.throttleRate = r.real(o, "throttleRate", at, f.throttleRate, 0, 1);
    f.retryAfterSeconds = r.integer(o, "retryAfterSeconds", at, f.retryAfterSeconds, 0);
    f.hangRate = r.real(o, "hangRate", at, f.hangRate, 0, 1);
    f.dropRate = r.real(o, "dropRate", at, f.dropRate, 0, 1);
    f.malformedRate = r.real(o, "malformedRate", at, f.malformedRate, 0, 1);
    f.malformKind = nameOf(kMalforms, r.choice(o, "malformKind", at, kMalforms, 0));
    f.shuffle = r.boolean(o, "shuffle", at, f.shuffle);
    f.maxBatchItems = r.integer(o, "maxBatchItems", at, f.maxBatchItems, 0);
    f.seed = seed(r, o, at, f.seed);
    return f;
}

} // namespace

bool SettingsBlocks::any(const RequestSet &set)
{
    return set.retry || set.breaker || set.cache || set.plan || set.sandbox;
}

QJsonObject SettingsBlocks::toJson(const RetryPolicy &p)
{
    QJsonArray statuses;
    for (int status : p.retryStatuses)
        statuses.append(status);
    return {{QStringLiteral("maxAttempts"), p.maxAttempts},
            {QStringLiteral("baseDelayMs"), qint64(p.baseDelay.count())},
            {QStringLiteral("multiplier"), p.multiplier},
            {QStringLiteral("maxDelayMs"), qint64(p.maxDelay.count())},
            {QStringLiteral("jitter"), nameOf(kJitters, int(p.jitter))},
            {QStringLiteral("honorRetryAfter"), p.honorRetryAfter},
            {QStringLiteral("maxRetryAfterMs"), qint64(p.maxRetryAfter.count())},
            {QStringLiteral("retryNonIdempotent"), p.retryNonIdempotent},
            {QStringLiteral("retryStatuses"), statuses},
            {QStringLiteral("useBudget"), p.useBudget},
            {QStringLiteral("budgetCapacity"), p.budgetCapacity},
            {QStringLiteral("retryCost"), p.retryCost},
            {QStringLiteral("timeoutRetryCost"), p.timeoutRetryCost},
            {QStringLiteral("successRefund"), p.successRefund}};
}

QJsonObject SettingsBlocks::toJson(const BreakerConfig &c)
{
    return {{QStringLiteral("enabled"), c.enabled},
            {QStringLiteral("scope"), nameOf(kScopes, int(c.scope))},
            {QStringLiteral("trip"), nameOf(kTrips, int(c.trip))},
            {QStringLiteral("failureRateThreshold"), c.failureRateThreshold},
            {QStringLiteral("windowMs"), qint64(c.window.count())},
            {QStringLiteral("buckets"), c.buckets},
            {QStringLiteral("minimumCalls"), c.minimumCalls},
            {QStringLiteral("consecutiveFailures"), c.consecutiveFailures},
            {QStringLiteral("openDurationMs"), qint64(c.openDuration.count())},
            {QStringLiteral("openBackoff"), c.openBackoff},
            {QStringLiteral("maxOpenDurationMs"), qint64(c.maxOpenDuration.count())},
            {QStringLiteral("halfOpenProbes"), c.halfOpenProbes},
            {QStringLiteral("probeTimeoutMs"), qint64(c.probeTimeout.count())},
            {QStringLiteral("maxPauseMs"), qint64(c.maxPause.count())}};
}

QJsonObject SettingsBlocks::toJson(const CacheConfig &c)
{
    return {{QStringLiteral("enabled"), c.enabled},
            {QStringLiteral("defaultTtlMs"), qint64(c.defaultTtl.count())},
            {QStringLiteral("maxEntries"), c.maxEntries},
            {QStringLiteral("maxBytes"), c.maxBytes},
            {QStringLiteral("cacheErrors"), c.cacheErrors}};
}

QJsonObject SettingsBlocks::toJson(const RunPlan &p)
{
    return {{QStringLiteral("iterations"), p.iterations},
            {QStringLiteral("arrival"), nameOf(kArrivals, int(p.arrival))},
            {QStringLiteral("ratePerSecond"), p.ratePerSecond},
            {QStringLiteral("seed"), double(p.seed)}};
}

QJsonObject SettingsBlocks::toJson(const SandboxFaults &f)
{
    return {{QStringLiteral("latencyMs"), f.latencyMs},
            {QStringLiteral("jitterMs"), f.jitterMs},
            {QStringLiteral("itemErrorRate"), f.itemErrorRate},
            {QStringLiteral("itemErrorStatus"), f.itemErrorStatus},
            {QStringLiteral("batchFailureRate"), f.batchFailureRate},
            {QStringLiteral("batchFailureStatus"), f.batchFailureStatus},
            {QStringLiteral("throttleRate"), f.throttleRate},
            {QStringLiteral("retryAfterSeconds"), f.retryAfterSeconds},
            {QStringLiteral("hangRate"), f.hangRate},
            {QStringLiteral("dropRate"), f.dropRate},
            {QStringLiteral("malformedRate"), f.malformedRate},
            {QStringLiteral("malformKind"), f.malformKind},
            {QStringLiteral("shuffle"), f.shuffle},
            {QStringLiteral("maxBatchItems"), f.maxBatchItems},
            {QStringLiteral("seed"), double(f.seed)}};
}

void SettingsBlocks::write(const RequestSet &set, QJsonObject *root)
{
    if (set.retry)
        root->insert(QStringLiteral("retry"), toJson(*set.retry));
    if (set.breaker)
        root->insert(QStringLiteral("breaker"), toJson(*set.breaker));
    if (set.cache)
        root->insert(QStringLiteral("cache"), toJson(*set.cache));
    if (set.plan)
        root->insert(QStringLiteral("plan"), toJson(*set.plan));
    if (set.sandbox)
        root->insert(QStringLiteral("sandbox"), toJson(*set.sandbox));
}

void SettingsBlocks::read(const QJsonObject &root, RequestSet *set, FieldReader &r)
{
    if (const std::optional<QJsonObject> o = r.object(root, "retry"))
        set->retry = readRetry(*o, r);
    if (const std::optional<QJsonObject> o = r.object(root, "breaker"))
        set->breaker = readBreaker(*o, r);
    if (const std::optional<QJsonObject> o = r.object(root, "cache"))
        set->cache = readCache(*o, r);
    if (const std::optional<QJsonObject> o = r.object(root, "plan"))
        set->plan = readPlan(*o, r);
    if (const std::optional<QJsonObject> o = r.object(root, "sandbox"))
        set->sandbox = readSandbox(*o, r);
}

} // namespace batchlab
