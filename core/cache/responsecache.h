// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "containers/dedupindex.h"
#include "containers/objectpool.h"
#include "types/apiresult.h"
#include "types/clock.h"
#include "types/requestspec.h"

#include <chrono>
#include <optional>

namespace batchlab {

struct CacheConfig
{
    bool enabled = true;
    std::chrono::milliseconds defaultTtl{30000}; ///< when the answer says nothing
    int maxEntries = 1000;
    qint64 maxBytes = 16 * 1024 * 1024;
    bool cacheErrors = false; ///< keep failed results too (for their TTL)
};

/// Answers kept by the de-duplication key (method, URL, headers, body), fresh for the default
/// TTL or the answer's Cache-Control max-age; `no-store` and `no-cache` answers are not kept
/// (there is no revalidation). Least recently used entries go first when the entry count or
/// the byte budget is exceeded. Only GET and HEAD are cached.
class ResponseCache
{
public:
    ResponseCache(const Clock *clock, const CacheConfig &config = {});

    CacheConfig config() const { return m_config; }
    void setConfig(const CacheConfig &config);

    /// A fresh result for `spec`, if there is one. `hash` is dedupHash(spec), when known.
    std::optional<ApiResult> lookup(const RequestSpec &spec,
                                    std::optional<size_t> hash = std::nullopt);
    /// Keeps `result` unless the config or its Cache-Control says not to. `ttl` overrides.
    void store(const RequestSpec &spec, const ApiResult &result,
               std::optional<std::chrono::milliseconds> ttl = std::nullopt,
               std::optional<size_t> hash = std::nullopt);
    /// Puts a response in as if it had been answered.
    void prime(const RequestSpec &spec, const ApiResponse &response,
               std::optional<std::chrono::milliseconds> ttl = std::nullopt);
    /// After a successful write to `url`: drops every entry for its path, any query, and for
    /// the answer's Location and Content-Location (RFC 9111 §4.4). Returns how many.
    int invalidate(const QUrl &url, const HttpHeaders &answerHeaders = {});
    void clear();

    int size() const { return m_size; }
    qint64 bytes() const { return m_bytes; }
    static bool isCacheable(const QByteArray &method)
    {
        return method == "GET" || method == "HEAD";
    }

private:
    /// An entry: in the hash index (chained by nextSameHash) and in the LRU list (prev/next).
    struct Item
    {
        RequestSpec spec;
        size_t hash = 0;
        ApiResult result;
        qint64 expiresAt = 0;
        qint64 bytes = 0;
        Item *nextSameHash = nullptr;
        Item *newer = nullptr;
        Item *older = nullptr;
    };

    Item *find(const RequestSpec &spec, size_t hash) const;
    void erase(Item *item);
    void evict();
    void unlink(Item *item);
    void pushNewest(Item *item);

    const Clock *m_clock;
    CacheConfig m_config;
    // No allocation per entry once warm: pooled items, an intrusive list, an open-addressing index.
    ObjectPool<Item> m_pool;
    DedupIndex<Item> m_index;
    Item *m_newest = nullptr;
    Item *m_oldest = nullptr;
    int m_size = 0;
    qint64 m_bytes = 0;
};

} // namespace batchlab
