// SPDX-License-Identifier: BSD-3-Clause
// RunMetrics, the summary table and the summary JSON of real runs against the sandbox: every
// metric equals the telemetry's counters and what the sandbox received; the table has its rows,
// its thresholds and no line over 80 columns; the JSON says the same numbers under the metric
// names thresholds use. BATCHLAB_SHOW_SUMMARY=1 prints the tables, to look at them.
#include "runs/record/runrecorder.h"
#include "runs/verdict/runmetrics.h"
#include "runs/verdict/runsummaryjson.h"
#include "runs/verdict/runsummarytable.h"
#include "runs/verdict/threshold.h"
#include "sandbox/sandboxserver.h"
#include "transport/wirelog.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QtTest>

#include "support/recordedruns.h"

using namespace batchlab;
using namespace std::chrono_literals;
using recordedruns::usersSet;

namespace {

std::vector<ThresholdResult> verdicts(const RunMetrics &metrics, const QStringList &expressions)
{
    std::vector<ThresholdResult> out;
    for (const QString &e : expressions) {
        QString error;
        const std::optional<Threshold> t = Threshold::parse(e, &error);
        if (!t)
            qFatal("%s: %s", qPrintable(e), qPrintable(error));
        out.push_back(t->evaluate(metrics));
    }
    return out;
}

} // namespace

class TestRunMetrics : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void metricsEqualTheTelemetryAndTheSandbox();
    void failuresAreCountedByKind();
    void aRunAnsweredByTheCacheHasNoSaved();
    void tableHasEveryRowAndFitsTheTerminal();
    void tableInAsciiIsAscii();
    void jsonSaysWhatTheMetricsSay();

private:
    RunRecord run(ApiClient &client, const RequestSet &set, int iterations = 1);
    std::unique_ptr<SandboxServer> m_server;
};

void TestRunMetrics::init()
{
    m_server = std::make_unique<SandboxServer>();
    QVERIFY(m_server->start());
}

RunRecord TestRunMetrics::run(ApiClient &client, const RequestSet &set, int iterations)
{
    WireLog wire;
    client.setWireLog(&wire);
    Runner runner(&client);
    runner.setKeepServerState(true);
    RunRecorder recorder(&runner, client.telemetry(), &wire);
    QSignalSpy recorded(&recorder, &RunRecorder::recorded);
    QString error;
    if (!runner.start(set, m_server->url(), RunPlan{iterations, ArrivalPattern::AllAtOnce, 0, 1}, &error)) {
        qWarning() << error;
        return {};
    }
    if (!recorded.wait(15000) || !recorder.last())
        return {};
    client.setWireLog(nullptr);
    return *recorder.last();
}

