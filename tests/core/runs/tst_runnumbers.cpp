// SPDX-License-Identifier: BSD-3-Clause
// RunNumbers: what a run's numbers say, counted from real runs against the sandbox.
#include "resilience/breakerregistry.h"
#include "runs/runner.h"
#include "runs/runnumbers.h"
#include "sandbox/sandboxserver.h"
#include "support/testwait.h"

#include <QSignalSpy>
#include <QtTest>

using namespace batchlab;
using namespace std::chrono_literals;

namespace {

/// `count` users, then `duplicates` more calls of user 1 (identical: they share its item).
RequestSet usersSet(int count, int duplicates = 0)
{
    RequestSet set;
    set.name = QStringLiteral("users");
    for (int i = 1; i <= count + duplicates; ++i) {
        RequestItem item;
        item.name = QStringLiteral("user %1").arg(i);
        item.url = QStringLiteral("/users/%1").arg(i <= count ? i : 1);
        set.requests.append(item);
    }
    return set;
}

ClientConfig config(bool cache)
{
    ClientConfig c;
    c.cache.enabled = cache;
    c.batch.maxDelay = 5ms;
    return c;
}

} // namespace

class TestRunNumbers : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void batchingAndDedupAreCountedOnTheWire();
    void cacheHitsAreApartAndSaveNothing();
    void aRunRefusedByTheBreakerSavesNothing();
    void aRunWhoseCallsAllFailIsNotSaved();
    void stopCountsCancelledApart();
    void runCountersAreThisRunsOnly();

private:
    RunSummary run(ApiClient &client, const RequestSet &set, int iterations = 1);
    std::unique_ptr<SandboxServer> m_server;
};

void TestRunNumbers::init()
{
    m_server = std::make_unique<SandboxServer>();
    QVERIFY(m_server->start());
}

RunSummary TestRunNumbers::run(ApiClient &client, const RequestSet &set, int iterations)
{
    Runner runner(&client);
    runner.setKeepServerState(true); // a breaker the test opened stays so for its run
    QSignalSpy finished(&runner, &Runner::finished);
    QString error;
    if (!runner.start(set, m_server->url(), RunPlan{iterations, ArrivalPattern::AllAtOnce, 0, 1}, &error))
        qWarning() << error;
    if (!finished.wait(10000))
        return {};
    return finished.at(0).at(0).value<RunSummary>();
}

void TestRunNumbers::batchingAndDedupAreCountedOnTheWire()
{
    ClientConfig c = config(false);
    c.batch.maxBatchSize = 4;
    ApiClient client(m_server->url(), c);
    // 10 users in batches of 4, 4, 2, and two more calls of user 1 that share its item.
    const RunNumbers n = RunNumbers::of(run(client, usersSet(10, 2)));
    QCOMPARE(n.calls, 12);
    QCOMPARE(n.succeeded, 12);
    QCOMPARE(n.avoidedByDedup, 2);
    QCOMPARE(n.itemsSent, 10);
    QCOMPARE(n.httpRequests, m_server->counters().httpRequests);
    QCOMPARE(n.httpRequests, 3);
    QCOMPARE(n.avoidedByBatching, 7);
    QCOMPARE(n.requestsWithout(), 12);
    QCOMPARE(n.cacheHits, 0);
    QVERIFY(n.savedPercent());
    QCOMPARE(*n.savedPercent(), 75.0);
    QCOMPARE(n.failed + n.cancelled, 0);
}

void TestRunNumbers::cacheHitsAreApartAndSaveNothing()
{
    ApiClient client(m_server->url(), config(true));
    const RunNumbers first = RunNumbers::of(run(client, usersSet(6)));
    QCOMPARE(first.cacheHits, 0);
    QCOMPARE(first.httpRequests, 1);
    // The second run is answered by the cache alone: nothing went out, so nothing was saved by
    // batching — the old "saved" said 100 %.
    const RunSummary second = run(client, usersSet(6));
    const RunNumbers n = RunNumbers::of(second);
    QCOMPARE(n.calls, 6);
    QCOMPARE(n.cacheHits, 6);
    QCOMPARE(n.succeeded, 6);
    QCOMPARE(n.httpRequests, 0);
    QCOMPARE(n.avoidedByBatching, 0);
    QCOMPARE(n.avoidedByDedup, 0);
    QVERIFY(!n.savedPercent());
    QCOMPARE(n.savedText(), QStringLiteral("—"));
    QCOMPARE(second.counters.savedPercent(), 100.0); // what misled
}

