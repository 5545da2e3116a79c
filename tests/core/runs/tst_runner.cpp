// SPDX-License-Identifier: BSD-3-Clause
// Runner: playing request sets through an ApiClient against the sandbox.
#include "runs/runner.h"
#include "sandbox/sandboxserver.h"
#include "support/testwait.h"

#include <QSignalSpy>
#include <QtTest>

#include <ctime>

using namespace batchlab;
using namespace std::chrono_literals;

namespace {

RequestSet usersSet(int count)
{
    RequestSet set;
    set.name = QStringLiteral("users");
    set.variables = {{QStringLiteral("prefix"), QStringLiteral("/users")}};
    for (int i = 1; i <= count; ++i) {
        RequestItem item;
        item.name = QStringLiteral("user %1").arg(i);
        item.url = QStringLiteral("{{prefix}}/%1").arg(i);
        set.requests.append(item);
    }
    return set;
}

ClientConfig noCache()
{
    ClientConfig config;
    config.cache.enabled = false;
    config.batch.maxDelay = 5ms;
    return config;
}

} // namespace

class TestRunner : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void runsEveryIterationAndSummarises();
    void disabledRequestsAreSkipped();
    void fixedRateSpreadsTheCalls();
    void poissonArrivalsAverageTheRate();
    void pauseHoldsAndResumeFinishes();
    void stopCancelsWhatWaits();
    void unresolvableRequestIsNamed();
    void targetHeadersGoOnEveryHttpRequest();
    void aPausedRunSleeps();
    void aRunnerMayGoBeforeItsClientOrAfter();
    void aHugePlanIsRefusedNotOverflowed();
    void aBaseWithAPathKeepsIt_data();
    void aBaseWithAPathKeepsIt();

private:
    std::unique_ptr<SandboxServer> m_server;
};

void TestRunner::init()
{
    m_server = std::make_unique<SandboxServer>();
    QVERIFY(m_server->start());
}

void TestRunner::runsEveryIterationAndSummarises()
{
    ApiClient client(m_server->url(), noCache());
    Runner runner(&client);
    QSignalSpy finished(&runner, &Runner::finished);
    QString error;
    QVERIFY2(runner.start(usersSet(10), m_server->url(), RunPlan{3, ArrivalPattern::AllAtOnce, 0, 1}, &error),
             qPrintable(error));
    QVERIFY(finished.wait(5000));
    QCOMPARE(runner.state(), Runner::State::Finished);
    const RunSummary summary = finished.at(0).at(0).value<RunSummary>();
    QCOMPARE(summary.progress.total, 30);
    QCOMPARE(summary.progress.succeeded, 30);
    QCOMPARE(summary.counters.calls, 30);
    QCOMPARE(summary.counters.httpRequests, m_server->counters().httpRequests);
    QVERIFY(summary.counters.httpRequests < 30);
    QCOMPARE(summary.number, 1);
    QVERIFY(summary.counters.latency.p50 < 40000); // µs
    // A second run is counted on its own, latencies included, and both are kept.
    SandboxBehavior slow = m_server->behavior();
    slow.latencyMs = 60;
    m_server->setBehavior(slow);
    QVERIFY(runner.start(usersSet(4), m_server->url(), RunPlan{}, &error));
    QVERIFY(finished.wait(5000));
    QCOMPARE(runner.history().size(), size_t(2));
    const TelemetryCounters second = runner.history().back().counters;
    QCOMPARE(second.calls, 4);
    QCOMPARE(second.latency.count, 4);
    QVERIFY2(second.latency.p50 >= 60000, qPrintable(QString::number(second.latency.p50)));
    QCOMPARE(second.queueWait.count, 4);
}

void TestRunner::disabledRequestsAreSkipped()
{
    ApiClient client(m_server->url(), noCache());
    Runner runner(&client);
    RequestSet set = usersSet(5);
    set.requests[1].enabled = false;
    set.requests[3].enabled = false;
    QVERIFY(runner.start(set, m_server->url(), RunPlan{}));
    QVERIFY(waitUntil([&] { return runner.state() == Runner::State::Finished; }, 5000));
    QCOMPARE(runner.progress().total, 3);
    QCOMPARE(m_server->counters().batchItems, 3);
    // The last answer of each request is kept by its row; skipped rows have none.
    QCOMPARE(runner.lastResult(2)->response.json()[QStringLiteral("id")].toInt(), 3);
    QVERIFY(!runner.lastResult(1));
    QVERIFY(!runner.lastResult(99));
}

