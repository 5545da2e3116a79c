// SPDX-License-Identifier: BSD-3-Clause
// The waterfall and its panel, offscreen, over a real run against the sandbox.
#include "client/apiclient.h"
#include "runs/runner.h"
#include "sandbox/sandboxserver.h"
#include "telemetry/telemetry.h"
#include "timeline/timelinemodel.h"
#include "timeline/timelinepanel.h"
#include "timeline/waterfallpainter.h"
#include "timeline/waterfallview.h"

#include <QCheckBox>
#include <QFile>
#include <QImage>
#include <QPainter>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace batchlab;
using namespace std::chrono_literals;

class TestWaterfallView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void rowsAreLanesThenCalls();
    void tooltipsTellTheTimes();
    void clickSelectsAndSelectCallBringsIntoView();
    void ctrlWheelZoomsAroundTheCursorAndDragPans();
    void wheelScrollsTheRows();
    void followLiveKeepsTheNewestInView();
    void followLiveStopsWhenTheRunEnds();
    void fitShowsTheWholeLastBatch();
    void beforeAnyRunTheAxisReadsFromZero();
    void atHighRatesTheNewestWorkFillsTheView();
    void everyColourOnScreenIsInTheLegend();
    void exportsPngAndSvg();
    void exportDrawsTheWholeRunNotTheViewport();
    void aCallEndingWhileWaitingToRetryIsDrawnToItsEnd();
    void droppedRowsDoNotMoveWhatIsInView();

private:
    std::unique_ptr<SandboxServer> m_server;
    std::unique_ptr<ApiClient> m_client;
    std::unique_ptr<Runner> m_runner;
    std::unique_ptr<TimelinePanel> m_panel;
    WaterfallView *view() const { return m_panel->view(); }
    TimelineModel *model() const { return m_panel->model(); }
};

void TestWaterfallView::init()
{
    m_server = std::make_unique<SandboxServer>();
    QVERIFY(m_server->start());
    SandboxBehavior slow = m_server->behavior();
    slow.latencyMs = 20; // in-flight segments wide enough to see and to hit
    m_server->setBehavior(slow);
    ClientConfig config;
    config.cache.enabled = false;
    config.batch.maxBatchSize = 5;
    config.batch.maxDelay = 5ms;
    m_client = std::make_unique<ApiClient>(m_server->url(), config);
    m_runner = std::make_unique<Runner>(m_client.get());
    m_panel = std::make_unique<TimelinePanel>(m_client->telemetry());
    m_panel->model()->setCallDirectory(m_runner->calls());
    connect(m_runner.get(), &Runner::started, m_panel.get(), &TimelinePanel::restart);
    connect(m_runner.get(), &Runner::finished, m_panel.get(), &TimelinePanel::runFinished);
    m_panel->resize(1000, 500);
    m_panel->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));

    RequestSet set;
    for (int i = 1; i <= 12; ++i) {
        RequestItem item;
        item.name = QStringLiteral("user %1").arg(i % 10 + 1);
        item.url = QStringLiteral("/users/%1").arg(i % 10 + 1); // two repeats: shared calls
        set.requests.append(item);
    }
    QSignalSpy finished(m_runner.get(), &Runner::finished);
    QVERIFY(m_runner->start(set, m_server->url(), RunPlan{}));
    QVERIFY(finished.wait(10000));
    QCoreApplication::processEvents();
    QCoreApplication::processEvents(); // the queued relayout
}

void TestWaterfallView::cleanup()
{
    m_panel.reset();
    m_runner.reset();
    m_client.reset();
    m_server.reset();
}

