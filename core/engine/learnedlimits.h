// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QHash>
#include <QList>
#include <QString>

#include <climits>

namespace batchlab {

/// What batch endpoints taught about themselves: the largest batch each takes, found by
/// splitting the ones it refused as too large, and whether it takes batches at all. A server
/// rarely says its limit (SAP CAP answers 429 "Batch request contains too many requests" and
/// nothing more), so the limit is searched for: after a refusal at n with the largest size
/// that worked g, batches go out at (g + n) / 2, which converges on the limit in a few
/// batches without failing a call.
class LearnedLimits
{
public:
    /// What one endpoint taught, for people: the limit in force and the size refused.
    struct Known
    {
        QString endpoint;
        int limit = 0; ///< 0: no batches, calls go alone
        int refused = 0; ///< the smallest batch refused as too large; 0 if none
    };

    /// The largest batch to send to `endpoint` now, given the configured limit; 0 when the
    /// endpoint takes no batches at all (calls go as plain requests).
    int limitFor(const QString &endpoint, int configured) const;
    /// A batch of `size` was refused as too large; returns the limit from now on.
    int refused(const QString &endpoint, int size);
    /// A batch of `size` was taken; returns true when that taught something new.
    bool worked(const QString &endpoint, int size);
    /// The endpoint does not exist (404, 405 or 501 on the batch path itself).
    void noBatches(const QString &endpoint);
    bool knows(const QString &endpoint) const { return m_endpoints.contains(endpoint); }
    /// Every endpoint that refused something, sorted by URL.
    QList<Known> all() const;
    /// Forgets everything, e.g. at the start of a run.
    void clear() { m_endpoints.clear(); }

private:
    struct Endpoint
    {
        int largestWorked = 0;
        int smallestRefused = INT_MAX;
        bool noBatches = false;
    };
    QHash<QString, Endpoint> m_endpoints;
};

} // namespace batchlab
