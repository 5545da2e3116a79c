// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// The request sets and client settings the suites that record sandbox runs share
// (tst_runrecorder, tst_runreports, tst_runmetrics): GETs of distinct users, and settings that
// keep a run short (batches leave after 5 ms, retries wait at most 5 ms).

#include "client/apiclient.h"
#include "runs/requestset.h"

#include <chrono>

namespace recordedruns {

inline batchlab::RequestItem get(const QString &name, const QString &url)
{
    batchlab::RequestItem item;
    item.name = name;
    item.url = url;
    return item;
}

/// "user 1" … "user `count`" (/users/1 …), then `duplicates` more calls of /users/1 that share
/// its item.
inline batchlab::RequestSet usersSet(int count, int duplicates = 0)
{
    batchlab::RequestSet set;
    set.name = QStringLiteral("users");
    for (int i = 1; i <= count + duplicates; ++i)
        set.requests.push_back(get(QStringLiteral("user %1").arg(i), QStringLiteral("/users/%1").arg(i <= count ? i : 1)));
    return set;
}

/// Batches of `maxBatchSize` after 5 ms, fast retries, the cache and the breaker as asked.
inline batchlab::ClientConfig quickConfig(int maxBatchSize, bool cache = false, bool breaker = false)
{
    using namespace std::chrono_literals;
    batchlab::ClientConfig c;
    c.cache.enabled = cache;
    c.batch.maxBatchSize = maxBatchSize;
    c.batch.maxDelay = 5ms;
    c.retry.baseDelay = 1ms;
    c.retry.maxDelay = 5ms;
    c.breaker.enabled = breaker;
    return c;
}

} // namespace recordedruns