void TestWaterfallView::rowsAreLanesThenCalls()
{
    QCOMPARE(qint64(model()->rowCount()), m_client->telemetry()->counters().httpRequests);
    QCOMPARE(model()->callCount(), 12);
    const int top = view()->verticalScrollBar()->value();
    const int rowHeight = view()->fontMetrics().height() + 4;
    QCOMPARE(view()->hitAt(QPoint(300, 1 - top)).kind, WaterfallView::Hit::CacheRow);
    QCOMPARE(view()->hitAt(QPoint(300, rowHeight + 1 - top)).kind, WaterfallView::Hit::UnsentRow);
    const int lane0 = view()->laneTop(0) - top;
    QCOMPARE(view()->hitAt(QPoint(300, lane0 + 1)).kind, WaterfallView::Hit::Lane);
    const WaterfallView::Hit call = view()->hitAt(QPoint(300, lane0 + rowHeight + 1));
    QCOMPARE(call.kind, WaterfallView::Hit::Call);
    QCOMPARE(call.lane, 0);
    QCOMPARE(call.call, 0);
    // Lanes only: the next row is the next lane.
    view()->setShowCalls(false);
    QCOMPARE(view()->laneTop(1) - view()->laneTop(0), rowHeight);
    view()->setShowCalls(true);
    const int callHeight = std::max(10, view()->fontMetrics().height() - 2);
    QCOMPARE(view()->laneTop(1) - view()->laneTop(0),
             rowHeight + int(model()->calls(0).size()) * callHeight);
}

void TestWaterfallView::tooltipsTellTheTimes()
{
    view()->verticalScrollBar()->setValue(0);
    const int lane0 = view()->laneTop(0);
    const QString lane = view()->toolTipAt(QPoint(300, lane0 + 1));
    QVERIFY2(lane.startsWith(QStringLiteral("Batch ")) && lane.contains(QStringLiteral("flushed +"))
                 && lane.contains(QStringLiteral("answered +"))
                 && lane.contains(QStringLiteral("HTTP 200")),
             qPrintable(lane));
    const int rowHeight = view()->fontMetrics().height() + 4;
    const QString call = view()->toolTipAt(QPoint(300, lane0 + rowHeight + 1));
    // Named by its request first, numbered second (the report: "call 14" said nothing).
    const quint64 id = model()->calls(0).front().id;
    const QString name = m_runner->calls()->describe(id);
    QVERIFY2(name.startsWith(QStringLiteral("user ")) && name.contains(QStringLiteral(" · GET /users/")),
             qPrintable(name));
    QVERIFY2(call.startsWith(name + QStringLiteral(" · #%1").arg(id)) && call.contains(QStringLiteral("enqueued +"))
                 && call.contains(QStringLiteral("settled +"))
                 && call.contains(QStringLiteral("queued ")),
             qPrintable(call));
    model()->setCallDirectory(nullptr);
    QVERIFY(view()->toolTipAt(QPoint(300, lane0 + rowHeight + 1)).startsWith(QStringLiteral("call %1").arg(id)));
    QVERIFY(view()->toolTipAt(QPoint(300, 2)).contains(QStringLiteral("cache")));
}

void TestWaterfallView::clickSelectsAndSelectCallBringsIntoView()
{
    view()->verticalScrollBar()->setValue(0);
    const int rowHeight = view()->fontMetrics().height() + 4;
    QSignalSpy selected(view(), &WaterfallView::callSelected);
    QTest::mouseClick(view()->viewport(), Qt::LeftButton, {},
                      QPoint(400, view()->laneTop(0) + rowHeight + 2));
    QCOMPARE(selected.size(), 1);
    QCOMPARE(selected.at(0).at(0).toULongLong(), model()->calls(0)[0].id);
    QCOMPARE(view()->selectedCall(), model()->calls(0)[0].id);

    // The last call of the last lane, from elsewhere (the log): brought to the middle.
    const int lastLane = model()->rowCount() - 1;
    const TimelineCall &last = model()->calls(lastLane).back();
    view()->selectCall(last.id);
    QCOMPARE(view()->selectedCall(), last.id);
    const int callHeight = std::max(10, view()->fontMetrics().height() - 2);
    const int y = view()->laneTop(lastLane) + rowHeight
        + (int(model()->calls(lastLane).size()) - 1) * callHeight
        - view()->verticalScrollBar()->value();
    QVERIFY2(y >= 0 && y + callHeight <= view()->viewport()->height(),
             qPrintable(QString::number(y)));
    const WaterfallView::Hit hit = view()->hitAt(QPoint(400, y + 1));
    QCOMPARE(hit.kind, WaterfallView::Hit::Call);
    QCOMPARE(model()->calls(hit.lane)[size_t(hit.call)].id, last.id);
    const double x = view()->scale().x(last.enqueued);
    QVERIFY2(x >= 0 && x <= view()->viewport()->width(), qPrintable(QString::number(x)));
}

