// SPDX-License-Identifier: BSD-3-Clause
// Requests' expectations over real runs against the sandbox: counted per run, a failed run,
// kept in the history file, one log event per broken check naming its call.
#include "log/eventfilterproxy.h"
#include "log/eventlogmodel.h"
#include "runs/requestsetfile.h"
#include "runs/runhistoryfile.h"
#include "runs/runner.h"
#include "runs/runnumbers.h"
#include "sandbox/sandboxserver.h"

#include <QBuffer>
#include <QSignalSpy>
#include <QtTest>

using namespace batchlab;
using namespace std::chrono_literals;

namespace {

RequestItem get(const char *name, const char *url, Expectation expect = {})
{
    RequestItem item;
    item.name = QLatin1String(name);
    item.url = QLatin1String(url);
    item.expect = std::move(expect);
    return item;
}

/// Per iteration: user 3 passes its three checks; "missing" is answered 404 for a 2xx
/// expectation; user 4 is not user 5; user 6 checks nothing.
RequestSet checkedSet()
{
    Expectation good;
    good.status = QStringLiteral("2xx");
    good.json = {{QStringLiteral("id"), JsonCheck::Op::Equals, 3},
                 {QStringLiteral("$.name"), JsonCheck::Op::Contains, QStringLiteral("Edsger")}};
    Expectation ok;
    ok.status = QStringLiteral("200,204");
    Expectation wrongId;
    wrongId.json = {{QStringLiteral("id"), JsonCheck::Op::Equals, 5}};
    RequestSet set;
    set.name = QStringLiteral("checked");
    set.requests = {get("user 3", "/users/3", good), get("missing", "/users/999999", ok),
                    get("user 4", "/users/4", wrongId), get("user 6", "/users/6")};
    return set;
}

ClientConfig config()
{
    ClientConfig c;
    c.cache.enabled = false;
    c.batch.maxDelay = 5ms;
    return c;
}

} // namespace

class TestRunChecks : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void checksAreCountedOverEveryAnswer();
    void aBrokenCheckFailsTheRunAndIsKeptInTheHistory();
    void eachBrokenCheckIsALogEventNamingItsCall();
    void latencyIsBoundAsTheTelemetryMeasuresIt();
    void aRunWithoutExpectationsChecksNothing();

private:
    RunSummary run(Runner &runner, const RequestSet &set, int iterations);
    std::unique_ptr<SandboxServer> m_server;
};

void TestRunChecks::init()
{
    m_server = std::make_unique<SandboxServer>();
    QVERIFY(m_server->start());
}

RunSummary TestRunChecks::run(Runner &runner, const RequestSet &set, int iterations)
{
    QSignalSpy finished(&runner, &Runner::finished);
    QString error;
    if (!runner.start(set, m_server->url(), RunPlan{iterations, ArrivalPattern::AllAtOnce, 0, 1}, &error))
        qWarning() << error;
    if (!finished.wait(10000))
        return {};
    return finished.at(0).at(0).value<RunSummary>();
}

void TestRunChecks::checksAreCountedOverEveryAnswer()
{
    ApiClient client(m_server->url(), config());
    Runner runner(&client);
    const RunSummary summary = run(runner, checkedSet(), 3);
    QCOMPARE(summary.progress.settled(), 12);
    // 3 iterations × (3 passed of user 3 + 1 broken of "missing" + 1 broken of user 4).
    QCOMPARE(summary.checks.passed, 9);
    QCOMPARE(summary.checks.failed, 6);
    QCOMPARE(summary.checks.failedCalls, 6);
    QCOMPARE(runner.runChecks(), summary.checks);
    const RunNumbers n = RunNumbers::of(summary);
    QCOMPARE(n.checksPassed, 9);
    QCOMPARE(n.checksFailed, 6);
    QCOMPARE(n.callsFailingChecks, 6);
    QCOMPARE(n.checks(), 15);
    QCOMPARE(n.checksText(), QStringLiteral("9/15 \u2717"));
    // The Network list's marker: the calls of "missing" and user 4, none of the others.
    int marked = 0;
    for (int i = 0; i < runner.calls()->size(); ++i) {
        const CallRecord &record = runner.calls()->at(i);
        const QString name = runner.calls()->label(record).name;
        QCOMPARE(record.checksFailed, name == QLatin1String("missing") || name == QLatin1String("user 4"));
        marked += record.checksFailed ? 1 : 0;
    }
    QCOMPARE(marked, 6);
}

void TestRunChecks::aBrokenCheckFailsTheRunAndIsKeptInTheHistory()
{
    ApiClient client(m_server->url(), config());
    Runner runner(&client);
    const RunSummary failing = run(runner, checkedSet(), 2);
    QVERIFY(RunNumbers::of(failing).checksBroke());
    RequestSet passing = checkedSet();
    passing.requests.remove(1, 2);
    const RunSummary passed = run(runner, passing, 2);
    QVERIFY(!RunNumbers::of(passed).checksBroke());
    QCOMPARE(RunNumbers::of(passed).checksText(), QStringLiteral("6/6 \u2713"));

    std::vector<RunSummary> read;
    FileError error;
    QVERIFY(RunHistoryFile::parse(RunHistoryFile::serialize(runner.history()), &read, &error));
    QCOMPARE(read.size(), size_t(2));
    QCOMPARE(read[0].checks, (CheckTally{6, 4, 4}));
    QCOMPARE(read[1].checks, (CheckTally{6, 0, 0}));
    QVERIFY(RunNumbers::of(read[0]).checksBroke());
    // A run that checked nothing writes no "checks", as before.
    runner.setHistory({});
    RequestSet plain = checkedSet();
    for (RequestItem &item : plain.requests)
        item.expect = {};
    run(runner, plain, 1);
    QVERIFY(!RunHistoryFile::serialize(runner.history()).contains("\"checks\""));
    // A malformed count is refused with its field.
    QByteArray text = RunHistoryFile::serialize({failing});
    text.replace("\"failedCalls\": 4", "\"failedCalls\": \"four\"");
    QVERIFY(!RunHistoryFile::parse(text, &read, &error));
    QCOMPARE(error.field, QStringLiteral("runs[0].checks.failedCalls"));
}

