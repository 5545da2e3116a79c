#include "responsecache.h"

namespace batchlab {

namespace {

/// The freshness an answer allows: nothing for no-store / no-cache / max-age=0, its max-age
/// when given, otherwise `fallback`.
std::optional<std::chrono::milliseconds> freshness(const HttpHeaders &headers,
                                                   std::chrono::milliseconds fallback)
{
    const QByteArray control = headerValue(headers, "cache-control").toLower();
    if (control.isEmpty())
        return fallback;
    std::optional<std::chrono::milliseconds> ttl = fallback;
    for (const QByteArray &part : control.split(',')) {
        const QByteArray directive = part.trimmed();
        if (directive == "no-store" || directive == "no-cache" || directive == "private")
            return std::nullopt;
        if (directive.startsWith("max-age=")) {
            bool ok = false;
            const qlonglong seconds = directive.mid(8).toLongLong(&ok);
            if (ok)
                ttl = std::chrono::milliseconds(qMax<qlonglong>(0, seconds) * 1000);
        }
    }
    if (ttl && ttl->count() == 0)
        return std::nullopt;
    return ttl;
}

qint64 sizeOf(const RequestSpec &spec, const ApiResult &result)
{
    qint64 bytes = spec.url.toString().size() * 2 + spec.body.size() + result.response.body.size()
        + result.error.body.size() + 128;
    for (const auto &[name, value] : result.response.headers)
        bytes += name.size() + value.size();
    return bytes;
}

} // namespace

ResponseCache::ResponseCache(const Clock *clock, const CacheConfig &config)
    : m_clock(clock), m_config(config)
{
}

void ResponseCache::setConfig(const CacheConfig &config)
{
    m_config = config;
    if (!config.enabled)
        clear();
    evict();
}

ResponseCache::Iterator ResponseCache::find(const RequestSpec &spec, size_t hash)
{
    for (auto it = m_index.constFind(hash); it != m_index.cend() && it.key() == hash; ++it) {
        if (sameCall((*it)->spec, spec))
            return *it;
    }
    return m_items.end();
}

std::optional<ApiResult> ResponseCache::lookup(const RequestSpec &spec)
{
    if (!m_config.enabled || !isCacheable(spec.method) || m_items.empty())
        return std::nullopt;
    const Iterator it = find(spec, dedupHash(spec));
    if (it == m_items.end())
        return std::nullopt;
    if (it->expiresAt <= m_clock->nowMs()) {
        erase(it);
        return std::nullopt;
    }
    m_items.splice(m_items.begin(), m_items, it);
    return it->result;
}

void ResponseCache::store(const RequestSpec &spec, const ApiResult &result,
                          std::optional<std::chrono::milliseconds> ttl)
{
    if (!m_config.enabled || !isCacheable(spec.method) || (!result.ok() && !m_config.cacheErrors))
        return;
    const auto fresh = ttl ? (ttl->count() > 0 ? ttl : std::nullopt)
                           : freshness(result.response.headers, m_config.defaultTtl);
    const size_t hash = dedupHash(spec);
    if (const Iterator old = find(spec, hash); old != m_items.end())
        erase(old);
    if (!fresh)
        return;
    Item item{spec, hash, result, m_clock->nowMs() + fresh->count(), sizeOf(spec, result)};
    if (item.bytes > m_config.maxBytes)
        return;
    m_bytes += item.bytes;
    m_items.push_front(std::move(item));
    m_index.insert(hash, m_items.begin());
    evict();
}

void ResponseCache::prime(const RequestSpec &spec, const ApiResponse &response,
                          std::optional<std::chrono::milliseconds> ttl)
{
    ApiResult result;
    result.response = response;
    store(spec, result, ttl);
}

int ResponseCache::invalidate(const QUrl &url)
{
    int dropped = 0;
    for (auto it = m_items.begin(); it != m_items.end();) {
        const auto next = std::next(it);
        if (it->spec.url == url) {
            erase(it);
            ++dropped;
        }
        it = next;
    }
    return dropped;
}

void ResponseCache::clear()
{
    m_items.clear();
    m_index.clear();
    m_bytes = 0;
}

void ResponseCache::erase(Iterator it)
{
    for (auto index = m_index.find(it->hash); index != m_index.end() && index.key() == it->hash; ++index) {
        if (*index == it) {
            m_index.erase(index);
            break;
        }
    }
    m_bytes -= it->bytes;
    m_items.erase(it);
}

void ResponseCache::evict()
{
    while (!m_items.empty()
           && (int(m_items.size()) > m_config.maxEntries || m_bytes > m_config.maxBytes))
        erase(std::prev(m_items.end()));
}

} // namespace batchlab
