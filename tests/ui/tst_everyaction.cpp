// SPDX-License-Identifier: BSD-3-Clause
// Every action of the workbench, on a large run: each menu item (submenus included), each button
// of each dock and of the editor, each action a view carries (its context menu) and each custom
// context menu's items, triggered by name in a fixed order while a run goes and after it ended.
// After each one the window is there, the event loop turns, and no warning names a model or an
// index that is out of range; the longest wait of the event loop is measured and the worst are
// printed (not asserted: the machine's speed swings). Dialogs are closed as they open.
#include "bench/lagprobe.h"
#include "client/apiclient.h"
#include "editor/requestseteditor.h"
#include "mainwindow.h"
#include "run/runpanel.h"
#include "runs/runner.h"
#include "runs/runnumbers.h"
#include "support/workbenchfixture.h"
#include "telemetry/telemetry.h"

#include <QAbstractButton>
#include <QDialog>
#include <QDockWidget>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QPointer>
#include <QStandardPaths>
#include <QtTest>

#include <algorithm>
#include <functional>

using namespace batchlab;

namespace {

/// How an action is triggered. Anything not in the table below: once, or twice when it is
/// checkable (the second puts back what the first changed, so each one starts from the same state).
enum class How { Once, Twice, Last, Skip };

struct Special
{
    const char *name;
    How how;
    const char *why;
};

// clang-format off
constexpr Special kSpecial[] = {
    {"menu/File/Quit",     How::Skip,  "closes the window under test; closing is tst_mainwindow's"},
    {"menu/Run/Pause Run", How::Twice, "pauses, then resumes, so that the run goes on"},
    {"runDock/Pause",      How::Twice, "pauses, then resumes, so that the run goes on"},
    {"menu/Run/Stop Run",  How::Last,  "ends the run: every other action goes while it runs"},
    {"runDock/Stop",       How::Last,  "ends the run: every other action goes while it runs"},
};
// clang-format on

const Special *special(const QString &name)
{
    for (const Special &s : kSpecial) {
        if (name == QLatin1String(s.name))
            return &s;
    }
    return nullptr;
}

/// Warnings that mean a bug, not a mood: a model or a view used wrongly, a bad index.
bool isBugWarning(const QString &message)
{
    static const char *const kBugs[] = {"QAbstractItemModel", "QSortFilterProxyModel", "QItemSelectionModel",
                                        "QPersistentModelIndex", "out of range", "ASSERT", "QObject::connect",
                                        "QPainter::", "invalid index"};
    return std::any_of(std::begin(kBugs), std::end(kBugs),
                       [&](const char *bug) { return message.contains(QLatin1String(bug)); });
}

QStringList g_bugWarnings;
QtMessageHandler g_previousHandler = nullptr;

void collectWarnings(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (type != QtDebugMsg && type != QtInfoMsg && isBugWarning(message))
        g_bugWarnings.append(message);
    g_previousHandler(type, context, message);
}

QString label(QString text)
{
    return text.remove(u'&').remove(u'…').trimmed();
}

/// What the user reads on it, else what the code calls it.
QString nameOf(const QObject *object, const QString &text)
{
    if (!label(text).isEmpty())
        return label(text);
    return object->objectName().isEmpty() ? QLatin1String(object->metaObject()->className()) : object->objectName();
}

struct Item
{
    QString name;
    std::function<void()> trigger;
    bool toggles = false; ///< checkable: triggered twice
};

} // namespace

class TestEveryAction : public WorkbenchFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void theSelectedRequestIsRedrawnAtMostTenTimesASecond();
    void everyActionDuringAndAfterALargeRun();

private:
    QList<Item> items();
    void addMenu(QList<Item> *out, const QString &path, QMenu *menu);
    void addDock(QList<Item> *out, const QString &name, QWidget *content);
    /// Triggers every item in order, the run's enders last; stops at the first that fails.
    void triggerAll(const QString &pass);
    void triggerOne(const QString &pass, const Item &item, bool twice);
    /// Closes what blocks (a dialog, a popup menu), or picks `m_popupPick` in a popup menu.
    void closeWhatBlocks();

    QTimer m_closer;
    QStringList m_closed; ///< what closeWhatBlocks closed during the current item
    int m_popupPick = -1;
    QStringList m_popupSeen;
    QList<std::pair<double, QString>> m_lags;
};

