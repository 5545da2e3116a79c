// SPDX-License-Identifier: BSD-3-Clause
#include "client/apiclient.h"

#include "client/configchanges.h"
#include "engine/requestqueue.h"
#include "resilience/breakerregistry.h"
#include "telemetry/logging.h"
#include "telemetry/telemetry.h"
#include "transport/networktransport.h"
#include "types/futurecompletion.h"
#include "types/urljoin.h"
#include "wire/batchcodec.h"

#include <QNetworkAccessManager>

namespace batchlab {

ApiClient::ApiClient(const QUrl &baseUrl, const ClientConfig &config,
                     QNetworkAccessManager *manager, const Clock *clock, Transport *transport,
                     QObject *parent)
    : QObject(parent)
    , m_baseUrl(baseUrl)
    , m_config(config)
    , m_ownClock(clock ? nullptr : std::make_unique<SteadyClock>())
    , m_clock(clock ? clock : m_ownClock.get())
    , m_manager(manager ? manager : new QNetworkAccessManager(this))
    , m_telemetry(new Telemetry(this))
{
    if (!transport) {
        m_network = new NetworkTransport(
            m_manager, makeBatchCodec(config.batch.format, config.batch.wireOptions()), this);
        transport = m_network;
    }
    m_transport = transport;
    m_breakers = new BreakerRegistry(m_telemetry, m_clock, config.breaker, this);
    m_cache = std::make_unique<ResponseCache>(m_clock, config.cache);
    m_queue = new RequestQueue(m_transport, m_telemetry, config.batch, this);
    m_queue->setRetryPolicy(config.retry);
    m_queue->setGate(m_breakers);
    m_queue->setSettleHook([this](const RequestSpec &spec, size_t hash, const ApiResult &result,
                                  bool cache, std::optional<std::chrono::milliseconds> ttl) {
        onSettled(spec, hash, result, cache, ttl);
    });
}

ApiClient::~ApiClient()
{
    // First the queue: it settles what is pending, and those callbacks may still use the cache.
    delete m_queue;
}

QUrl ApiClient::resolve(const QString &path) const
{
    return joinUrl(m_baseUrl, path);
}

QFuture<ApiResponse> ApiClient::get(const QString &path, const FetchOptions &options)
{
    return send(RequestSpec::get(resolve(path)), options);
}

QFuture<ApiResponse> ApiClient::post(const QString &path, const QByteArray &body,
                                     const FetchOptions &options)
{
    return send(RequestSpec{"POST", resolve(path), {}, body, {}}, options);
}

QFuture<ApiResponse> ApiClient::put(const QString &path, const QByteArray &body,
                                    const FetchOptions &options)
{
    return send(RequestSpec{"PUT", resolve(path), {}, body, {}}, options);
}

QFuture<ApiResponse> ApiClient::patch(const QString &path, const QByteArray &body,
                                      const FetchOptions &options)
{
    return send(RequestSpec{"PATCH", resolve(path), {}, body, {}}, options);
}

QFuture<ApiResponse> ApiClient::del(const QString &path, const FetchOptions &options)
{
    return send(RequestSpec{"DELETE", resolve(path), {}, {}, {}}, options);
}

QFuture<ApiResponse> ApiClient::send(RequestSpec spec, const FetchOptions &options)
{
    return futureFor([&](Completion done) { send(std::move(spec), options, std::move(done)); });
}

quint64 ApiClient::send(RequestSpec spec, const FetchOptions &options, Completion done)
{
    for (const auto &header : options.headers)
        spec.headers.append(header);
    // "http://h:80/a" and "http://h/a" are one call to de-duplicate and cache.
    if (const int port = spec.url.port(); port == 80 || port == 443)
        spec.url = normalizedUrl(spec.url);

    // 1. The cache answers what it holds fresh.
    const bool useCache = options.cache.value_or(true) && m_cache->config().enabled;
    // A member of an atomic group, or a call that waits for others, reads nothing stored
    // before them.
    const bool ordered = options.atomicGroup != 0 || !options.dependsOn.empty();
    const bool cacheable = useCache && !ordered && ResponseCache::isCacheable(spec.method);
    const size_t hash = dedupHash(spec); // once, for the cache and the queue both
    if (cacheable) {
        if (std::optional<ApiResult> hit = m_cache->lookup(spec, hash))
            return m_queue->answerFromCache(spec, std::move(*hit), std::move(done));
    }

    // 2-5. De-duplication, breaker, queue and batch, retry: the queue's work. What it answers
    // reaches the cache through the settle hook, once per item however many callers shared it.
    CallOptions call;
    call.timeout = options.timeout;
    call.retry = options.retry;
    call.batch = options.batch;
    call.gated = options.circuitBreaker;
    call.cache = useCache;
    call.cacheTtl = options.cacheTtl;
    call.hash = hash;
    call.deduplicate = options.deduplicate;
    call.atomicGroup = options.atomicGroup;
    call.dependsOn = options.dependsOn;
    const quint64 id = m_queue->enqueue(std::move(spec), std::move(done), call);
    if (cacheable)
        m_queue->recordCacheMiss(id);
    return id;
}

quint64 ApiClient::openAtomicGroup()
{
    return m_queue->openAtomicGroup();
}

void ApiClient::closeAtomicGroup(quint64 group)
{
    m_queue->closeAtomicGroup(group);
}

void ApiClient::onSettled(const RequestSpec &spec, size_t hash, const ApiResult &result, bool cache,
                          std::optional<std::chrono::milliseconds> ttl)
{
    if (ResponseCache::isCacheable(spec.method)) {
        if (cache)
            m_cache->store(spec, result, ttl, hash);
    } else if (result.ok() && m_cache->size() > 0) {
        // A change through POST, PUT, PATCH or DELETE makes what was cached for it stale.
        m_cache->invalidate(spec.url, result.response.headers);
    }
}

void ApiClient::setTargetHeaders(const HttpHeaders &headers)
{
    if (m_network)
        m_network->setEnvelopeHeaders(headers);
}

void ApiClient::setWireLog(WireLog *log)
{
    if (m_network)
        m_network->setWireLog(log);
}

HttpHeaders ApiClient::targetHeaders() const
{
    return m_network ? m_network->envelopeHeaders() : HttpHeaders();
}

bool ApiClient::setConfig(const ClientConfig &config)
{
    if (!config.batch.validate().isEmpty() || !config.retry.validate().isEmpty()
        || !config.breaker.validate().isEmpty()) {
        qCWarning(lcQueue) << "invalid client config:" << config.batch.validate()
                           << config.retry.validate() << config.breaker.validate();
        return false;
    }
    const QStringList changes = configChanges(m_config, config);
    if (changes.isEmpty())
        return true;
    const bool newCodec = m_network
        && (config.batch.format != m_config.batch.format
            || config.batch.wireOptions() != m_config.batch.wireOptions());
    m_config = config;
    // The queue first: calls it sends now (a new batch path regroups, and the old groups
    // leave at once for their old endpoint) are written by the codec of that endpoint.
    m_queue->setConfig(config.batch, changes.join(QStringLiteral("; ")));
    if (newCodec)
        m_network->setCodec(makeBatchCodec(config.batch.format, config.batch.wireOptions()));
    if (!(config.retry == m_queue->retryPolicy())) // each new policy keeps the old one alive
        m_queue->setRetryPolicy(config.retry);
    m_breakers->setConfig(config.breaker);
    m_cache->setConfig(config.cache);
    Q_EMIT configChanged();
    return true;
}

int ApiClient::resetBreakers()
{
    return m_breakers->resetAll();
}

void ApiClient::forgetServerState()
{
    const int closed = resetBreakers();
    m_queue->forgetServerState();
    qCInfo(lcQueue) << "server state forgotten;" << closed << "breakers closed";
}

} // namespace batchlab
