// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "cache/responsecache.h"
#include "engine/batchconfig.h"
#include "resilience/circuitbreaker.h"
#include "resilience/retrypolicy.h"
#include "types/apiresult.h"

#include <QFuture>
#include <QObject>
#include <QUrl>

#include <memory>

class QNetworkAccessManager;

namespace batchlab {

class BreakerRegistry;
class NetworkTransport;
class RequestQueue;
class Telemetry;
class Transport;
class WireLog;

/// Every setting of a client, applied live with ApiClient::setConfig().
struct ClientConfig
{
    BatchConfig batch;
    RetryPolicy retry;
    BreakerConfig breaker;
    CacheConfig cache;
};

/// Per-call overrides of ClientConfig.
struct FetchOptions
{
    std::shared_ptr<const RetryPolicy> retry; ///< null: the client's
    std::optional<bool> cache; ///< false: neither read nor fill the cache
    std::optional<std::chrono::milliseconds> cacheTtl;
    bool circuitBreaker = true; ///< false: not gated, not counted
    bool batch = true; ///< false: sent at once, alone
    /// true: shares an identical call's answer whatever the method (the caller knows a POST
    /// here only reads); false: never; unset: BatchConfig::dedup decides.
    std::optional<bool> deduplicate;
    std::optional<std::chrono::milliseconds> timeout;
    HttpHeaders headers;
    /// From openAtomicGroup(): the calls of one group go in one batch and take effect all or
    /// none (see CallOptions::atomicGroup). They are never answered from the cache or shared.
    quint64 atomicGroup = 0;
    /// Request ids (as send() returns them) of earlier calls this one needs: it is sent only
    /// after they succeeded, and fails with ErrorKind::Dependency when one failed.
    std::vector<quint64> dependsOn;
};

/// The entry point: a base URL and the whole pipeline behind it, in this order (docs/architecture.md, "The pipeline of one call") —
/// response cache, in-flight de-duplication, circuit breaker, queue and batch, retry — with
/// every step in one Telemetry stream.
class ApiClient : public QObject
{
    Q_OBJECT

public:
    /// Uses `manager` when given (not owned), else its own; `clock` likewise (tests pass a
    /// ManualClock). `transport` replaces the network, e.g. for benchmarks.
    explicit ApiClient(const QUrl &baseUrl, const ClientConfig &config = {},
                       QNetworkAccessManager *manager = nullptr, const Clock *clock = nullptr,
                       Transport *transport = nullptr, QObject *parent = nullptr);
    ~ApiClient() override;

    QFuture<ApiResponse> get(const QString &path, const FetchOptions &options = {});
    QFuture<ApiResponse> post(const QString &path, const QByteArray &body,
                              const FetchOptions &options = {});
    QFuture<ApiResponse> put(const QString &path, const QByteArray &body,
                             const FetchOptions &options = {});
    QFuture<ApiResponse> patch(const QString &path, const QByteArray &body,
                               const FetchOptions &options = {});
    QFuture<ApiResponse> del(const QString &path, const FetchOptions &options = {});

    /// The fast path under all of the above: `done` runs exactly once. Returns the request id.
    quint64 send(RequestSpec spec, const FetchOptions &options, Completion done);
    QFuture<ApiResponse> send(RequestSpec spec, const FetchOptions &options = {});
    /// Opens an atomic group (change set): pass the id in FetchOptions::atomicGroup of each
    /// member, then closeAtomicGroup() sends them together (see RequestQueue::openAtomicGroup).
    quint64 openAtomicGroup();
    void closeAtomicGroup(quint64 group);
    /// The URL of `path` below the base URL, its folder: joinUrl(baseUrl(), path).
    QUrl resolve(const QString &path) const;

    QUrl baseUrl() const { return m_baseUrl; }
    ClientConfig config() const { return m_config; }
    /// Applies everything live; returns false and changes nothing when any part is invalid.
    bool setConfig(const ClientConfig &config);
    /// Headers for every HTTP request to the target, batch envelopes included (credentials:
    /// Graph and Google authenticate the outer request). Kept apart from ClientConfig so that
    /// no config-changed event, log line or saved setting ever carries their values.
    void setTargetHeaders(const HttpHeaders &headers);
    HttpHeaders targetHeaders() const;
    /// Records every HTTP exchange from now on in `log` (not owned; nullptr stops it): the
    /// workbench's Wire view. Off by default, at no cost to the engine. No effect when the
    /// client was given a transport of its own.
    void setWireLog(WireLog *log);

    /// Closes every circuit breaker, each change a BreakerChanged event; returns how many
    /// were not closed.
    int resetBreakers();
    /// What the traffic so far taught the client about its servers, forgotten: breakers
    /// closed, retry budgets full, learned batch limits gone. The cache is a setting of its
    /// own and stays. Runner calls this at the start of a run unless told to keep it.
    void forgetServerState();

    Telemetry *telemetry() const { return m_telemetry; }
    RequestQueue *queue() const { return m_queue; }
    BreakerRegistry *breakers() const { return m_breakers; }
    ResponseCache *cache() const { return m_cache.get(); }

Q_SIGNALS:
    /// After setConfig() applied a new config, whoever called it.
    void configChanged();

private:
    void onSettled(const RequestSpec &spec, size_t hash, const ApiResult &result, bool cache,
                   std::optional<std::chrono::milliseconds> ttl);

    QUrl m_baseUrl;
    ClientConfig m_config;
    std::unique_ptr<Clock> m_ownClock;
    const Clock *m_clock;
    QNetworkAccessManager *m_manager;
    Telemetry *m_telemetry;
    NetworkTransport *m_network = nullptr;
    Transport *m_transport;
    BreakerRegistry *m_breakers;
    std::unique_ptr<ResponseCache> m_cache;
    RequestQueue *m_queue;
};

} // namespace batchlab
