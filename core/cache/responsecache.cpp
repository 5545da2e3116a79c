// SPDX-License-Identifier: BSD-3-Clause
#include "cache/responsecache.h"

#include <QDateTime>

#include <algorithm>
#include <limits>

namespace batchlab {

namespace {

constexpr qlonglong kMaxDeltaSeconds = 2147483648LL; // 2^31, RFC 9111 §1.2.2

/// The freshness an answer allows (RFC 9111 §4.2): nothing for no-store / no-cache /
/// private / max-age=0; max-age less the Age already spent elsewhere; else Expires less the
/// answer's Date; otherwise `fallback`. Every Cache-Control field counts, not only the first
/// (multipart answers keep fields apart).
std::optional<std::chrono::milliseconds> freshness(const HttpHeaders &headers,
                                                   std::chrono::milliseconds fallback)
{
    QByteArray control;
    for (const auto &[name, value] : headers) {
        if (name.compare("cache-control", Qt::CaseInsensitive) == 0)
            control += (control.isEmpty() ? QByteArray() : QByteArrayLiteral(",")) + value.toLower();
    }
    const QByteArray age = headerValue(headers, "age").trimmed();
    bool ageOk = false;
    const qlonglong ageSeconds = qBound<qlonglong>(0, age.toLongLong(&ageOk), kMaxDeltaSeconds);
    std::optional<std::chrono::milliseconds> ttl = fallback;
    bool explicitTtl = false;
    for (const QByteArray &part : control.split(',')) {
        const QByteArray directive = part.trimmed();
        if (directive == "no-store" || directive == "no-cache" || directive == "private")
            return std::nullopt;
        if (directive.startsWith("max-age=")) {
            bool ok = false;
            const qlonglong seconds = directive.mid(8).toLongLong(&ok);
            if (ok) {
                // Capped at 2^31 seconds (RFC 9111 §1.2.2), so that nothing overflows.
                const qlonglong left = qBound<qlonglong>(0, seconds, kMaxDeltaSeconds) - (ageOk ? ageSeconds : 0);
                ttl = std::chrono::milliseconds(qMax<qlonglong>(0, left) * 1000);
                explicitTtl = true;
            }
        }
    }
    const QByteArray expires = headerValue(headers, "expires");
    if (!explicitTtl && !expires.isNull()) {
        // An Expires that does not parse means "already expired" (RFC 9111 §5.3).
        const std::optional<QDateTime> until = parseHttpDate(expires);
        const std::optional<QDateTime> date = parseHttpDate(headerValue(headers, "date"));
        const QDateTime now = date.value_or(QDateTime::currentDateTimeUtc());
        const qint64 ms = until ? now.msecsTo(*until) - (ageOk ? ageSeconds * 1000 : 0) : 0;
        ttl = std::chrono::milliseconds(qMax<qint64>(0, ms));
    }
    if (ttl && ttl->count() == 0)
        return std::nullopt;
    return ttl;
}

/// What an entry costs, roughly: bodies and headers as they are, plus a fixed share for the
/// URL and the bookkeeping (serialising the URL to measure it would cost more than caching).
qint64 sizeOf(const RequestSpec &spec, const ApiResult &result)
{
    qint64 bytes = 256 + spec.body.size() + result.response.body.size() + result.error.body.size();
    for (const auto &[name, value] : result.response.headers)
        bytes += name.size() + value.size();
    return bytes;
}

} // namespace

ResponseCache::ResponseCache(const Clock *clock, const CacheConfig &config)
    : m_clock(clock)
    , m_config(config)
{ }

void ResponseCache::setConfig(const CacheConfig &config)
{
    m_config = config;
    if (!config.enabled)
        clear();
    evict();
}

ResponseCache::Item *ResponseCache::find(const RequestSpec &spec, size_t hash) const
{
    for (Item *item = m_index.find(hash); item; item = item->nextSameHash) {
        if (sameCall(item->spec, spec))
            return item;
    }
    return nullptr;
}

std::optional<ApiResult> ResponseCache::lookup(const RequestSpec &spec, std::optional<size_t> hash)
{
    if (!m_config.enabled || !isCacheable(spec.method) || m_size == 0)
        return std::nullopt;
    Item *item = find(spec, hash.value_or(dedupHash(spec)));
    if (!item)
        return std::nullopt;
    if (item->expiresAt <= m_clock->nowMs()) {
        erase(item);
        return std::nullopt;
    }
    unlink(item);
    pushNewest(item);
    return item->result;
}

void ResponseCache::store(const RequestSpec &spec, const ApiResult &result,
                          std::optional<std::chrono::milliseconds> ttl,
                          std::optional<size_t> knownHash)
{
    if (!m_config.enabled || !isCacheable(spec.method) || (!result.ok() && !m_config.cacheErrors))
        return;
    const auto fresh = ttl ? (ttl->count() > 0 ? ttl : std::nullopt)
                           : freshness(result.response.headers, m_config.defaultTtl);
    const size_t hash = knownHash.value_or(dedupHash(spec));
    if (Item *old = find(spec, hash))
        erase(old);
    if (!fresh)
        return;
    const qint64 bytes = sizeOf(spec, result);
    if (bytes > m_config.maxBytes)
        return;
    Item *item = m_pool.take();
    item->spec = spec;
    item->hash = hash;
    item->result = result;
    // Saturating: "now" plus 68 years of max-age still fits, but a TTL passed in need not.
    const qint64 now = m_clock->nowMs();
    item->expiresAt = fresh->count() > std::numeric_limits<qint64>::max() - now
        ? std::numeric_limits<qint64>::max()
        : now + fresh->count();
    item->bytes = bytes;
    m_index.insert(hash, item);
    pushNewest(item);
    ++m_size;
    m_bytes += bytes;
    evict();
}

void ResponseCache::prime(const RequestSpec &spec, const ApiResponse &response,
                          std::optional<std::chrono::milliseconds> ttl)
{
    ApiResult result;
    result.response = response;
    store(spec, result, ttl);
}

int ResponseCache::invalidate(const QUrl &url, const HttpHeaders &answerHeaders)
{
    // RFC 9111 §4.4: the target, and the Location and Content-Location of the answer; every
    // query of each path, since "/items?page=1" lists what a POST to /items changed.
    constexpr auto kPathOnly = QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::RemoveUserInfo;
    QList<QUrl> stale{url};
    for (const char *name : {"location", "content-location"}) {
        const QByteArray value = headerValue(answerHeaders, name);
        if (!value.isEmpty())
            stale.append(url.resolved(QUrl::fromEncoded(value.trimmed())));
    }
    int dropped = 0;
    for (Item *item = m_newest; item;) {
        Item *older = item->older;
        const bool hit = std::any_of(stale.cbegin(), stale.cend(), [&](const QUrl &u) {
            return item->spec.url.matches(u, kPathOnly);
        });
        if (hit) {
            erase(item);
            ++dropped;
        }
        item = older;
    }
    return dropped;
}

void ResponseCache::clear()
{
    while (m_oldest)
        erase(m_oldest);
}

void ResponseCache::unlink(Item *item)
{
    (item->newer ? item->newer->older : m_newest) = item->older;
    (item->older ? item->older->newer : m_oldest) = item->newer;
    item->newer = item->older = nullptr;
}

void ResponseCache::pushNewest(Item *item)
{
    item->older = m_newest;
    item->newer = nullptr;
    (m_newest ? m_newest->newer : m_oldest) = item;
    m_newest = item;
}

void ResponseCache::erase(Item *item)
{
    m_index.remove(item->hash, item);
    unlink(item);
    --m_size;
    m_bytes -= item->bytes;
    // Let the answer's memory go now, not when the slot is reused.
    item->result = ApiResult();
    item->spec = RequestSpec();
    m_pool.release(item);
}

void ResponseCache::evict()
{
    while (m_oldest && (m_size > m_config.maxEntries || m_bytes > m_config.maxBytes))
        erase(m_oldest);
}

} // namespace batchlab
