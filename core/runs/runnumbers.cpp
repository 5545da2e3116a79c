// SPDX-License-Identifier: BSD-3-Clause
#include "runs/runnumbers.h"
#include "runs/runner.h"
#include "runs/runstr.h"

#include <QLocale>

#include <algorithm>

namespace batchlab {

RunNumbers RunNumbers::of(const TelemetryCounters &c)
{
    RunNumbers n;
    n.calls = c.calls;
    n.succeeded = c.succeeded;
    n.cancelled = c.failures(ErrorKind::Cancelled);
    n.rejected = c.failures(ErrorKind::CircuitOpen);
    n.failed = c.failed - n.cancelled;
    n.cacheHits = c.cacheHits;
    n.httpRequests = c.httpRequests;
    n.batches = c.batches;
    n.itemsSent = c.items;
    // A batch of n calls is one request instead of n; a plain request carries one call.
    n.avoidedByBatching = std::max<qint64>(0, c.items - c.httpRequests);
    n.avoidedByDedup = c.dedupHits;
    n.retries = c.retries;
    return n;
}

RunNumbers RunNumbers::of(const RunSummary &summary)
{
    RunNumbers n = of(summary.counters);
    n.checksPassed = summary.checks.passed;
    n.checksFailed = summary.checks.failed;
    n.callsFailingChecks = summary.checks.failedCalls;
    return n;
}

QString RunNumbers::checksText() const
{
    if (checks() == 0)
        return QStringLiteral("—");
    const QLocale locale;
    // Marked in words' place by a sign that is plain in any language, coloured by the views.
    return RunsTr::tr("%1/%2 %3")
        .arg(locale.toString(checksPassed), locale.toString(checks()),
             checksBroke() ? QStringLiteral("\u2717") : QStringLiteral("\u2713"));
}

std::optional<double> RunNumbers::savedPercent() const
{
    if (httpRequests <= 0)
        return std::nullopt;
    return 100.0 * double(avoided()) / double(requestsWithout());
}

QString RunNumbers::savedText() const
{
    const std::optional<double> percent = savedPercent();
    if (!percent)
        return QStringLiteral("—");
    return RunsTr::tr("%1\u00a0%").arg(QLocale().toString(*percent, 'f', 1)); // never "%" alone on a line
}

QString RunNumbers::savedDefinition()
{
    return RunsTr::tr("Saved: the HTTP requests that batching and de-duplication avoided, out of "
                      "the requests the calls that reached the network would have needed one by "
                      "one. Cache hits, calls refused by the circuit breaker, failures and "
                      "cancelled calls are not counted as saved; \"—\" when nothing was sent.");
}

} // namespace batchlab
