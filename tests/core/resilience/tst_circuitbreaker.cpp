// SPDX-License-Identifier: BSD-3-Clause
// The circuit breaker's state machine, driven by a ManualClock: no waiting.
#include "resilience/breakerregistry.h"
#include "resilience/circuitbreaker.h"
#include "telemetry/telemetry.h"

#include <QSignalSpy>
#include <QtTest>

using namespace batchlab;
using namespace std::chrono_literals;

namespace {
void fail(CircuitBreaker &breaker, int times)
{
    for (int i = 0; i < times; ++i)
        breaker.record(AttemptOutcome::Failure);
}
} // namespace

class TestCircuitBreaker : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aPauseStaysWithItsOwnPort();
    void tripsAtTheThresholdOnceMinimumCallsAreSeen();
    void staysClosedBelowTheThreshold();
    void oldFailuresLeaveTheWindow();
    void rejectsFastWhileOpen();
    void halfOpensAfterTheOpenDuration();
    void closesOnAGoodProbe();
    void answersFromBeforeTheTripAreNoProbes();
    void reopensOnABadProbeWithDoubledDuration();
    void neverSticksInHalfOpen();
    void anIdleHalfOpenBreakerWaitsForACall();
    void resetClosesAndForgets();
    void registryReportsTheBreakerOfAnOrigin();
    void releasedProbeFreesItsSlot();
    void throttlingPausesButDoesNotTrip();
    void consecutiveFailuresMode();
    void manualStates();
    void openToHalfOpenHappensOnARealTimer();
    void registryScopes();

private:
    static BreakerConfig config()
    {
        BreakerConfig c; // 50% over 30 s, minimum 5, open 5 s x2 up to 60 s, 1 probe, 10 s
        return c;
    }
};

void TestCircuitBreaker::tripsAtTheThresholdOnceMinimumCallsAreSeen()
{
    ManualClock clock;
    CircuitBreaker breaker(QStringLiteral("http://a"), config(), &clock);
    QSignalSpy changes(&breaker, &CircuitBreaker::stateChanged);
    fail(breaker, 4);
    QCOMPARE(breaker.state(), BreakerState::Closed); // 4 calls: below the minimum of 5
    breaker.record(AttemptOutcome::Failure);
    QCOMPARE(breaker.state(), BreakerState::Open);
    QCOMPARE(changes.size(), 1);
    QCOMPARE(changes.at(0).at(1).value<BreakerState>(), BreakerState::Open);
}

void TestCircuitBreaker::staysClosedBelowTheThreshold()
{
    ManualClock clock;
    CircuitBreaker breaker(QStringLiteral("http://a"), config(), &clock);
    for (int i = 0; i < 10; ++i)
        breaker.record(i < 4 ? AttemptOutcome::Failure : AttemptOutcome::Success);
    QCOMPARE(breaker.state(), BreakerState::Closed);
    QCOMPARE(breaker.failureRate(), 0.4);
    // The fifth failure of eleven calls: 45%, still below 50%.
    breaker.record(AttemptOutcome::Failure);
    QCOMPARE(breaker.state(), BreakerState::Closed);
    breaker.record(AttemptOutcome::Failure); // 6 of 12: 50% trips (>=)
    QCOMPARE(breaker.state(), BreakerState::Open);
}

void TestCircuitBreaker::oldFailuresLeaveTheWindow()
{
    ManualClock clock;
    CircuitBreaker breaker(QStringLiteral("http://a"), config(), &clock);
    fail(breaker, 4);
    clock.advance(31000);
    QCOMPARE(breaker.windowCalls(), 0);
    breaker.record(AttemptOutcome::Failure);
    QCOMPARE(breaker.state(), BreakerState::Closed);
}

void TestCircuitBreaker::rejectsFastWhileOpen()
{
    ManualClock clock;
    CircuitBreaker breaker(QStringLiteral("http://a"), config(), &clock);
    fail(breaker, 5);
    const QString refused = breaker.admit();
    QVERIFY2(refused.contains(QStringLiteral("open")), qPrintable(refused));
    QCOMPARE(breaker.openForMs(), 5000);
    // Answers to calls sent before the trip are not counted.
    breaker.record(AttemptOutcome::Success);
    QCOMPARE(breaker.state(), BreakerState::Open);
}

void TestCircuitBreaker::halfOpensAfterTheOpenDuration()
{
    ManualClock clock;
    CircuitBreaker breaker(QStringLiteral("http://a"), config(), &clock);
    fail(breaker, 5);
    clock.advance(4999);
    breaker.evaluate();
    QCOMPARE(breaker.state(), BreakerState::Open);
    clock.advance(1);
    breaker.evaluate();
    QCOMPARE(breaker.state(), BreakerState::HalfOpen);
    QVERIFY(breaker.admit().isEmpty()); // the one probe
    QVERIFY(!breaker.admit().isEmpty()); // everybody else waits
}

