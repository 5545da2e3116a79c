// SPDX-License-Identifier: BSD-3-Clause
// Runner: playing request sets through an ApiClient against the sandbox.
#include "engine/requestqueue.h"
#include "resilience/breakerregistry.h"
#include "runs/requestsetfile.h"
#include "runs/runner.h"
#include "sandbox/sandboxserver.h"
#include "support/testwait.h"
#include "wire/serverprofile.h"

#include <QSignalSpy>
#include <QtTest>

#include <algorithm>
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

RequestItem call(const char *name, const char *method, const char *url, const char *body = "")
{
    RequestItem item;
    item.name = QLatin1String(name);
    item.method = QLatin1String(method);
    item.url = QLatin1String(url);
    item.body = QLatin1String(body);
    if (*body)
        item.headers = {{QStringLiteral("Content-Type"), QStringLiteral("application/json")}};
    return item;
}

/// An order in change set "order" (two writes with a read between them that is not part of
/// it), and a read of the order that depends on its creation.
RequestSet orderSet()
{
    RequestSet set;
    set.name = QStringLiteral("order");
    set.requests = {call("create order", "PUT", "/items/3", R"({"name": "order 3"})"),
                    call("read user", "GET", "/users/1"),
                    call("add line", "PATCH", "/items/4", R"({"name": "line of order 3"})"),
                    call("read order", "GET", "/items/3")};
    set.requests[0].id = QStringLiteral("create");
    set.requests[0].group = QStringLiteral("order");
    set.requests[2].group = QStringLiteral("order");
    set.requests[3].dependsOn = {QStringLiteral("create")};
    return set;
}

/// For every call of the last run, in the order sent: the batch its answer came in.
struct CallTrace
{
    quint64 requestId;
    int row;
    quint64 batchId;
    qint64 settledAt;
    ErrorKind error;
};
std::vector<CallTrace> traceOf(const ApiClient &client, const Runner &runner)
{
    std::vector<CallTrace> out;
    for (const Event &event : client.telemetry()->eventsSince(0)) {
        if ((event.kind == EventKind::Settled || event.kind == EventKind::Failed)
            && runner.rowOfCall(event.requestId) >= 0)
            out.push_back({event.requestId, runner.rowOfCall(event.requestId), event.batchId,
                           event.time, event.error});
    }
    std::sort(out.begin(), out.end(),
              [](const CallTrace &a, const CallTrace &b) { return a.requestId < b.requestId; });
    return out;
}

