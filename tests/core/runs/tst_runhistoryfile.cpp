// SPDX-License-Identifier: BSD-3-Clause
// RunHistoryFile: a set's runs kept beside it, read back whole, refused when malformed.
#include "client/configchanges.h"
#include "runs/runhistoryfile.h"
#include "runs/runnumbers.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace batchlab;
using namespace std::chrono_literals;

namespace {

RunSummary sampleRun(int number)
{
    RunSummary s;
    s.number = number;
    s.setName = QStringLiteral("orders «EU»");
    s.startedAt = QDateTime(QDate(2026, 12, 3), QTime(14, 5, 6, 789));
    s.plan = RunPlan{40, ArrivalPattern::Poisson, 250.5, 7};
    s.config.batch.maxBatchSize = 5;
    s.config.retry.jitter = Jitter::Decorrelated;
    s.config.breaker.failureRateThreshold = 0.25;
    s.config.cache.enabled = false;
    // Knobs that only a set's file or the command line changes: a run keeps them too, or a
    // saved run would differ from a live one in the comparison of runs.
    s.config.retry.retryStatuses = {429, 503};
    s.config.retry.retryCost = 7;
    s.config.retry.timeoutRetryCost = 11;
    s.config.retry.successRefund = 2;
    s.config.breaker.buckets = 12;
    s.config.breaker.openBackoff = 1.5;
    s.config.breaker.halfOpenProbes = 2;
    s.config.breaker.maxPause = 30s;
    s.configAtEnd = s.config;
    s.configAtEnd.batch.maxBatchSize = 20;
    s.configAtEnd.batch.maxDelay = 2ms;
    s.settingsChanges = {{1200, {QStringLiteral("maxBatchSize 5 → 20")}},
                         {3400, {QStringLiteral("maxDelay 50 ms → 2 ms")}}};
    s.progress.total = 400;
    s.progress.sent = 380;
    s.progress.succeeded = 300;
    s.progress.failed = 30;
    s.progress.cancelled = 50;
    s.progress.elapsedMs = 5123;
    s.counters.calls = 380;
    s.counters.succeeded = 300;
    s.counters.failed = 80;
    s.counters.failuresByKind[size_t(ErrorKind::Cancelled)] = 50;
    s.counters.failuresByKind[size_t(ErrorKind::Http)] = 30;
    s.counters.flushesByReason[size_t(FlushReason::Size)] = 21;
    s.counters.httpRequests = 25;
    s.counters.batches = 22;
    s.counters.items = 290;
    s.counters.dedupHits = 40;
    s.counters.cacheHits = 3;
    s.counters.latency = {.count = 330, .p50 = 1500, .p90 = 9000, .p95 = 30000, .p99 = 45000, .max = 61000};
    s.stopped = true;
    return s;
}

} // namespace

class TestRunHistoryFile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void pathIsBesideTheSet_data();
    void pathIsBesideTheSet();
    void roundTripsEverything();
    void aMissingFileIsAnEmptyHistory();
    void keepsTheNewestRuns();
    void malformedFilesAreRefusedWithWhere_data();
    void malformedFilesAreRefusedWithWhere();
    void holdsNoHeaderOrVariable();
};

void TestRunHistoryFile::pathIsBesideTheSet_data()
{
    QTest::addColumn<QString>("set");
    QTest::addColumn<QString>("runs");
    QTest::newRow("set") << "/a/orders.batchlab.json" << "/a/orders.runs.json";
    QTest::newRow("other name") << "/a/orders.json" << "/a/orders.json.runs.json";
    QTest::newRow("unsaved") << "" << "";
}

void TestRunHistoryFile::pathIsBesideTheSet()
{
    QFETCH(QString, set);
    QFETCH(QString, runs);
    QCOMPARE(RunHistoryFile::pathFor(set), runs);
}