void TestEveryAction::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // a fresh QSettings, never the user's
    QCoreApplication::setAttribute(Qt::AA_DontUseNativeDialogs); // file dialogs that can be closed
    g_previousHandler = qInstallMessageHandler(collectWarnings);
    m_closer.setInterval(20);
    connect(&m_closer, &QTimer::timeout, this, &TestEveryAction::closeWhatBlocks);
    m_closer.start();
    QVERIFY(open());
}

void TestEveryAction::cleanupTestCase()
{
    close();
    qInstallMessageHandler(g_previousHandler);
}

void TestEveryAction::closeWhatBlocks()
{
    if (auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget())) {
        m_popupSeen.clear();
        for (QAction *a : menu->actions())
            m_popupSeen.append(label(a->text()));
        QAction *pick = m_popupPick >= 0 && m_popupPick < menu->actions().size() ? menu->actions().at(m_popupPick) : nullptr;
        m_popupPick = -1;
        if (pick) {
            m_closed.append(QStringLiteral("picked '%1'").arg(label(pick->text())));
            // As a user: the menu closes, then the action runs. Not from here: a dialog it opens
            // would wait for this very timer, which does not fire again inside its own slot.
            QTimer::singleShot(0, menu, [menu, pick] {
                menu->setActiveAction(pick);
                QTest::keyClick(menu, Qt::Key_Return);
            });
        } else {
            m_closed.append(QStringLiteral("popup menu"));
            menu->close();
        }
        return;
    }
    if (QWidget *modal = QApplication::activeModalWidget()) {
        m_closed.append(QStringLiteral("%1 '%2'").arg(QLatin1String(modal->metaObject()->className()), modal->windowTitle()));
        if (auto *dialog = qobject_cast<QDialog *>(modal))
            dialog->reject();
        else
            modal->close();
    }
}

void TestEveryAction::addMenu(QList<Item> *out, const QString &path, QMenu *menu)
{
    Q_EMIT menu->aboutToShow(); // menus filled as they open (Open Recent)
    for (QAction *action : menu->actions()) {
        if (action->isSeparator())
            continue;
        const QString name = path + u'/' + label(action->text());
        if (action->menu()) {
            addMenu(out, name, action->menu());
            continue;
        }
        QPointer<QAction> guard(action);
        out->append({name, [guard] { if (guard) guard->trigger(); }, action->isCheckable()});
    }
}

void TestEveryAction::addDock(QList<Item> *out, const QString &name, QWidget *content)
{
    QStringList taken;
    const auto unique = [&taken](const QString &base) {
        QString n = base;
        for (int i = 2; taken.contains(n); ++i)
            n = base + QStringLiteral(" #%1").arg(i);
        taken.append(n);
        return n;
    };
    if (auto *dock = qobject_cast<QDockWidget *>(content->parentWidget()))
        out->append({name + QStringLiteral("/(raise)"), [dock] { dock->raise(); }});
    for (QAbstractButton *button : content->findChildren<QAbstractButton *>()) {
        if (!button->isVisibleTo(content) || button->objectName() == QLatin1String("qt_toolbar_ext_button"))
            continue; // what the user cannot see, the user cannot click
        const QString text = nameOf(button, button->text());
        QPointer<QAbstractButton> guard(button);
        out->append({unique(name + u'/' + text), [guard] { if (guard) guard->click(); }, button->isCheckable()});
    }
    // Actions a view carries (its context menu), and custom context menus opened item by item.
    for (QWidget *widget : content->findChildren<QWidget *>()) {
        for (QAction *action : widget->actions()) {
            QPointer<QAction> guard(action);
            if (!action->isSeparator())
                out->append({unique(name + QStringLiteral("/context/") + nameOf(action, action->text())),
                             [guard] { if (guard) guard->trigger(); }, action->isCheckable()});
        }
        if (widget->contextMenuPolicy() != Qt::CustomContextMenu)
            continue;
        const QString where = widget->objectName().isEmpty() ? QLatin1String(widget->metaObject()->className())
                                                             : widget->objectName();
        m_popupSeen.clear();
        Q_EMIT widget->customContextMenuRequested(widget->rect().center()); // closed unseen: only counted
        for (int i = 0; i < m_popupSeen.size(); ++i) {
            QPointer<QWidget> guard(widget);
            out->append({unique(name + u'/' + where + QStringLiteral("/menu/") + m_popupSeen.at(i)), [this, guard, i] {
                             m_popupPick = i;
                             if (guard)
                                 Q_EMIT guard->customContextMenuRequested(guard->rect().center());
                         }});
        }
    }
}