void TestCircuitBreaker::closesOnAGoodProbe()
{
    ManualClock clock;
    CircuitBreaker breaker(QStringLiteral("http://a"), config(), &clock);
    fail(breaker, 5);
    clock.advance(5000);
    QVERIFY(breaker.admit().isEmpty());
    breaker.record(AttemptOutcome::Success);
    QCOMPARE(breaker.state(), BreakerState::Closed);
    QCOMPARE(breaker.windowCalls(), 0); // a fresh window
    QVERIFY(breaker.admit().isEmpty());
}

void TestCircuitBreaker::answersFromBeforeTheTripAreNoProbes()
{
    // A call sent while Closed is answered only once the breaker is half-open: that answer
    // says nothing about the probe. Counted, a stale success closed the breaker without a
    // probe, and its release freed the probe's slot for a second probe.
    ManualClock clock;
    CircuitBreaker breaker(QStringLiteral("http://a"), config(), &clock);
    const quint32 closed = breaker.epoch();
    QVERIFY(breaker.admit().isEmpty()); // the late one
    fail(breaker, 5);
    QCOMPARE(breaker.state(), BreakerState::Open);
    clock.advance(5000);
    QVERIFY(breaker.admit().isEmpty()); // the probe
    QCOMPARE(breaker.state(), BreakerState::HalfOpen);
    const quint32 probe = breaker.epoch();
    breaker.record(AttemptOutcome::Success, 0, closed);
    QCOMPARE(breaker.state(), BreakerState::HalfOpen);
    breaker.release(closed);
    QVERIFY(!breaker.admit().isEmpty()); // the probe's slot is still taken
    breaker.record(AttemptOutcome::Success, 0, probe);
    QCOMPARE(breaker.state(), BreakerState::Closed);
}

void TestCircuitBreaker::reopensOnABadProbeWithDoubledDuration()
{
    ManualClock clock;
    CircuitBreaker breaker(QStringLiteral("http://a"), config(), &clock);
    fail(breaker, 5);
    const qint64 expected[] = {10000, 20000, 40000, 60000, 60000};
    qint64 open = 5000;
    for (qint64 next : expected) {
        clock.advance(open);
        QVERIFY(breaker.admit().isEmpty());
        breaker.record(AttemptOutcome::Failure);
        QCOMPARE(breaker.state(), BreakerState::Open);
        QCOMPARE(breaker.openForMs(), next);
        open = next;
    }
    // A good probe closes it and the next trip starts from 5 s again.
    clock.advance(open);
    QVERIFY(breaker.admit().isEmpty());
    breaker.record(AttemptOutcome::Success);
    fail(breaker, 5);
    QCOMPARE(breaker.openForMs(), 5000);
}

void TestCircuitBreaker::neverSticksInHalfOpen()
{
    ManualClock clock;
    CircuitBreaker breaker(QStringLiteral("http://a"), config(), &clock);
    fail(breaker, 5);
    clock.advance(5000);
    QVERIFY(breaker.admit().isEmpty()); // a probe goes out and never answers
    clock.advance(10000);
    breaker.evaluate();
    QCOMPARE(breaker.state(), BreakerState::Open);
    QCOMPARE(breaker.openForMs(), 10000);
}

void TestCircuitBreaker::anIdleHalfOpenBreakerWaitsForACall()
{
    // With no traffic, the probe timeout used to run from the move to half-open: 10 s later
    // the breaker opened again (for twice as long), then half-opened, and so on for ever —
    // open, half-open, open every few seconds in the log of an idle workbench. No probe, no
    // deadline: it stays half-open until a call comes, and that call is the probe.
    ManualClock clock;
    CircuitBreaker breaker(QStringLiteral("http://a"), config(), &clock);
    QSignalSpy changes(&breaker, &CircuitBreaker::stateChanged);
    fail(breaker, 5);
    clock.advance(5000);
    breaker.evaluate(); // the open timer
    QCOMPARE(breaker.state(), BreakerState::HalfOpen);
    for (int i = 0; i < 12; ++i) { // two idle minutes, the timer firing as it may
        clock.advance(10000);
        breaker.evaluate();
    }
    QCOMPARE(breaker.state(), BreakerState::HalfOpen);
    QCOMPARE(changes.size(), 2); // closed -> open -> half-open, and nothing since
    QVERIFY(breaker.admit().isEmpty()); // the first call is the probe
    breaker.record(AttemptOutcome::Success);
    QCOMPARE(breaker.state(), BreakerState::Closed);
}

