// SPDX-License-Identifier: BSD-3-Clause
// Threshold: k6-style expressions parsed (every operator, unit and mistake) and evaluated
// against RunMetrics values, including metrics without a value and shares of the calls.
// Real runs' metrics are tst_runmetrics'; here the values are set so that every edge is hit.
#include "runs/verdict/threshold.h"

#include <QtTest>

using namespace batchlab;

Q_DECLARE_METATYPE(RunMetrics::Metric)
Q_DECLARE_METATYPE(Threshold::Op)
Q_DECLARE_METATYPE(Threshold::Unit)

namespace {

/// 200 calls, 40 HTTP requests (30 batches), 10 retries, 4 failures, saved 75 %; latency p50
/// 12 ms, p90 80 ms, p95 120 ms, p99 300 ms, max 450 ms; queue p95 9 ms; 2.5 s.
RunMetrics sample()
{
    RunMetrics m;
    m.numbers.calls = 200;
    m.numbers.succeeded = 194;
    m.numbers.failed = 4;
    m.numbers.rejected = 1;
    m.numbers.cancelled = 2;
    m.numbers.httpRequests = 40;
    m.numbers.batches = 30;
    m.numbers.itemsSent = 150;
    m.numbers.avoidedByBatching = 110;
    m.numbers.avoidedByDedup = 10; // avoided 120 of 160: 75 %
    m.numbers.retries = 10;
    m.numbers.cacheHits = 7;
    m.numbers.checksPassed = 9;
    m.numbers.checksFailed = 1;
    m.failuresByKind.at(size_t(ErrorKind::Http)) = 3;
    m.failuresByKind.at(size_t(ErrorKind::CircuitOpen)) = 1;
    m.failuresByKind.at(size_t(ErrorKind::Cancelled)) = 2;
    m.latency = {.count = 194, .p50 = 12'000, .p90 = 80'000, .p95 = 120'000, .p99 = 300'000, .max = 450'000};
    m.queueWait = {.count = 150, .p50 = 2'000, .p90 = 6'000, .p95 = 9'000, .p99 = 11'000, .max = 12'000};
    m.durationNs = 2'500'000'000;
    return m;
}

} // namespace

class TestThreshold : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void metricTableIsWhole();
    void parses_data();
    void parses();
    void refuses_data();
    void refuses();
    void evaluates_data();
    void evaluates();
    void saysWhyThereIsNoValue_data();
    void saysWhyThereIsNoValue();
    void textMarksTheVerdict();
};

void TestThreshold::metricTableIsWhole()
{
    const QStringList expected{QStringLiteral("calls"),     QStringLiteral("http_requests"), QStringLiteral("batches"),
                               QStringLiteral("saved"),     QStringLiteral("dedup_hits"),    QStringLiteral("cache_hits"),
                               QStringLiteral("retries"),   QStringLiteral("failures"),      QStringLiteral("rejected"),
                               QStringLiteral("cancelled"), QStringLiteral("checks_failed"), QStringLiteral("p50"),
                               QStringLiteral("p90"),       QStringLiteral("p95"),           QStringLiteral("p99"),
                               QStringLiteral("max"),       QStringLiteral("queue_p50"),     QStringLiteral("queue_p90"),
                               QStringLiteral("queue_p95"), QStringLiteral("queue_p99"),     QStringLiteral("duration"),
                               QStringLiteral("rate")};
    QCOMPARE(RunMetrics::names(), expected);
    for (const RunMetrics::Info &info : RunMetrics::metrics()) {
        QVERIFY(RunMetrics::metric(QString(info.name)) == info.metric);
        if (!info.alias.isEmpty())
            QVERIFY(RunMetrics::metric(QString(info.alias)) == info.metric);
    }
    QVERIFY(RunMetrics::metric(u"latency_p95") == RunMetrics::Metric::P95);
    QVERIFY(!RunMetrics::metric(u"P95")); // names are case-sensitive, as k6's
    QVERIFY(!RunMetrics::metric(u""));
}

void TestThreshold::parses_data()
{
    using M = RunMetrics::Metric;
    using O = Threshold::Op;
    using U = Threshold::Unit;
    QTest::addColumn<QString>("expression");
    QTest::addColumn<M>("metric");
    QTest::addColumn<O>("op");
    QTest::addColumn<double>("limit");
    QTest::addColumn<U>("unit");
    QTest::newRow("saved >= %") << "saved>=80%" << M::Saved << O::GreaterEqual << 80.0 << U::Percent;
    QTest::newRow("saved bare") << "saved>80" << M::Saved << O::Greater << 80.0 << U::Percent;
    QTest::newRow("p95 < ms") << "p95<250ms" << M::P95 << O::Less << 250.0 << U::Millis;
    QTest::newRow("p95 bare is ms") << "p95<250" << M::P95 << O::Less << 250.0 << U::Millis;
    QTest::newRow("p99 in s") << "p99<=0.5s" << M::P99 << O::LessEqual << 0.5 << U::Seconds;
    QTest::newRow("alias") << "latency_p95<1s" << M::P95 << O::Less << 1.0 << U::Seconds;
    QTest::newRow("failures ==") << "failures==0" << M::Failures << O::Equal << 0.0 << U::None;
    QTest::newRow("http_requests <=") << "http_requests<=20" << M::HttpRequests << O::LessEqual << 20.0 << U::None;
    QTest::newRow("retries share") << "retries<5%" << M::Retries << O::Less << 5.0 << U::Percent;
    QTest::newRow("duration s") << "duration<2s" << M::Duration << O::Less << 2.0 << U::Seconds;
    QTest::newRow("duration bare is ms") << "duration<2000" << M::Duration << O::Less << 2000.0 << U::Millis;
    QTest::newRow("!=") << "cancelled!=3" << M::Cancelled << O::NotEqual << 3.0 << U::None;
    QTest::newRow("rate /s") << "rate>=100/s" << M::Rate << O::GreaterEqual << 100.0 << U::PerSecond;
    QTest::newRow("rate bare") << "rate>1.5" << M::Rate << O::Greater << 1.5 << U::None;
    QTest::newRow("queue") << "queue_p90<10ms" << M::QueueP90 << O::Less << 10.0 << U::Millis;
    QTest::newRow("spaces") << "  p50 <  12.5 ms " << M::P50 << O::Less << 12.5 << U::Millis;
    QTest::newRow("decimal without 0") << "saved>=.5%" << M::Saved << O::GreaterEqual << 0.5 << U::Percent;
}

void TestThreshold::parses()
{
    QFETCH(QString, expression);
    QFETCH(RunMetrics::Metric, metric);
    QFETCH(Threshold::Op, op);
    QFETCH(double, limit);
    QFETCH(Threshold::Unit, unit);
    QString error;
    const std::optional<Threshold> t = Threshold::parse(expression, &error);
    QVERIFY2(t, qPrintable(error));
    QCOMPARE(t->metric(), metric);
    QCOMPARE(t->op(), op);
    QCOMPARE(t->limit(), limit);
    QCOMPARE(t->unit(), unit);
    QCOMPARE(t->expression(), expression.trimmed());
}

void TestThreshold::refuses_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<QString>("error");
    const QString known = RunMetrics::names().join(QStringLiteral(", "));
    QTest::newRow("empty") << "  " << "empty threshold: expected a metric, an operator and a value, e.g. p95<250ms";
    QTest::newRow("unknown metric") << "p96<250ms" << QStringLiteral("unknown metric 'p96' (known: %1)").arg(known);
    QTest::newRow("no name") << "<5" << QStringLiteral("'<5' does not start with a metric name (known: %1)").arg(known);
    QTest::newRow("missing operator") << "p95" << "missing operator after 'p95' (one of < <= > >= == !=)";
    QTest::newRow("missing operator, value") << "p95 250" << "missing operator after 'p95' (one of < <= > >= == !=)";
    QTest::newRow("single =") << "failures=0" << "unknown operator '=' (one of < <= > >= == !=)";
    QTest::newRow("=>") << "saved=>80%" << "unknown operator '=>' (one of < <= > >= == !=)";
    QTest::newRow("missing value") << "p95<" << "missing value after 'p95<'";
    QTest::newRow("missing value, unit only") << "p95< ms" << "'ms' is not a number";
    QTest::newRow("negative") << "failures>-1" << "'-1' is not a number";
    QTest::newRow("two dots") << "p95<1.2.3ms" << "'1.2.3ms' is not a number";
    QTest::newRow("% on a time") << "p95<5%" << "'%' cannot follow a time (write ms or s)";
    QTest::newRow("% on duration") << "duration<5%" << "'%' cannot follow a time (write ms or s)";
    QTest::newRow("/s on a time") << "p95<5/s" << "'/s' cannot follow a time (write ms or s)";
    QTest::newRow("ms on saved") << "saved>5ms" << "'ms' cannot follow a percentage (write % or a bare number)";
    QTest::newRow("s on a count") << "retries<5s"
                                  << "'s' cannot follow a count (write a number, or % for a share of the calls)";
    QTest::newRow("% on a rate") << "rate>5%" << "'%' cannot follow a rate (write calls per second, e.g. rate>=100/s)";
    QTest::newRow("unknown unit") << "p95<5min"
                                  << "unknown unit 'min' (ms or s after a time, % after saved or a count, /s after a rate)";
    QTest::newRow("trailing words") << "failures==0 please"
                                    << "unknown unit 'please' (ms or s after a time, % after saved or a count, /s after a rate)";
}

