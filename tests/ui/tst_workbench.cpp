// SPDX-License-Identifier: BSD-3-Clause
// The workbench's editing, settings, runs and log, driven through its widgets offscreen, against
// real sandbox servers over loopback. Targets and server profiles: tst_workbenchtargets.
#include "client/apiclient.h"
#include "editor/keyvalueeditor.h"
#include "editor/requestsetdocument.h"
#include "editor/requestsetmodel.h"
#include "editor/targetpanel.h"
#include "log/eventfilterproxy.h"
#include "log/eventlogmodel.h"
#include "log/eventlogview.h"
#include "mainwindow.h"
#include "run/batchsettingspanel.h"
#include "runs/calldirectory.h"
#include "runs/runner.h"
#include "sandbox/sandboxserver.h"
#include "support/testwait.h"
#include "support/workbenchfixture.h"
#include "telemetry/telemetry.h"
#include "timeline/timelinemodel.h"
#include "timeline/timelinepanel.h"
#include "timeline/waterfallview.h"

#include <QAction>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QFile>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

using namespace batchlab;
using namespace workbench;

class TestWorkbench : public WorkbenchFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init() { QVERIFY(open()); }
    void cleanup() { close(); }
    void editActionsAndTheirUndo();
    void typingInTheBodyIsKeptAtOnceAndUndoneAsOneStep();
    void headersAreEditedInTheDetailPane();
    void variablesAreEditedAndUndefinedOnesNamed();
    void selectingALogRowShowsItsRequest();
    void logRowsCopyAndExport();
    void everyKnobAppliesLiveAndIsLogged();
    void twoRunsSideBySide();
    void theRunMenuStartsAndStopsFromTheKeyboard();
    void timelineLogAndEditorSelectTogether();
};

void TestWorkbench::editActionsAndTheirUndo()
{
    RequestSetDocument *doc = m_window->document();
    auto *table = m_window->findChild<QTableView *>(QStringLiteral("requestTable"));
    const QStringList start = names(doc);
    table->setCurrentIndex(table->model()->index(0, 1));
    table->selectRow(0);

    action(m_window.get(), QStringLiteral("Move Dow&n"))->trigger();
    QCOMPARE(names(doc),
             QStringList({QStringLiteral("r2"), QStringLiteral("r1"), QStringLiteral("r3")}));
    QCOMPARE(table->currentIndex().row(), 1); // the moved request stays selected
    action(m_window.get(), QStringLiteral("Move &Up"))->trigger();
    QCOMPARE(names(doc), start);
    action(m_window.get(), QStringLiteral("Move &Up"))->trigger(); // already on top: nothing
    QCOMPARE(names(doc), start);

    action(m_window.get(), QStringLiteral("D&uplicate"))->trigger();
    QCOMPARE(doc->set().requests.size(), 4);
    QCOMPARE(doc->set().requests.at(1), doc->set().requests.at(0));

    table->selectRow(2);
    action(m_window.get(), QStringLiteral("&Add Request"))->trigger();
    QCOMPARE(doc->set().requests.size(), 5);
    QCOMPARE(doc->set().requests.at(3).name, QStringLiteral("new request"));

    // Multi-select: delete two rows in one step.
    table->clearSelection();
    table->selectionModel()->select(table->model()->index(0, 0),
                                    QItemSelectionModel::Select | QItemSelectionModel::Rows);
    table->selectionModel()->select(table->model()->index(4, 0),
                                    QItemSelectionModel::Select | QItemSelectionModel::Rows);
    table->setFocus();
    QTest::keyClick(table, Qt::Key_Delete);
    QCOMPARE(doc->set().requests.size(), 3);

    QUndoStack *undo = doc->undoStack();
    QCOMPARE(undo->count(), 5); // move, move, duplicate, add, delete: the no-op move is no step
    while (undo->canUndo())
        undo->undo();
    QCOMPARE(names(doc), start);
    QVERIFY(!doc->isModified());
}