void TestCircuitBreaker::resetClosesAndForgets()
{
    ManualClock clock;
    CircuitBreaker breaker(QStringLiteral("http://a"), config(), &clock);
    fail(breaker, 4); // one failure short of tripping
    breaker.record(AttemptOutcome::Throttled, 3000);
    breaker.reset();
    QCOMPARE(breaker.state(), BreakerState::Closed);
    QCOMPARE(breaker.windowCalls(), 0);
    QCOMPARE(breaker.pausedForMs(), 0);
    fail(breaker, 1);
    QCOMPARE(breaker.state(), BreakerState::Closed); // the old failures are forgotten
    // A breaker turned off in the settings stays off.
    BreakerConfig off = config();
    off.enabled = false;
    breaker.setConfig(off);
    breaker.reset();
    QCOMPARE(breaker.state(), BreakerState::Disabled);
}

void TestCircuitBreaker::registryReportsTheBreakerOfAnOrigin()
{
    ManualClock clock;
    Telemetry telemetry;
    const quint32 bad = telemetry.internKey(QStringLiteral("http://a:1"));
    const quint32 good = telemetry.internKey(QStringLiteral("http://a:8080"));
    BreakerRegistry registry(&telemetry, &clock);
    for (int i = 0; i < 5; ++i)
        registry.record(bad, bad, AttemptOutcome::Failure, 0);
    registry.record(good, good, AttemptOutcome::Success, 0);
    QCOMPARE(registry.stateFor(QStringLiteral("http://a:1")), BreakerState::Open);
    QCOMPARE(registry.stateFor(QStringLiteral("http://a:8080")), BreakerState::Closed);
    QCOMPARE(registry.stateFor(QStringLiteral("http://never-used")), BreakerState::Closed);
    // Per batch key, the worst of the origin's keys, and only of that origin.
    BreakerConfig byKey;
    byKey.scope = BreakerConfig::Scope::PerBatchKey;
    BreakerRegistry perKey(&telemetry, &clock, byKey);
    const quint32 key = telemetry.internKey(QStringLiteral("http://a:1/$batch [GET]"));
    for (int i = 0; i < 5; ++i)
        perKey.record(bad, key, AttemptOutcome::Failure, 0);
    QCOMPARE(perKey.stateFor(QStringLiteral("http://a:1")), BreakerState::Open);
    QCOMPARE(perKey.stateFor(QStringLiteral("http://a:10")), BreakerState::Closed);

    // Reset closes every breaker, each transition an event in the stream.
    QSignalSpy changed(&registry, &BreakerRegistry::breakerChanged);
    QCOMPARE(registry.resetAll(), 1);
    QCOMPARE(registry.stateFor(QStringLiteral("http://a:1")), BreakerState::Closed);
    QCOMPARE(changed.size(), 1);
    QVERIFY(registry.admit(bad, bad).isEmpty());
}

void TestCircuitBreaker::releasedProbeFreesItsSlot()
{
    ManualClock clock;
    CircuitBreaker breaker(QStringLiteral("http://a"), config(), &clock);
    fail(breaker, 5);
    clock.advance(5000);
    QVERIFY(breaker.admit().isEmpty());
    QVERIFY(!breaker.admit().isEmpty());
    breaker.release(); // its caller cancelled
    QVERIFY(breaker.admit().isEmpty());
}

void TestCircuitBreaker::throttlingPausesButDoesNotTrip()
{
    ManualClock clock;
    CircuitBreaker breaker(QStringLiteral("http://a"), config(), &clock);
    QSignalSpy paused(&breaker, &CircuitBreaker::paused);
    for (int i = 0; i < 20; ++i)
        breaker.record(AttemptOutcome::Throttled, 3000);
    QCOMPARE(breaker.state(), BreakerState::Closed);
    QCOMPARE(breaker.windowCalls(), 0);
    QCOMPARE(breaker.pausedForMs(), 3000);
    QCOMPARE(paused.size(), 20);
    clock.advance(3000);
    QCOMPARE(breaker.pausedForMs(), 0);
    // The pause is capped.
    breaker.record(AttemptOutcome::Throttled, 3600 * 1000);
    QCOMPARE(breaker.pausedForMs(), 60000);
}