void TestRunner::fixedRateSpreadsTheCalls()
{
    ApiClient client(m_server->url(), noCache());
    Runner runner(&client);
    QElapsedTimer clock;
    clock.start();
    QVERIFY(runner.start(usersSet(20), m_server->url(), RunPlan{2, ArrivalPattern::FixedRate, 200, 1}));
    QVERIFY(waitUntil([&] { return runner.state() == Runner::State::Finished; }, 5000));
    // 40 calls at 200/s: the last one is due at 195 ms.
    QVERIFY2(clock.elapsed() >= 190, qPrintable(QString::number(clock.elapsed())));
    QCOMPARE(runner.progress().succeeded, 40);
    QVERIFY(m_server->counters().batchRequests > 5); // spread out, not one burst
}

void TestRunner::poissonArrivalsAverageTheRate()
{
    ApiClient client(m_server->url(), noCache());
    Runner runner(&client);
    QElapsedTimer clock;
    clock.start();
    QVERIFY(runner.start(usersSet(50), m_server->url(), RunPlan{2, ArrivalPattern::Poisson, 500, 7}));
    QVERIFY(waitUntil([&] { return runner.state() == Runner::State::Finished; }, 5000));
    // 100 arrivals at 500/s take about 200 ms; allow the randomness of a Poisson process.
    QVERIFY2(clock.elapsed() > 100 && clock.elapsed() < 1500, qPrintable(QString::number(clock.elapsed())));
    QCOMPARE(runner.progress().settled(), 100);
}

void TestRunner::pauseHoldsAndResumeFinishes()
{
    ApiClient client(m_server->url(), noCache());
    Runner runner(&client);
    QVERIFY(runner.start(usersSet(10), m_server->url(), RunPlan{10, ArrivalPattern::FixedRate, 500, 1}));
    QVERIFY(waitUntil([&] { return runner.progress().sent >= 10; }, 2000));
    runner.pause();
    QCOMPARE(runner.state(), Runner::State::Paused);
    const int sent = runner.progress().sent;
    waitUntil([] { return false; }, 100);
    QCOMPARE(runner.progress().sent, sent);
    runner.resume();
    QVERIFY(waitUntil([&] { return runner.state() == Runner::State::Finished; }, 5000));
    QCOMPARE(runner.progress().settled(), 100);
}

void TestRunner::stopCancelsWhatWaits()
{
    ClientConfig config = noCache();
    config.batch.maxDelay = 10s; // everything waits in the queue
    config.batch.maxBatchSize = 1000;
    ApiClient client(m_server->url(), config);
    Runner runner(&client);
    QSignalSpy finished(&runner, &Runner::finished);
    QVERIFY(runner.start(usersSet(30), m_server->url(), RunPlan{}));
    QVERIFY(waitUntil([&] { return runner.progress().sent == 30; }, 2000));
    runner.stop();
    QCOMPARE(runner.state(), Runner::State::Stopped);
    QCOMPARE(finished.size(), 1);
    const RunSummary summary = runner.history().back();
    QVERIFY(summary.stopped);
    QCOMPARE(summary.progress.failed, 30);
    QCOMPARE(summary.counters.failures(ErrorKind::Cancelled), 30);
    QCOMPARE(m_server->counters().httpRequests, 0);
}

void TestRunner::unresolvableRequestIsNamed()
{
    ApiClient client(m_server->url(), noCache());
    Runner runner(&client);
    RequestSet set = usersSet(3);
    set.requests[2].url = QStringLiteral("/users/{{missing}}");
    QString error;
    QVERIFY(!runner.start(set, m_server->url(), RunPlan{}, &error));
    QVERIFY2(error.contains(QStringLiteral("request 3")) && error.contains(QStringLiteral("missing")),
             qPrintable(error));
    QCOMPARE(runner.state(), Runner::State::Idle);
}

void TestRunner::aBaseWithAPathKeepsIt_data()
{
    QTest::addColumn<bool>("batch");
    QTest::newRow("in batches") << true;
    QTest::newRow("plain requests") << false;
}

void TestRunner::aBaseWithAPathKeepsIt()
{
    // https://graph.microsoft.com/v1.0 + "/me" is …/v1.0/me. The sandbox serves nothing
    // under /v1.0, so the calls fail with 404, but its counters show where each one went.
    QFETCH(bool, batch);
    ClientConfig config = noCache();
    config.batch.sendSingleAsPlain = true;
    config.batch.maxBatchSize = batch ? 10 : 1;
    QUrl base = m_server->url();
    base.setPath(QStringLiteral("/v1.0"));
    ApiClient client(base, config);
    Runner runner(&client);
    RequestSet set;
    for (const QString &url : {QStringLiteral("/users/1"), QStringLiteral("users/2"), QStringLiteral("/items/3?x=1"),
                               QStringLiteral("echo")}) {
        RequestItem item;
        item.url = url;
        set.requests.append(item);
    }
    QSignalSpy finished(&runner, &Runner::finished);
    QString error;
    QVERIFY2(runner.start(set, base, RunPlan{}, &error), qPrintable(error));
    QVERIFY(finished.wait(5000));
    const SandboxCounters counters = m_server->counters();
    const QHash<QString, qint64> &calls = batch ? counters.itemsByRoute : counters.requestsByRoute;
    QStringList routes = calls.keys();
    routes.sort();
    QCOMPARE(routes, QStringList({QStringLiteral("GET /v1.0/echo"), QStringLiteral("GET /v1.0/items/{id}"),
                                  QStringLiteral("GET /v1.0/users/{id}")}));
    QCOMPARE(counters.batchRequests, batch ? 1 : 0);
}