void TestRunChecks::eachBrokenCheckIsALogEventNamingItsCall()
{
    ApiClient client(m_server->url(), config());
    Runner runner(&client);
    EventLogModel log(client.telemetry());
    log.setCallDirectory(runner.calls());
    QSignalSpy broken(&runner, &Runner::checkFailed);
    run(runner, checkedSet(), 1);
    QCOMPARE(broken.size(), 2);
    const auto checkLines = [&log] {
        QStringList lines;
        for (int row = 0; row < log.rowCount(); ++row) {
            if (log.index(row, EventLogModel::Kind).data().toString() != QLatin1String("check-failed"))
                continue;
            lines.append(log.index(row, EventLogModel::Call).data().toString() + QStringLiteral(" | ")
                         + log.index(row, EventLogModel::Status).data().toString() + QStringLiteral(" | ")
                         + log.index(row, EventLogModel::Detail).data().toString());
        }
        lines.sort();
        return lines;
    };
    QTRY_COMPARE(checkLines().size(), 2); // the telemetry hands its events over on the event loop
    const QStringList lines = checkLines();
    QCOMPARE(lines, QStringList({QStringLiteral("missing · GET /users/999999 | 404 | expected status 200,204, got 404"),
                                 QStringLiteral("user 4 · GET /users/4 | 200 | id: expected 5, got 4")}));
    // The log's "failed" status shows them with the failed calls: the 404 and both checks.
    EventFilterProxy failed;
    failed.setSourceModel(&log);
    failed.setStatusClass(EventFilterProxy::StatusClass::Failed);
    failed.finish();
    QStringList failedKinds;
    for (int row = 0; row < failed.rowCount(); ++row)
        failedKinds.append(failed.index(row, EventLogModel::Kind).data().toString());
    failedKinds.sort();
    QCOMPARE(failedKinds, QStringList({QStringLiteral("check-failed"), QStringLiteral("check-failed"), QStringLiteral("failed")}));
    // Exported as the log says it.
    QBuffer exported;
    exported.open(QIODevice::WriteOnly);
    client.telemetry()->writeJsonLines(&exported);
    QVERIFY2(exported.data().contains(R"("kind":"check-failed")"), exported.data().constData());
    QVERIFY(exported.data().contains(R"("why":"id: expected 5, got 4")"));
    QCOMPARE(broken.at(0).at(1).toInt() == 1 ? broken.at(0).at(2).toString() : broken.at(1).at(2).toString(),
             QStringLiteral("expected status 200,204, got 404"));
}

void TestRunChecks::latencyIsBoundAsTheTelemetryMeasuresIt()
{
    SandboxBehavior slow;
    slow.latencyMs = 80;
    QVERIFY(m_server->setBehavior(slow));
    ApiClient client(m_server->url(), config());
    Runner runner(&client);
    Expectation tight;
    tight.maxLatencyMs = 40;
    Expectation loose;
    loose.maxLatencyMs = 5000;
    RequestSet set;
    set.name = QStringLiteral("slow");
    set.requests = {get("user 1", "/users/1", tight), get("user 2", "/users/2", loose)};
    QSignalSpy broken(&runner, &Runner::checkFailed);
    const RunSummary summary = run(runner, set, 2);
    QCOMPARE(summary.checks, (CheckTally{2, 2, 2}));
    // Every latency the telemetry took is at least the sandbox's delay.
    QVERIFY(summary.counters.latency.p50 >= 75'000); // its log buckets round down a little
    for (const QList<QVariant> &signal : broken) {
        const QString text = signal.at(2).toString();
        QVERIFY2(text.startsWith(QStringLiteral("took ")) && text.endsWith(QStringLiteral(" ms, bound 40 ms")), qPrintable(text));
        QVERIFY(text.mid(5, text.indexOf(u' ', 5) - 5).toInt() >= 80);
    }
}

void TestRunChecks::aRunWithoutExpectationsChecksNothing()
{
    ApiClient client(m_server->url(), config());
    Runner runner(&client);
    RequestSet set = checkedSet();
    for (RequestItem &item : set.requests)
        item.expect = {};
    const RunSummary summary = run(runner, set, 2);
    QCOMPARE(summary.checks, CheckTally());
    QCOMPARE(RunNumbers::of(summary).checksText(), QStringLiteral("—"));
    QCOMPARE(client.telemetry()->counters().failed, 2); // the 404s failed as calls, and only so
}

QTEST_MAIN(TestRunChecks)
#include "tst_runchecks.moc"