void TestWorkbench::typingInTheBodyIsKeptAtOnceAndUndoneAsOneStep()
{
    RequestSetDocument *doc = m_window->document();
    auto *table = m_window->findChild<QTableView *>(QStringLiteral("requestTable"));
    table->setCurrentIndex(table->model()->index(1, 1));
    auto *body = m_window->findChild<QPlainTextEdit *>(QStringLiteral("bodyEditor"));
    auto *status = m_window->findChild<QLabel *>(QStringLiteral("bodyStatus"));
    body->setFocus();
    QTest::keyClicks(body, QStringLiteral("{\"a\": [1, 2"));
    // Kept without leaving the field, so no later action can lose it.
    QCOMPARE(doc->set().requests.at(1).body, QStringLiteral("{\"a\": [1, 2"));
    QVERIFY2(status->text().startsWith(QStringLiteral("Not JSON: line 1, column ")),
             qPrintable(status->text()));
    QTest::keyClicks(body, QStringLiteral("]}"));
    QCOMPARE(status->text(), QStringLiteral("valid JSON"));
    QCOMPARE(doc->undoStack()->count(), 1);

    // Pretty-printing changes the text; another request's body is a separate step.
    for (QPushButton *button : m_window->findChildren<QPushButton *>()) {
        if (button->text() == QStringLiteral("Pretty-print JSON"))
            QTest::mouseClick(button, Qt::LeftButton);
    }
    QVERIFY(doc->set().requests.at(1).body.contains(QStringLiteral("\n")));
    table->setCurrentIndex(table->model()->index(2, 1));
    QVERIFY(body->toPlainText().isEmpty());
    QTest::keyClicks(body, QStringLiteral("x"));
    QCOMPARE(doc->undoStack()->count(), 2);

    doc->undoStack()->undo();
    QVERIFY(doc->set().requests.at(2).body.isEmpty());
    QVERIFY(body->toPlainText().isEmpty()); // the editor shows what undo restored, focus or not
    doc->undoStack()->undo();
    QVERIFY(doc->set().requests.at(1).body.isEmpty());
}

void TestWorkbench::headersAreEditedInTheDetailPane()
{
    RequestSetDocument *doc = m_window->document();
    auto *table = m_window->findChild<QTableView *>(QStringLiteral("requestTable"));
    table->setCurrentIndex(table->model()->index(0, 1));
    auto *headers = m_window->findChild<KeyValueEditor *>(QStringLiteral("headersEditor"));
    QVERIFY(headers);
    headers->addRow();
    QCOMPARE(doc->set().requests.at(0).headers.size(), 1);
    QCOMPARE(doc->set().requests.at(0).headers.at(0).first, QStringLiteral("X-Header"));
    headers->table()->item(0, 0)->setText(QStringLiteral("Accept"));
    headers->table()->item(0, 1)->setText(QStringLiteral("application/json"));
    QCOMPARE(doc->set().requests.at(0).headers,
             (QList<QPair<QString, QString>>{
                 {QStringLiteral("Accept"), QStringLiteral("application/json")}}));
    // The table's header count follows.
    QCOMPARE(table->model()->index(0, RequestSetModel::Headers).data().toInt(), 1);

    // A bad name is refused, saying why: the report saw it flagged, saved and sent.
    headers->table()->item(0, 0)->setText(QStringLiteral("Bad Header"));
    const auto problems = headers->findChildren<QLabel *>();
    QVERIFY(std::any_of(problems.cbegin(), problems.cend(), [](const QLabel *l) {
        return l->text().contains(QStringLiteral("Not taken: \"Bad Header\" is not a valid header name"));
    }));
    QCOMPARE(headers->pairs().at(0).first, QStringLiteral("Accept"));
    QCOMPARE(doc->set().requests.at(0).headers.at(0).first, QStringLiteral("Accept"));

    // Another request shows its own (no) headers; undo brings back each step.
    table->setCurrentIndex(table->model()->index(1, 1));
    QCOMPARE(headers->pairs().size(), 0);
    table->setCurrentIndex(table->model()->index(0, 1));
    QCOMPARE(headers->pairs().at(0).first, QStringLiteral("Accept"));
    doc->undoStack()->undo();
    QCOMPARE(headers->pairs().at(0).first, QStringLiteral("Accept"));
    QVERIFY(headers->pairs().at(0).second.isEmpty()); // the value's step undone
    headers->table()->selectRow(0);
    headers->removeSelected();
    QVERIFY(doc->set().requests.at(0).headers.isEmpty());
}