void TestThreshold::refuses()
{
    QFETCH(QString, expression);
    QFETCH(QString, error);
    QString said;
    QVERIFY(!Threshold::parse(expression, &said));
    QCOMPARE(said, error);
    QVERIFY(!Threshold::parse(expression)); // no error wanted: still refused
}

void TestThreshold::evaluates_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<bool>("passed");
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("text");
    // Every operator on each side of its limit and on it.
    QTest::newRow("< below") << "failures<5" << true << 4.0 << "4";
    QTest::newRow("< on") << "failures<4" << false << 4.0 << "4";
    QTest::newRow("<= on") << "failures<=4" << true << 4.0 << "4";
    QTest::newRow("<= above") << "failures<=3" << false << 4.0 << "4";
    QTest::newRow("> on") << "failures>4" << false << 4.0 << "4";
    QTest::newRow("> below") << "failures>3" << true << 4.0 << "4";
    QTest::newRow(">= on") << "failures>=4" << true << 4.0 << "4";
    QTest::newRow(">= above") << "failures>=5" << false << 4.0 << "4";
    QTest::newRow("== on") << "failures==4" << true << 4.0 << "4";
    QTest::newRow("== off") << "failures==0" << false << 4.0 << "4";
    QTest::newRow("!= on") << "failures!=4" << false << 4.0 << "4";
    QTest::newRow("!= off") << "failures!=0" << true << 4.0 << "4";
    // Units: the measured value in the threshold's.
    QTest::newRow("saved passes") << "saved>=75%" << true << 75.0 << "75.0%";
    QTest::newRow("saved fails") << "saved>=80%" << false << 75.0 << "75.0%";
    QTest::newRow("p95 ms") << "p95<250ms" << true << 120.0 << "120.0ms";
    QTest::newRow("p95 bare") << "p95<100" << false << 120.0 << "120.0ms";
    QTest::newRow("p99 in s") << "p99<0.25s" << false << 0.3 << "0.300s";
    QTest::newRow("max") << "max<=450ms" << true << 450.0 << "450.0ms";
    QTest::newRow("queue p95") << "queue_p95<10ms" << true << 9.0 << "9.00ms";
    QTest::newRow("duration s") << "duration<2s" << false << 2.5 << "2.500s";
    QTest::newRow("duration ms") << "duration<3000ms" << true << 2500.0 << "2500.0ms";
    QTest::newRow("duration bare ms") << "duration<=2500" << true << 2500.0 << "2500.0ms";
    QTest::newRow("rate") << "rate>=80/s" << true << 80.0 << "80.0/s";
    QTest::newRow("rate bare") << "rate>100" << false << 80.0 << "80.0";
    // % of a count: a share of the calls (10 retries of 200 calls = 5 %).
    QTest::newRow("retries share on") << "retries<5%" << false << 5.0 << "5.0%";
    QTest::newRow("retries share below") << "retries<=5%" << true << 5.0 << "5.0%";
    QTest::newRow("failures share") << "failures<2.5%" << true << 2.0 << "2.0%";
    QTest::newRow("http share") << "http_requests<=20%" << true << 20.0 << "20.0%";
    QTest::newRow("counts") << "http_requests<=20" << false << 40.0 << "40";
    QTest::newRow("batches") << "batches==30" << true << 30.0 << "30";
    QTest::newRow("dedup") << "dedup_hits>=10" << true << 10.0 << "10";
    QTest::newRow("cache") << "cache_hits==7" << true << 7.0 << "7";
    QTest::newRow("rejected") << "rejected==0" << false << 1.0 << "1";
    QTest::newRow("cancelled") << "cancelled<=2" << true << 2.0 << "2";
    QTest::newRow("checks") << "checks_failed==0" << false << 1.0 << "1";
    QTest::newRow("calls") << "calls>=200" << true << 200.0 << "200";
}

