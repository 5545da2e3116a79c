// SPDX-License-Identifier: BSD-3-Clause
#include "resilience/circuitbreaker.h"
#include "resilience/resiliencetr.h"

#include <QCoreApplication>

#include <array>

namespace batchlab {

QString breakerStateName(BreakerState state)
{
    static constexpr std::array<const char *, 5> names{"closed", "open", "half-open", "forced-open",
                                                       "disabled"};
    return QLatin1String(names.at(size_t(state)));
}

QString BreakerConfig::validate() const
{
    if (!(failureRateThreshold > 0.0 && failureRateThreshold <= 1.0))
        return ResilienceTr::tr("failureRateThreshold must be in (0, 1]");
    if (window.count() <= 0 || buckets < 1)
        return ResilienceTr::tr("the window needs a positive length and at least one bucket");
    if (minimumCalls < 1 || consecutiveFailures < 1 || halfOpenProbes < 1)
        return ResilienceTr::tr("minimumCalls, consecutiveFailures and halfOpenProbes must be at least 1");
    if (openDuration.count() <= 0 || maxOpenDuration < openDuration || openBackoff < 1.0)
        return ResilienceTr::tr("openDuration must be positive, at most maxOpenDuration, with a backoff >= 1");
    if (probeTimeout.count() <= 0)
        return ResilienceTr::tr("probeTimeout must be positive");
    return {};
}

CircuitBreaker::CircuitBreaker(QString key, const BreakerConfig &config, const Clock *clock,
                               QObject *parent)
    : QObject(parent)
    , m_key(std::move(key))
    , m_config(config)
    , m_clock(clock)
    , m_buckets(size_t(config.buckets))
    , m_currentOpen(config.openDuration)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &CircuitBreaker::evaluate);
    if (!config.enabled)
        m_state = BreakerState::Disabled;
}

void CircuitBreaker::setConfig(const BreakerConfig &config)
{
    const bool resize = config.buckets != m_config.buckets || config.window != m_config.window;
    m_config = config;
    if (resize)
        m_buckets.assign(size_t(config.buckets), Bucket());
    if (!config.enabled && m_state != BreakerState::Disabled)
        moveTo(BreakerState::Disabled);
    else if (config.enabled && m_state == BreakerState::Disabled)
        moveTo(BreakerState::Closed);
}

qint64 CircuitBreaker::bucketMs() const
{
    return qMax<qint64>(1, m_config.window.count() / m_config.buckets);
}

CircuitBreaker::Bucket &CircuitBreaker::currentBucket()
{
    // Time-based window: bucket i covers [start, start + bucketMs); a stale bucket is reused.
    const qint64 span = bucketMs();
    const qint64 start = m_clock->nowMs() / span * span;
    Bucket &bucket = m_buckets[size_t((start / span) % m_config.buckets)];
    if (bucket.start != start)
        bucket = {start, 0, 0};
    return bucket;
}

int CircuitBreaker::windowCalls() const
{
    const qint64 oldest = m_clock->nowMs() - m_config.window.count();
    int calls = 0;
    for (const Bucket &bucket : m_buckets)
        calls += bucket.start > oldest ? bucket.calls : 0;
    return calls;
}

double CircuitBreaker::failureRate() const
{
    const qint64 oldest = m_clock->nowMs() - m_config.window.count();
    int calls = 0;
    int failures = 0;
    for (const Bucket &bucket : m_buckets) {
        if (bucket.start > oldest) {
            calls += bucket.calls;
            failures += bucket.failures;
        }
    }
    return calls ? double(failures) / calls : 0.0;
}

qint64 CircuitBreaker::openForMs() const
{
    return m_state == BreakerState::Open ? qMax<qint64>(0, m_openUntil - m_clock->nowMs()) : 0;
}

qint64 CircuitBreaker::pausedForMs() const
{
    return qMax<qint64>(0, m_pausedUntil - m_clock->nowMs());
}

QString CircuitBreaker::admit()
{
    if (m_state == BreakerState::Open || m_state == BreakerState::HalfOpen)
        evaluate();
    switch (m_state) {
    case BreakerState::Closed:
    case BreakerState::Disabled:
        return {};
    case BreakerState::ForcedOpen:
        return ResilienceTr::tr("the circuit for %1 is held open by hand").arg(m_key);
    case BreakerState::Open:
        // The failure that opened it first: a user who sees only "circuit open" on every call
        // cannot tell a refused connection from a server error.
        if (!m_openedBy.isEmpty())
            return ResilienceTr::tr("after %1: the circuit for %2 is open for %3 ms more")
                .arg(m_openedBy, m_key)
                .arg(openForMs());
        return ResilienceTr::tr("the circuit for %1 is open for %2 ms more").arg(m_key).arg(openForMs());
    case BreakerState::HalfOpen:
        if (m_probesOut < m_config.halfOpenProbes) {
            // The probe's deadline runs from its sending: an idle half-open breaker has
            // nothing to time out, and waits for its first call.
            if (m_probesOut++ == 0) {
                m_probeDeadline = m_clock->nowMs() + m_config.probeTimeout.count();
                scheduleTimer();
            }
            return {};
        }
        return ResilienceTr::tr("the circuit for %1 is half-open and waiting for its probe").arg(m_key);
    }
    return {};
}