void TestWorkbench::variablesAreEditedAndUndefinedOnesNamed()
{
    RequestSetDocument *doc = m_window->document();
    RequestItem item = doc->set().requests.at(0);
    item.url = QStringLiteral("/users/{{who}}?v={{version}}");
    doc->setItem(0, item);
    auto *variables = m_window->findChild<KeyValueEditor *>(QStringLiteral("variablesEditor"));
    const auto noteText = [variables] {
        QString all;
        for (const QLabel *label : variables->findChildren<QLabel *>())
            all += label->text() + u'\n';
        return all;
    };
    QVERIFY2(noteText().contains(QStringLiteral("Used but not defined: who, version")),
             qPrintable(noteText()));

    variables->addRow();
    variables->table()->item(0, 0)->setText(QStringLiteral("who"));
    variables->table()->item(0, 1)->setText(QStringLiteral("7"));
    QCOMPARE(doc->set().variables, (QList<Variable>{{QStringLiteral("who"), QStringLiteral("7")}}));
    QVERIFY2(noteText().contains(QStringLiteral("Used but not defined: version")),
             qPrintable(noteText()));
    QVERIFY(!noteText().contains(QStringLiteral("who,")));

    doc->undoStack()->undo();
    doc->undoStack()->undo();
    QCOMPARE(variables->pairs().size(), 1);
    QCOMPARE(variables->pairs().at(0).first,
             QStringLiteral("name")); // the added row, before renaming
    doc->undoStack()->undo();
    QCOMPARE(variables->pairs().size(), 0);
}

void TestWorkbench::selectingALogRowShowsItsRequest()
{
    ClientConfig config = m_window->client()->config();
    config.cache.enabled = false;
    m_window->client()->setConfig(config);
    QSignalSpy finished(m_window->runner(), &Runner::finished);
    m_window->findChild<QSpinBox *>(QStringLiteral("iterations"))->setValue(2);
    QTest::mouseClick(m_window->findChild<QPushButton *>(QStringLiteral("startRun")),
                      Qt::LeftButton);
    QVERIFY(finished.wait(10000));

    auto *log = m_window->findChild<QTableView *>(QStringLiteral("logTable"));
    // The log takes events in chunks on a timer: wait until it holds them all.
    const auto all = qsizetype(m_window->client()->telemetry()->eventsSince(0).size());
    QVERIFY(waitUntil([&] { return log->model()->rowCount() == all; }, 2000));
    auto *requests = m_window->findChild<QTableView *>(QStringLiteral("requestTable"));
    const QString name = QStringLiteral("r3");
    // The Settled event of the third request of the second iteration (calls go in set order).
    int found = -1;
    for (int row = 0; row < log->model()->rowCount() && found < 0; ++row) {
        const QString kindText = log->model()->index(row, EventLogModel::Kind).data().toString();
        const quint64 id = log->model()->index(row, EventLogModel::Request).data().toULongLong();
        if (kindText == QStringLiteral("settled") && m_window->runner()->rowOfCall(id) == 2)
            found = row;
    }
    QVERIFY(found >= 0);
    log->setCurrentIndex(log->model()->index(found, 0));
    QCOMPARE(requests->currentIndex().row(), 2);
    const QString details = m_window->findChild<QLabel *>(QStringLiteral("detailsSummary"))->text();
    QVERIFY2(details.contains(name) && details.contains(QStringLiteral("HTTP 200")),
             qPrintable(details));
    // Beside it, that very call's batch as it went over the wire.
    m_window->findChild<QDockWidget *>(QStringLiteral("detailsDock"))->raise();
    const quint64 id = log->model()->index(found, EventLogModel::Request).data().toULongLong();
    const CallRecord *call = m_window->runner()->calls()->find(id);
    QVERIFY(call && call->batchId);
    auto *wireSummary = m_window->findChild<QLabel *>(QStringLiteral("wireSummary"));
    QTRY_VERIFY2(wireSummary->text().contains(QStringLiteral("<b>Batch %1</b>").arg(call->batchId)),
                 qPrintable(wireSummary->text()));
    const QString wire = m_window->findChild<QPlainTextEdit *>(QStringLiteral("wireText"))->toPlainText();
    QVERIFY2(wire.contains(QStringLiteral("/users/3")) && wire.contains(QStringLiteral("RESPONSE")), qPrintable(wire));
    QCOMPARE(m_window->runner()->rowOfCall(0), -1);
    QCOMPARE(m_window->runner()->rowOfCall(1u << 30), -1);
}