void TestThreshold::evaluates()
{
    QFETCH(QString, expression);
    QFETCH(bool, passed);
    QFETCH(double, value);
    QFETCH(QString, text);
    QString error;
    const std::optional<Threshold> t = Threshold::parse(expression, &error);
    QVERIFY2(t, qPrintable(error));
    const ThresholdResult r = t->evaluate(sample());
    QCOMPARE(r.expression, expression);
    QCOMPARE(r.passed, passed);
    QVERIFY(r.value);
    QVERIFY2(qAbs(*r.value - value) < 1e-9, qPrintable(QString::number(*r.value)));
    QCOMPARE(r.valueText, text);
    QVERIFY(r.reason.isEmpty());
}

void TestThreshold::saysWhyThereIsNoValue_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<QString>("reason");
    QTest::newRow("saved, nothing sent") << "saved>=0%" << "no call reached the network, so batching saved nothing to count";
    QTest::newRow("p95, nothing settled") << "p95<1000ms" << "no call settled";
    QTest::newRow("queue, nothing waited") << "queue_p50<1000" << "no call waited in a batch queue";
    QTest::newRow("rate, no time") << "rate>=0" << "the run took no time";
    QTest::newRow("share of no calls") << "failures<=100%" << "the run made no call, so a share of its calls has no value";
}

