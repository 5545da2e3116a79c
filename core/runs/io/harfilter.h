// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "runs/io/harentry.h"
#include "runs/requestset.h"

#include <QList>
#include <QSet>

namespace batchlab {

/// Which of a HAR's imported requests come in: everything except the hosts, methods, types and
/// status classes left out, and (with `dropStatic`) except static assets. A default filter
/// keeps every request; the dialog starts with `dropStatic` on.
struct HarFilter
{
    QSet<QString> hiddenHosts; ///< HarEntry::host values left out
    QSet<QString> hiddenMethods; ///< HarEntry::method values left out
    QList<HarEntry::Type> hiddenTypes;
    QList<int> hiddenStatusClasses; ///< HarEntry::statusClass() values left out
    bool dropStatic = false; ///< leave out what HarEntry::isStatic()

    bool accepts(const HarEntry &entry) const;
    /// The indices of the entries it keeps, in order.
    QList<int> select(const QList<HarEntry> &entries) const;
    /// `set` with only the requests it keeps (`entries` are the requests' entries, in order);
    /// the arrival offsets start again from the first request kept, so that a replay does not
    /// wait for requests that are not there.
    RequestSet apply(const RequestSet &set, const QList<HarEntry> &entries) const;

    friend bool operator==(const HarFilter &, const HarFilter &) = default;
};

} // namespace batchlab
