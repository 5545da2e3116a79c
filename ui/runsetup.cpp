// SPDX-License-Identifier: BSD-3-Clause
#include "runsetup.h"

#include "client/apiclient.h"
#include "runs/resolvedtarget.h"
#include "run/runpanel.h"
#include "runs/requestsetfile.h"
#include "sandbox/sandboxserver.h"

namespace batchlab {

namespace {

/// Only the settings blocks of `set`: what differsFrom() compares, without the requests (a set
/// may hold 50 000 of them).
RequestSet settingsOnly(const RequestSet &set)
{
    RequestSet out;
    out.batch = set.batch;
    out.retry = set.retry;
    out.breaker = set.breaker;
    out.cache = set.cache;
    out.plan = set.plan;
    out.sandbox = set.sandbox;
    return out;
}

} // namespace

RunSetup::RunSetup(ApiClient *client, RunPanel *runPanel, SandboxServer *sandbox, QObject *parent)
    : QObject(parent), m_client(client), m_runPanel(runPanel), m_sandbox(sandbox)
{
    connect(m_client, &ApiClient::configChanged, this, &RunSetup::changed);
    connect(m_runPanel, &RunPanel::planChanged, this, &RunSetup::changed);
    connect(m_sandbox, &SandboxServer::behaviorChanged, this, &RunSetup::changed);
}

QUrl RunSetup::sandboxUrl() const
{
    return m_sandbox->isListening() ? m_sandbox->url() : QUrl();
}

SandboxFaults RunSetup::faultsOf(const SandboxBehavior &b)
{
    return {b.latencyMs,       b.jitterMs,   b.itemErrorRate, b.itemErrorStatus,     b.batchFailureRate,
            b.batchFailureStatus, b.throttleRate, b.retryAfterSeconds, b.hangRate, b.dropRate,
            b.malformedRate,   malformKindName(b.malformKind), b.shuffle, b.maxBatchItems, b.seed};
}

SandboxBehavior RunSetup::behaviorOf(const SandboxFaults &f, SandboxBehavior b)
{
    b.latencyMs = f.latencyMs;
    b.jitterMs = f.jitterMs;
    b.itemErrorRate = f.itemErrorRate;
    b.itemErrorStatus = f.itemErrorStatus;
    b.batchFailureRate = f.batchFailureRate;
    b.batchFailureStatus = f.batchFailureStatus;
    b.throttleRate = f.throttleRate;
    b.retryAfterSeconds = f.retryAfterSeconds;
    b.hangRate = f.hangRate;
    b.dropRate = f.dropRate;
    b.malformedRate = f.malformedRate;
    if (!parseMalformKind(f.malformKind, &b.malformKind))
        b.malformKind = MalformKind::Any; // the file reader admits only the sandbox's names
    b.shuffle = f.shuffle;
    b.maxBatchItems = f.maxBatchItems;
    b.seed = f.seed;
    return b;
}

RequestSet RunSetup::effective(const RequestSet &set) const
{
    RequestSet out = settingsOnly(set);
    BatchConfig batch = set.batch.value_or(BatchConfig());
    const ResolvedTarget target = ResolvedTarget::resolve(set.target, sandboxUrl());
    if (target.error.isEmpty())
        target.applyTo(&batch); // the target's server decides the format and the limit
    out.batch = batch;
    out.retry = set.retry.value_or(RetryPolicy());
    out.breaker = set.breaker.value_or(BreakerConfig());
    out.cache = set.cache.value_or(CacheConfig());
    out.plan = set.plan.value_or(RunPlan());
    out.sandbox = set.sandbox.value_or(SandboxFaults());
    return out;
}

void RunSetup::apply(const RequestSet &set)
{
    const RequestSet wanted = effective(set);
    ClientConfig config = m_client->config();
    config.batch = *wanted.batch;
    config.retry = *wanted.retry;
    config.breaker = *wanted.breaker;
    config.cache = *wanted.cache;
    // A file's settings were checked when it was read, a sample's too; should the client still
    // refuse them, the defaults are the fallback, never the previous set's.
    if (!m_client->setConfig(config))
        m_client->setConfig(ClientConfig());
    m_runPanel->setPlan(*wanted.plan);
    m_sandbox->setBehavior(behaviorOf(*wanted.sandbox, m_sandbox->behavior()));
}

RequestSet RunSetup::withLiveSettings(RequestSet set) const
{
    const ClientConfig config = m_client->config();
    set.batch = config.batch;
    set.retry = config.retry;
    set.breaker = config.breaker;
    set.cache = config.cache;
    set.plan = m_runPanel->plan();
    set.sandbox = faultsOf(m_sandbox->behavior());
    return set;
}

bool RunSetup::differsFrom(const RequestSet &set) const
{
    const RequestSet live = withLiveSettings(settingsOnly(set));
    return RequestSetFile::serialize(live) != RequestSetFile::serialize(effective(set));
}

} // namespace batchlab