void TestRunNumbers::aRunRefusedByTheBreakerSavesNothing()
{
    ApiClient client(m_server->url(), config(false));
    client.breakers()->breaker(m_server->url().toString(QUrl::RemovePath | QUrl::StripTrailingSlash))->forceOpen();
    const RunSummary summary = run(client, usersSet(8));
    const RunNumbers n = RunNumbers::of(summary);
    QCOMPARE(m_server->counters().httpRequests, 0);
    QCOMPARE(n.calls, 8);
    QCOMPARE(n.rejected, 8);
    QCOMPARE(n.failed, 8); // failed for the caller, and all of it the breaker's doing
    QCOMPARE(n.httpRequests, 0);
    QVERIFY(!n.savedPercent());
    QCOMPARE(summary.counters.savedPercent(), 100.0); // what misled
}

void TestRunNumbers::aRunWhoseCallsAllFailIsNotSaved()
{
    SandboxBehavior failing;
    failing.itemErrorRate = 1.0;
    failing.itemErrorStatus = 404; // not retried, not a breaker failure
    m_server->setBehavior(failing);
    ClientConfig c = config(false);
    c.batch.maxBatchSize = 1; // one request per call: batching avoided nothing
    ApiClient client(m_server->url(), c);
    const RunNumbers n = RunNumbers::of(run(client, usersSet(5)));
    QCOMPARE(n.calls, 5);
    QCOMPARE(n.failed, 5);
    QCOMPARE(n.succeeded, 0);
    QCOMPARE(n.httpRequests, 5);
    QCOMPARE(n.avoided(), 0);
    QVERIFY(n.savedPercent());
    QCOMPARE(*n.savedPercent(), 0.0);
}

void TestRunNumbers::stopCountsCancelledApart()
{
    ClientConfig c = config(false);
    c.batch.maxDelay = 10s; // everything waits in the queue until Stop
    c.batch.maxBatchSize = 1000;
    ApiClient client(m_server->url(), c);
    Runner runner(&client);
    QSignalSpy finished(&runner, &Runner::finished);
    QVERIFY(runner.start(usersSet(12), m_server->url(), RunPlan{}));
    QVERIFY(waitUntil([&] { return runner.progress().sent == 12; }, 2000));
    runner.stop();
    QCOMPARE(finished.size(), 1);
    const RunNumbers n = RunNumbers::of(runner.history().back());
    QCOMPARE(n.calls, 12);
    QCOMPARE(n.cancelled, 12);
    QCOMPARE(n.failed, 0);
    QCOMPARE(n.httpRequests, 0);
    QVERIFY(!n.savedPercent());
    QCOMPARE(runner.history().back().counters.failed, 12); // the old "Failed" column
}

void TestRunNumbers::runCountersAreThisRunsOnly()
{
    ApiClient client(m_server->url(), config(false));
    Runner runner(&client);
    QCOMPARE(runner.runCounters().calls, 0);
    QSignalSpy finished(&runner, &Runner::finished);
    QVERIFY(runner.start(usersSet(5), m_server->url(), RunPlan{}));
    QVERIFY(finished.wait(5000));
    QVERIFY(runner.start(usersSet(3), m_server->url(), RunPlan{}));
    QVERIFY(finished.wait(5000));
    QCOMPARE(client.telemetry()->counters().calls, 8);
    QCOMPARE(runner.runCounters().calls, 3); // the status bar's: the last run, not the session
}

QTEST_GUILESS_MAIN(TestRunNumbers)
#include "tst_runnumbers.moc"
