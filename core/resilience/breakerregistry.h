// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "resilience/circuitbreaker.h"
#include "resilience/dispatchgate.h"

#include <QHash>
#include <QObject>

namespace batchlab {

class Telemetry;

/// The circuit breakers of a client, one per origin (or per batch key), made on first use.
/// It is the queue's DispatchGate, and it records every transition, rejection and pause in
/// the Telemetry event stream.
class BreakerRegistry : public QObject, public DispatchGate
{
    Q_OBJECT

public:
    BreakerRegistry(Telemetry *telemetry, const Clock *clock, const BreakerConfig &config = {},
                    QObject *parent = nullptr);

    BreakerConfig config() const { return m_config; }
    /// Applies to every breaker at once.
    bool setConfig(const BreakerConfig &config);

    /// The breaker for a key ("http://127.0.0.1:8080", or a batch key's name), made if new.
    CircuitBreaker *breaker(const QString &key);
    QList<CircuitBreaker *> breakers() const { return m_breakers.values(); }
    /// The state of the breaker that guards `origin` ("http://127.0.0.1:8080"): per batch key,
    /// the worst of that origin's keys (open, forced open, half-open, in that order); closed
    /// when none was made yet (disabled when breakers are off).
    BreakerState stateFor(const QString &origin) const;
    /// Closes every breaker (CircuitBreaker::reset()): each that was not closed says so in
    /// the event stream. Returns how many changed state.
    int resetAll();

    QString admit(quint32 originId, quint32 keyId, quint32 *epoch = nullptr) override;
    void record(quint32 originId, quint32 keyId, AttemptOutcome outcome, qint64 retryAfterMs,
                quint32 epoch = kAnyEpoch, const QString &cause = QString()) override;
    void release(quint32 originId, quint32 keyId, quint32 epoch = kAnyEpoch) override;
    qint64 pausedForMs(quint32 originId) const override;

Q_SIGNALS:
    /// Emitted from inside the engine's own bookkeeping (admitting a call, reading an answer),
    /// before it is consistent again: a slot must not call into the queue (enqueue, cancel,
    /// setConfig) directly. Connect with Qt::QueuedConnection to do that.
    void breakerChanged(const QString &key, BreakerState from, BreakerState to);

private:
    CircuitBreaker *breakerFor(quint32 originId, quint32 keyId);
    static bool sameOrigin(const QString &key, const QString &origin);

    Telemetry *m_telemetry;
    const Clock *m_clock;
    BreakerConfig m_config;
    QHash<QString, CircuitBreaker *> m_breakers;
    std::vector<CircuitBreaker *> m_byId; ///< by interned origin or key id, filled on first use
};

} // namespace batchlab