void TestThreshold::saysWhyThereIsNoValue()
{
    QFETCH(QString, expression);
    QFETCH(QString, reason);
    // A run that made no call: nothing sent, settled or waited, and no time taken.
    const RunMetrics empty;
    const std::optional<Threshold> t = Threshold::parse(expression);
    QVERIFY(t);
    const ThresholdResult r = t->evaluate(empty);
    QVERIFY(!r.passed); // even `saved>=0%`: what cannot be checked does not hold
    QVERIFY(!r.value);
    QCOMPARE(r.valueText, QStringLiteral("no value"));
    QCOMPARE(r.reason, reason);
    QVERIFY(r.text().contains(reason));
    // The counts of such a run have values: 0.
    const ThresholdResult counted = Threshold::parse(QStringLiteral("failures==0"))->evaluate(empty);
    QVERIFY(counted.passed);
    QCOMPARE(counted.valueText, QStringLiteral("0"));
}

void TestThreshold::textMarksTheVerdict()
{
    const ThresholdResult failed = Threshold::parse(QStringLiteral("saved>=80%"))->evaluate(sample());
    QCOMPARE(failed.text(), QStringLiteral("saved>=80%  \u2717  75.0%"));
    QCOMPARE(failed.text(false), QStringLiteral("saved>=80%  FAIL  75.0%"));
    const ThresholdResult passed = Threshold::parse(QStringLiteral("p95<250ms"))->evaluate(sample());
    QCOMPARE(passed.text(), QStringLiteral("p95<250ms  \u2713  120.0ms"));
    QCOMPARE(passed.text(false), QStringLiteral("p95<250ms  PASS  120.0ms"));
    const ThresholdResult none = Threshold::parse(QStringLiteral("saved>=80%"))->evaluate(RunMetrics());
    QCOMPARE(none.text(false), QStringLiteral("saved>=80%  FAIL  no value - no call reached the network, so batching "
                                              "saved nothing to count"));
    for (const QChar c : none.text(false))
        QVERIFY(c.unicode() < 128);
}

QTEST_GUILESS_MAIN(TestThreshold)
#include "tst_threshold.moc"
