// SPDX-License-Identifier: BSD-3-Clause
#include "engine/learnedlimits.h"

#include <QtGlobal>

#include <algorithm>

namespace batchlab {

int LearnedLimits::limitFor(const QString &endpoint, int configured) const
{
    const auto it = m_endpoints.constFind(endpoint);
    if (it == m_endpoints.constEnd())
        return configured;
    if (it->noBatches)
        return 0;
    if (it->smallestRefused == INT_MAX)
        return configured;
    const int probe = it->largestWorked > 0 ? int((qint64(it->largestWorked) + it->smallestRefused) / 2)
                                            : it->smallestRefused / 2;
    return qBound(1, probe, configured);
}

int LearnedLimits::refused(const QString &endpoint, int size)
{
    Endpoint &e = m_endpoints[endpoint];
    e.smallestRefused = qMin(e.smallestRefused, size);
    // A server whose limit went down: what worked before does not any more.
    if (e.largestWorked >= e.smallestRefused)
        e.largestWorked = e.smallestRefused - 1;
    return limitFor(endpoint, INT_MAX);
}

bool LearnedLimits::worked(const QString &endpoint, int size)
{
    const auto it = m_endpoints.find(endpoint);
    if (it == m_endpoints.end() || size <= it->largestWorked || size >= it->smallestRefused)
        return false;
    it->largestWorked = size;
    return true;
}

QList<LearnedLimits::Known> LearnedLimits::all() const
{
    QList<Known> out;
    for (auto it = m_endpoints.cbegin(); it != m_endpoints.cend(); ++it) {
        out.append({it.key(), limitFor(it.key(), INT_MAX),
                    it->smallestRefused == INT_MAX ? 0 : it->smallestRefused});
    }
    std::sort(out.begin(), out.end(), [](const Known &a, const Known &b) { return a.endpoint < b.endpoint; });
    return out;
}

void LearnedLimits::noBatches(const QString &endpoint)
{
    m_endpoints[endpoint].noBatches = true;
}

} // namespace batchlab
