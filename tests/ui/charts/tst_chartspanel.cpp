// SPDX-License-Identifier: BSD-3-Clause
// ChartsPanel offscreen: a request set runs through an ApiClient + Runner against a real
// SandboxServer over loopback (item errors trip the breaker, settings change mid-run) and the
// charts' series must hold exactly what the telemetry recorded.
#include "charts/batchsizechart.h"
#include "charts/chartlegend.h"
#include "charts/chartspanel.h"
#include "charts/latencychart.h"
#include "charts/requestssavedchart.h"
#include "charts/timeticks.h"
#include "client/apiclient.h"
#include "runs/runner.h"
#include "sandbox/sandboxserver.h"
#include "support/testwait.h"
#include "telemetry/telemetry.h"

#include <QAreaSeries>
#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QImage>
#include <QLegendMarker>
#include <QLineSeries>
#include <QScrollArea>
#include <QScrollBar>
#include <QStackedBarSeries>
#include <QTemporaryDir>
#include <QValueAxis>
#include <QGraphicsTextItem>
#include <QMainWindow>
#include <QDockWidget>
#include <QToolButton>
#include <QtTest>

#include <map>

using namespace batchlab;
using namespace std::chrono_literals;

namespace {

RequestSet fanOut()
{
    // Twenty calls per iteration, three of them the same (de-duplicated when in flight).
    RequestSet set;
    set.name = QStringLiteral("fan-out");
    for (int i = 1; i <= 20; ++i) {
        RequestItem item;
        item.name = QStringLiteral("user %1").arg(i);
        item.url = QStringLiteral("/users/%1").arg(i <= 3 ? 1 : i);
        set.requests.append(item);
    }
    return set;
}

template<typename T> T *series(QChart *chart, const QString &name)
{
    const QList<QAbstractSeries *> all = chart->series();
    for (QAbstractSeries *s : all) {
        if (s->objectName() == name)
            return qobject_cast<T *>(s);
    }
    return nullptr;
}

std::vector<Event> eventsOf(Telemetry *telemetry, EventKind kind, qint64 from)
{
    std::vector<Event> out;
    for (const Event &e : telemetry->eventsSince(0)) {
        if (e.kind == kind && e.time >= from)
            out.push_back(e);
    }
    return out;
}

} // namespace

class TestChartsPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void everyChartHasItsViewAndTitledAxes();
    void runAgainstSandboxMatchesTelemetry();
    void exportsPngAndSvg();
    void exportErrorsAreReported();
    void rethemesOnPaletteChange();
    void newRunStartsEmpty();
    void cacheHitsAreNotRequestsAvoided();
    void legendsShowWholeNamesAndDoNotGrowWithSettingsChanges();
    void latencyLinesBreakWhereThereIsNoData();
    void latencySeriesHaveSixColours();
    void nothingDrawnIsCutInTheSmallestCell();
    void batchSizeLabelsFitTheirBars_data();
    void batchSizeLabelsFitTheirBars();
    void allSevenAreSeenAtOnceWhenThereIsRoom();
    void theWindowButtonFloatsAndDocksAgain();
    void requestsAvoidedStepsRatherThanRamps();
    void valueAxesShowTheirStepExactly();

private:
    std::unique_ptr<SandboxServer> m_server;
    std::unique_ptr<ApiClient> m_client;
};

void TestChartsPanel::init()
{
    m_server = std::make_unique<SandboxServer>();
    QVERIFY(m_server->start());
    ClientConfig config;
    config.cache.enabled = false;
    config.batch.maxBatchSize = 8;
    config.batch.maxDelay = 10ms;
    config.retry.maxAttempts = 1;
    config.breaker.minimumCalls = 5;
    config.breaker.failureRateThreshold = 0.5;
    config.breaker.openDuration = 100ms;
    m_client = std::make_unique<ApiClient>(m_server->url(), config);
}

void TestChartsPanel::cleanup()
{
    m_client.reset();
    m_server.reset();
}

void TestChartsPanel::everyChartHasItsViewAndTitledAxes()
{
    ChartsPanel panel(m_client.get());
    panel.resize(900, 600);
    panel.show();
    for (int c = 0; c < ChartsPanel::ChartCount; ++c) {
        const auto which = ChartsPanel::Chart(c);
        QChartView *view = panel.findChild<QChartView *>(ChartsPanel::chartObjectName(which));
        QVERIFY2(view, qPrintable(ChartsPanel::chartObjectName(which)));
        QCOMPARE(view, panel.chartView(which));
        QCOMPARE(view->chart(), panel.chart(which));
        QVERIFY(!view->chart()->title().isEmpty());
        const QList<QAbstractAxis *> axes = view->chart()->axes();
        QCOMPARE(int(axes.size()), 2);
        for (QAbstractAxis *axis : axes) {
            QVERIFY2(!axis->titleText().isEmpty(), qPrintable(ChartsPanel::chartObjectName(which)));
            if (c != ChartsPanel::BatchSizes && axis->orientation() == Qt::Horizontal)
                QVERIFY(axis->titleText().contains(QStringLiteral("(s)"))
                        || axis->titleText().contains(QStringLiteral("(ms)")));
        }
    }
}

