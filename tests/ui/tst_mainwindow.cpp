// SPDX-License-Identifier: BSD-3-Clause
// GUI smoke test under QT_QPA_PLATFORM=offscreen: the window builds, shows the sandbox URL
// and follows the sandbox's counters live.
#include "client/apiclient.h"
#include "editor/requestsetdocument.h"
#include "mainwindow.h"
#include "runs/runnumbers.h"
#include "runs/runner.h"
#include "sandbox/sandboxserver.h"
#include "support/httptestclient.h"
#include "telemetry/telemetry.h"
#include "timeline/timelinemodel.h"
#include "timeline/timelinepanel.h"
#include "timeline/waterfallview.h"

#include <QComboBox>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QMenuBar>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTreeWidget>
#include <QtTest>

using namespace batchlab;

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); } // never the user's settings
    void showsTheSandboxUrl();
    void followsTheCountersLive();
    void hasTheStandardMenus();
    void opensWithASampleAndEveryDockNamed();
    void aWholeRunWithALiveSettingsChange();
    void theWindowMayGoMidRun();
    void sandboxFaultsApplyAtOnce();
    void theTimelineStartsEmptyForEachSet();
    void theWindowMayGoWithANumberHalfTyped_data();
    void theWindowMayGoWithANumberHalfTyped();
    void resetLayoutGivesTheRunDockItsStartingWidth();
};

void TestMainWindow::showsTheSandboxUrl()
{
    SandboxServer sandbox;
    QVERIFY(sandbox.start());
    MainWindow window(&sandbox);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *label = window.findChild<QLabel *>(QStringLiteral("sandboxUrlLabel"));
    QVERIFY(label);
    QVERIFY(label->isVisible());
    QVERIFY2(label->text().contains(sandbox.url().toString()), qPrintable(label->text()));
}

void TestMainWindow::followsTheCountersLive()
{
    SandboxServer sandbox;
    QVERIFY(sandbox.start());
    MainWindow window(&sandbox);
    window.show();
    auto *counter = window.findChild<QLabel *>(QStringLiteral("sandboxCounterLabel"));
    QVERIFY(counter);
    QVERIFY2(counter->text().contains(QStringLiteral("HTTP requests: 0")),
             qPrintable(counter->text()));

    HttpTestClient client;
    QUrl url = sandbox.url();
    url.setPath(QStringLiteral("/$batch"));
    const HttpResult result = client.send(
        "POST", url,
        R"({"requests":[{"id":"1","method":"GET","url":"/users/1"},{"id":"2","method":"GET","url":"/items/2"}]})");
    QCOMPARE(result.status, 200);
    QTRY_VERIFY2(counter->text().contains(QStringLiteral("HTTP requests: 1")),
                 qPrintable(counter->text()));
    QVERIFY2(counter->text().contains(QStringLiteral("batch items: 2")),
             qPrintable(counter->text()));

    auto *routes = window.findChild<QTreeWidget *>(QStringLiteral("sandboxRoutes"));
    QVERIFY(routes);
    QTRY_COMPARE(routes->topLevelItemCount(), 3); // POST /$batch, GET /users/{id}, GET /items/{id}
}

void TestMainWindow::hasTheStandardMenus()
{
    SandboxServer sandbox;
    MainWindow window(&sandbox);
    QStringList titles;
    for (QAction *action : window.menuBar()->actions())
        titles.append(action->text().remove(u'&'));
    QCOMPARE(titles, QStringList({QStringLiteral("File"), QStringLiteral("Edit"), QStringLiteral("Run"),
                                  QStringLiteral("View"), QStringLiteral("Help")}));
    auto *label = window.findChild<QLabel *>(QStringLiteral("sandboxUrlLabel"));
    QVERIFY(label->text().contains(QStringLiteral("not running")));
}

void TestMainWindow::opensWithASampleAndEveryDockNamed()
{
    SandboxServer sandbox;
    QVERIFY(sandbox.start());
    MainWindow window(&sandbox);
    QCOMPARE(window.document()->set().name, QStringLiteral("User fan-out with duplicates"));
    auto *table = window.findChild<QTableView *>(QStringLiteral("requestTable"));
    QVERIFY(table);
    QCOMPARE(table->model()->rowCount(), 24);
    QStringList docks;
    for (QDockWidget *dock : window.findChildren<QDockWidget *>())
        docks.append(dock->objectName());
    docks.sort();
    // It fits a 1280 × 800 screen: the bottom docks, side by side while they were made, once
    // fixed a minimum width of 1368 px.
    QCOMPARE(window.size(), QSize(1280, 800));
    QVERIFY(window.minimumSizeHint().width() <= 1280);
    QCOMPARE(docks, QStringList({QStringLiteral("chartsDock"), QStringLiteral("detailsDock"), QStringLiteral("faultsDock"),
                                 QStringLiteral("logDock"), QStringLiteral("networkDock"), QStringLiteral("responseDock"),
                                 QStringLiteral("runDock"), QStringLiteral("sandboxDock"),
                                 QStringLiteral("settingsDock"), QStringLiteral("timelineDock")}));
}