void TestRunner::targetHeadersGoOnEveryHttpRequest()
{
    // The credentials of a target, one from a variable and one from the environment, on the
    // outer request of every batch: the sandbox refuses any HTTP request without them.
    SandboxBehavior behavior;
    behavior.requiredAuthorization = "Bearer t0ken-from-env";
    QVERIFY(m_server->setBehavior(behavior));
    qputenv("BATCHLAB_TEST_TOKEN", "t0ken-from-env");
    ApiClient client(m_server->url(), noCache());
    Runner runner(&client);
    RequestSet set = usersSet(6);
    set.target = TargetSpec{};
    set.target->headers = {{QStringLiteral("Authorization"), QStringLiteral("{{scheme}} {{env:BATCHLAB_TEST_TOKEN}}")}};
    set.variables.append({QStringLiteral("scheme"), QStringLiteral("Bearer"), false});
    QSignalSpy finished(&runner, &Runner::finished);
    QString error;
    QVERIFY2(runner.start(set, m_server->url(), RunPlan{}, &error), qPrintable(error));
    QVERIFY(finished.wait(5000));
    QCOMPARE(runner.history().back().progress.succeeded, 6);
    QCOMPARE(m_server->counters().rejected, 0);
    // An unknown variable in a header stops the run before it starts, and says which.
    set.target->headers = {{QStringLiteral("Authorization"), QStringLiteral("Bearer {{env:BATCHLAB_NO_SUCH_TOKEN}}")}};
    QVERIFY(!runner.start(set, m_server->url(), RunPlan{}, &error));
    QVERIFY2(error.contains(QStringLiteral("env:BATCHLAB_NO_SUCH_TOKEN")), qPrintable(error));
    qunsetenv("BATCHLAB_TEST_TOKEN");
}

void TestRunner::aPausedRunSleeps()
{
    // A paused run, and one waiting for its next arrival, must not spin a core.
    for (const ArrivalPattern arrival : {ArrivalPattern::AllAtOnce, ArrivalPattern::FixedRate}) {
        ApiClient client(m_server->url(), noCache());
        Runner runner(&client);
        QString error;
        QVERIFY2(runner.start(usersSet(10), m_server->url(), RunPlan{100, arrival, 2, 1}, &error), qPrintable(error));
        if (arrival == ArrivalPattern::AllAtOnce)
            runner.pause();
        const std::clock_t before = std::clock();
        QTest::qWait(400);
        const double cpuMs = 1000.0 * double(std::clock() - before) / CLOCKS_PER_SEC;
        QVERIFY2(cpuMs < 150, qPrintable(QStringLiteral("%1 ms of CPU in 400 ms (%2)").arg(cpuMs).arg(arrivalPatternName(arrival))));
        runner.stop();
    }
}

void TestRunner::aRunnerMayGoBeforeItsClientOrAfter()
{
    // Calls still pending when the runner goes are cancelled and their answers ignored; when
    // the client goes first, the runner outlives it harmlessly. ASan watches both.
    SandboxBehavior slow;
    slow.latencyMs = 100;
    QVERIFY(m_server->setBehavior(slow));
    {
        ApiClient client(m_server->url(), noCache());
        auto runner = std::make_unique<Runner>(&client);
        QVERIFY(runner->start(usersSet(5), m_server->url(), RunPlan{}));
        QTest::qWait(20);
        runner.reset();
        QTest::qWait(200); // the answers arrive and find nobody
    }
    {
        auto client = std::make_unique<ApiClient>(m_server->url(), noCache());
        Runner runner(client.get());
        QVERIFY(runner.start(usersSet(5), m_server->url(), RunPlan{}));
        QTest::qWait(20);
        client.reset(); // settles the pending calls as cancelled, into a live runner
        QCOMPARE(runner.progress().settled(), 5);
    }
}

void TestRunner::aHugePlanIsRefusedNotOverflowed()
{
    // 50 000 requests × 100 000 iterations overflowed an int and reserved gigabytes up front.
    ApiClient client(m_server->url(), noCache());
    Runner runner(&client);
    QString error;
    QVERIFY(!runner.start(usersSet(50000), m_server->url(), RunPlan{100000, ArrivalPattern::AllAtOnce, 1, 1}, &error));
    QVERIFY2(error.contains(QStringLiteral("more than")), qPrintable(error));
    QCOMPARE(runner.state(), Runner::State::Idle);
}

QTEST_GUILESS_MAIN(TestRunner)
#include "tst_runner.moc"