void TestRunHistoryFile::roundTripsEverything()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("orders.runs.json"));
    const std::vector<RunSummary> runs{sampleRun(1), sampleRun(2)};
    FileError error;
    QVERIFY2(RunHistoryFile::save(path, runs, &error), qPrintable(error.toString()));
    std::vector<RunSummary> read;
    QVERIFY2(RunHistoryFile::load(path, &read, &error), qPrintable(error.toString()));
    QCOMPARE(read.size(), size_t(2));
    const RunSummary &a = runs[1];
    const RunSummary &b = read[1];
    QCOMPARE(b.number, 2);
    QCOMPARE(b.setName, a.setName);
    QCOMPARE(b.startedAt, a.startedAt);
    QCOMPARE(b.plan.iterations, 40);
    QCOMPARE(b.plan.arrival, ArrivalPattern::Poisson);
    QCOMPARE(b.plan.ratePerSecond, 250.5);
    QCOMPARE(b.plan.seed, quint64(7));
    QCOMPARE(configChanges(a.config, b.config), QStringList());
    QCOMPARE(configChanges(a.configAtEnd, b.configAtEnd), QStringList());
    QCOMPARE(b.configAtEnd.batch.maxBatchSize, 20);
    QVERIFY(b.settingsChanges == a.settingsChanges);
    QCOMPARE(b.progress.cancelled, 50);
    QCOMPARE(b.progress.elapsedMs, 5123);
    QVERIFY(b.stopped);
    QCOMPARE(b.counters.latency.p95, 30000);
    QCOMPARE(b.counters.latency.p99, 45000);
    QCOMPARE(b.counters.latency.max, 61000);
    QCOMPARE(b.counters.flushesByReason, a.counters.flushesByReason);
    QCOMPARE(b.counters.failuresByKind, a.counters.failuresByKind);
    const RunNumbers x = RunNumbers::of(a);
    const RunNumbers y = RunNumbers::of(b);
    QCOMPARE(y.cancelled, x.cancelled);
    QCOMPARE(y.failed, 30);
    QCOMPARE(y.avoidedByBatching, x.avoidedByBatching);
    QCOMPARE(y.savedText(), x.savedText());
    // Written again, the same bytes: it diffs cleanly.
    QCOMPARE(RunHistoryFile::serialize(read), RunHistoryFile::serialize(runs));
}

void TestRunHistoryFile::aMissingFileIsAnEmptyHistory()
{
    QTemporaryDir dir;
    std::vector<RunSummary> read{sampleRun(1)};
    FileError error;
    QVERIFY(RunHistoryFile::load(dir.filePath(QStringLiteral("none.runs.json")), &read, &error));
    QVERIFY(read.empty());
    QVERIFY(!error.isError());
}

void TestRunHistoryFile::keepsTheNewestRuns()
{
    std::vector<RunSummary> runs;
    for (int i = 1; i <= kRunsKept + 7; ++i)
        runs.push_back(sampleRun(i));
    std::vector<RunSummary> read;
    QVERIFY(RunHistoryFile::parse(RunHistoryFile::serialize(runs), &read, nullptr));
    QCOMPARE(read.size(), size_t(kRunsKept));
    QCOMPARE(read.front().number, 8);
    QCOMPARE(read.back().number, kRunsKept + 7);
}

void TestRunHistoryFile::malformedFilesAreRefusedWithWhere_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("message");
    QTest::newRow("not json") << QByteArray("{\n  \"format\": \"batchlab-runs\",\n  \"runs\": [,]\n}")
                              << "runs.json:3:13: not valid JSON: illegal value";
    QTest::newRow("other format") << QByteArray(R"({"format": "postman", "version": 1, "runs": []})")
                                  << "runs.json: format: this is not a Batchlab run history";
    QTest::newRow("newer") << QByteArray(R"({"format": "batchlab-runs", "version": 9, "runs": []})")
                           << "runs.json: version: version 9 is not one this Batchlab reads (1 to 1)";
    QTest::newRow("wrong type")
        << QByteArray(R"({"format": "batchlab-runs", "version": 1, "runs": [{"number": 1}, {"settings": {"maxDelay": "5"}}]})")
        << "runs.json: runs[1].settings.maxDelay: expected a number";
    // Found by fuzz_wirehar: converting 1e300 to an integer is undefined; it is refused.
    QTest::newRow("huge count")
        << QByteArray(R"({"format": "batchlab-runs", "version": 1, "runs": [{"counts": {"calls": 1e300}}]})")
        << "runs.json: runs[0].counts.calls: a number out of range";
    QTest::newRow("huge delay")
        << QByteArray(R"({"format": "batchlab-runs", "version": 1, "runs": [{"settings": {"maxDelay": -5.9e115}}]})")
        << "runs.json: runs[0].settings.maxDelay: a number out of range";
    QTest::newRow("change")
        << QByteArray(R"({"format": "batchlab-runs", "version": 1, "runs": [{"settingsChanges": [{"atMs": 5, "changes": [3]}]}]})")
        << "runs.json: runs[0].settingsChanges[0].changes: expected an array of strings";
}

void TestRunHistoryFile::malformedFilesAreRefusedWithWhere()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, message);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("runs.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(json);
    file.close();
    std::vector<RunSummary> read{sampleRun(4)};
    FileError error;
    QVERIFY(!RunHistoryFile::load(path, &read, &error));
    QCOMPARE(error.toString(), message);
    QCOMPARE(read.size(), size_t(1)); // untouched
    QCOMPARE(read.front().number, 4);
}

void TestRunHistoryFile::holdsNoHeaderOrVariable()
{
    // A run summary has no place for target headers or variable values; the file says only
    // settings, plan and counts. This keeps it so if a field is ever added by mistake.
    const QByteArray json = RunHistoryFile::serialize({sampleRun(1)});
    for (const char *word : {"header", "Authorization", "variable", "token"})
        QVERIFY2(!json.contains(word), word);
}

QTEST_GUILESS_MAIN(TestRunHistoryFile)
#include "tst_runhistoryfile.moc"