void TestMainWindow::aWholeRunWithALiveSettingsChange()
{
    SandboxServer sandbox;
    QVERIFY(sandbox.start());
    MainWindow window(&sandbox);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *iterations = window.findChild<QSpinBox *>(QStringLiteral("iterations"));
    QVERIFY(iterations);
    iterations->setValue(20);
    // Fixed rate, so that the run lasts long enough to change a setting in the middle of it.
    auto *arrival = window.findChild<QComboBox *>(QStringLiteral("arrival"));
    arrival->setCurrentIndex(arrival->findText(QStringLiteral("Fixed rate")));
    window.findChild<QDoubleSpinBox *>(QStringLiteral("arrivalRate"))->setValue(400);
    ClientConfig config = window.client()->config();
    config.cache.enabled = false; // every call reaches the wire, the count is the whole story
    window.client()->setConfig(config);

    QSignalSpy finished(window.runner(), &Runner::finished);
    auto *start = window.findChild<QPushButton *>(QStringLiteral("startRun"));
    QTest::mouseClick(start, Qt::LeftButton);
    // A quarter in, whatever the machine's speed (under ASan a fixed count came too late).
    const int total = window.runner()->progress().total;
    QVERIFY(waitUntil([&] { return window.runner()->progress().sent >= total / 4; }, 5000));
    const int sentAtChange = window.runner()->progress().sent;
    QVERIFY2(total - sentAtChange >= 60, qPrintable(QStringLiteral("%1 of %2 sent").arg(sentAtChange).arg(total)));
    auto *maxBatchSize = window.findChild<QSpinBox *>(QStringLiteral("maxBatchSize"));
    maxBatchSize->setValue(3);
    QVERIFY(finished.wait(20000));

    // Batches after the change respect it.
    bool changed = false;
    int afterChange = 0;
    for (const Event &e : window.client()->telemetry()->eventsSince(0)) {
        if (e.kind == EventKind::ConfigChanged && e.value == 3)
            changed = true;
        if (changed && e.kind == EventKind::Flushed) {
            QVERIFY2(e.value <= 3, qPrintable(QString::number(e.value)));
            ++afterChange;
        }
    }
    QVERIFY2(changed && afterChange > 10, qPrintable(QStringLiteral("changed %1, batches after %2, sent at change %3 of %4")
                                                      .arg(changed).arg(afterChange).arg(sentAtChange).arg(total)));
    // The status bar says what the telemetry says, and the wire agrees.
    QTest::qWait(300);
    const TelemetryCounters c = window.client()->telemetry()->counters();
    QCOMPARE(c.calls, 480);
    QCOMPARE(c.httpRequests, sandbox.counters().httpRequests);
    auto *counters = window.findChild<QLabel *>(QStringLiteral("telemetryCounters"));
    const QLocale locale;
    // The run's own numbers (one run here, so the same as the session's), saved as defined.
    const RunNumbers n = RunNumbers::of(window.runner()->history().back());
    QVERIFY2(counters->text().startsWith(QStringLiteral("Run 1: calls %1").arg(locale.toString(c.calls))),
             qPrintable(counters->text()));
    QVERIFY2(counters->text().contains(QStringLiteral("HTTP %1").arg(locale.toString(c.httpRequests))),
             qPrintable(counters->text()));
    QVERIFY2(counters->text().contains(QStringLiteral("saved %1").arg(n.savedText())), qPrintable(counters->text()));
    QVERIFY(counters->toolTip().contains(QStringLiteral("by de-duplication %1").arg(locale.toString(c.dedupHits))));
    // Selecting a request shows its last answer.
    auto *table = window.findChild<QTableView *>(QStringLiteral("requestTable"));
    table->setCurrentIndex(table->model()->index(2, 1));
    const QString details = window.findChild<QLabel *>(QStringLiteral("detailsSummary"))->text();
    QVERIFY2(details.contains(QStringLiteral("user 2")) && details.contains(QStringLiteral("HTTP 200")), qPrintable(details));
}

void TestMainWindow::sandboxFaultsApplyAtOnce()
{
    SandboxServer sandbox;
    QVERIFY(sandbox.start());
    MainWindow window(&sandbox);
    window.findChild<QSpinBox *>(QStringLiteral("sandboxLatency"))->setValue(25);
    window.findChild<QDoubleSpinBox *>(QStringLiteral("sandboxItemErrors"))->setValue(12.5);
    QCOMPARE(sandbox.behavior().latencyMs, 25);
    QCOMPARE(sandbox.behavior().itemErrorRate, 0.125);
}

