// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "telemetry/telemetry.h"

#include <QString>

#include <optional>

namespace batchlab {

struct RunSummary;

/// The numbers of one run, each counted apart so that none is mistaken for another: what the
/// Runs table, the comparison, the status bar and the charts' titles show, and what a command
/// line prints. Derived only from the telemetry's counters over the run.
///
/// Every call ends in exactly one of succeeded, failed or cancelled; rejected (refused by the
/// open breaker, never sent) is the part of failed that the breaker caused — shown apart, but
/// never hiding a failed run behind "failed 0". Cache hits are calls answered without the
/// network (most of them succeeded); they are never "saved by batching". Requests avoided
/// count what batching and de-duplication did on the wire.
struct RunNumbers
{
    qint64 calls = 0;             ///< calls made
    qint64 succeeded = 0;         ///< calls answered with a success
    qint64 failed = 0;            ///< calls that ended in an error (rejected included), not cancelled
    qint64 rejected = 0;          ///< of the failed, those the open circuit breaker refused: never sent
    qint64 cancelled = 0;         ///< calls cancelled (by Stop): neither answered nor failed
    qint64 cacheHits = 0;         ///< calls answered from the response cache: never sent
    qint64 httpRequests = 0;      ///< HTTP requests sent, batches and plain, retries included
    qint64 batches = 0;           ///< of which batches
    qint64 itemsSent = 0;         ///< calls carried by those requests (a retried call once per attempt)
    qint64 avoidedByBatching = 0; ///< itemsSent - httpRequests: calls that rode in a batch with others
    qint64 avoidedByDedup = 0;    ///< calls that shared an identical call's item instead of their own
    qint64 retries = 0;           ///< retries scheduled
    /// The requests' expectations (RequestItem::expect) over the run's answers: each answer
    /// gets every check of its request. A run with a broken check failed, whatever its calls
    /// did; the command line's thresholds read these.
    qint64 checksPassed = 0;
    qint64 checksFailed = 0;
    qint64 callsFailingChecks = 0; ///< answers with at least one broken check

    static RunNumbers of(const TelemetryCounters &counters);
    static RunNumbers of(const RunSummary &summary);

    /// HTTP requests that batching and de-duplication made unnecessary.
    qint64 avoided() const { return avoidedByBatching + avoidedByDedup; }
    /// The requests the calls that reached the network would have needed one by one.
    qint64 requestsWithout() const { return httpRequests + avoided(); }
    /// avoided() / requestsWithout() in percent; nothing when no call reached the network
    /// (a run answered by the cache, refused by the breaker or stopped before sending saved
    /// nothing by batching, and 0 % would say batching failed).
    std::optional<double> savedPercent() const;

    qint64 checks() const { return checksPassed + checksFailed; }
    /// Whether a check broke: the run failed.
    bool checksBroke() const { return checksFailed > 0; }
    /// "38/40 ✗", "40/40 ✓", or "—" when nothing was checked: passed out of made.
    QString checksText() const;

    /// "87.5 %" or "—": savedPercent() for a person.
    QString savedText() const;
    /// What savedPercent() means, in a sentence, for tooltips.
    static QString savedDefinition();
};

} // namespace batchlab