void TestChartsPanel::runAgainstSandboxMatchesTelemetry()
{
    SandboxBehavior faults;
    faults.latencyMs = 5;
    faults.itemErrorRate = 0.8; // trips the breaker (threshold 50 %, 5 calls)
    faults.itemErrorStatus = 500;
    faults.seed = 3;
    QVERIFY(m_server->setBehavior(faults));

    ChartsPanel panel(m_client.get());
    panel.resize(1280, 800);
    panel.show();
    Runner runner(m_client.get());
    panel.followRunner(&runner);
    Telemetry *telemetry = m_client->telemetry();

    QString error;
    QVERIFY2(runner.start(fanOut(), m_server->url(), RunPlan{20, ArrivalPattern::FixedRate, 500, 1},
                          &error),
             qPrintable(error));
    const qint64 runStart = panel.data().runStart();
    QVERIFY(runStart > 0 && runStart <= telemetry->now());

    // Two live settings changes during the run: each must become a marker.
    QVERIFY(waitUntil([&] { return runner.progress().sent >= 130; }, 10000));
    ClientConfig config = m_client->config();
    config.batch.maxBatchSize = 12;
    QVERIFY(m_client->setConfig(config));
    const QString dir = qEnvironmentVariable("BATCHLAB_CHART_SCREENSHOTS");
    QVERIFY(waitUntil([&] { return runner.progress().sent >= 260; }, 10000));
    config.batch.maxDelay = 5ms;
    QVERIFY(m_client->setConfig(config));
    if (!dir.isEmpty()) { // for looking at the charts mid-run
        waitUntil([&] { return runner.progress().sent >= 330; }, 10000);
        panel.refresh();
        for (const QSize size : {QSize(1280, 300), QSize(900, 600), QSize(430, 760)}) {
            panel.resize(size);
            QCoreApplication::processEvents();
            panel.grab().save(QStringLiteral("%1/charts-%2x%3.png")
                                  .arg(dir)
                                  .arg(size.width())
                                  .arg(size.height()));
        }
        QPalette dark = panel.palette();
        dark.setColor(QPalette::Window, QColor(0x20, 0x20, 0x20));
        dark.setColor(QPalette::Base, QColor(0x18, 0x18, 0x18));
        dark.setColor(QPalette::WindowText, QColor(0xEE, 0xEE, 0xEE));
        panel.setPalette(dark);
        panel.resize(900, 600);
        QCoreApplication::processEvents();
        panel.grab().save(dir + QStringLiteral("/charts-dark-900x600.png"));
        panel.setPalette(QPalette());
        panel.resize(1280, 800);
        for (int c = 0; c < ChartsPanel::ChartCount; ++c)
            panel.chartView(ChartsPanel::Chart(c))
                ->grab()
                .save(dir + QStringLiteral("/charts-")
                      + ChartsPanel::chartObjectName(ChartsPanel::Chart(c))
                      + QStringLiteral(".png"));
    }
    QVERIFY(waitUntil([&] { return runner.state() == Runner::State::Finished; }, 20000));

    // From here on nothing runs the event loop: the panel and the raw events see the same.
    panel.refresh();
    const ChartData &data = panel.data();
    QCOMPARE(data.runStart(), runStart);
    const TelemetryCounters c = telemetry->counters();
    QCOMPARE(c.calls, 400);
    QCOMPARE(data.calls(), c.calls);
    QCOMPARE(data.httpRequests(), c.httpRequests);
    QCOMPARE(data.dedupHits(), c.dedupHits);
    QCOMPARE(data.settled(), c.settled());
    QCOMPARE(data.plainRequests(), c.plainRequests);
    QVERIFY(c.failed > 0);
    QCOMPARE(data.queueDepth(), 0);
    qint64 deepest = 0;
    qint64 settledInBuckets = 0;
    for (const ChartData::Bucket &b : data.buckets()) {
        deepest = qMax(deepest, b.depthMax);
        settledInBuckets += b.settled();
    }
    QVERIFY(deepest > 0);
    QCOMPARE(settledInBuckets, c.settled());

    // 1. Histogram: every bar is the number of flushes of that size for that reason.
    QChart *sizes = panel.chart(ChartsPanel::BatchSizes);
    auto *bars = series<QStackedBarSeries>(sizes, QStringLiteral("batchSizes"));
    QVERIFY(bars);
    std::map<std::pair<int, int>, qint64> raw; // (size, reason) → flushes
    qint64 largest = 0;
    for (const Event &e : eventsOf(telemetry, EventKind::Flushed, 0)) {
        ++raw[{e.value, int(e.reason)}];
        largest = qMax<qint64>(largest, e.value);
    }
    QVERIFY(largest <= 12);
    const auto *axis = qobject_cast<QBarCategoryAxis *>(sizes->axes(Qt::Horizontal).at(0));
    QCOMPARE(axis->count(), 12); // one bar per size up to maxBatchSize 12
    QCOMPARE(axis->at(0), QStringLiteral("1"));
    QCOMPARE(axis->at(11), QStringLiteral("12"));
    qint64 barTotal = 0;
    const QList<QBarSet *> sets = bars->barSets();
    QCOMPARE(int(sets.size()), kFlushReasonCount);
    for (int reason = 0; reason < kFlushReasonCount; ++reason) {
        QBarSet *set = sets.at(reason);
        QCOMPARE(set->label(), flushReasonName(FlushReason(reason)));
        QCOMPARE(set->count(), 12);
        for (int b = 0; b < 12; ++b) {
            const auto expected = raw.count({b + 1, reason}) ? raw.at({b + 1, reason}) : 0;
            QCOMPARE(qint64(set->at(b)), expected);
            barTotal += qint64(set->at(b));
        }
        QCOMPARE(qint64(set->sum()), c.flushesByReason.at(size_t(reason)));
    }
    QCOMPARE(barTotal, c.httpRequests);
    QCOMPARE(barTotal - data.plainRequests(), c.batches);
    auto *maxLine = series<QLineSeries>(sizes, QStringLiteral("maxBatchSize"));
    QCOMPARE(maxLine->count(), 2);
    QCOMPARE(maxLine->at(0).x(), 11.0); // centred on the bar of size 12
    QVERIFY(maxLine->name().contains(QStringLiteral("12")));

    // 2. Cumulative counts end where the telemetry's counters are.
    QChart *saved = panel.chart(ChartsPanel::RequestsSaved);
    auto *calls = series<QLineSeries>(saved, QStringLiteral("calls"));
    auto *http = series<QLineSeries>(saved, QStringLiteral("httpRequests"));
    QVERIFY(calls && http);
    // The upper line is what the calls that reached the network would have needed one by one.
    QCOMPARE(qint64(calls->points().constLast().y()), c.items + c.dedupHits);
    QCOMPARE(qint64(http->points().constLast().y()), c.httpRequests);
    const QString avoided = panel.chartLegend(ChartsPanel::RequestsSaved)->entries().join(u',');
    QVERIFY2(avoided.contains(QStringLiteral("%1 batched").arg(QLocale().toString(c.items - c.httpRequests))),
             qPrintable(avoided));
    QVERIFY2(avoided.contains(QStringLiteral("sent: %1").arg(QLocale().toString(c.httpRequests))), qPrintable(avoided));
    for (qsizetype i = 1; i < calls->count(); ++i)
        QVERIFY(calls->at(i).y() >= calls->at(i - 1).y()
                && calls->at(i).x() >= calls->at(i - 1).x());

    // 4. Breaker: transitions at the times the telemetry recorded, in the band of their state.
    const std::vector<Event> transitions = eventsOf(telemetry, EventKind::BreakerChanged, runStart);
    QVERIFY2(!transitions.empty(), "the breaker never tripped");
    QCOMPARE(transitions.front().aux, int(BreakerState::Closed));
    QCOMPARE(transitions.front().value, int(BreakerState::Open));
    QCOMPARE(data.breakers().size(), size_t(1));
    const ChartData::BreakerTrack &track = data.breakers().front();
    QVERIFY2(track.name.contains(QString::number(m_server->port())), qPrintable(track.name));
    QCOMPARE(track.initial, BreakerState::Closed);
    QCOMPARE(track.transitions.size(), transitions.size());
    QChart *breaker = panel.chart(ChartsPanel::Breaker);
    // A run under a second reads in milliseconds (round ticks: 0, 100, 200 ms).
    const double unit = TimeTicks::choose(double(data.lastTime()) / 1e9).milliseconds ? 1000.0 : 1.0;
    QVERIFY(breaker->axes(Qt::Horizontal).at(0)->titleText().contains(
        unit == 1000.0 ? QStringLiteral("(ms)") : QStringLiteral("(s)")));
    for (size_t k = 0; k < transitions.size(); ++k) {
        const Event &e = transitions[k];
        QCOMPARE(track.transitions[k].time, e.time - runStart);
        QCOMPARE(int(track.transitions[k].to), e.value);
        const double t = double(e.time - runStart) / 1e9 * unit;
        auto *into = series<QAreaSeries>(
            breaker, QStringLiteral("breaker.0.") + breakerStateName(BreakerState(e.value)));
        auto *outOf = series<QAreaSeries>(
            breaker, QStringLiteral("breaker.0.") + breakerStateName(BreakerState(e.aux)));
        QVERIFY(into && outOf);
        // The band of the new state rises at t; the band of the old one ends at t.
        const QPointF rise = into->upperSeries()->at(qsizetype(2 * (k + 1)));
        const QPointF fall = outOf->upperSeries()->at(qsizetype(2 * k + 1));
        QCOMPARE(rise.x(), t);
        QCOMPARE(fall.x(), t);
        QVERIFY(rise.y() > into->lowerSeries()->at(0).y());
        QVERIFY(fall.y() > outOf->lowerSeries()->at(0).y());
    }
    auto *threshold = series<QLineSeries>(breaker, QStringLiteral("threshold"));
    QCOMPARE(threshold->at(0).y(), 50.0);
    auto *failureRate = series<QLineSeries>(breaker, QStringLiteral("failureRate"));
    QVERIFY(failureRate->count() > 0);
    // Over the breaker's own window (30 s: the whole run), so the line crosses the threshold
    // where the breaker trips, not wherever one bucket spiked.
    const auto expected = data.windowFailureRate(30'000'000'000, 5);
    QCOMPARE(failureRate->count(), qsizetype(expected.size()));
    QCOMPARE(failureRate->points().constLast().y(), expected.back().second);
    QVERIFY2(breaker->title().contains(QStringLiteral("30 s")), qPrintable(breaker->title()));
    QVERIFY(panel.chartView(ChartsPanel::Breaker)->toolTip().contains(QStringLiteral("30 s")));

    // Markers: one per settings change on every time-based chart, at its time.
    const std::vector<Event> changes = eventsOf(telemetry, EventKind::ConfigChanged, runStart);
    QCOMPARE(changes.size(), size_t(2));
    QCOMPARE(data.markers().size(), size_t(2));
    QVERIFY(data.markers()[0].text.contains(QStringLiteral("maxBatchSize")));
    QVERIFY(data.markers()[1].text.contains(QStringLiteral("maxDelay")));
    for (int ch = ChartsPanel::RequestsSaved; ch < ChartsPanel::ChartCount; ++ch) {
        QChart *chart = panel.chart(ChartsPanel::Chart(ch));
        int visible = 0;
        for (size_t m = 0; m < changes.size(); ++m) {
            auto *marker = series<QLineSeries>(chart, QStringLiteral("configMarker.%1").arg(m + 1));
            QVERIFY2(marker, qPrintable(ChartsPanel::chartObjectName(ChartsPanel::Chart(ch))));
            visible += marker->isVisible();
            QCOMPARE(marker->at(0).x(), double(changes[m].time - runStart) / 1e9 * unit);
            QVERIFY(marker->at(1).y() > marker->at(0).y());
            QVERIFY(marker->name().contains(data.markers()[m].text));
            QVERIFY(chart->legend()->markers(marker).constFirst()->isVisible() == false);
        }
        QCOMPARE(visible, 2);
    }

    // 7. Throughput: the status areas stack to the calls settled per interval.
    QChart *throughput = panel.chart(ChartsPanel::Throughput);
    auto *top = series<QAreaSeries>(
        throughput, QStringLiteral("status.%1").arg(ChartData::kStatusClassCount - 1));
    QVERIFY(top);
    const double width = data.bucketWidthSeconds();
    double settledFromChart = 0;
    for (size_t i = 0; i + 1 < data.buckets().size(); ++i) // full buckets: count = rate × width
        settledFromChart += top->upperSeries()->at(qsizetype(2 * i)).y() * width;
    double settledFull = 0;
    for (size_t i = 0; i + 1 < data.buckets().size(); ++i)
        settledFull += double(data.buckets()[i].settled());
    QVERIFY(qAbs(settledFromChart - settledFull) < 1e-6);
    // Every time-based chart shares the run's time range.
    const double range = qobject_cast<QValueAxis *>(saved->axes(Qt::Horizontal).at(0))->max();
    QVERIFY(range >= double(data.lastTime()) / 1e9 * unit);
    // The run ended: the charts stopped with it (the breaker's timer ticks on).
    QVERIFY(data.runEnded());
    for (int ch = ChartsPanel::RequestsSaved; ch < ChartsPanel::ChartCount; ++ch) {
        auto *x = qobject_cast<QValueAxis *>(
            panel.chart(ChartsPanel::Chart(ch))->axes(Qt::Horizontal).at(0));
        QCOMPARE(x->min(), 0.0);
        QCOMPARE(x->max(), range);
    }
}

void TestChartsPanel::exportsPngAndSvg()
{
    ChartsPanel panel(m_client.get());
    panel.resize(900, 600);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    for (int c = 0; c < ChartsPanel::ChartCount; ++c) {
        const auto which = ChartsPanel::Chart(c);
        const QString base = dir.filePath(ChartsPanel::chartObjectName(which));
        QString error;
        QVERIFY2(panel.exportChart(which, base + QStringLiteral(".png"), &error),
                 qPrintable(error));
        QVERIFY2(panel.exportChart(which, base + QStringLiteral(".svg"), &error),
                 qPrintable(error));
        QImage image(base + QStringLiteral(".png"));
        QVERIFY(!image.isNull());
        // The chart with its legend under it.
        QCOMPARE(image.size() / image.devicePixelRatio(),
                 panel.chartView(which)->parentWidget()->size());
        QFile svg(base + QStringLiteral(".svg"));
        QVERIFY(svg.open(QIODevice::ReadOnly));
        const QByteArray text = svg.readAll();
        QVERIFY(text.contains("<svg"));
        QVERIFY(text.size() > 2000); // drawn, not an empty document
    }
}

void TestChartsPanel::exportErrorsAreReported()
{
    ChartsPanel panel(m_client.get());
    QTemporaryDir dir;
    QString error;
    QVERIFY(!panel.exportChart(ChartsPanel::Latency, dir.filePath(QStringLiteral("chart.bmp")),
                               &error));
    QVERIFY2(error.contains(QStringLiteral(".png")), qPrintable(error));
    error.clear();
    const QString missing = dir.filePath(QStringLiteral("no/such/folder/chart.svg"));
    QVERIFY(!panel.exportChart(ChartsPanel::Latency, missing, &error));
    QVERIFY2(error.contains(missing), qPrintable(error));
    QVERIFY(!QFile::exists(missing));
}

void TestChartsPanel::rethemesOnPaletteChange()
{
    ChartsPanel panel(m_client.get());
    panel.show();
    QPalette light = panel.palette();
    light.setColor(QPalette::Window, Qt::white);
    light.setColor(QPalette::Base, Qt::white);
    light.setColor(QPalette::WindowText, Qt::black);
    panel.setPalette(light);
    QChart *saved = panel.chart(ChartsPanel::RequestsSaved);
    auto *calls = series<QLineSeries>(saved, QStringLiteral("calls"));
    const QColor lightColor = calls->pen().color();
    QCOMPARE(saved->backgroundBrush().color(), QColor(Qt::white));
    QPalette dark = light;
    dark.setColor(QPalette::Window, QColor(0x20, 0x20, 0x20));
    dark.setColor(QPalette::Base, QColor(0x18, 0x18, 0x18));
    dark.setColor(QPalette::WindowText, QColor(0xEE, 0xEE, 0xEE));
    panel.setPalette(dark); // sends QEvent::PaletteChange
    QCOMPARE(saved->backgroundBrush().color(), QColor(0x18, 0x18, 0x18));
    QCOMPARE(saved->titleBrush().color(), QColor(0xEE, 0xEE, 0xEE));
    QVERIFY(calls->pen().color() != lightColor);
    QVERIFY(calls->pen().color().lightness() > lightColor.lightness());
    for (QAbstractAxis *axis : saved->axes())
        QCOMPARE(axis->labelsColor(), QColor(0xEE, 0xEE, 0xEE));
}

void TestChartsPanel::newRunStartsEmpty()
{
    ChartsPanel panel(m_client.get());
    panel.show();
    Runner runner(m_client.get());
    panel.followRunner(&runner);
    QVERIFY(runner.start(fanOut(), m_server->url(), RunPlan{}));
    QVERIFY(waitUntil([&] { return runner.state() == Runner::State::Finished; }, 10000));
    panel.refresh();
    QCOMPARE(panel.data().calls(), 20);
    const qint64 firstStart = panel.data().runStart();
    QVERIFY(runner.start(fanOut(), m_server->url(), RunPlan{2, ArrivalPattern::AllAtOnce, 0, 1}));
    QVERIFY(panel.data().runStart() > firstStart);
    QVERIFY(waitUntil([&] { return runner.state() == Runner::State::Finished; }, 10000));
    panel.refresh();
    QCOMPARE(panel.data().calls(), 40); // the second run only
    auto *calls
        = series<QLineSeries>(panel.chart(ChartsPanel::RequestsSaved), QStringLiteral("calls"));
    QCOMPARE(qint64(calls->points().constLast().y()), panel.data().items() + panel.data().dedupHits());
}

void TestChartsPanel::cacheHitsAreNotRequestsAvoided()
{
    ClientConfig config = m_client->config();
    config.cache.enabled = true;
    QVERIFY(m_client->setConfig(config));
    ChartsPanel panel(m_client.get());
    panel.show();
    Runner runner(m_client.get());
    panel.followRunner(&runner);
    QVERIFY(runner.start(fanOut(), m_server->url(), RunPlan{}));
    QVERIFY(waitUntil([&] { return runner.state() == Runner::State::Finished; }, 10000));
    // Again: every call is a cache hit and nothing goes out — "Requests saved: 100 %" before.
    QVERIFY(runner.start(fanOut(), m_server->url(), RunPlan{}));
    QVERIFY(waitUntil([&] { return runner.state() == Runner::State::Finished; }, 10000));
    panel.refresh();
    QCOMPARE(panel.data().cacheHits(), panel.data().calls());
    QChart *saved = panel.chart(ChartsPanel::RequestsSaved);
    QVERIFY2(saved->title().contains(QStringLiteral("none sent")) && !saved->title().contains(QStringLiteral("100")),
             qPrintable(saved->title()));
    QCOMPARE(series<QLineSeries>(saved, QStringLiteral("calls"))->points().constLast().y(), 0.0);
    QVERIFY(panel.chartView(ChartsPanel::RequestsSaved)->toolTip().contains(QStringLiteral("Cache hits")));
}

void TestChartsPanel::legendsShowWholeNamesAndDoNotGrowWithSettingsChanges()
{
    // The report: "failu…", "thre…", names drawn over each other, and one entry per settings
    // change ("Settings change 1 at 7.2…") in every chart.
    ChartsPanel panel(m_client.get());
    panel.resize(430, 900); // one column, the narrowest cell
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    Telemetry *telemetry = m_client->telemetry();
    panel.startRun(telemetry->now());
    panel.refresh();
    std::array<QStringList, ChartsPanel::ChartCount> before;
    for (int c = 0; c < ChartsPanel::ChartCount; ++c)
        before.at(size_t(c)) = panel.chartLegend(ChartsPanel::Chart(c))->entries();
    for (int i = 0; i < 3; ++i) {
        Event e;
        e.kind = EventKind::ConfigChanged;
        e.value = 8; // the effective batch limit, unchanged
        e.time = telemetry->now();
        e.keyId = telemetry->internKey(QStringLiteral("maxBatchSize %1 → %2").arg(i).arg(i + 1));
        telemetry->record(e);
    }
    panel.refresh();
    QCOMPARE(panel.data().markers().size(), size_t(3));
    for (int c = 0; c < ChartsPanel::ChartCount; ++c) {
        const auto which = ChartsPanel::Chart(c);
        ChartLegend *legend = panel.chartLegend(which);
        QCOMPARE(legend->entries(), before.at(size_t(c)));
        // Qt Charts' own legend, which elides, is not shown; this one wraps.
        QVERIFY(!panel.chart(which)->legend()->isVisible());
        QVERIFY(legend->isVisible());
        for (const QString &entry : legend->entries())
            QVERIFY2(!entry.contains(QChar(0x2026)), qPrintable(entry));
        // What it says fits its cell: every entry whole inside it, none over another, wrapped
        // onto more lines where the width asks.
        QVERIFY(legend->width() <= panel.chartView(which)->width());
        QVERIFY(legend->height() >= legend->heightForWidth(legend->width()));
        const QList<QRect> rects = legend->entryRects(legend->width());
        for (qsizetype i = 0; i < rects.size(); ++i) {
            QVERIFY(legend->rect().contains(rects[i]));
            for (qsizetype j = 0; j < i; ++j)
                QVERIFY(!rects[i].intersects(rects[j]));
        }
        QVERIFY(legend->entryRects(120).size() == rects.size()); // narrower: more lines
        if (rects.size() > 1)
            QVERIFY(legend->heightForWidth(120) > legend->heightForWidth(2000));
    }
    // The breaker chart names its threshold and its states whole.
    panel.refresh();
    const QStringList breaker = panel.chartLegend(ChartsPanel::Breaker)->entries();
    QVERIFY2(breaker.join(u',').contains(QStringLiteral("failure rate")),
             qPrintable(breaker.join(u',')));
}

namespace {

/// ChartData with calls settled at chosen times (ms since the run's start), one per batch.
void settleAt(ChartData &data, Telemetry &telemetry, const QList<int> &ms)
{
    quint64 id = 0;
    for (int t : ms) {
        ++id;
        Event e;
        e.time = qint64(t) * 1'000'000;
        e.kind = EventKind::Enqueued;
        e.requestId = id;
        telemetry.record(e);
        e.kind = EventKind::Flushed;
        e.batchId = id;
        e.value = 1;
        telemetry.record(e);
        e.kind = EventKind::Sent;
        telemetry.record(e);
        e.kind = EventKind::Settled;
        e.status = 200;
        e.value = 3000; // µs
        e.aux = 1000;
        telemetry.record(e);
    }
    data.append(telemetry.eventsSince(0));
}

} // namespace

void TestChartsPanel::latencyLinesBreakWhereThereIsNoData()
{
    // Answers in the first 100 ms and again at 2 s: nothing between, so no line between.
    Telemetry telemetry;
    ChartData data(&telemetry);
    data.reset(0);
    settleAt(data, telemetry, {10, 30, 60, 2000, 2010});
    QWidget host;
    const ChartTheme theme(host.palette(), host.font());
    LatencyChart chart(theme);
    QChartView view(chart.chart());
    chart.refresh(data);
    const double unit = 1.0; // a run of 2 s reads in seconds
    const double width = data.bucketWidthSeconds() * unit;
    int withPoints = 0;
    double earliest = 1e9;
    double latest = 0;
    for (QAbstractSeries *s : chart.chart()->series()) {
        if (!s->objectName().startsWith(QStringLiteral("latency.p50")))
            continue;
        const QList<QPointF> points = static_cast<QLineSeries *>(s)->points();
        withPoints += !points.isEmpty();
        for (qsizetype i = 1; i < points.size(); ++i)
            QVERIFY2(points[i].x() - points[i - 1].x() <= width + 1e-9,
                     qPrintable(QStringLiteral("%1 → %2").arg(points[i - 1].x()).arg(points[i].x())));
        for (const QPointF &p : points) {
            earliest = qMin(earliest, p.x());
            latest = qMax(latest, p.x());
        }
    }
    QCOMPARE(withPoints, 2); // two stretches with data, two lines
    QVERIFY(earliest < 0.1 && latest >= 2.0);
    // One legend entry for p50 however many pieces it is drawn in.
    ChartLegend legend(chart.chart());
    QCOMPARE(legend.entries().count(QStringLiteral("p50")), 1);
    QCOMPARE(legend.entries().size(), 6);
}

void TestChartsPanel::latencySeriesHaveSixColours()
{
    QWidget host;
    const ChartTheme theme(host.palette(), host.font());
    LatencyChart chart(theme);
    QChartView view(chart.chart()); // owns the chart, as the panel's views do (LeakSanitizer)
    chart.applyTheme(theme);
    QSet<QRgb> colours;
    for (const char *name : {"latency.p50", "latency.p90", "latency.p99", "queueWait.p50",
                             "queueWait.p90", "queueWait.p99"})
        colours.insert(series<QLineSeries>(chart.chart(), QLatin1String(name))->pen().color().rgb());
    QCOMPARE(colours.size(), 6);
}

void TestChartsPanel::nothingDrawnIsCutInTheSmallestCell()
{
    // The report at 1280×800: "Requests avoided 94 %: batching 170,…", "Circuit breaker;
    // failure rate over its 3…", "requests, cumul…", "aiting to be …". Qt Charts cuts a title
    // or label that does not fit with "...": nothing drawn may say it at the panel's smallest
    // cell, after a run that fills every title with its figures.
    SandboxBehavior faults;
    faults.itemErrorRate = 0.2;
    faults.seed = 5;
    QVERIFY(m_server->setBehavior(faults));
    ChartsPanel panel(m_client.get());
    panel.resize(3 * 280, 3 * 150); // three columns of the smallest cells: it scrolls
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    Runner runner(m_client.get());
    panel.followRunner(&runner);
    QVERIFY(runner.start(fanOut(), m_server->url(), RunPlan{25, ArrivalPattern::FixedRate, 2500, 1}));
    QVERIFY(waitUntil([&] { return runner.state() == Runner::State::Finished; }, 10000));
    panel.refresh();
    QCoreApplication::processEvents();
    panel.refresh(); // the batch-size bars fit the width the first refresh laid out
    QCoreApplication::processEvents();
    QStringList cut;
    for (int c = 0; c < ChartsPanel::ChartCount; ++c) {
        QChartView *view = panel.chartView(ChartsPanel::Chart(c));
        QVERIFY2(view->height() <= 210, qPrintable(QString::number(view->height())));
        int texts = 0;
        for (QGraphicsItem *item : view->scene()->items()) {
            auto *text = dynamic_cast<QGraphicsTextItem *>(item);
            if (!text || !text->isVisible() || text->toPlainText().isEmpty())
                continue;
            ++texts;
            if (text->toPlainText().contains(QChar(0x2026)) || text->toPlainText().contains(QLatin1String("...")))
                cut.append(ChartsPanel::chartObjectName(ChartsPanel::Chart(c)) + QStringLiteral(": ")
                           + text->toPlainText());
        }
        QVERIFY(texts >= 3); // the title and both axes' titles at least
        // The legend under it, its entries now holding the run's figures: each whole in it.
        ChartLegend *legend = panel.chartLegend(ChartsPanel::Chart(c));
        const QStringList entries = legend->entries();
        const QList<QRect> rects = legend->entryRects(legend->width());
        for (qsizetype i = 0; i < rects.size(); ++i) {
            if (!legend->rect().contains(rects[i]))
                cut.append(ChartsPanel::chartObjectName(ChartsPanel::Chart(c)) + QStringLiteral(" legend: ")
                           + entries.value(i));
        }
    }
    QVERIFY2(cut.isEmpty(), qPrintable(cut.join(QStringLiteral("; "))));
}

void TestChartsPanel::batchSizeLabelsFitTheirBars_data()
{
    QTest::addColumn<int>("largest");
    QTest::addColumn<int>("width");
    QTest::addColumn<QString>("last");
    // The report saw "…" for every label past 9 at 20 sizes, and for "10" at 10 sizes in the
    // dock's cell at 1280×800.
    QTest::newRow("20 sizes, narrow") << 20 << 400 << QStringLiteral("16\u201320");
    QTest::newRow("10 sizes, dock cell at 1280x800") << 10 << 280 << QStringLiteral("9\u201310");
    QTest::newRow("10 sizes, wide") << 10 << 600 << QStringLiteral("10");
}

void TestChartsPanel::batchSizeLabelsFitTheirBars()
{
    QFETCH(int, largest);
    QFETCH(int, width);
    QFETCH(QString, last);
    Telemetry telemetry;
    ChartData data(&telemetry);
    data.reset(0);
    data.setMaxBatchSize(largest);
    for (int size = 1; size <= largest; ++size) {
        Event e;
        e.time = size * 1'000'000;
        e.kind = EventKind::Flushed;
        e.batchId = quint64(size);
        e.value = size;
        telemetry.record(e);
    }
    data.append(telemetry.eventsSince(0));
    QWidget host;
    const ChartTheme theme(host.palette(), host.font());
    BatchSizeChart chart(theme);
    QChartView view(chart.chart());
    view.resize(width, 270);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    chart.refresh(data);
    QCoreApplication::processEvents();
    chart.refresh(data); // now that the plot area is known, as the panel's next tick does
    QCoreApplication::processEvents();
    auto *axis = qobject_cast<QBarCategoryAxis *>(chart.chart()->axes(Qt::Horizontal).at(0));
    QVERIFY(axis->count() <= BatchSizeChart::kMaxBins);
    static const QRegularExpression whole(QStringLiteral("^\\d+(\u2013\\d+)?$"));
    for (const QString &label : axis->categories())
        QVERIFY2(whole.match(label).hasMatch(), qPrintable(label));
    QCOMPARE(axis->categories().constLast(), last);
    // What Qt Charts drew: a label that did not fit is drawn as "…" or "...".
    int drawn = 0;
    for (QGraphicsItem *item : view.scene()->items()) {
        if (auto *text = dynamic_cast<QGraphicsTextItem *>(item); text && text->isVisible()) {
            QVERIFY2(!text->toPlainText().contains(QChar(0x2026))
                         && !text->toPlainText().contains(QLatin1String("...")), qPrintable(text->toPlainText()));
            const bool underThePlot = text->sceneBoundingRect().top() >= chart.chart()->plotArea().bottom();
            drawn += underThePlot && axis->categories().contains(text->toPlainText());
        }
    }
    QCOMPARE(drawn, axis->count());
}

void TestChartsPanel::theWindowButtonFloatsAndDocksAgain()
{
    // The report: once floated, the window still offered "All charts in a window" and nothing
    // put it back.
    QMainWindow window;
    window.setCentralWidget(new QWidget);
    auto *dock = new QDockWidget(QStringLiteral("Charts"), &window);
    auto *panel = new ChartsPanel(m_client.get(), dock);
    dock->setWidget(panel);
    window.addDockWidget(Qt::BottomDockWidgetArea, dock);
    window.resize(1000, 700);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *button = panel->findChild<QToolButton *>(QStringLiteral("chartsShowAll"));
    QVERIFY(button);
    QCOMPARE(button->text(), QStringLiteral("All charts in a window"));
    button->click();
    QTRY_VERIFY(dock->isFloating());
    QCOMPARE(button->text(), QStringLiteral("Back into the main window"));
    button->click();
    QTRY_VERIFY(!dock->isFloating());
    QCOMPARE(button->text(), QStringLiteral("All charts in a window"));
    QCOMPARE(window.dockWidgetArea(dock), Qt::BottomDockWidgetArea);
}

void TestChartsPanel::allSevenAreSeenAtOnceWhenThereIsRoom()
{
    // The report: the default layout showed 2 of the 7 charts. In a window of 1280×800 or more
    // (the charts' own window) all seven are in view, none scrolled away.
    for (const QSize size : {QSize(1216, 720), QSize(1824, 972)}) {
        ChartsPanel panel(m_client.get());
        panel.resize(size);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QCoreApplication::processEvents();
        auto *scroll = panel.findChild<QScrollArea *>(QStringLiteral("chartsScrollArea"));
        QCOMPARE(scroll->verticalScrollBar()->maximum(), 0);
        for (int c = 0; c < ChartsPanel::ChartCount; ++c) {
            QChartView *view = panel.chartView(ChartsPanel::Chart(c));
            const QRect shown(view->mapTo(&panel, QPoint(0, 0)), view->size());
            const QRect inScroll(view->mapTo(scroll->viewport(), QPoint(0, 0)), view->size());
            QVERIFY2(scroll->viewport()->rect().contains(inScroll) && panel.rect().contains(shown),
                     qPrintable(QStringLiteral("%1 at %2×%3").arg(ChartsPanel::chartObjectName(ChartsPanel::Chart(c))).arg(size.width()).arg(size.height())));
            QVERIFY(view->height() >= 160 && view->width() >= 270);
        }
    }
    QCOMPARE(ChartsPanel::columnsFor(QSize(1824, 560)), 4);
    QCOMPARE(ChartsPanel::columnsFor(QSize(400, 300)), 1);
}

void TestChartsPanel::requestsAvoidedStepsRatherThanRamps()
{
    // The report: calls all sent at t = 0 drew a diagonal ramp across the run.
    Telemetry telemetry;
    ChartData data(&telemetry);
    data.reset(0);
    settleAt(data, telemetry, {1, 1, 1, 1, 300});
    QWidget host;
    const ChartTheme theme(host.palette(), host.font());
    RequestsSavedChart chart(theme);
    QChartView view(chart.chart());
    chart.refresh(data);
    auto *calls = series<QLineSeries>(chart.chart(), QStringLiteral("calls"));
    QVERIFY(calls && calls->count() > 2);
    for (qsizetype i = 1; i < calls->count(); ++i) {
        const QPointF a = calls->at(i - 1);
        const QPointF b = calls->at(i);
        QVERIFY2(a.y() == b.y() || a.x() == b.x(), // flat, or a step up: never a slope
                 qPrintable(QStringLiteral("(%1, %2) → (%3, %4)").arg(a.x()).arg(a.y()).arg(b.x()).arg(b.y())));
    }
}

void TestChartsPanel::valueAxesShowTheirStepExactly()
{
    // An empty latency chart has 0..1 ms in steps of 0.25: "%.1f" read 0.3, 0.5, 0.8.
    Telemetry telemetry;
    ChartData data(&telemetry);
    data.reset(0);
    QWidget host;
    const ChartTheme theme(host.palette(), host.font());
    LatencyChart chart(theme);
    chart.refresh(data);
    auto *y = qobject_cast<QValueAxis *>(chart.chart()->axes(Qt::Vertical).at(0));
    QCOMPARE(y->tickInterval(), 0.25);
    QCOMPARE(y->labelFormat(), QStringLiteral("%.2f"));
}

QTEST_MAIN(TestChartsPanel)
#include "tst_chartspanel.moc"
