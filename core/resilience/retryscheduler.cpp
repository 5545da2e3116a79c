// SPDX-License-Identifier: BSD-3-Clause
#include "resilience/retryscheduler.h"
#include "resilience/resiliencetr.h"

#include <QCoreApplication>

namespace batchlab {

namespace {

} // namespace

void RetryScheduler::syncCapacity(int capacity)
{
    // The count of buckets below capacity holds for one capacity; a live change (the
    // settings panel's budget) recounts, and a smaller bucket keeps no more than it may hold.
    if (capacity == m_capacity)
        return;
    m_capacity = capacity;
    m_belowCapacity = 0;
    for (int &left : m_budgets) {
        left = std::min(left, capacity);
        if (left < capacity)
            ++m_belowCapacity;
    }
}

int &RetryScheduler::tokens(const QString &origin, const RetryPolicy &policy)
{
    auto it = m_budgets.find(origin);
    if (it == m_budgets.end())
        it = m_budgets.insert(origin, policy.budgetCapacity);
    return *it;
}

int RetryScheduler::budget(const QString &origin, const RetryPolicy &policy) const
{
    return m_budgets.value(origin, policy.budgetCapacity);
}

RetryScheduler::Decision RetryScheduler::decide(const RetryPolicy &policy, int attempt,
                                                std::chrono::milliseconds lastDelay,
                                                const ApiError &error, const QByteArray &method,
                                                const HttpHeaders &answerHeaders,
                                                const QString &origin)
{
    using std::chrono::milliseconds;
    Decision decision;
    if (!policy.isRetriable(error, method))
        return decision;
    decision.exhausted = true;
    if (attempt >= policy.maxAttempts) {
        decision.note = ResilienceTr::tr("gave up after %1 attempts").arg(attempt);
        return decision;
    }
    std::optional<milliseconds> retryAfter;
    if (policy.honorRetryAfter && (error.status == 429 || error.status == 503)) {
        retryAfter = RetryPolicy::parseRetryAfter(headerValue(answerHeaders, "retry-after"),
                                                  QDateTime::currentDateTimeUtc());
        if (retryAfter && *retryAfter > policy.maxRetryAfter) {
            decision.note = ResilienceTr::tr("Retry-After of %1 s is longer than the %2 s allowed")
                                .arg(retryAfter->count() / 1000)
                                .arg(policy.maxRetryAfter.count() / 1000);
            return decision;
        }
    }
    const ErrorKind kind = error.kind == ErrorKind::BatchFailed ? error.cause : error.kind;
    const int cost = kind == ErrorKind::Timeout ? policy.timeoutRetryCost : policy.retryCost;
    if (policy.useBudget) {
        syncCapacity(policy.budgetCapacity);
        int &left = tokens(origin, policy);
        if (left < cost) {
            decision.note = ResilienceTr::tr("the retry budget of %1 is used up").arg(origin);
            return decision;
        }
        if (left == policy.budgetCapacity)
            ++m_belowCapacity;
        left -= cost;
    }
    decision.retry = true;
    decision.exhausted = false;
    decision.cost = cost;
    decision.delay = std::max(policy.backoff(attempt + 1, lastDelay, m_random),
                              retryAfter.value_or(milliseconds(0)));
    return decision;
}

void RetryScheduler::succeeded(const RetryPolicy &policy, const QString &origin, int attempt,
                               int lastCost)
{
    // Most successes find every bucket full: skip the lookup then, it is on the hot path.
    if (!policy.useBudget)
        return;
    syncCapacity(policy.budgetCapacity);
    if (m_belowCapacity == 0)
        return;
    int &left = tokens(origin, policy);
    if (left >= policy.budgetCapacity)
        return;
    left = std::min(policy.budgetCapacity, left + (attempt <= 1 ? policy.successRefund : lastCost));
    if (left == policy.budgetCapacity)
        --m_belowCapacity;
}

} // namespace batchlab
