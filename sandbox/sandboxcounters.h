// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QHash>
#include <QLatin1String>
#include <QString>
#include <QtGlobal>

namespace batchlab {

/// What the sandbox server has received and how it answered, since the last reset. These
/// make "requests saved" a measured fact: a client's own counters can be checked against
/// what arrived on the wire.
struct SandboxCounters
{
    qint64 httpRequests = 0; ///< every HTTP request received, batch or plain
    qint64 batchRequests = 0; ///< HTTP requests to a batch endpoint
    qint64 batchItems = 0; ///< items inside well-formed batch requests
    qint64 rejected = 0; ///< requests refused with a 4xx before any item ran
    qint64 itemErrors = 0; ///< items (or plain requests) failed by itemErrorRate
    qint64 throttled = 0; ///< items (or plain requests) answered 429
    qint64 failedBatches = 0; ///< batch requests failed as a whole
    qint64 malformed = 0; ///< batch answers deliberately malformed
    qint64 hung = 0; ///< requests accepted and never answered
    qint64 dropped = 0; ///< requests whose connection was reset
    /// Batch items that ran but whose changes were undone, because their change set or
    /// atomicity group failed; they are in batchItems and itemsByRoute like every other item.
    qint64 rolledBack = 0;
    /// Batch items received but not run: after the batch stopped at a failure (multipart
    /// without odata.continue-on-error), after their change set or group failed, or because
    /// an item they depend on failed.
    qint64 skipped = 0;
    /// HTTP requests by route, e.g. "GET /users/{id}" or "POST /$batch".
    QHash<QString, qint64> requestsByRoute;
    /// Batch items by the route they addressed.
    QHash<QString, qint64> itemsByRoute;

    /// Each by-route map holds at most this many keys, kOtherRoute included: routes come from
    /// the clients' paths, and a server that runs for days must not grow with them.
    static constexpr int kMaxRoutes = 256;
    /// Where the routes beyond kMaxRoutes are counted.
    static constexpr QLatin1String kOtherRoute{"(other)"};
};

} // namespace batchlab
