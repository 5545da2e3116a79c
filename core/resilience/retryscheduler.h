// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "resilience/retrypolicy.h"

#include <QHash>
#include <QRandomGenerator>

namespace batchlab {

/// Decides, for one failed attempt of one batch item, whether it is tried again and after how
/// long, and keeps the retry budget of every origin.
class RetryScheduler
{
public:
    struct Decision
    {
        bool retry = false;
        std::chrono::milliseconds delay{0};
        int cost = 0; ///< budget tokens this retry took
        bool exhausted = false; ///< retriable, but attempts or budget are used up
        QString note; ///< why not, when exhausted
    };

    explicit RetryScheduler(quint32 seed = 1)
        : m_random(seed)
    { }

    /// `attempt` is the attempt that just failed (1 = the first); `answerHeaders` are the
    /// failed answer's headers, for Retry-After.
    Decision decide(const RetryPolicy &policy, int attempt, std::chrono::milliseconds lastDelay,
                    const ApiError &error, const QByteArray &method,
                    const HttpHeaders &answerHeaders, const QString &origin);
    /// A success refunds the budget: `successRefund` after a first attempt, else what the last
    /// retry cost.
    void succeeded(const RetryPolicy &policy, const QString &origin, int attempt, int lastCost);
    int budget(const QString &origin, const RetryPolicy &policy) const;
    /// Every origin's bucket full again, e.g. at the start of a run.
    void resetBudgets()
    {
        m_budgets.clear();
        m_belowCapacity = 0;
    }

private:
    void syncCapacity(int capacity);
    int &tokens(const QString &origin, const RetryPolicy &policy);

    QRandomGenerator m_random;
    QHash<QString, int> m_budgets;
    int m_belowCapacity = 0; ///< buckets not full, at m_capacity
    int m_capacity = -1; ///< the capacity m_belowCapacity was counted for
};

} // namespace batchlab
