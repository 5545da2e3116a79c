// SPDX-License-Identifier: BSD-3-Clause
#include "engine/requestqueue.h"

#include "engine/batchdispatcher.h"
#include "engine/requestqueue_p.h"
#include "types/futurecompletion.h"

namespace batchlab {

// The public face only: every step is RequestQueuePrivate's (requestqueue_p.cpp).

RequestQueue::RequestQueue(Transport *transport, Telemetry *telemetry, const BatchConfig &config,
                           QObject *parent)
    : QObject(parent)
    , d(std::make_unique<RequestQueuePrivate>(this, transport, telemetry, config))
{
}

RequestQueue::~RequestQueue() = default;

quint64 RequestQueue::enqueue(RequestSpec spec, Completion done, const CallOptions &options)
{
    return d->enqueue(std::move(spec), std::move(done), options);
}

QFuture<ApiResponse> RequestQueue::enqueue(RequestSpec spec, const CallOptions &options)
{
    return futureFor(
        [&](Completion done) { d->enqueue(std::move(spec), std::move(done), options); });
}

quint64 RequestQueue::answerFromCache(const RequestSpec &spec, ApiResult result, Completion done)
{
    return d->answerFromCache(spec, std::move(result), std::move(done));
}

void RequestQueue::recordCacheMiss(quint64 requestId)
{
    d->recordCacheMiss(requestId);
}

quint64 RequestQueue::openAtomicGroup()
{
    return d->openAtomicGroup();
}

void RequestQueue::closeAtomicGroup(quint64 group)
{
    d->closeAtomicGroup(group);
}

bool RequestQueue::cancel(quint64 requestId)
{
    return d->cancel(requestId);
}

void RequestQueue::flush()
{
    d->flush();
}

void RequestQueue::shutdown()
{
    d->shutdown();
}

BatchConfig RequestQueue::config() const
{
    return d->m_config;
}

QList<LearnedLimits::Known> RequestQueue::learnedLimits() const
{
    return d->m_limits.all();
}

bool RequestQueue::setConfig(const BatchConfig &config, const QString &change)
{
    return d->setConfig(config, change);
}

RetryPolicy RequestQueue::retryPolicy() const
{
    return *d->m_retryPolicy;
}

bool RequestQueue::setRetryPolicy(const RetryPolicy &policy)
{
    return d->setRetryPolicy(policy);
}

void RequestQueue::setGate(DispatchGate *gate)
{
    d->setGate(gate);
}

void RequestQueue::setSettleHook(SettleHook hook)
{
    d->m_settleHook = std::move(hook);
}

int RequestQueue::retryBudget(const QString &origin) const
{
    return d->retryBudget(origin);
}

void RequestQueue::forgetServerState()
{
    d->m_limits.clear();
    for (RequestQueuePrivate::Group *group : d->m_groups)
        group->learned = -1;
    d->m_dispatcher->retries().resetBudgets();
}

int RequestQueue::pendingCalls() const
{
    return int(d->m_active.size());
}

int RequestQueue::queuedItems() const
{
    return d->m_queuedEntries;
}

int RequestQueue::inFlightBatches() const
{
    return d->inFlightBatches();
}

int RequestQueue::waitingRetries() const
{
    return d->waitingRetries();
}

int RequestQueue::groupCount() const
{
    return int(d->m_groups.size());
}

Telemetry *RequestQueue::telemetry() const
{
    return d->m_telemetry;
}

} // namespace batchlab
