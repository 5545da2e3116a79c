// SPDX-License-Identifier: BSD-3-Clause
#pragma once

// The draws of the chaos soak (tst_chaossoak.cpp): random sandbox faults, random client
// settings and random calls, all from one seeded generator, so that a seed names a run's plan.
// Every deadline drawn here is finite and short: a hung request must end through the attempt
// timeout or the call's deadline, never by the test giving up.

#include "client/apiclient.h"
#include "sandbox/sandboxbehavior.h"
#include "wire/serverprofile.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>

#include <chrono>

namespace chaos {

using std::chrono::milliseconds;

/// The longest deadline any call can get from a plan below: BatchConfig::timeout is drawn up
/// to it, and FetchOptions::timeout below it.
inline constexpr milliseconds kLongestDeadline{3000};

inline int between(QRandomGenerator &random, int lowest, int highest)
{
    return int(random.bounded(lowest, highest + 1));
}

inline bool oneIn(QRandomGenerator &random, int n)
{
    return random.bounded(n) == 0;
}

/// The profiles the sandbox serves; switching between them switches the wire format live.
inline const QStringList &profileIds()
{
    static const QStringList ids{QStringLiteral("odata-4.01"), QStringLiteral("graph"),
                                 QStringLiteral("odata-4.0"), QStringLiteral("google"),
                                 QStringLiteral("gmail"), QStringLiteral("jsonrpc")};
    return ids;
}

/// Every fault of the sandbox at once, each at a rate from none to harsh.
inline batchlab::SandboxBehavior randomFaults(QRandomGenerator &random)
{
    batchlab::SandboxBehavior faults;
    faults.latencyMs = between(random, 0, 4);
    faults.jitterMs = between(random, 0, 8);
    faults.itemErrorRate = random.bounded(0.15);
    static constexpr int kItemStatuses[] = {500, 503, 404, 408, 400};
    faults.itemErrorStatus = kItemStatuses[random.bounded(int(std::size(kItemStatuses)))];
    faults.batchFailureRate = random.bounded(0.08);
    static constexpr int kBatchStatuses[] = {500, 503, 429};
    faults.batchFailureStatus = kBatchStatuses[random.bounded(int(std::size(kBatchStatuses)))];
    faults.throttleRate = random.bounded(0.08);
    faults.retryAfterSeconds = between(random, 0, 1);
    faults.hangRate = random.bounded(0.02);
    faults.dropRate = random.bounded(0.03);
    faults.malformedRate = random.bounded(0.08);
    faults.malformKind = batchlab::MalformKind(random.bounded(5));
    faults.shuffle = !oneIn(random, 3);
    // Mostly no limit worth speaking of; sometimes a small one, which the client learns.
    faults.maxBatchItems = oneIn(random, 6) ? between(random, 4, 40) : 1000;
    faults.seed = random.generate64();
    return faults;
}

/// An outage: every batch fails as a whole, which trips the breakers and exhausts retries.
inline batchlab::SandboxBehavior outage(QRandomGenerator &random, batchlab::SandboxBehavior faults)
{
    faults.batchFailureRate = 1.0;
    faults.batchFailureStatus = oneIn(random, 2) ? 503 : 500;
    return faults;
}

/// `current` with some of its settings redrawn; a third of the time the wire format too.
inline batchlab::ClientConfig randomConfig(QRandomGenerator &random,
                                           const batchlab::ClientConfig &current)
{
    using namespace batchlab;
    ClientConfig config = current;
    if (oneIn(random, 3))
        config.batch.applyProfile(
            *ServerProfile::find(profileIds().at(random.bounded(int(profileIds().size())))), true);
    if (oneIn(random, 2)) {
        config.batch.maxBatchSize = between(random, 1, 60);
        config.batch.maxDelay = milliseconds(between(random, 0, 30));
        config.batch.flushMode = oneIn(random, 2) ? FlushMode::Window : FlushMode::Debounce;
        config.batch.sendSingleAsPlain = oneIn(random, 3);
        config.batch.dedup = DedupScope(random.bounded(3));
        // Grouping by path prefix asks the sandbox for /users/$batch and the like, which do
        // not exist: the client then sends that prefix's calls plain for good. Rarely, then.
        config.batch.batchKey = oneIn(random, 10) ? BatchKeyStrategy::ByPathPrefix
            : oneIn(random, 2)                    ? BatchKeyStrategy::ByOriginAndMethod
                                                  : BatchKeyStrategy::ByOrigin;
        // Now and then a queue so small that calls overflow.
        config.batch.maxQueueSize = oneIn(random, 8) ? between(random, 10, 100) : 10000;
    }
    if (oneIn(random, 2)) {
        config.batch.timeout = milliseconds(between(random, 300, int(kLongestDeadline.count())));
        config.batch.attemptTimeout = milliseconds(between(random, 100, 1500));
    }
    if (oneIn(random, 2)) {
        config.retry.maxAttempts = between(random, 1, 4);
        config.retry.baseDelay = milliseconds(between(random, 1, 30));
        config.retry.maxDelay = milliseconds(between(random, 30, 200));
        config.retry.jitter = Jitter(random.bounded(4));
        config.retry.maxRetryAfter = milliseconds(between(random, 100, 1200));
        config.retry.useBudget = !oneIn(random, 3);
        config.retry.retryNonIdempotent = oneIn(random, 4);
    }
    if (oneIn(random, 2)) {
        config.breaker.enabled = !oneIn(random, 5);
        config.breaker.trip = oneIn(random, 2) ? BreakerConfig::Trip::FailureRate
                                               : BreakerConfig::Trip::ConsecutiveFailures;
        config.breaker.scope = oneIn(random, 2) ? BreakerConfig::Scope::PerOrigin
                                                : BreakerConfig::Scope::PerBatchKey;
        config.breaker.failureRateThreshold = 0.3 + random.bounded(0.6);
        config.breaker.window = milliseconds(between(random, 100, 1000));
        config.breaker.minimumCalls = between(random, 3, 20);
        config.breaker.consecutiveFailures = between(random, 3, 10);
        config.breaker.openDuration = milliseconds(between(random, 20, 300));
        config.breaker.maxOpenDuration = milliseconds(between(random, 300, 1000));
        config.breaker.probeTimeout = milliseconds(between(random, 200, 1000));
        config.breaker.maxPause = milliseconds(between(random, 100, 1200));
    }
    if (oneIn(random, 2)) {
        config.cache.enabled = !oneIn(random, 4);
        config.cache.defaultTtl = milliseconds(between(random, 10, 1000));
        config.cache.maxEntries = between(random, 5, 500);
        config.cache.cacheErrors = oneIn(random, 4);
    }
    return config;
}

/// One call of the soak and how it is made.
struct PlannedCall
{
    enum class Cancel { Never, AtOnce, Later };