void CircuitBreaker::release(quint32 epoch)
{
    const bool current = epoch == DispatchGate::kAnyEpoch || epoch == m_epoch;
    if (current && m_state == BreakerState::HalfOpen && m_probesOut > 0 && --m_probesOut == 0) {
        m_probeDeadline = -1; // no probe out: nothing to wait for
        scheduleTimer();
    }
}

void CircuitBreaker::record(AttemptOutcome outcome, qint64 retryAfterMs, quint32 epoch,
                            const QString &cause)
{
    if (m_state == BreakerState::Disabled || m_state == BreakerState::ForcedOpen)
        return;
    if (outcome == AttemptOutcome::Throttled) {
        const qint64 pause = qMin<qint64>(retryAfterMs, m_config.maxPause.count());
        m_pausedUntil = qMax(m_pausedUntil, m_clock->nowMs() + pause);
        release(epoch);
        Q_EMIT paused(pause);
        return;
    }
    if (epoch != DispatchGate::kAnyEpoch && epoch != m_epoch)
        return; // admitted in an earlier state: no probe, and no sample of this window
    const bool failure = outcome == AttemptOutcome::Failure;
    if (failure && !cause.isEmpty())
        m_lastFailure = cause;
    switch (m_state) {
    case BreakerState::Closed:
        countSample(failure);
        break;
    case BreakerState::HalfOpen:
        if (failure) {
            trip();
        } else if (++m_probeSuccesses >= m_config.halfOpenProbes) {
            m_currentOpen = m_config.openDuration;
            moveTo(BreakerState::Closed);
        }
        break;
    default:
        break; // answers to calls sent before the trip: not counted
    }
}

void CircuitBreaker::countSample(bool failure)
{
    Bucket &bucket = currentBucket();
    ++bucket.calls;
    bucket.failures += failure;
    m_consecutive = failure ? m_consecutive + 1 : 0;
    if (!failure)
        return;
    const bool trips = m_config.trip == BreakerConfig::Trip::ConsecutiveFailures
        ? m_consecutive >= m_config.consecutiveFailures
        : windowCalls() >= m_config.minimumCalls && failureRate() >= m_config.failureRateThreshold;
    if (trips)
        trip();
}

void CircuitBreaker::trip()
{
    // A failed probe doubles the open time; a fresh trip from Closed starts at the base.
    if (m_state == BreakerState::HalfOpen) {
        m_currentOpen = std::min(m_config.maxOpenDuration,
                                 std::chrono::milliseconds(
                                     qint64(double(m_currentOpen.count()) * m_config.openBackoff)));
    } else {
        m_currentOpen = m_config.openDuration;
    }
    m_openUntil = m_clock->nowMs() + m_currentOpen.count();
    m_openedBy = m_lastFailure;
    moveTo(BreakerState::Open);
}

void CircuitBreaker::forceOpen()
{
    moveTo(BreakerState::ForcedOpen);
}

void CircuitBreaker::disable()
{
    moveTo(BreakerState::Disabled);
}

void CircuitBreaker::reset()
{
    m_currentOpen = m_config.openDuration;
    m_pausedUntil = 0;
    m_consecutive = 0;
    m_buckets.assign(size_t(m_config.buckets), Bucket());
    moveTo(m_config.enabled ? BreakerState::Closed : BreakerState::Disabled);
}

void CircuitBreaker::evaluate()
{
    const qint64 now = m_clock->nowMs();
    if (m_state == BreakerState::Open && now >= m_openUntil) {
        moveTo(BreakerState::HalfOpen);
    } else if (m_state == BreakerState::HalfOpen && m_probeDeadline >= 0 && now >= m_probeDeadline) {
        // Probes that never answer must not keep the breaker half-open forever.
        m_lastFailure = ResilienceTr::tr("no answer to the probe within %1 ms").arg(m_config.probeTimeout.count());
        trip();
    } else {
        scheduleTimer();
    }
}

void CircuitBreaker::moveTo(BreakerState state)
{
    const BreakerState from = m_state;
    if (from == state)
        return;
    m_state = state;
    ++m_epoch;
    m_probesOut = 0;
    m_probeSuccesses = 0;
    m_consecutive = 0;
    if (state == BreakerState::Closed) {
        m_lastFailure.clear();
        m_openedBy.clear();
    }
    if (state == BreakerState::Closed)
        m_buckets.assign(size_t(m_config.buckets), Bucket());
    m_probeDeadline = -1; // set when a half-open breaker lets its first probe go
    scheduleTimer();
    Q_EMIT stateChanged(from, state);
}

void CircuitBreaker::scheduleTimer()
{
    qint64 due = -1;
    if (m_state == BreakerState::Open)
        due = m_openUntil;
    else if (m_state == BreakerState::HalfOpen)
        due = m_probeDeadline;
    if (due < 0) {
        m_timer.stop();
        return;
    }
    m_timer.start(int(qBound<qint64>(0, due - m_clock->nowMs(), 24LL * 3600 * 1000)));
}

} // namespace batchlab