QList<Item> TestEveryAction::items()
{
    QList<Item> out;
    QList<QDockWidget *> docks = m_window->findChildren<QDockWidget *>();
    std::sort(docks.begin(), docks.end(),
              [](const QDockWidget *a, const QDockWidget *b) { return a->objectName() < b->objectName(); });
    for (QDockWidget *dock : std::as_const(docks))
        addDock(&out, dock->objectName(), dock->widget());
    addDock(&out, QStringLiteral("editor"), m_window->centralWidget());
    for (QAction *menu : m_window->menuBar()->actions())
        addMenu(&out, QStringLiteral("menu/") + label(menu->text()), menu->menu());
    return out;
}

void TestEveryAction::triggerOne(const QString &pass, const Item &item, bool twice)
{
    m_closed.clear();
    g_bugWarnings.clear();
    QPointer<MainWindow> window = m_window.get();
    bool turned = false;
    QElapsedTimer settle;
    double totalMs = 0;
    const std::vector<double> lags = benchlag::lagWhile(
        [&] {
            qDebug("%s %s", qPrintable(pass), qPrintable(item.name)); // before: the last one named if it hangs
            item.trigger();
            if (twice)
                item.trigger();
            QTimer::singleShot(0, [&turned] { turned = true; });
            settle.start();
        },
        // A few more milliseconds for work the action left queued; never forever.
        [&] { return (!turned || settle.elapsed() < 30) && settle.elapsed() < 20000; }, &totalMs);
    const double worst = lags.empty() ? 0 : *std::max_element(lags.begin(), lags.end());
    m_lags.append({worst, pass + u' ' + item.name});
    qInfo("%s %s%s: worst wait %.0f ms%s%s", qPrintable(pass), qPrintable(item.name), twice ? " (twice)" : "", worst,
          m_closed.isEmpty() ? "" : "; closed ", qPrintable(m_closed.join(QStringLiteral(", "))));
    QVERIFY2(turned, qPrintable(item.name + QStringLiteral(": the event loop stopped turning")));
    QVERIFY2(window && window->isVisible(), qPrintable(item.name + QStringLiteral(": the window is gone")));
    QVERIFY2(g_bugWarnings.isEmpty(), qPrintable(item.name + QStringLiteral(": ") + g_bugWarnings.join(u'\n')));
    QVERIFY2(!QApplication::activeModalWidget(), qPrintable(item.name + QStringLiteral(": a dialog stayed open")));
}

void TestEveryAction::triggerAll(const QString &pass)
{
    const QList<Item> all = items();
    QList<const Item *> last;
    for (const Item &item : all) {
        const Special *s = special(item.name);
        if (s && s->how == How::Skip) {
            qInfo("%s %s: skipped, %s", qPrintable(pass), qPrintable(item.name), s->why);
        } else if (s && s->how == How::Last) {
            last.append(&item);
        } else {
            triggerOne(pass, item, item.toggles || (s && s->how == How::Twice));
            if (QTest::currentTestFailed())
                return;
        }
    }
    qInfo("%s the run is %s before %lld last actions", qPrintable(pass),
          m_window->runner()->state() == Runner::State::Running ? "going" : "not going", qlonglong(last.size()));
    for (const Item *item : std::as_const(last)) {
        triggerOne(pass, *item, false);
        if (QTest::currentTestFailed())
            return;
    }
}