/// When the HTTP request of `batchId` went out.
qint64 sentAt(const ApiClient &client, quint64 batchId)
{
    for (const Event &event : client.telemetry()->eventsSince(0)) {
        if (event.kind == EventKind::Sent && event.batchId == batchId)
            return event.time;
    }
    return -1;
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
    void recordedArrivalsPlayTheCapturesTiming();
    void pauseHoldsAndResumeFinishes();
    void stopCancelsWhatWaits();
    void unresolvableRequestIsNamed();
    void targetHeadersGoOnEveryHttpRequest();
    void aPausedRunSleeps();
    void aRunnerMayGoBeforeItsClientOrAfter();
    void aHugePlanIsRefusedNotOverflowed();
    void aBaseWithAPathKeepsIt_data();
    void aBaseWithAPathKeepsIt();
    void aChangeSetGoesInOneBatchAndItsDependentAfter_data();
    void aChangeSetGoesInOneBatchAndItsDependentAfter();
    void everyIterationHasItsOwnChangeSet();
    void aFailedDependencyIsNeverSent();
    void unusableOrderStopsTheRunBeforeItStarts();
    void stoppingInsideAChangeSetSendsNothingOfIt();
    void theOrderSampleRunsAgainstTheSandbox();
    void aRunStartsWithoutWhatTheLastOneLearned();
    void aRunMayKeepWhatTheLastOneLearned();
    void settingsChangedDuringARunAreKeptWithTheirTimes();
    void theHistoryIsBoundedAndMayBeReplaced();

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

void TestRunner::recordedArrivalsPlayTheCapturesTiming()
{
    // As a HAR import leaves them: 0, 120 and 60 ms after the first; one typed by hand, which
    // goes at the capture's start.
    RequestSet set = usersSet(4);
    set.requests[0].atMs = 1000;
    set.requests[1].atMs = 1120;
    set.requests[2].atMs = 1060; // listed after a later one: it waits for it
    ApiClient client(m_server->url(), noCache());
    Runner runner(&client);
    QVERIFY(runner.start(set, m_server->url(), RunPlan{2, ArrivalPattern::Recorded, 1, 1}));
    QVERIFY(waitUntil([&] { return runner.state() == Runner::State::Finished; }, 5000));
    QCOMPARE(runner.progress().succeeded, 8);
    const CallDirectory *calls = runner.calls();
    QCOMPARE(calls->size(), 8);
    // Due (ms from the start): 0, 120, 120, 0 → 120 (in order), then the next iteration 121
    // ms later: 121, 241, 241, 241. None goes early; each leaves in the set's order.
    const qint64 due[] = {0, 120, 120, 120, 121, 241, 241, 241};
    qint64 previous = 0;
    for (int i = 0; i < 8; ++i) {
        const qint64 sentMs = calls->sentSinceRunStart(calls->at(i)) / 1'000'000;
        QVERIFY2(sentMs >= due[i], qPrintable(QStringLiteral("call %1 sent at %2 ms, due at %3").arg(i).arg(sentMs).arg(due[i])));
        QVERIFY(sentMs >= previous);
        previous = sentMs;
    }
    QVERIFY2(calls->sentSinceRunStart(calls->at(0)) / 1'000'000 < 100, "the first call is due at once");
    QCOMPARE(runner.history().back().plan.arrival, ArrivalPattern::Recorded);
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
    const RunProgress atPause = runner.progress();
    waitUntil([] { return false; }, 100);
    QCOMPARE(runner.progress().sent, atPause.sent);
    // Time stands still while paused: elapsed time and the estimate do not move on.
    QCOMPARE(runner.progress().elapsedMs, atPause.elapsedMs);
    QCOMPARE(runner.progress().etaMs, atPause.etaMs);
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
    // Stop cancelled them: they are counted as cancelled, not as failures of the server.
    QCOMPARE(summary.progress.cancelled, 30);
    QCOMPARE(summary.progress.failed, 0);
    QCOMPARE(summary.progress.settled(), 30);
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

void TestRunner::aChangeSetGoesInOneBatchAndItsDependentAfter_data()
{
    QTest::addColumn<QString>("profile");
    QTest::newRow("OData 4.0, multipart") << QStringLiteral("odata-4.0");
    QTest::newRow("OData 4.01, JSON") << QStringLiteral("odata-4.01");
}

void TestRunner::aChangeSetGoesInOneBatchAndItsDependentAfter()
{
    QFETCH(QString, profile);
    ClientConfig config = noCache();
    config.batch.applyProfile(*ServerProfile::find(profile), true);
    config.batch.maxDelay = 5ms;
    ApiClient client(m_server->url(), config);
    Runner runner(&client);
    QSignalSpy finished(&runner, &Runner::finished);
    QString error;
    // 50 ms between calls, ten times the batch window: alone, each call would go in a batch
    // of its own.
    QVERIFY2(runner.start(orderSet(), m_server->url(), RunPlan{1, ArrivalPattern::FixedRate, 20, 1},
                          &error),
             qPrintable(error));
    QVERIFY(finished.wait(5000));
    QCOMPARE(runner.history().back().progress.succeeded, 4);
    const std::vector<CallTrace> trace = traceOf(client, runner);
    QCOMPARE(trace.size(), size_t(4));
    // The first write of the change set waited for the second, 100 ms later, and both went
    // in one batch; the read between them did not wait; the read that depends on the first
    // write went after the change set was answered.
    QVERIFY(trace[0].batchId != 0);
    QCOMPARE(trace[2].batchId, trace[0].batchId);
    QVERIFY(trace[1].batchId != trace[0].batchId);
    QVERIFY(sentAt(client, trace[1].batchId) < sentAt(client, trace[0].batchId));
    QVERIFY(trace[3].batchId != trace[0].batchId);
    QVERIFY(sentAt(client, trace[3].batchId) > trace[0].settledAt);
    const SandboxCounters counters = m_server->counters();
    QCOMPARE(counters.batchItems + counters.httpRequests - counters.batchRequests, 4);
    QCOMPARE(counters.httpRequests, 3);
    // It read what the change set wrote.
    QCOMPARE(runner.lastResult(3)->response.json()[QStringLiteral("name")].toString(),
             QStringLiteral("order 3"));
}

void TestRunner::everyIterationHasItsOwnChangeSet()
{
    ClientConfig config = noCache();
    config.batch.dedup = DedupScope::Off; // every iteration's "read user" reaches the server
    ApiClient client(m_server->url(), config);
    Runner runner(&client);
    QSignalSpy finished(&runner, &Runner::finished);
    QString error;
    QVERIFY2(runner.start(orderSet(), m_server->url(), RunPlan{3, ArrivalPattern::AllAtOnce, 0, 1},
                          &error),
             qPrintable(error));
    QVERIFY(finished.wait(5000));
    QCOMPARE(runner.history().back().progress.succeeded, 12);
    const std::vector<CallTrace> trace = traceOf(client, runner);
    QCOMPARE(trace.size(), size_t(12));
    // Calls go out in set order, iteration after iteration: each iteration's two members
    // share a batch, and its dependent read waits for a later one.
    for (size_t iteration = 0; iteration < 3; ++iteration) {
        const CallTrace *calls = &trace[iteration * 4];
        QCOMPARE(calls[0].row, 0);
        QCOMPARE(calls[2].batchId, calls[0].batchId);
        QVERIFY(calls[3].batchId != calls[0].batchId);
        QVERIFY(sentAt(client, calls[3].batchId) > calls[0].settledAt);
    }
    const SandboxCounters counters = m_server->counters();
    QCOMPARE(counters.batchItems + counters.httpRequests - counters.batchRequests, 12);
}

void TestRunner::aFailedDependencyIsNeverSent()
{
    ApiClient client(m_server->url(), noCache());
    Runner runner(&client);
    RequestSet set;
    set.requests = {call("missing item", "GET", "/items/0"),
                    call("rename it", "PATCH", "/items/5", R"({"name": "x"})"),
                    call("independent", "GET", "/users/2")};
    set.requests[0].id = QStringLiteral("missing");
    set.requests[1].dependsOn = {QStringLiteral("missing")};
    QSignalSpy finished(&runner, &Runner::finished);
    QString error;
    QVERIFY2(runner.start(set, m_server->url(), RunPlan{}, &error), qPrintable(error));
    QVERIFY(finished.wait(5000));
    QCOMPARE(runner.lastResult(0)->error.status, 404);
    const ApiResult dependent = *runner.lastResult(1);
    QCOMPARE(dependent.error.kind, ErrorKind::Dependency);
    QVERIFY2(dependent.error.message.contains(QStringLiteral("depends on")),
             qPrintable(dependent.error.toString()));
    QVERIFY(runner.lastResult(2)->ok());
    // The server never saw the PATCH, in a batch or alone.
    const SandboxCounters counters = m_server->counters();
    QCOMPARE(counters.itemsByRoute.value(QStringLiteral("PATCH /items/{id}")), 0);
    QCOMPARE(counters.requestsByRoute.value(QStringLiteral("PATCH /items/{id}")), 0);
    QCOMPARE(counters.itemsByRoute.value(QStringLiteral("GET /items/{id}"))
                 + counters.requestsByRoute.value(QStringLiteral("GET /items/{id}")),
             1);
    QCOMPARE(runner.history().back().counters.failures(ErrorKind::Dependency), 1);
}

void TestRunner::unusableOrderStopsTheRunBeforeItStarts()
{
    ApiClient client(m_server->url(), noCache());
    Runner runner(&client);
    QString error;
    // A dependency on a request turned off: running the dependent anyway could do what the
    // dependency was there to prevent.
    RequestSet set = orderSet();
    set.requests[0].enabled = false;
    QVERIFY(!runner.start(set, m_server->url(), RunPlan{}, &error));
    QVERIFY2(error.contains(QStringLiteral("request 4 (read order)"))
                 && error.contains(QStringLiteral("request 1 (create order)"))
                 && error.contains(QStringLiteral("turned off")),
             qPrintable(error));
    // A set made in code, unchecked: an unknown id is named like a file's.
    set = orderSet();
    set.requests[3].dependsOn = {QStringLiteral("nobody")};
    QVERIFY(!runner.start(set, m_server->url(), RunPlan{}, &error));
    QVERIFY2(error.contains(QStringLiteral(
                 "request 4 (read order): dependsOn[0]: no request has the id \"nobody\"")),
             qPrintable(error));
    QCOMPARE(runner.state(), Runner::State::Idle);
    QCOMPARE(m_server->counters().httpRequests, 0);
    // Turned off, a member just leaves its change set.
    set = orderSet();
    set.requests[2].enabled = false;
    QVERIFY2(runner.start(set, m_server->url(), RunPlan{}, &error), qPrintable(error));
    QVERIFY(waitUntil([&] { return runner.state() == Runner::State::Finished; }, 5000));
    QCOMPARE(runner.progress().succeeded, 3);
}

void TestRunner::stoppingInsideAChangeSetSendsNothingOfIt()
{
    // Arrivals 200 ms apart: the run is stopped after the first member of the change set
    // went into its group and before the last one came.
    ApiClient client(m_server->url(), noCache());
    Runner runner(&client);
    QString error;
    QVERIFY2(runner.start(orderSet(), m_server->url(), RunPlan{1, ArrivalPattern::FixedRate, 5, 1},
                          &error),
             qPrintable(error));
    QVERIFY(waitUntil(
        [&] { return runner.progress().sent == 2 && runner.progress().settled() == 1; }, 2000));
    runner.stop();
    QCOMPARE(runner.state(), Runner::State::Stopped);
    QCOMPARE(runner.history().back().progress.cancelled, 1);
    QCOMPARE(runner.history().back().progress.failed, 0);
    QCOMPARE(runner.lastResult(0)->error.kind, ErrorKind::Cancelled);
    QCOMPARE(m_server->counters().itemsByRoute.value(QStringLiteral("PUT /items/{id}"))
                 + m_server->counters().requestsByRoute.value(QStringLiteral("PUT /items/{id}")),
             0);
    // The client goes on: the next run opens change sets of its own and completes.
    QVERIFY2(runner.start(orderSet(), m_server->url(), RunPlan{}, &error), qPrintable(error));
    QVERIFY(waitUntil([&] { return runner.state() == Runner::State::Finished; }, 5000));
    QCOMPARE(runner.progress().succeeded, 4);
}

void TestRunner::theOrderSampleRunsAgainstTheSandbox()
{
    RequestSet set;
    FileError error;
    QVERIFY2(RequestSetFile::load(
                 QStringLiteral(BATCHLAB_SOURCE "/resources/sets/order-change-set.batchlab.json"),
                 &set, &error),
             qPrintable(error.toString()));
    QCOMPARE(set.target->profile, QStringLiteral("odata-4.0"));
    ClientConfig config = noCache();
    config.batch.applyProfile(*ServerProfile::find(set.target->profile), true);
    ApiClient client(m_server->url(), config);
    Runner runner(&client);
    QSignalSpy finished(&runner, &Runner::finished);
    QString problem;
    QVERIFY2(
        runner.start(set, m_server->url(), RunPlan{2, ArrivalPattern::AllAtOnce, 0, 1}, &problem),
        qPrintable(problem));
    QVERIFY(finished.wait(5000));
    // Per iteration: the change set, the reads after it and the customer succeed; the old
    // order is not found, and archiving it is never sent.
    const RunSummary summary = runner.history().back();
    QCOMPARE(summary.progress.succeeded, 12);
    QCOMPARE(summary.counters.failures(ErrorKind::Http), 2);
    QCOMPARE(summary.counters.failures(ErrorKind::Dependency), 2);
    const int archive = int(set.requests.size()) - 1;
    QCOMPARE(runner.lastResult(archive)->error.kind, ErrorKind::Dependency);
    const SandboxCounters counters = m_server->counters();
    QCOMPARE(counters.itemsByRoute.value(QStringLiteral("DELETE /items/{id}"))
                 + counters.requestsByRoute.value(QStringLiteral("DELETE /items/{id}")),
             0);
    QCOMPARE(runner.lastResult(4)->response.json()[QStringLiteral("status")].toString(),
             QStringLiteral("placed"));
}

namespace {
/// A first run against a sandbox failing every item: the breaker of its origin opens, retries
/// spend the budget and the batch limit of 3 is learned. The faults are then gone.
void failAFirstRun(SandboxServer *server, ApiClient *client, Runner *runner)
{
    SandboxBehavior broken = server->behavior();
    broken.itemErrorRate = 1.0;
    broken.maxBatchItems = 3;
    server->setBehavior(broken);
    QSignalSpy finished(runner, &Runner::finished);
    QVERIFY(runner->start(usersSet(10), server->url(), RunPlan{}));
    QVERIFY(finished.wait(10000));
    const QString origin = server->url().adjusted(QUrl::RemovePath).toString();
    QCOMPARE(client->breakers()->stateFor(origin), BreakerState::Open);
    QVERIFY(client->queue()->retryBudget(origin) < client->config().retry.budgetCapacity);
    QVERIFY(!client->queue()->learnedLimits().isEmpty());
    server->setBehavior(SandboxBehavior());
}
} // namespace

void TestRunner::aRunStartsWithoutWhatTheLastOneLearned()
{
    ClientConfig config = noCache();
    config.retry.baseDelay = 1ms;
    config.retry.jitter = Jitter::None;
    ApiClient client(m_server->url(), config);
    Runner runner(&client);
    QVERIFY(!runner.keepsServerState());
    failAFirstRun(m_server.get(), &client, &runner);
    if (QTest::currentTestFailed())
        return;
    QSignalSpy finished(&runner, &Runner::finished);
    QVERIFY(runner.start(usersSet(8), m_server->url(), RunPlan{}));
    const QString origin = m_server->url().adjusted(QUrl::RemovePath).toString();
    QCOMPARE(client.queue()->retryBudget(origin), config.retry.budgetCapacity);
    QVERIFY(client.queue()->learnedLimits().isEmpty());
    QVERIFY(finished.wait(5000));
    const RunSummary second = runner.history().back();
    QCOMPARE(second.progress.succeeded, 8); // none rejected by run 1's open breaker
    QCOMPARE(second.counters.failures(ErrorKind::CircuitOpen), 0);
    // The breaker's close is in the event stream, before the run's calls.
    bool closed = false;
    for (const Event &e : client.telemetry()->eventsSince(0))
        closed = closed || (e.kind == EventKind::BreakerChanged && BreakerState(e.value) == BreakerState::Closed);
    QVERIFY(closed);
}

void TestRunner::aRunMayKeepWhatTheLastOneLearned()
{
    ApiClient client(m_server->url(), noCache());
    Runner runner(&client);
    runner.setKeepServerState(true);
    failAFirstRun(m_server.get(), &client, &runner);
    if (QTest::currentTestFailed())
        return;
    QSignalSpy finished(&runner, &Runner::finished);
    QVERIFY(runner.start(usersSet(8), m_server->url(), RunPlan{}));
    QVERIFY(finished.wait(5000));
    const RunSummary second = runner.history().back();
    QCOMPARE(second.progress.failed, 8);
    QCOMPARE(second.counters.failures(ErrorKind::CircuitOpen), 8);
    QVERIFY(!client.queue()->learnedLimits().isEmpty());
}

void TestRunner::settingsChangedDuringARunAreKeptWithTheirTimes()
{
    ApiClient client(m_server->url(), noCache());
    Runner runner(&client);
    QSignalSpy finished(&runner, &Runner::finished);
    ClientConfig before = client.config();
    before.batch.maxBatchSize = 5;
    QVERIFY(client.setConfig(before)); // before the run: not one of its changes
    // 30 calls at 100/s last about 300 ms; two changes are made while they go out.
    QVERIFY(runner.start(usersSet(10), m_server->url(), RunPlan{3, ArrivalPattern::FixedRate, 100, 1}));
    QTimer::singleShot(60, &client, [&client] {
        ClientConfig c = client.config();
        c.batch.maxBatchSize = 20;
        client.setConfig(c);
    });
    QTimer::singleShot(150, &client, [&client] {
        ClientConfig c = client.config();
        c.batch.maxDelay = 2ms;
        c.retry.maxAttempts = 1;
        client.setConfig(c);
    });
    QVERIFY(finished.wait(5000));
    ClientConfig after = client.config();
    after.cache.defaultTtl = 1s;
    QVERIFY(client.setConfig(after)); // after the run: not one of its changes either
    const RunSummary summary = runner.history().back();
    QCOMPARE(summary.config.batch.maxBatchSize, 5);
    QCOMPARE(summary.configAtEnd.batch.maxBatchSize, 20);
    QCOMPARE(summary.configAtEnd.batch.maxDelay, 2ms);
    QCOMPARE(summary.settingsChanges.size(), size_t(2));
    const SettingsChange &first = summary.settingsChanges[0];
    const SettingsChange &second = summary.settingsChanges[1];
    QCOMPARE(first.changes, QStringList{QStringLiteral("maxBatchSize 5 → 20")});
    QCOMPARE(second.changes,
             (QStringList{QStringLiteral("batch.maxDelayMs 5 ms → 2 ms"), QStringLiteral("retry.maxAttempts 3 → 1")}));
    QVERIFY2(first.atMs >= 55 && first.atMs < second.atMs, qPrintable(QString::number(first.atMs)));
    QVERIFY2(second.atMs >= 145 && second.atMs <= summary.progress.elapsedMs + 50,
             qPrintable(QString::number(second.atMs)));
    // The next run starts with no changes of its own.
    QVERIFY(runner.start(usersSet(2), m_server->url(), RunPlan{}));
    QVERIFY(finished.wait(5000));
    QVERIFY(runner.history().back().settingsChanges.empty());
    QCOMPARE(runner.history().back().config.cache.defaultTtl, 1s);
}

void TestRunner::theHistoryIsBoundedAndMayBeReplaced()
{
    ApiClient client(m_server->url(), noCache());
    Runner runner(&client);
    std::vector<RunSummary> loaded(size_t(kRunsKept) + 5);
    for (size_t i = 0; i < loaded.size(); ++i)
        loaded[i].number = int(i) + 1;
    QVERIFY(runner.setHistory(loaded));
    QCOMPARE(runner.history().size(), size_t(kRunsKept));
    QCOMPARE(runner.history().front().number, 6);
    QSignalSpy finished(&runner, &Runner::finished);
    QVERIFY(runner.start(usersSet(2), m_server->url(), RunPlan{}));
    QVERIFY(!runner.setHistory({})); // not while a run is going
    QVERIFY(finished.wait(5000));
    QCOMPARE(runner.history().size(), size_t(kRunsKept));
    QCOMPARE(runner.history().back().number, kRunsKept + 6); // numbered after the loaded ones
    QCOMPARE(runner.history().front().number, 7);
}

QTEST_GUILESS_MAIN(TestRunner)
#include "tst_runner.moc"