void TestWaterfallView::ctrlWheelZoomsAroundTheCursorAndDragPans()
{
    view()->fitAll(); // the cursor over the run
    view()->setFollowLive(true);
    const double before = view()->scale().nsPerPixel;
    const QPoint at(view()->gutterWidth() + 200, 100);
    const qint64 under = view()->scale().time(200);
    QWheelEvent wheel(at, view()->viewport()->mapToGlobal(at), QPoint(), QPoint(0, 240),
                      Qt::NoButton, Qt::ControlModifier, Qt::NoScrollPhase, false);
    QCoreApplication::sendEvent(view()->viewport(), &wheel);
    QVERIFY(view()->scale().nsPerPixel < before);
    QVERIFY(qAbs(view()->scale().time(200) - under) <= qint64(view()->scale().nsPerPixel) + 1);
    QVERIFY(!view()->followsLive()); // the user took over
    QVERIFY(!m_panel->findChild<QCheckBox *>(QStringLiteral("timelineFollow"))->isChecked());

    const qint64 origin = view()->scale().originNs;
    QTest::mousePress(view()->viewport(), Qt::LeftButton, {}, QPoint(500, 100));
    QMouseEvent move(QEvent::MouseMove, QPointF(400, 100),
                     view()->viewport()->mapToGlobal(QPointF(400, 100)), Qt::NoButton,
                     Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(view()->viewport(), &move);
    QTest::mouseRelease(view()->viewport(), Qt::LeftButton, {}, QPoint(400, 100));
    // Dragged 100 px to the left: later times come into view (clamped at the run's end).
    QVERIFY(view()->scale().originNs >= origin);
}

void TestWaterfallView::wheelScrollsTheRows()
{
    // As in a network waterfall: the plain wheel scrolls the rows and leaves the zoom alone.
    Telemetry telemetry;
    TimelineModel model(&telemetry);
    WaterfallView view(&model);
    view.resize(800, 150);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    for (quint64 b = 1; b <= 20; ++b) { // 20 lanes of one answered call
        Event e;
        e.time = qint64(b) * 1'000'000;
        e.requestId = b;
        e.kind = EventKind::Enqueued;
        telemetry.record(e);
        e.requestId = 0;
        e.batchId = b;
        e.value = 1;
        for (EventKind kind : {EventKind::Flushed, EventKind::Sent, EventKind::Answered}) {
            e.kind = kind;
            telemetry.record(e);
        }
        e.kind = EventKind::Settled;
        e.requestId = b;
        e.status = 200;
        telemetry.record(e);
    }
    model.fetchNew();
    QCoreApplication::processEvents();
    QVERIFY(view.verticalScrollBar()->maximum() > 0);
    view.setFollowLive(false);
    view.verticalScrollBar()->setValue(0);
    view.fitAll();
    const TimeScale before = view.scale();
    const QPoint at(view.gutterWidth() + 200, 50);
    QWheelEvent down(at, view.viewport()->mapToGlobal(at), QPoint(), QPoint(0, -120),
                     Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
    QCoreApplication::sendEvent(view.viewport(), &down);
    QVERIFY(view.verticalScrollBar()->value() > 0);
    QCOMPARE(view.scale().nsPerPixel, before.nsPerPixel);
    QCOMPARE(view.scale().originNs, before.originNs);
    // Shift+wheel moves along the time, at the same zoom.
    view.zoomAround(200, 4);
    const TimeScale zoomed = view.scale();
    QWheelEvent side(at, view.viewport()->mapToGlobal(at), QPoint(), QPoint(0, -120),
                     Qt::NoButton, Qt::ShiftModifier, Qt::NoScrollPhase, false);
    QCoreApplication::sendEvent(view.viewport(), &side);
    QCOMPARE(view.scale().nsPerPixel, zoomed.nsPerPixel);
    QVERIFY(view.scale().originNs > zoomed.originNs);
}

void TestWaterfallView::followLiveKeepsTheNewestInView()
{
    view()->fitAll();
    view()->setFollowLive(true);
    QVERIFY(view()->followsLive());
    QCOMPARE(view()->verticalScrollBar()->value(), view()->verticalScrollBar()->maximum());
    const double endX = view()->scale().x(model()->lastTime());
    QVERIFY2(endX <= view()->viewport()->width() - view()->gutterWidth() + 1,
             qPrintable(QString::number(endX)));
}

void TestWaterfallView::followLiveStopsWhenTheRunEnds()
{
    // Runner::finished turned it off (init's run has ended)...
    QVERIFY(!view()->followsLive());
    QVERIFY(!m_panel->findChild<QCheckBox *>(QStringLiteral("timelineFollow"))->isChecked());
    // ...so that a breaker's timer ticking on after the run moves nothing.
    const TimeScale before = view()->scale();
    Event e;
    e.kind = EventKind::BreakerChanged;
    e.time = model()->lastTime() + 20'000'000'000;
    m_client->telemetry()->record(e);
    model()->fetchNew();
    QCoreApplication::processEvents();
    QCOMPARE(view()->scale().originNs, before.originNs);
    QCOMPARE(view()->scale().nsPerPixel, before.nsPerPixel);
    QCOMPARE(model()->workEnd() < e.time, true); // nor does it stretch the run
}

void TestWaterfallView::fitShowsTheWholeLastBatch()
{
    view()->zoomAround(100, 8); // anywhere else first
    view()->fitAll();
    const double plot = view()->viewport()->width() - view()->gutterWidth();
    const TimelineLane &last = model()->lanes().back();
    QVERIFY(last.answered > 0);
    QCOMPARE(model()->drawnEnd(), model()->workEnd()); // nothing awaits an answer
    const double answered = view()->scale().x(last.answered);
    QVERIFY2(answered <= plot - 8 && answered >= plot * 0.8,
             qPrintable(QStringLiteral("%1 of %2").arg(answered).arg(plot)));
    for (int lane = 0; lane < model()->rowCount(); ++lane)
        for (const TimelineCall &c : model()->calls(lane))
            QVERIFY(view()->scale().x(c.settled) <= plot - 8);
    QVERIFY(view()->scale().x(model()->startTime()) == 0);
}

namespace {

Event makeEvent(EventKind kind, qint64 ms, quint64 request, quint64 batch)
{
    Event e;
    e.kind = kind;
    e.time = ms * 1'000'000;
    e.requestId = request;
    e.batchId = batch;
    return e;
}

} // namespace

void TestWaterfallView::beforeAnyRunTheAxisReadsFromZero()
{
    // The report: before any run the axis read "63 s … 63.6 s" (settings changed at 63 s).
    Telemetry telemetry;
    TimelinePanel panel(&telemetry);
    panel.resize(900, 300);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    const qint64 start = panel.model()->startTime();
    Event change = makeEvent(EventKind::ConfigChanged, 0, 0, 0);
    change.time = start + 63'000'000'000;
    telemetry.record(change);
    panel.model()->fetchNew();
    QCoreApplication::processEvents();
    const QList<TimeScale::Tick> ticks = panel.view()->scale().ticks(600);
    QVERIFY(!ticks.isEmpty());
    QCOMPARE(ticks.front().label, QStringLiteral("0"));
    QCOMPARE(panel.view()->scale().originNs, start);
}

void TestWaterfallView::atHighRatesTheNewestWorkFillsTheView()
{
    // 200 calls in 100 ms, following live: the run fills the view, not a tenth of it.
    Telemetry telemetry;
    TimelineModel model(&telemetry);
    WaterfallView view(&model);
    view.resize(900, 300);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QVERIFY(view.followsLive());
    const double plot = view.viewport()->width() - view.gutterWidth();
    for (int b = 1; b <= 40; ++b) {
        const qint64 ms = b * 2;
        for (int i = 0; i < 5; ++i)
            telemetry.record(makeEvent(EventKind::Enqueued, ms, quint64(b * 5 + i), 0));
        Event flushed = makeEvent(EventKind::Flushed, ms, 0, quint64(b));
        flushed.value = 5;
        telemetry.record(flushed);
        telemetry.record(makeEvent(EventKind::Sent, ms, 0, quint64(b)));
        if (b < 40) { // the last one is still in flight
            Event answered = makeEvent(EventKind::Answered, ms + 20, 0, quint64(b));
            answered.status = 207;
            telemetry.record(answered);
        }
        model.fetchNew();
        QCoreApplication::processEvents();
        const double end = view.scale().x(model.drawnEnd());
        QVERIFY2(end <= plot, qPrintable(QString::number(end)));
        if (b > 5)
            QVERIFY2(end >= plot * 0.5, qPrintable(QStringLiteral("%1 of %2").arg(end).arg(plot)));
    }
    QVERIFY(view.scale().x(model.drawnEnd()) >= plot * 0.9);
}

void TestWaterfallView::everyColourOnScreenIsInTheLegend()
{
    Telemetry telemetry;
    TimelineModel model(&telemetry);
    WaterfallView view(&model);
    view.resize(900, 300);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    Event flushed = makeEvent(EventKind::Flushed, 2, 0, 1);
    flushed.value = 2;
    Event answered = makeEvent(EventKind::Answered, 30, 0, 1);
    answered.status = 207;
    Event ok = makeEvent(EventKind::Settled, 30, 1, 1);
    ok.status = 200;
    Event bad = makeEvent(EventKind::Failed, 30, 2, 1);
    bad.error = ErrorKind::Http;
    bad.status = 500;
    Event hangFlushed = makeEvent(EventKind::Flushed, 40, 0, 2);
    hangFlushed.value = 1;
    for (const Event &e :
         {makeEvent(EventKind::Enqueued, 1, 1, 0), makeEvent(EventKind::Enqueued, 1, 2, 0), flushed,
          makeEvent(EventKind::Sent, 3, 0, 1), answered, ok, bad, makeEvent(EventKind::Enqueued, 35, 3, 0),
          hangFlushed, makeEvent(EventKind::Sent, 41, 0, 2), makeEvent(EventKind::CacheHit, 50, 4, 0),
          makeEvent(EventKind::BreakerRejected, 60, 5, 0), makeEvent(EventKind::ConfigChanged, 70, 0, 0),
          makeEvent(EventKind::BreakerChanged, 80, 0, 0), makeEvent(EventKind::Overflowed, 90, 6, 0)})
        telemetry.record(e);
    model.fetchNew();
    QCoreApplication::processEvents();
    // The hang is drawn up to the newest event, and Fit shows it whole.
    QCOMPARE(model.drawnEnd(), model.lastTime());
    view.fitAll();
    QVERIFY(view.scale().x(model.lastTime()) < view.viewport()->width() - view.gutterWidth());
    QImage image(view.viewport()->size(), QImage::Format_RGB32);
    QPainter p(&image);
    view.render(p, image.size());
    p.end();

    const QPalette pal = view.palette();
    QSet<QRgb> allowed{pal.color(QPalette::Base).rgb(), pal.color(QPalette::AlternateBase).rgb()};
    for (const WaterfallPainter::LegendEntry &e : WaterfallPainter::legend(pal))
        allowed.insert(e.color.rgb());
    QSet<QRgb> seen;
    for (int y = 0; y < image.height(); ++y)
        for (int x = view.gutterWidth(); x < image.width(); ++x)
            seen.insert(image.pixel(x, y));
    QVERIFY(seen.contains(WaterfallPainter::kAwaiting.rgb())); // the hang is drawn...
    for (QRgb c : std::as_const(seen)) // ...and nothing is drawn that the legend does not name
        QVERIFY2(allowed.contains(c), qPrintable(QColor(c).name()));
}

void TestWaterfallView::exportsPngAndSvg()
{
    QTemporaryDir dir;
    QString error;
    const QString png = dir.filePath(QStringLiteral("w.png"));
    QVERIFY2(m_panel->exportTo(png, &error), qPrintable(error));
    const QImage image(png);
    QVERIFY(!image.isNull());
    QCOMPARE(image.width(), TimelinePanel::ExportOptions{}.width);
    QVERIFY(image.height() > view()->contentHeight()); // every row, with a title and legend
    const QString svg = dir.filePath(QStringLiteral("w.svg"));
    QVERIFY2(m_panel->exportTo(svg, &error), qPrintable(error));
    QFile file(svg);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray text = file.readAll();
    QVERIFY(text.contains("<svg") && text.contains("cache hits"));
    // A title and the legend, every entry of it.
    QVERIFY(text.contains("Batchlab waterfall"));
    for (const WaterfallPainter::LegendEntry &e : WaterfallPainter::legend(view()->palette()))
        QVERIFY2(text.contains(e.text.toUtf8()), qPrintable(e.text));
    QVERIFY(!m_panel->exportTo(dir.filePath(QStringLiteral("no/such/dir/w.png")), &error));
    QVERIFY2(error.contains(QStringLiteral("Cannot write")), qPrintable(error));
}

void TestWaterfallView::exportDrawsTheWholeRunNotTheViewport()
{
    QTemporaryDir dir;
    QString error;
    TimelinePanel::ExportOptions options;
    options.width = 1600;
    // Whatever the view shows, the export is the whole run, every row, at the width asked.
    view()->zoomAround(300, 20);
    view()->verticalScrollBar()->setValue(view()->verticalScrollBar()->maximum());
    const QString a = dir.filePath(QStringLiteral("a.png"));
    QVERIFY2(m_panel->exportTo(a, &error, options), qPrintable(error));
    view()->fitAll();
    view()->verticalScrollBar()->setValue(0);
    const QString b = dir.filePath(QStringLiteral("b.png"));
    QVERIFY2(m_panel->exportTo(b, &error, options), qPrintable(error));
    const QImage image(a);
    if (const QString keep = qEnvironmentVariable("BATCHLAB_TIMELINE_SCREENSHOTS"); !keep.isEmpty())
        QFile::copy(a, keep + QStringLiteral("/waterfall-export.png")); // for looking at it
    QCOMPARE(image.width(), 1600);
    QVERIFY(image.height() > view()->contentHeight());
    QVERIFY(image.size() != view()->viewport()->size());
    QCOMPARE(image, QImage(b));
    // The last answer is inside the image, near its right edge.
    QVERIFY(image.width() != m_panel->width());

    // The chosen range: only that range, at the width asked.
    TimelinePanel::ExportOptions range = options;
    range.from = model()->startTime();
    range.to = model()->startTime() + (model()->workEnd() - model()->startTime()) / 2;
    const QString c = dir.filePath(QStringLiteral("c.png"));
    QVERIFY2(m_panel->exportTo(c, &error, range), qPrintable(error));
    QCOMPARE(QImage(c).width(), 1600);
    QVERIFY(QImage(c) != image);
}

void TestWaterfallView::aCallEndingWhileWaitingToRetryIsDrawnToItsEnd()
{
    // One call: its first attempt fails at 20 ms, it waits to retry and times out at 200 ms;
    // the run goes on to 300 ms.
    Telemetry telemetry;
    TimelineModel model(&telemetry);
    WaterfallView view(&model);
    view.resize(1000, 300);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const auto event = [](EventKind kind, qint64 ms, quint64 request, quint64 batch) {
        Event e;
        e.kind = kind;
        e.time = ms * 1'000'000;
        e.requestId = request;
        e.batchId = batch;
        return e;
    };
    Event answered = event(EventKind::Answered, 20, 0, 1);
    answered.status = 207;
    Event retry = event(EventKind::RetryScheduled, 21, 1, 1);
    retry.value = 500;
    Event failed = event(EventKind::Failed, 200, 1, 0);
    failed.error = ErrorKind::Timeout;
    Event flushed = event(EventKind::Flushed, 5, 0, 1);
    flushed.value = 1;
    for (const Event &e :
         {event(EventKind::Enqueued, 1, 1, 0), flushed, event(EventKind::Sent, 6, 0, 1), answered,
          retry, event(EventKind::TimedOut, 200, 1, 0), failed,
          event(EventKind::ConfigChanged, 300, 0, 0)})
        telemetry.record(e);
    model.fetchNew();
    QCoreApplication::processEvents(); // the queued relayout
    QCOMPARE(model.callCount(), 1);
    view.fitAll();

    QImage image(view.viewport()->size(), QImage::Format_RGB32);
    QPainter p(&image);
    view.render(p, image.size());
    p.end();
    const int rowHeight = view.fontMetrics().height() + 4;
    const int callHeight = std::max(10, view.fontMetrics().height() - 2);
    const int top = view.laneTop(0) + rowHeight - view.verticalScrollBar()->value();
    const auto x = [&](qint64 ms) { return view.gutterWidth() + view.scale().x(ms * 1'000'000); };
    const auto count = [&](double from, double to, const QColor &color) {
        int n = 0;
        for (int px = int(std::ceil(from)); px <= int(to); ++px)
            for (int py = top; py < top + callHeight; ++py)
                n += image.pixel(px, py) == color.rgb();
        return n;
    };
    // The backoff is dotted from the failed attempt's answer up to where the call ended...
    const QColor dark = view.palette().color(QPalette::Dark);
    QVERIFY2(count(x(25), x(190), dark) > int((x(190) - x(25)) / 4),
             qPrintable(QString::number(count(x(25), x(190), dark))));
    QCOMPARE(count(x(210), view.viewport()->width() - 1, dark), 0); // ...and no further
    // ...where its end is marked as failed, at the time it ended.
    const QColor failedColor = WaterfallPainter::kFailed;
    QCOMPARE(count(x(25), x(200) - 5, failedColor), 0);
    QVERIFY(count(x(200) - 4, x(200) + 4, failedColor) >= 5);
    const QString tip = view.toolTipAt(QPoint(int(x(100)), top + 2));
    QVERIFY2(tip.contains(QStringLiteral("failed while waiting to retry: timeout")),
             qPrintable(tip));
}

void TestWaterfallView::droppedRowsDoNotMoveWhatIsInView()
{
    Telemetry telemetry;
    TimelineModel model(&telemetry);
    model.setMaxCalls(40);
    WaterfallView view(&model);
    view.resize(800, 300);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    qint64 ms = 0;
    quint64 request = 0;
    quint64 batch = 0;
    const auto feed = [&](int lanes) { // lanes of two calls, each answered
        for (int l = 0; l < lanes; ++l) {
            Event e;
            e.time = ++ms * 1'000'000;
            for (EventKind kind : {EventKind::Enqueued, EventKind::Enqueued}) {
                e.kind = kind;
                e.requestId = ++request;
                telemetry.record(e);
            }
            e.requestId = 0;
            e.batchId = ++batch;
            e.value = 2;
            for (EventKind kind : {EventKind::Flushed, EventKind::Sent, EventKind::Answered}) {
                e.kind = kind;
                telemetry.record(e);
            }
            e.kind = EventKind::Settled;
            e.status = 200;
            for (quint64 id : {request - 1, request}) {
                e.requestId = id;
                telemetry.record(e);
            }
        }
        model.fetchNew();
        QCoreApplication::processEvents(); // the queued relayout
    };
    feed(15);
    view.setFollowLive(false);
    view.verticalScrollBar()->setValue(view.laneTop(10));
    const WaterfallView::Hit before = view.hitAt(QPoint(400, 5));
    QCOMPARE(before.kind, WaterfallView::Hit::Lane);
    const quint64 inView = model.lanes()[size_t(before.lane)].batchId;
    feed(10); // 50 calls: the oldest lanes go
    QVERIFY(model.lanes().front().batchId > 1);
    const WaterfallView::Hit after = view.hitAt(QPoint(400, 5));
    QCOMPARE(after.kind, WaterfallView::Hit::Lane);
    QCOMPARE(model.lanes()[size_t(after.lane)].batchId, inView);
}

QTEST_MAIN(TestWaterfallView)
#include "tst_waterfallview.moc"