void TestCircuitBreaker::consecutiveFailuresMode()
{
    ManualClock clock;
    BreakerConfig c = config();
    c.trip = BreakerConfig::Trip::ConsecutiveFailures;
    c.consecutiveFailures = 3;
    CircuitBreaker breaker(QStringLiteral("http://a"), c, &clock);
    breaker.record(AttemptOutcome::Failure);
    breaker.record(AttemptOutcome::Failure);
    breaker.record(AttemptOutcome::Success);
    breaker.record(AttemptOutcome::Failure);
    breaker.record(AttemptOutcome::Failure);
    QCOMPARE(breaker.state(), BreakerState::Closed);
    breaker.record(AttemptOutcome::Failure);
    QCOMPARE(breaker.state(), BreakerState::Open);
}

void TestCircuitBreaker::manualStates()
{
    ManualClock clock;
    CircuitBreaker breaker(QStringLiteral("http://a"), config(), &clock);
    breaker.forceOpen();
    QVERIFY(breaker.admit().contains(QStringLiteral("by hand")));
    clock.advance(3600 * 1000);
    breaker.evaluate();
    QCOMPARE(breaker.state(), BreakerState::ForcedOpen);
    breaker.disable();
    fail(breaker, 50);
    QVERIFY(breaker.admit().isEmpty());
    QCOMPARE(breaker.state(), BreakerState::Disabled);
    breaker.reset();
    QCOMPARE(breaker.state(), BreakerState::Closed);
}

void TestCircuitBreaker::openToHalfOpenHappensOnARealTimer()
{
    SteadyClock clock;
    BreakerConfig c = config();
    c.openDuration = 60ms;
    CircuitBreaker breaker(QStringLiteral("http://a"), c, &clock);
    fail(breaker, 5);
    QCOMPARE(breaker.state(), BreakerState::Open);
    // Nobody calls admit(): the GUI still sees the move.
    QTRY_COMPARE_WITH_TIMEOUT(breaker.state(), BreakerState::HalfOpen, 2000);
}

void TestCircuitBreaker::registryScopes()
{
    ManualClock clock;
    Telemetry telemetry;
    const quint32 origin = telemetry.internKey(QStringLiteral("http://a"));
    const quint32 getKey = telemetry.internKey(QStringLiteral("http://a/$batch [GET]"));
    const quint32 postKey = telemetry.internKey(QStringLiteral("http://a/$batch [POST]"));

    BreakerRegistry perOrigin(&telemetry, &clock);
    for (int i = 0; i < 5; ++i)
        perOrigin.record(origin, getKey, AttemptOutcome::Failure, 0);
    QVERIFY(!perOrigin.admit(origin, postKey).isEmpty()); // one breaker for the whole origin

    BreakerConfig byKey;
    byKey.scope = BreakerConfig::Scope::PerBatchKey;
    BreakerRegistry perKey(&telemetry, &clock, byKey);
    for (int i = 0; i < 5; ++i)
        perKey.record(origin, getKey, AttemptOutcome::Failure, 0);
    QVERIFY(!perKey.admit(origin, getKey).isEmpty());
    QVERIFY(perKey.admit(origin, postKey).isEmpty()); // the other key's breaker is closed
    QCOMPARE(perKey.breakers().size(), 2);
    // Transitions are events in the stream.
    qint64 transitions = 0;
    for (const Event &e : telemetry.eventsSince(0))
        transitions += e.kind == EventKind::BreakerChanged;
    QCOMPARE(transitions, 2);
}

void TestCircuitBreaker::aPauseStaysWithItsOwnPort()
{
    // Per batch key, a 429 pauses the keys of its origin, and only those: the origin
    // "http://a:80" is a string prefix of "http://a:8080/$batch", yet another server.
    Telemetry telemetry;
    ManualClock clock;
    BreakerConfig byKey;
    byKey.scope = BreakerConfig::Scope::PerBatchKey;
    BreakerRegistry registry(&telemetry, &clock, byKey);
    const quint32 port80 = telemetry.internKey(QStringLiteral("http://a:80"));
    const quint32 port8080 = telemetry.internKey(QStringLiteral("http://a:8080"));
    const quint32 key80 = telemetry.internKey(QStringLiteral("http://a:80/$batch"));
    const quint32 key8080 = telemetry.internKey(QStringLiteral("http://a:8080/$batch"));
    QVERIFY(registry.admit(port8080, key8080).isEmpty());
    registry.record(port8080, key8080, AttemptOutcome::Throttled, 5000);
    QVERIFY(registry.admit(port80, key80).isEmpty());
    QCOMPARE(registry.pausedForMs(port8080), 5000);
    QCOMPARE(registry.pausedForMs(port80), 0);
}

QTEST_GUILESS_MAIN(TestCircuitBreaker)
#include "tst_circuitbreaker.moc"