void TestWorkbench::logRowsCopyAndExport()
{
    QSignalSpy finished(m_window->runner(), &Runner::finished);
    QTest::mouseClick(m_window->findChild<QPushButton *>(QStringLiteral("startRun")),
                      Qt::LeftButton);
    QVERIFY(finished.wait(10000));
    auto *log = m_window->findChild<QTableView *>(QStringLiteral("logTable"));
    QVERIFY(waitUntil([&] { return log->model()->rowCount() >= 5; }, 2000));
    log->selectionModel()->select(log->model()->index(1, 0),
                                  QItemSelectionModel::Select | QItemSelectionModel::Rows);
    log->selectionModel()->select(log->model()->index(2, 0),
                                  QItemSelectionModel::Select | QItemSelectionModel::Rows);
    log->setFocus();
    QTest::keySequence(log, QKeySequence::Copy);
    const QStringList copied = QApplication::clipboard()->text().split(u'\n');
    QCOMPARE(copied.size(), 2);
    QVERIFY2(copied.at(0).contains(log->model()->index(1, 2).data().toString()),
             qPrintable(copied.at(0)));
    QVERIFY2(copied.at(1).contains(log->model()->index(2, 2).data().toString()),
             qPrintable(copied.at(1)));

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("events.jsonl"));
    QString error;
    auto *view = m_window->findChild<EventLogView *>();
    QVERIFY(view->exportTo(path, &error));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
    // Every event the log holds (no filter here), the newest included.
    QCOMPARE(lines.size(), qsizetype(m_window->client()->telemetry()->eventsSince(0).size()));
    QCOMPARE(lines.size(), qsizetype(view->proxy()->rowCount()));
    for (const QByteArray &line : lines)
        QVERIFY2(QJsonDocument::fromJson(line).isObject(), line.constData());
    QVERIFY(!view->exportTo(dir.filePath(QStringLiteral("missing/dir/events.jsonl")), &error));
    QVERIFY2(error.contains(QStringLiteral("Cannot write")), qPrintable(error));
}

void TestWorkbench::everyKnobAppliesLiveAndIsLogged()
{
    auto *panel = m_window->findChild<BatchSettingsPanel *>();
    QVERIFY(panel);
    const QList<QWidget *> knobs
        = panel->findChildren<QWidget *>(QRegularExpression(QStringLiteral(".+")));
    int count = 0;
    for (QWidget *knob : knobs) {
        if (!qobject_cast<QAbstractSpinBox *>(knob) && !qobject_cast<QCheckBox *>(knob)
            && !qobject_cast<QComboBox *>(knob))
            continue;
        ++count;
        QVERIFY2(!knob->toolTip().isEmpty(), qPrintable(knob->objectName()));
        if (auto *spin = qobject_cast<QSpinBox *>(knob);
            spin && knob->toolTip().contains(QStringLiteral("long")))
            QVERIFY2(!spin->suffix().isEmpty(),
                     qPrintable(knob->objectName())); // times carry their unit
    }
    QVERIFY2(count >= 30, qPrintable(QString::number(count)));

    const auto set = [&](const char *name, int value) {
        auto *spin = panel->findChild<QSpinBox *>(QLatin1String(name));
        QVERIFY2(spin, name);
        spin->setValue(value);
    };
    set("maxAttempts", 5);
    set("maxQueueSize", 123);
    set("probeTimeoutMs", 2500); // the panel's boxes are named as the command line names the knob
    set("maxBytes", 2); // in MiB in the panel, in bytes in the file
    panel->findChild<QComboBox *>(QStringLiteral("jitter"))->setCurrentIndex(int(Jitter::Equal));
    panel->findChild<QCheckBox *>(QStringLiteral("retryNonIdempotent"))->setChecked(true);
    panel->findChild<QDoubleSpinBox *>(QStringLiteral("failureRateThreshold"))->setValue(25);
    const ClientConfig c = m_window->client()->config();
    QCOMPARE(c.retry.maxAttempts, 5);
    QCOMPARE(c.batch.maxQueueSize, 123);
    QCOMPARE(c.breaker.probeTimeout, std::chrono::milliseconds(2500));
    QCOMPARE(c.cache.maxBytes, 2 * 1024 * 1024);
    QCOMPARE(c.retry.jitter, Jitter::Equal);
    QVERIFY(c.retry.retryNonIdempotent);
    QCOMPARE(c.breaker.failureRateThreshold, 0.25);

    // Each change is an event of the log that names it.
    auto *log = m_window->findChild<QTableView *>(QStringLiteral("logTable"));
    QStringList details;
    QVERIFY(waitUntil(
        [&] {
            details.clear();
            for (int row = 0; row < log->model()->rowCount(); ++row) {
                if (log->model()->index(row, EventLogModel::Kind).data().toString()
                    == QStringLiteral("config-changed"))
                    details.append(log->model()->index(row, EventLogModel::Detail).data().toString());
            }
            return details.size() >= 7;
        },
        2000));
    QVERIFY2(details.contains(QStringLiteral("retry.maxAttempts 3 → 5")),
             qPrintable(details.join(u'|')));
    QVERIFY2(details.contains(QStringLiteral("breaker.failureRateThreshold 0.5 → 0.25")),
             qPrintable(details.join(u'|')));
    QVERIFY2(details.contains(QStringLiteral("cache.maxBytes 16777216 bytes → 2097152 bytes")),
             qPrintable(details.join(u'|')));
    // Opening a set with its own settings shows them.
    ClientConfig other = m_window->client()->config();
    other.batch.maxBatchSize = 17;
    m_window->client()->setConfig(other);
    QCOMPARE(panel->findChild<QSpinBox *>(QStringLiteral("maxBatchSize"))->value(), 17);
}

