// SPDX-License-Identifier: BSD-3-Clause
#include "runs/io/harfilter.h"

#include <algorithm>

namespace batchlab {

bool HarFilter::accepts(const HarEntry &entry) const
{
    return !(dropStatic && entry.isStatic()) && !hiddenHosts.contains(entry.host)
        && !hiddenMethods.contains(entry.method) && !hiddenTypes.contains(entry.type)
        && !hiddenStatusClasses.contains(entry.statusClass());
}

QList<int> HarFilter::select(const QList<HarEntry> &entries) const
{
    QList<int> kept;
    for (int i = 0; i < int(entries.size()); ++i) {
        if (accepts(entries.at(i)))
            kept.append(i);
    }
    return kept;
}

RequestSet HarFilter::apply(const RequestSet &set, const QList<HarEntry> &entries) const
{
    Q_ASSERT(entries.size() == set.requests.size());
    RequestSet out = set;
    out.requests.clear();
    for (const int i : select(entries)) {
        if (i < set.requests.size())
            out.requests.append(set.requests.at(i));
    }
    std::optional<qint64> first;
    for (const RequestItem &item : std::as_const(out.requests)) {
        if (item.atMs && (!first || *item.atMs < *first))
            first = item.atMs;
    }
    for (RequestItem &item : out.requests) {
        if (item.atMs)
            *item.atMs -= *first;
    }
    return out;
}

} // namespace batchlab