void TestRunMetrics::metricsEqualTheTelemetryAndTheSandbox()
{
    ApiClient client(m_server->url(), recordedruns::quickConfig(4));
    // 10 users in batches of 4, 4, 2, twice over; the two copies of user 1 share its item.
    const RunRecord record = run(client, usersSet(10, 2), 2);
    const RunMetrics m = RunMetrics::of(record);
    const TelemetryCounters t = client.telemetry()->counters(); // a fresh client: all of it is the run's
    const SandboxCounters s = m_server->counters();
    using M = RunMetrics::Metric;

    QCOMPARE(m.numbers.calls, 24);
    QCOMPARE(m.numbers.calls, t.calls);
    QCOMPARE(m.numbers.succeeded, t.succeeded);
    QCOMPARE(m.numbers.failed, 0);
    QCOMPARE(m.numbers.httpRequests, t.httpRequests);
    QCOMPARE(m.numbers.httpRequests, s.httpRequests);
    QCOMPARE(m.numbers.batches, t.batches);
    QCOMPARE(m.numbers.batches, s.batchRequests);
    QCOMPARE(m.numbers.itemsSent, s.batchItems + (s.httpRequests - s.batchRequests));
    QCOMPARE(m.numbers.avoidedByDedup, t.dedupHits);
    QCOMPARE(m.numbers.retries, t.retries);
    QCOMPARE(m.numbers.cacheHits, t.cacheHits);
    QCOMPARE(*m.value(M::Calls), double(t.calls));
    QCOMPARE(*m.value(M::HttpRequests), double(s.httpRequests));
    QCOMPARE(*m.value(M::Batches), double(s.batchRequests));
    QCOMPARE(*m.value(M::DedupHits), double(t.dedupHits));
    QCOMPARE(*m.value(M::Failures), 0.0);
    QCOMPARE(*m.value(M::Cancelled), 0.0);
    // Saved as RunNumbers says it: avoided of the requests the calls would have needed alone.
    const double avoided = double(t.items - t.httpRequests + t.dedupHits);
    QVERIFY(m.value(M::Saved));
    QCOMPARE(*m.value(M::Saved), 100.0 * avoided / (double(t.httpRequests) + avoided));
    QCOMPARE(m.value(M::Saved), RunNumbers::of(t).savedPercent());
    // The percentiles are the run's histograms', in ms; every call settled and was timed.
    QCOMPARE(m.latency.count, t.calls);
    QCOMPARE(m.latency.count, record.summary.counters.latency.count);
    QCOMPARE(*m.value(M::P50), double(record.summary.counters.latency.p50) / 1000.0);
    QCOMPARE(*m.value(M::P95), double(record.summary.counters.latency.p95) / 1000.0);
    QCOMPARE(*m.value(M::QueueP95), double(record.summary.counters.queueWait.p95) / 1000.0);
    QVERIFY(*m.value(M::P50) <= *m.value(M::P90));
    QVERIFY(*m.value(M::P90) <= *m.value(M::P95));
    QVERIFY(*m.value(M::P95) <= *m.value(M::P99));
    QVERIFY(*m.value(M::P99) <= *m.value(M::Max));
    QVERIFY(*m.value(M::QueueP90) <= *m.value(M::QueueP95));
    // Duration and rate from the record.
    QVERIFY(record.durationNs > 0);
    QCOMPARE(*m.value(M::Duration), double(record.durationNs) / 1e9);
    QCOMPARE(*m.value(M::Rate), double(t.calls) / (double(record.durationNs) / 1e9));
    // The latency's p95 is also what the calls' own latencies say, to the histogram's
    // resolution (about 3 %): the percentile is of this run's calls, not of something else.
    std::vector<qint64> latencies;
    for (const RecordedCall &c : record.calls)
        latencies.push_back(c.latencyNs() / 1000);
    std::sort(latencies.begin(), latencies.end());
    const double exact = double(latencies.at(size_t(std::ceil(0.95 * double(latencies.size()))) - 1)) / 1000.0;
    QVERIFY2(*m.value(M::P95) >= exact * 0.9 - 0.1 && *m.value(M::P95) <= exact * 1.1 + 0.1,
             qPrintable(QStringLiteral("%1 vs %2").arg(*m.value(M::P95)).arg(exact)));
}

void TestRunMetrics::failuresAreCountedByKind()
{
    SandboxBehavior failing;
    failing.itemErrorRate = 1.0;
    failing.itemErrorStatus = 404; // not retried
    m_server->setBehavior(failing);
    ApiClient client(m_server->url(), recordedruns::quickConfig(5));
    const RunMetrics m = RunMetrics::of(run(client, usersSet(10)));
    const TelemetryCounters t = client.telemetry()->counters();
    QCOMPARE(m.numbers.calls, 10);
    QCOMPARE(m.numbers.failed, t.failed);
    QCOMPARE(m.numbers.failed, m_server->counters().itemErrors);
    QCOMPARE(m.failures(ErrorKind::Http), 10);
    QCOMPARE(m.failures(ErrorKind::Http), t.failures(ErrorKind::Http));
    QCOMPARE(*m.value(RunMetrics::Metric::Failures), 10.0);
    // Every call failed, yet batching still saved the requests it saved: 10 calls in 2.
    QCOMPARE(*m.value(RunMetrics::Metric::Saved), 80.0);
    const std::vector<ThresholdResult> v = verdicts(m, {QStringLiteral("failures==0"), QStringLiteral("failures<=100%")});
    QVERIFY(!v.at(0).passed);
    QCOMPARE(v.at(0).valueText, QStringLiteral("10"));
    QVERIFY(v.at(1).passed);
    QCOMPARE(v.at(1).valueText, QStringLiteral("100.0%"));
    const QString table = RunSummaryTable::text(m, v);
    if (qEnvironmentVariableIsSet("BATCHLAB_SHOW_SUMMARY"))
        qInfo().noquote() << table;
    QVERIFY2(table.contains(QRegularExpression(QStringLiteral("\n      http \\.+:\\s+10\n"))), qPrintable(table));
}