void TestWorkbench::theRunMenuStartsAndStopsFromTheKeyboard()
{
    // F5 starts a run and Shift+F5 stops it, from wherever the focus is (issue 14: a Run menu
    // with shortcuts), and the menu's actions follow what the run allows.
    QMenu *run = nullptr;
    for (QAction *menu : m_window->menuBar()->actions()) {
        if (menu->menu() && menu->text().remove(u'&') == QStringLiteral("Run"))
            run = menu->menu();
    }
    QVERIFY(run);
    const auto action = [run](const QString &name) -> QAction * {
        for (QAction *a : run->actions()) {
            if (a->text().remove(u'&').startsWith(name))
                return a;
        }
        return nullptr;
    };
    QVERIFY(action(QStringLiteral("Start")) && action(QStringLiteral("Stop")) && action(QStringLiteral("Pause")));
    QCOMPARE(action(QStringLiteral("Start"))->shortcut(), QKeySequence(Qt::Key_F5));
    QCOMPARE(action(QStringLiteral("Stop"))->shortcut(), QKeySequence(Qt::SHIFT | Qt::Key_F5));
    QVERIFY(!action(QStringLiteral("Stop"))->isEnabled());
    // A slow plan, so that there is something to stop.
    m_window->findChild<QSpinBox *>(QStringLiteral("iterations"))->setValue(1000);
    m_window->findChild<QComboBox *>(QStringLiteral("arrival"))->setCurrentIndex(1); // fixed rate
    m_window->activateWindow();
    QTest::keyClick(m_window.get(), Qt::Key_F5);
    QTRY_COMPARE(m_window->runner()->state(), Runner::State::Running);
    QVERIFY(action(QStringLiteral("Stop"))->isEnabled());
    QVERIFY(!action(QStringLiteral("Start"))->isEnabled());
    QTest::keyClick(m_window.get(), Qt::Key_F5, Qt::ShiftModifier);
    QTRY_COMPARE(m_window->runner()->state(), Runner::State::Stopped);
    QVERIFY(action(QStringLiteral("Start"))->isEnabled());
}

