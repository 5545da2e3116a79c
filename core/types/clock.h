// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QElapsedTimer>

namespace batchlab {

/// Steady time in milliseconds for resilience decisions (breaker windows, backoff, TTLs).
/// Injected so that those decisions are tested by moving a ManualClock, not by waiting.
class Clock
{
public:
    virtual ~Clock() = default;
    virtual qint64 nowMs() const = 0;
};

/// The real monotonic clock.
class SteadyClock final : public Clock
{
public:
    SteadyClock() { m_timer.start(); }
    qint64 nowMs() const override { return m_timer.elapsed(); }

private:
    QElapsedTimer m_timer;
};

/// A clock that moves only when told to.
class ManualClock final : public Clock
{
public:
    qint64 nowMs() const override { return m_now; }
    void advance(qint64 ms) { m_now += ms; }

private:
    qint64 m_now = 1000;
};

} // namespace batchlab