    batchlab::RequestSpec spec;
    batchlab::FetchOptions options;
    bool future = false; ///< through the QFuture API instead of the callback
    Cancel cancel = Cancel::Never;
};

/// A REST call on the sandbox's resources: mostly reads of a few ids, so that identical
/// calls meet in flight and in the cache, and writes to the same ids, so that reads wait
/// for writes.
inline batchlab::RequestSpec restCall(QRandomGenerator &random, const batchlab::ApiClient &client)
{
    const int id = between(random, 1, 40);
    const int draw = int(random.bounded(100));
    auto spec = [&](const char *method, const QString &path, QByteArray body = {}) {
        return batchlab::RequestSpec{method, client.resolve(path), {}, std::move(body), {}};
    };
    if (draw < 50)
        return spec("GET", QStringLiteral("/users/%1").arg(id));
    if (draw < 62)
        return spec("GET", QStringLiteral("/items/%1").arg(id));
    if (draw < 66)
        return spec("GET", QStringLiteral("/users?page=%1&pageSize=5").arg(between(random, 1, 4)));
    if (draw < 69)
        return spec("GET", QStringLiteral("/status/%1").arg(oneIn(random, 2) ? 404 : 503));
    if (draw < 77)
        return spec("POST", QStringLiteral("/items"), R"({"name":"soak"})");
    if (draw < 81)
        return spec("POST", QStringLiteral("/echo"), QByteArray::number(id));
    if (draw < 88)
        return spec("PUT", QStringLiteral("/items/%1").arg(id), R"({"name":"put","stock":1})");
    if (draw < 96)
        return spec("PATCH", QStringLiteral("/items/%1").arg(id), R"({"stock":2})");
    return spec("DELETE", QStringLiteral("/items/%1").arg(id));
}

/// A JSON-RPC call on the sandbox's methods (testformats.h explains the mapping): reads as
/// GETs, echo as a POST, notifications, and methods the server does not know.
inline batchlab::RequestSpec rpcCall(QRandomGenerator &random, const batchlab::ApiClient &client)
{
    const int id = between(random, 1, 40);
    const int draw = int(random.bounded(100));
    auto spec = [&](const char *method, const char *rpc, const QJsonObject &params) {
        return batchlab::RequestSpec{method,
                                     client.resolve(QStringLiteral("/rpc/") + QLatin1String(rpc)),
                                     {},
                                     QJsonDocument(params).toJson(QJsonDocument::Compact),
                                     {}};
    };
    if (draw < 60)
        return spec("GET", "users.get", {{QStringLiteral("id"), id}});
    if (draw < 75)
        return spec("GET", "items.get", {{QStringLiteral("id"), id}});
    if (draw < 82)
        return spec("GET", "status", {{QStringLiteral("code"), oneIn(random, 2) ? 404 : 503}});
    if (draw < 90)
        return spec("POST", "echo", {{QStringLiteral("n"), id}});
    if (draw < 95) {
        batchlab::RequestSpec note = spec("POST", "echo", {{QStringLiteral("note"), id}});
        note.headers.emplaceBack("X-Batchlab-Notification", "true");
        return note;
    }
    return spec("GET", "nothing.here", {});
}

/// A call in the client's current wire format, with per-call options now and then.
inline PlannedCall randomCall(QRandomGenerator &random, const batchlab::ApiClient &client)
{
    PlannedCall call;
    call.spec = client.config().batch.format == batchlab::BatchFormat::JsonRpc
        ? rpcCall(random, client)
        : restCall(random, client);
    batchlab::FetchOptions &options = call.options;
    if (oneIn(random, 10))
        options.timeout = milliseconds(between(random, 20, 1500));
    if (oneIn(random, 20))
        options.batch = false;
    if (oneIn(random, 20))
        options.cache = false;
    else if (oneIn(random, 30))
        options.cacheTtl = milliseconds(between(random, 10, 500));
    if (oneIn(random, 30))
        options.deduplicate = oneIn(random, 2);
    if (oneIn(random, 30))
        options.circuitBreaker = false;
    if (oneIn(random, 30)) {
        auto policy = std::make_shared<batchlab::RetryPolicy>(client.config().retry);
        policy->maxAttempts = between(random, 1, 5);
        policy->retryNonIdempotent = oneIn(random, 2);
        options.retry = std::move(policy);
    }
    if (oneIn(random, 20))
        options.headers.emplaceBack("X-Soak", QByteArray::number(random.bounded(3)));
    call.future = oneIn(random, 20);
    if (!call.future && oneIn(random, 30))
        call.cancel = oneIn(random, 2) ? PlannedCall::Cancel::AtOnce : PlannedCall::Cancel::Later;
    return call;
}

/// "GET /users/3 timeout=200ms plain future", for a failure message.
inline QByteArray describe(const PlannedCall &call)
{
    QByteArray text = call.spec.method + ' ' + call.spec.url.path(QUrl::FullyEncoded).toUtf8();
    if (call.options.timeout)
        text += " timeout=" + QByteArray::number(qint64(call.options.timeout->count())) + "ms";
    if (!call.options.batch)
        text += " plain";
    if (call.options.cache == false)
        text += " no-cache";
    if (call.future)
        text += " future";
    if (call.cancel != PlannedCall::Cancel::Never)
        text += " cancelled";
    return text;
}

} // namespace chaos
