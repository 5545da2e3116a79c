// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "resilience/dispatchgate.h"
#include "types/clock.h"

#include <QObject>
#include <QTimer>

#include <chrono>
#include <vector>

namespace batchlab {

enum class BreakerState : quint8 { Closed, Open, HalfOpen, ForcedOpen, Disabled };
/// "closed", "open", "half-open", "forced-open", "disabled".
QString breakerStateName(BreakerState state);

/// Circuit breaker settings. Defaults follow resilience4j and Polly v8: trips at a 50%
/// failure rate over 30 s (10 buckets) once 5 calls were seen; open 5 s, doubling on each
/// failed probe up to 60 s; one probe in half-open, given at most 10 s to answer.
struct BreakerConfig
{
    enum class Trip : quint8 { FailureRate, ConsecutiveFailures };
    enum class Scope : quint8 { PerOrigin, PerBatchKey };

    bool enabled = true;
    Scope scope = Scope::PerOrigin;
    Trip trip = Trip::FailureRate;
    double failureRateThreshold = 0.5; ///< trips when failures / calls >= this
    std::chrono::milliseconds window{30000};
    int buckets = 10;
    int minimumCalls = 5;
    int consecutiveFailures = 5;
    std::chrono::milliseconds openDuration{5000};
    double openBackoff = 2.0;
    std::chrono::milliseconds maxOpenDuration{60000};
    int halfOpenProbes = 1;
    std::chrono::milliseconds probeTimeout{10000};
    std::chrono::milliseconds maxPause{60000}; ///< longest pause a 429 may impose

    QString validate() const;
};

/// One circuit breaker. What counts: failures (transport errors, timeouts, 5xx, 408) and
/// successes (everything else answered); a 429 pauses instead of counting; cancellations and
/// rejections are not seen at all. Open -> HalfOpen happens on a timer so a GUI shows it live;
/// a half-open breaker whose probes do not answer in time opens again, it never sticks. An
/// idle half-open breaker stays half-open until a call comes: the probe timeout runs from the
/// probe's sending, so that no traffic never cycles open -> half-open -> open.
/// Decisions use the injected Clock; evaluate() re-checks time-driven transitions.
class CircuitBreaker : public QObject
{
    Q_OBJECT

public:
    CircuitBreaker(QString key, const BreakerConfig &config, const Clock *clock,
                   QObject *parent = nullptr);

    QString key() const { return m_key; }
    BreakerState state() const { return m_state; }
    BreakerConfig config() const { return m_config; }
    void setConfig(const BreakerConfig &config);

    /// Empty when a call may go; otherwise why not.
    QString admit();
    /// The outcome of a call admitted at `epoch` (DispatchGate::kAnyEpoch: whenever). One
    /// admitted before the last state change (sent while Closed, answered while HalfOpen)
    /// says nothing about the probe, and is not counted; a 429's pause always counts.
    /// `cause` says a failure in words ("Connection refused"): the last one before a trip is
    /// named by admit() while the circuit stays open, so that a rejected call tells why.
    void record(AttemptOutcome outcome, qint64 retryAfterMs = 0, quint32 epoch = DispatchGate::kAnyEpoch,
                const QString &cause = QString());
    /// The failure in words that opened the circuit last; empty when closed or not known.
    QString openedBy() const { return m_openedBy; }
    /// An admitted call ended without an outcome: frees its half-open probe slot, if it
    /// was admitted in this state.
    void release(quint32 epoch = DispatchGate::kAnyEpoch);
    /// Counts state changes; what admit() hands out for record().
    quint32 epoch() const { return m_epoch; }
    qint64 pausedForMs() const;

    /// Failure rate and calls in the current window (Closed state).
    double failureRate() const;
    int windowCalls() const;
    /// Milliseconds until Open moves to HalfOpen; 0 when not open.
    qint64 openForMs() const;

    void forceOpen();
    void disable();
    /// Back to Closed (Disabled when the config turns breakers off) with an empty window, no
    /// pause and the base open duration, from any state.
    void reset();
    /// Applies transitions that are due by the clock (Open -> HalfOpen, a stuck probe).
    void evaluate();

Q_SIGNALS:
    void stateChanged(BreakerState from, BreakerState to);
    void paused(qint64 ms);

private:
    struct Bucket
    {
        qint64 start = -1;
        int calls = 0;
        int failures = 0;
    };
    void moveTo(BreakerState state);
    void trip();
    void countSample(bool failure);
    Bucket &currentBucket();
    void scheduleTimer();
    qint64 bucketMs() const;

    QString m_key;
    QString m_lastFailure; ///< the latest failure's cause, as record() was told it
    QString m_openedBy; ///< m_lastFailure when the circuit last opened
    quint32 m_epoch = 0;
    BreakerConfig m_config;
    const Clock *m_clock;
    BreakerState m_state = BreakerState::Closed;
    std::vector<Bucket> m_buckets;
    int m_consecutive = 0;
    std::chrono::milliseconds m_currentOpen{0};
    qint64 m_openUntil = 0;
    qint64 m_probeDeadline = -1; ///< -1: no probe out
    int m_probesOut = 0;
    int m_probeSuccesses = 0;
    qint64 m_pausedUntil = 0;
    QTimer m_timer;
};

} // namespace batchlab