void TestWorkbench::twoRunsSideBySide()
{
    ClientConfig config = m_window->client()->config();
    config.cache.enabled = false;
    m_window->client()->setConfig(config);
    QSignalSpy finished(m_window->runner(), &Runner::finished);
    auto *start = m_window->findChild<QPushButton *>(QStringLiteral("startRun"));
    m_window->findChild<QSpinBox *>(QStringLiteral("iterations"))->setValue(4); // 12 calls
    auto *compare = m_window->findChild<QTableWidget *>(QStringLiteral("runComparison"));
    QVERIFY(compare);
    const auto cell = [compare](const QString &label, int column) {
        for (int row = 0; row < compare->rowCount(); ++row) {
            if (compare->item(row, 0)->text() == label)
                return compare->item(row, column)->text();
        }
        return QStringLiteral("(no row %1)").arg(label);
    };
    for (int run = 0; run < 3; ++run) {
        if (run == 1)
            m_window->findChild<QSpinBox *>(QStringLiteral("maxBatchSize"))->setValue(2);
        QTest::mouseClick(start, Qt::LeftButton);
        QVERIFY(finished.wait(10000));
        QCOMPARE(compare->isVisibleTo(m_window.get()), run > 0);
    }
    // The last two by default: same settings.
    QCOMPARE(cell(QStringLiteral("Settings"), 1), QStringLiteral("same")); // one text across the columns
    // Runs 1 and 2, picked in the history.
    auto *history = m_window->findChild<QTableWidget *>(QStringLiteral("runHistory"));
    history->clearSelection();
    history->selectionModel()->select(history->model()->index(0, 0),
                                      QItemSelectionModel::Select | QItemSelectionModel::Rows);
    history->selectionModel()->select(history->model()->index(1, 0),
                                      QItemSelectionModel::Select | QItemSelectionModel::Rows);
    QCOMPARE(compare->horizontalHeaderItem(1)->text(), QStringLiteral("Run 1"));
    QCOMPARE(compare->horizontalHeaderItem(2)->text(), QStringLiteral("Run 2"));
    QCOMPARE(cell(QStringLiteral("Settings"), 1), QStringLiteral("maxBatchSize 10 → 2"));
    const std::vector<RunSummary> &runs = m_window->runner()->history();
    const QLocale locale;
    QCOMPARE(cell(QStringLiteral("HTTP requests"), 1),
             locale.toString(runs[0].counters.httpRequests));
    QCOMPARE(cell(QStringLiteral("HTTP requests"), 2),
             locale.toString(runs[1].counters.httpRequests));
    QVERIFY(runs[1].counters.httpRequests
            > runs[0].counters.httpRequests); // smaller batches, more of them
    // A difference, not a ratio: "+4 (+67 %)".
    QVERIFY2(cell(QStringLiteral("HTTP requests"), 3).startsWith(u'+'), qPrintable(cell(QStringLiteral("HTTP requests"), 3)));
    QCOMPARE(cell(QStringLiteral("Calls"), 3), QStringLiteral("="));
    // The status bar tells the last run's numbers, not the 36 calls of the session.
    auto *status = m_window->findChild<QLabel *>(QStringLiteral("telemetryCounters"));
    QTRY_VERIFY2(status->text().startsWith(QStringLiteral("Run 3: calls 12 ")), qPrintable(status->text()));
}

void TestWorkbench::timelineLogAndEditorSelectTogether()
{
    ClientConfig config = m_window->client()->config();
    config.cache.enabled = false;
    m_window->client()->setConfig(config);
    QSignalSpy finished(m_window->runner(), &Runner::finished);
    QTest::mouseClick(m_window->findChild<QPushButton *>(QStringLiteral("startRun")),
                      Qt::LeftButton);
    QVERIFY(finished.wait(10000));
    auto *timeline = m_window->findChild<TimelinePanel *>();
    QVERIFY(timeline);
    QVERIFY(waitUntil([&] { return timeline->model()->callCount() == 3; }, 2000));
    QCOMPARE(qint64(timeline->model()->rowCount()),
             m_window->client()->telemetry()->counters().httpRequests);
    m_window->findChild<QDockWidget *>(QStringLiteral("timelineDock"))->raise();

    // A click on the waterfall selects the call in the log and its request in the editor.
    WaterfallView *view = timeline->view();
    const TimelineCall &call = timeline->model()->calls(0).back();
    view->selectCall(call.id);
    const int rowHeight = view->fontMetrics().height() + 4;
    const int callHeight = std::max(10, view->fontMetrics().height() - 2);
    const int y = view->laneTop(0) + rowHeight
        + (int(timeline->model()->calls(0).size()) - 1) * callHeight
        - view->verticalScrollBar()->value();
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, QPoint(view->gutterWidth() + 5, y + 2));
    QCOMPARE(view->selectedCall(), call.id);
    auto *log = m_window->findChild<QTableView *>(QStringLiteral("logTable"));
    QCOMPARE(log->currentIndex().siblingAtColumn(3).data().toULongLong(), call.id);
    auto *requests = m_window->findChild<QTableView *>(QStringLiteral("requestTable"));
    QCOMPARE(requests->currentIndex().row(), m_window->runner()->rowOfCall(call.id));

    // And the other way: a log row selects the call on the waterfall.
    const quint64 other = timeline->model()->calls(0).front().id;
    for (int row = 0; row < log->model()->rowCount(); ++row) {
        if (log->model()->index(row, EventLogModel::Request).data().toULongLong() == other) {
            log->setCurrentIndex(log->model()->index(row, 0));
            break;
        }
    }
    QCOMPARE(view->selectedCall(), other);
}

QTEST_MAIN(TestWorkbench)
#include "tst_workbench.moc"