void TestRunMetrics::aRunAnsweredByTheCacheHasNoSaved()
{
    ApiClient client(m_server->url(), recordedruns::quickConfig(10, true));
    run(client, usersSet(6));
    const qint64 requestsBefore = m_server->counters().httpRequests;
    const RunMetrics m = RunMetrics::of(run(client, usersSet(6)));
    QCOMPARE(m_server->counters().httpRequests, requestsBefore); // nothing went out
    QCOMPARE(m.numbers.cacheHits, 6);
    QCOMPARE(*m.value(RunMetrics::Metric::CacheHits), 6.0);
    QVERIFY(!m.value(RunMetrics::Metric::Saved));
    QVERIFY(!m.value(RunMetrics::Metric::QueueP50)); // no call waited in a batch
    const std::vector<ThresholdResult> v = verdicts(m, {QStringLiteral("saved>=0%")});
    QVERIFY(!v.at(0).passed);
    QVERIFY(!v.at(0).reason.isEmpty());
    const QJsonObject json = RunSummaryJson::toJson(m, v);
    QVERIFY(json.value(QStringLiteral("saved")).isNull());
    QCOMPARE(json.value(QStringLiteral("cache_hits")).toDouble(), 6.0);
    QVERIFY(!json.value(QStringLiteral("passed")).toBool());
    QVERIFY(RunSummaryTable::text(m, v).contains(v.at(0).reason));
}

void TestRunMetrics::tableHasEveryRowAndFitsTheTerminal()
{
    ApiClient client(m_server->url(), recordedruns::quickConfig(4));
    const RunMetrics m = RunMetrics::of(run(client, usersSet(10, 2)));
    const std::vector<ThresholdResult> v =
        verdicts(m, {QStringLiteral("saved>=50%"), QStringLiteral("http_requests<=2"), QStringLiteral("p95<60s")});
    const QString table = RunSummaryTable::text(m, v);
    if (qEnvironmentVariableIsSet("BATCHLAB_SHOW_SUMMARY"))
        qInfo().noquote() << table << RunSummaryTable::text(m, v, false);
    const QStringList lines = table.split(u'\n');
    for (const QString &line : lines)
        QVERIFY2(line.size() <= RunSummaryTable::kWidth, qPrintable(line));
    // The rows, in order, each with its number (timing values only by shape).
    const auto row = [](const QString &label, const QString &value) {
        return QRegularExpression(QStringLiteral("^ +%1 \\.*: +%2( |$)")
                                      .arg(QRegularExpression::escape(label), QRegularExpression::escape(value)));
    };
    const std::vector<std::pair<QString, QString>> rows{
        {QStringLiteral("calls"), QStringLiteral("12")},
        {QStringLiteral("succeeded"), QStringLiteral("12")},
        {QStringLiteral("failed"), QStringLiteral("0")},
        {QStringLiteral("cancelled"), QStringLiteral("0")},
        {QStringLiteral("HTTP requests"), QString::number(m_server->counters().httpRequests)},
        {QStringLiteral("saved"), QStringLiteral("75.0%")},
        {QStringLiteral("dedup hits"), QStringLiteral("2")},
        {QStringLiteral("cache hits"), QStringLiteral("0")},
        {QStringLiteral("retries"), QStringLiteral("0")},
        {QStringLiteral("checks"), QStringLiteral("\u2014")},
        {QStringLiteral("latency"), QStringLiteral("\\d+\\.\\d\\d?ms")},
        {QStringLiteral("queue wait"), QStringLiteral("\\d+\\.\\d\\d?ms")},
        {QStringLiteral("duration"), QStringLiteral("\\d+\\.\\d+m?s")},
        {QStringLiteral("rate"), QStringLiteral("\\d+\\.\\d")},
        {QStringLiteral("\u2713 saved>=50%"), QStringLiteral("75.0%")},
        {QStringLiteral("\u2717 http_requests<=2"), QStringLiteral("3")},
        {QStringLiteral("\u2713 p95<60s"), QStringLiteral("\\d+\\.\\d\\d\\ds")},
    };
    qsizetype at = 0;
    for (const auto &[label, value] : rows) {
        QRegularExpression re = row(label, value);
        if (label == QLatin1String("latency") || label == QLatin1String("queue wait")
            || label == QLatin1String("duration") || label == QLatin1String("rate") || label.contains(u"p95"))
            re.setPattern(re.pattern().replace(QRegularExpression::escape(value), value)); // a pattern, not text
        qsizetype found = -1;
        for (qsizetype i = at; i < lines.size(); ++i) {
            if (re.match(lines.at(i)).hasMatch()) {
                found = i;
                break;
            }
        }
        QVERIFY2(found >= 0, qPrintable(label + QStringLiteral(" after line ") + QString::number(at) + u'\n' + table));
        at = found + 1;
    }
    // Percentile rows carry five columns (p50 p90 p95 p99 max) under their header.
    const qsizetype header = lines.indexOf(QRegularExpression(QStringLiteral("^ +p50 +p90 +p95 +p99 +max$")));
    QVERIFY2(header >= 0, qPrintable(table));
    QCOMPARE(lines.at(header + 1).count(QStringLiteral("ms")), 5);
    QCOMPARE(lines.at(header + 1).size(), lines.at(header).size()); // right-aligned under it
}