void TestMainWindow::theWindowMayGoMidRun()
{
    // Calls still in flight when the window goes: the client settles them into the runner,
    // which must not reach the half-destroyed window (ASan watches).
    SandboxServer sandbox;
    QVERIFY(sandbox.start());
    SandboxBehavior slow;
    slow.latencyMs = 200;
    QVERIFY(sandbox.setBehavior(slow));
    auto window = std::make_unique<MainWindow>(&sandbox);
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window.get()));
    QTest::mouseClick(window->findChild<QPushButton *>(QStringLiteral("startRun")), Qt::LeftButton);
    QVERIFY(waitUntil([&] { return window->runner()->progress().sent > 0; }, 5000));
    window.reset();
    QTest::qWait(300); // the sandbox's late answers find nobody
}

void TestMainWindow::theTimelineStartsEmptyForEachSet()
{
    // The report: before any run the timeline showed a "settings change" marker (the sample's
    // settings being applied) at 35 ms "since the run started".
    SandboxServer sandbox;
    QVERIFY(sandbox.start());
    MainWindow window(&sandbox);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *timeline = window.findChild<TimelinePanel *>();
    QVERIFY(timeline);
    QTest::qWait(300); // the timeline's refreshes
    QCOMPARE(timeline->model()->markers().size(), size_t(0));
    QCOMPARE(timeline->model()->callCount(), 0);

    // A run, then another set: the last run's bars are not the new set's.
    QVERIFY(window.runner()->start(window.document()->set(), sandbox.url(), RunPlan{}));
    QVERIFY(waitUntil([&] { return window.runner()->state() == Runner::State::Finished; }, 10000));
    QTRY_VERIFY(timeline->model()->callCount() > 0);
    window.document()->reset(RequestSet{});
    QTRY_COMPARE(timeline->model()->callCount(), 0);
    QTest::qWait(300);
    QCOMPARE(timeline->model()->markers().size(), size_t(0));
    // And its axis starts at 0 again (it read "−13.3 s" after the set was opened).
    const TimeScale &scale = timeline->view()->scale();
    QCOMPARE(scale.originNs, scale.zeroNs);
}

void TestMainWindow::theWindowMayGoWithANumberHalfTyped_data()
{
    QTest::addColumn<QString>("box");
    QTest::newRow("batch settings") << QStringLiteral("maxBatchSize");
    QTest::newRow("run plan") << QStringLiteral("iterations");
    QTest::newRow("sandbox faults") << QStringLiteral("sandboxLatency");
}

void TestMainWindow::theWindowMayGoWithANumberHalfTyped()
{
    // A spin box commits what was typed when it loses the focus, which ~QWidget takes only
    // after the window's own part is gone: the commit then reached a destroyed window.
    QFETCH(QString, box);
    SandboxServer sandbox;
    QVERIFY(sandbox.start());
    auto window = std::make_unique<MainWindow>(&sandbox);
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window.get()));
    auto *spin = window->findChild<QSpinBox *>(box);
    QVERIFY(spin);
    spin->setFocus();
    spin->selectAll();
    QTest::keyClicks(spin, QStringLiteral("7"));
    QCOMPARE(window->focusWidget(), spin);
    const int latency = sandbox.behavior().latencyMs;
    window.reset(); // the commit must not reach the destroyed window (ASan watches)
    QCOMPARE(sandbox.behavior().latencyMs, box == QLatin1String("sandboxLatency") ? 7 : latency);
}

void TestMainWindow::resetLayoutGivesTheRunDockItsStartingWidth()
{
    // Found by hand: View ▸ Reset Layout left the Run dock about 110 px wide, its forms cut off.
    SandboxServer sandbox;
    QVERIFY(sandbox.start());
    MainWindow window(&sandbox);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *run = window.findChild<QDockWidget *>(QStringLiteral("runDock"));
    QTRY_VERIFY(run->width() >= 400);
    const int started = run->width();
    window.resizeDocks({run}, {700}, Qt::Horizontal); // the user's own width
    QTRY_VERIFY(run->width() > started + 100);
    QAction *reset = nullptr;
    for (QAction *action : window.findChildren<QAction *>()) {
        if (action->text() == QLatin1String("Reset &Layout"))
            reset = action;
    }
    QVERIFY(reset);
    reset->trigger();
    QTRY_VERIFY2(qAbs(run->width() - started) <= 10,
                 qPrintable(QStringLiteral("%1 px wide, %2 at the start").arg(run->width()).arg(started)));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