void TestEveryAction::theSelectedRequestIsRedrawnAtMostTenTimesASecond()
{
    // Found by the test below: with a request selected, each answer to it redrew the Details
    // pane and its batch on the wire; a request run thousands of times held the event loop for
    // seconds at a time.
    Runner *runner = m_window->runner();
    ClientConfig config = m_window->client()->config();
    config.cache.enabled = false; // every answer from a batch of its own, to show
    config.batch.dedup = DedupScope::Off;
    QVERIFY(m_window->client()->setConfig(config));
    m_window->findChild<QDockWidget *>(QStringLiteral("detailsDock"))->raise(); // the wire shows when seen
    m_window->findChild<RequestSetEditor *>()->selectRow(0);
    auto *wire = m_window->findChild<QPlainTextEdit *>(QStringLiteral("wireText"));
    auto *details = m_window->findChild<QPlainTextEdit *>(QStringLiteral("detailsText"));
    QVERIFY(wire && details);
    QSignalSpy wireDrawn(wire, &QPlainTextEdit::textChanged);
    QSignalSpy detailsDrawn(details, &QPlainTextEdit::textChanged);
    QSignalSpy finished(runner, &Runner::finished);
    QElapsedTimer clock;
    clock.start();
    QVERIFY(runner->start(m_window->document()->set(), m_sandbox->url(), RunPlan{3000, ArrivalPattern::AllAtOnce, 200, 1}));
    QVERIFY(finished.wait(60000));
    // The last answer is the one shown in the end, its batch too.
    const std::optional<ApiResult> last = runner->lastResult(0);
    QVERIFY(last && last->ok());
    auto *summary = m_window->findChild<QLabel *>(QStringLiteral("wireSummary"));
    QTRY_VERIFY2(summary->text().contains(QStringLiteral("Batch %1<").arg(last->response.batchId)), qPrintable(summary->text()));
    // setPlainText signals a change at most twice (cleared, then filled).
    const qint64 allowed = 2 * (clock.elapsed() / 100 + 2);
    qInfo("3000 answers in %lld ms: the wire redrawn %lld times, the details %lld times", qlonglong(clock.elapsed()),
          qlonglong(wireDrawn.size()), qlonglong(detailsDrawn.size()));
    QVERIFY2(wireDrawn.size() <= allowed, qPrintable(QString::number(wireDrawn.size())));
    QVERIFY2(detailsDrawn.size() <= allowed, qPrintable(QString::number(detailsDrawn.size())));
}

void TestEveryAction::everyActionDuringAndAfterALargeRun()
{
    Runner *runner = m_window->runner();
    QSignalSpy finished(runner, &Runner::finished);
    // A large run first: the log, the Network list, the timeline and the charts full.
    ClientConfig config = m_window->client()->config();
    config.cache.enabled = false; // every call goes over the wire, in a batch item of its own
    config.batch.dedup = DedupScope::Off;
    QVERIFY(m_window->client()->setConfig(config));
    auto *plan = m_window->findChild<RunPanel *>();
    plan->setPlan(RunPlan{10000, ArrivalPattern::AllAtOnce, 200, 1});
    QElapsedTimer clock;
    clock.start();
    QVERIFY(runner->start(m_window->document()->set(), m_sandbox->url(), plan->plan()));
    QVERIFY(finished.wait(60000));
    const RunNumbers large = RunNumbers::of(runner->runCounters());
    qInfo("large run: %lld calls, %lld HTTP requests in %lld ms", qlonglong(large.calls), qlonglong(large.httpRequests),
          qlonglong(clock.elapsed()));
    QCOMPARE(large.calls, 30000);

    // A second one that goes on while every action is tried; Stop Run ends it last.
    plan->setPlan(RunPlan{10000, ArrivalPattern::FixedRate, 2000, 1});
    QVERIFY(runner->start(m_window->document()->set(), m_sandbox->url(), plan->plan()));
    QTRY_VERIFY(runner->state() == Runner::State::Running);
    triggerAll(QStringLiteral("[during]"));
    if (QTest::currentTestFailed())
        return;
    QTRY_VERIFY_WITH_TIMEOUT(runner->state() != Runner::State::Running, 30000);
    triggerAll(QStringLiteral("[after]"));
    if (QTest::currentTestFailed())
        return;

    std::sort(m_lags.begin(), m_lags.end(), [](const auto &a, const auto &b) { return a.first > b.first; });
    for (qsizetype i = 0; i < std::min<qsizetype>(8, m_lags.size()); ++i)
        qInfo("worst wait %.0f ms: %s", m_lags.at(i).first, qPrintable(m_lags.at(i).second));
}

QTEST_MAIN(TestEveryAction)
#include "tst_everyaction.moc"