void TestRunMetrics::tableInAsciiIsAscii()
{
    ApiClient client(m_server->url(), recordedruns::quickConfig(4));
    const RunMetrics m = RunMetrics::of(run(client, usersSet(6)));
    const std::vector<ThresholdResult> v = verdicts(m, {QStringLiteral("failures==0"), QStringLiteral("calls>6")});
    const QString table = RunSummaryTable::text(m, v, false);
    for (const QChar c : table)
        QVERIFY2(c.unicode() < 128 && (c.unicode() >= 32 || c == u'\n'), qPrintable(table));
    QVERIFY2(table.contains(QRegularExpression(QStringLiteral("\n  PASS failures==0 \\.+: +0\n"))), qPrintable(table));
    QVERIFY2(table.contains(QRegularExpression(QStringLiteral("\n  FAIL calls>6 \\.+: +6\n"))), qPrintable(table));
    QVERIFY(table.contains(QRegularExpression(QStringLiteral("\n  checks \\.+: +-\n"))));
}

void TestRunMetrics::jsonSaysWhatTheMetricsSay()
{
    ApiClient client(m_server->url(), recordedruns::quickConfig(4));
    const RunRecord record = run(client, usersSet(10, 2));
    const RunMetrics m = RunMetrics::of(record);
    const std::vector<ThresholdResult> v =
        verdicts(m, {QStringLiteral("saved>=80%"), QStringLiteral("p95<60s"), QStringLiteral("retries<5%")});
    // Through bytes, as `batchlab run --json` prints it.
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(QJsonDocument(RunSummaryJson::toJson(m, v)).toJson(), &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    const QJsonObject o = doc.object();
    QCOMPARE(o.value(QStringLiteral("format")).toString(), QStringLiteral("batchlab.runsummary"));
    QCOMPARE(o.value(QStringLiteral("version")).toInt(), 1);
    const TelemetryCounters t = client.telemetry()->counters();
    const SandboxCounters s = m_server->counters();
    QCOMPARE(o.value(QStringLiteral("calls")).toInteger(), t.calls);
    QCOMPARE(o.value(QStringLiteral("succeeded")).toInteger(), t.succeeded);
    QCOMPARE(o.value(QStringLiteral("failures")).toInteger(), 0);
    QCOMPARE(o.value(QStringLiteral("http_requests")).toInteger(), s.httpRequests);
    QCOMPARE(o.value(QStringLiteral("batches")).toInteger(), s.batchRequests);
    QCOMPARE(o.value(QStringLiteral("dedup_hits")).toInteger(), t.dedupHits);
    QCOMPARE(o.value(QStringLiteral("saved")).toDouble(), 75.0);
    QCOMPARE(o.value(QStringLiteral("requests_without_batching")).toInteger(), 12);
    QVERIFY(o.value(QStringLiteral("failures_by_kind")).toObject().isEmpty());
    const QJsonObject latency = o.value(QStringLiteral("latency_ms")).toObject();
    QCOMPARE(latency.value(QStringLiteral("count")).toInteger(), t.calls);
    QCOMPARE(latency.value(QStringLiteral("p95")).toDouble(), double(record.summary.counters.latency.p95) / 1000.0);
    QCOMPARE(o.value(QStringLiteral("queue_wait_ms")).toObject().value(QStringLiteral("p99")).toDouble(),
             double(record.summary.counters.queueWait.p99) / 1000.0);
    QCOMPARE(o.value(QStringLiteral("duration_s")).toDouble(), double(record.durationNs) / 1e9);
    QVERIFY(o.value(QStringLiteral("rate")).toDouble() > 0);
    const QJsonArray thresholds = o.value(QStringLiteral("thresholds")).toArray();
    QCOMPARE(thresholds.size(), 3);
    QCOMPARE(thresholds.at(0).toObject().value(QStringLiteral("expression")).toString(), QStringLiteral("saved>=80%"));
    QCOMPARE(thresholds.at(0).toObject().value(QStringLiteral("passed")).toBool(), false);
    QCOMPARE(thresholds.at(0).toObject().value(QStringLiteral("value")).toDouble(), 75.0);
    QCOMPARE(thresholds.at(0).toObject().value(QStringLiteral("text")).toString(), QStringLiteral("75.0%"));
    QVERIFY(thresholds.at(1).toObject().value(QStringLiteral("passed")).toBool());
    QCOMPARE(thresholds.at(2).toObject().value(QStringLiteral("value")).toDouble(), 0.0); // 0 retries of 12 calls
    QVERIFY(!o.value(QStringLiteral("passed")).toBool()); // one failed: the run failed
}

QTEST_GUILESS_MAIN(TestRunMetrics)
#include "tst_runmetrics.moc"
