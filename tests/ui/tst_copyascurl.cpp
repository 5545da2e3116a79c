// SPDX-License-Identifier: BSD-3-Clause
// Copy as cURL in the workbench's context menus: the editor's puts the request there on the
// clipboard as Send would send it (variables of the active environment, the target's headers,
// credentials hidden unless the "(with credentials)" action is picked, secrets asked then
// only); the timeline's, the log's and the network list's put the batch as it was sent, read
// from the window's WireLog; where the log no longer keeps a batch, or kept only part of its
// body, the actions are disabled and their tooltip says why.
#include "client/apiclient.h"
#include "editor/requestseteditor.h"
#include "log/eventlogmodel.h"
#include "log/eventlogview.h"
#include "network/networklistmodel.h"
#include "network/networklistview.h"
#include "run/curlcopy.h"
#include "run/secretgate.h"
#include "runs/calldirectory.h"
#include "runs/io/curlcommand.h"
#include "runs/runner.h"
#include "support/workbenchfixture.h"
#include "telemetry/telemetry.h"
#include "timeline/timelinemodel.h"
#include "timeline/waterfallview.h"
#include "translations.h"
#include "transport/wirelog.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QMenu>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QtTest>

#include <memory>

using namespace batchlab;

namespace {

QAction *find(QMenu *menu, const QString &text)
{
    for (QAction *action : menu->actions()) {
        if (action->text() == text)
            return action;
    }
    return nullptr;
}

/// The clipboard's text after `text`'s action of `menu` is triggered (the menu is deleted).
QString copied(QMenu *menu, const QString &text)
{
    const std::unique_ptr<QMenu> owned(menu);
    QGuiApplication::clipboard()->clear();
    QAction *action = menu ? find(menu, text) : nullptr;
    if (!action || !action->isEnabled())
        return QStringLiteral("<no enabled action>");
    action->trigger();
    return QGuiApplication::clipboard()->text();
}

} // namespace

class TestCopyAsCurl : public WorkbenchFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(installTranslations(QCoreApplication::instance()));
    }
    void init();
    void cleanup()
    {
        SecretGate::setAskHook({});
        close();
    }
    void theEditorCopiesTheRequestAsSendSendsIt();
    void theTimelineLogAndNetworkListCopyTheBatchAsSent();
    void aBatchTheLogNoLongerKeepsCannotBeCopied();
    void aBatchWhoseBodyWasCutCannotBeCopied();

private:
    WireLog *wireLog() const { return m_window->findChild<WireLog *>(); }
    bool run();

    int m_asked = 0;
};

void TestCopyAsCurl::init()
{
    QVERIFY(open());
    m_asked = 0;
    SecretGate::setAskHook([this](const QList<SecretNeed> &needs, bool, QWidget *) {
        ++m_asked;
        return std::optional<SecretGate::Answer>(SecretGate::Answer{QStringList(needs.size(), QStringLiteral("t0ken")), false});
    });
    RequestSet set = workbench::smallSet();
    set.variables = {{QStringLiteral("token"), QString(), true}, {QStringLiteral("id"), QStringLiteral("1")}};
    set.environments = {{QStringLiteral("staging"), {{QStringLiteral("id"), QStringLiteral("2")}}}};
    set.environment = QStringLiteral("staging");
    set.target = TargetSpec{};
    set.target->headers = {{QStringLiteral("Authorization"), QStringLiteral("Bearer {{token}}")}};
    set.requests[0].url = QStringLiteral("/users/{{id}}");
    m_window->document()->reset(set);
    ClientConfig config = m_window->client()->config();
    config.cache.enabled = false;
    m_window->client()->setConfig(config);
}

bool TestCopyAsCurl::run()
{
    QSignalSpy finished(m_window->runner(), &Runner::finished);
    QTest::mouseClick(m_window->findChild<QPushButton *>(QStringLiteral("startRun")), Qt::LeftButton);
    return finished.wait(10000) && m_window->client()->telemetry()->counters().httpRequests > 0;
}

void TestCopyAsCurl::theEditorCopiesTheRequestAsSendSendsIt()
{
    auto *editor = m_window->findChild<RequestSetEditor *>();
    QVERIFY(editor);
    QTableView *table = editor->table();
    const QPoint first = table->visualRect(table->model()->index(0, 1)).center();
    const QString hidden = copied(editor->createContextMenu(first), CurlCopy::actionText());
    // Resolved as Send resolves it: the sandbox's URL, the active environment's id.
    const QString url = m_sandbox->url().toString() + QStringLiteral("/users/2");
    QVERIFY2(hidden.startsWith(QStringLiteral("curl '%1'").arg(url)), qPrintable(hidden));
    QVERIFY2(hidden.contains(QStringLiteral("-H 'Authorization: ") + QString::fromUtf8(CurlCopy::hiding().placeholder) + u'\''),
             qPrintable(hidden));
    QCOMPARE(m_asked, 0); // nothing to ask for what is not shown
    const QString shown = copied(editor->createContextMenu(first), CurlCopy::credentialsActionText());
    QCOMPARE(m_asked, 1);
    QVERIFY2(shown.contains(QStringLiteral("-H 'Authorization: Bearer t0ken'")), qPrintable(shown));
    RequestSet filled = m_window->document()->set();
    filled.variables[0].value = QStringLiteral("t0ken");
    QString error;
    QCOMPARE(shown, CurlCommand::forRequest(filled, 0, m_sandbox->url(), {}, &error));
    // Below the last row: nothing to copy, and said so.
    const std::unique_ptr<QMenu> empty(editor->createContextMenu(QPoint(5, table->viewport()->height() - 2)));
    QAction *action = find(empty.get(), CurlCopy::actionText());
    QVERIFY(action && !action->isEnabled() && !action->toolTip().isEmpty());
}

void TestCopyAsCurl::theTimelineLogAndNetworkListCopyTheBatchAsSent()
{
    QVERIFY(run());
    // The network list: the batch that carried the call of the row.
    auto *network = m_window->findChild<NetworkListView *>();
    QTRY_VERIFY(network->table()->model()->rowCount() == 3);
    const QModelIndex row = network->table()->model()->index(0, 0);
    const quint64 callId = row.data(NetworkListModel::RequestIdRole).toULongLong();
    const CallRecord *call = m_window->runner()->calls()->find(callId);
    QVERIFY(call && call->batchId);
    const std::optional<WireExchange> exchange = wireLog()->find(call->batchId);
    QVERIFY(exchange);
    QString error;
    const QString expected = CurlCommand::forExchange(*exchange, CurlCopy::hiding(), &error);
    const QString withCredentials = CurlCommand::forExchange(*exchange, {}, &error);
    QVERIFY(expected.contains(QLatin1String("--data-binary")) && !expected.contains(QLatin1String("t0ken")));
    QVERIFY(withCredentials.contains(QLatin1String("Bearer t0ken")));
    const QPoint at = network->table()->visualRect(row).center();
    QCOMPARE(copied(network->createContextMenu(at), CurlCopy::actionText()), expected);
    QCOMPARE(copied(network->createContextMenu(at), CurlCopy::credentialsActionText()), withCredentials);

    // The timeline: the lane of that batch, and a call under it.
    auto *waterfall = m_window->findChild<WaterfallView *>();
    auto *timeline = m_window->findChild<TimelineModel *>();
    QVERIFY(waterfall && timeline);
    const int lane = timeline->findLane(call->batchId);
    QVERIFY(lane >= 0);
    const int laneY = waterfall->laneTop(lane) - waterfall->verticalScrollBar()->value() + 2;
    QCOMPARE(waterfall->hitAt(QPoint(300, laneY)).kind, WaterfallView::Hit::Lane);
    QCOMPARE(copied(waterfall->createContextMenu(QPoint(300, laneY)), CurlCopy::actionText()), expected);
    QCOMPARE(copied(waterfall->createContextMenu(QPoint(300, laneY)), CurlCopy::credentialsActionText()), withCredentials);
    QVERIFY(!waterfall->createContextMenu(QPoint(300, waterfall->contentHeight() + 50))); // nothing there

    // The log: an event that names the batch.
    auto *log = m_window->findChild<EventLogView *>();
    const auto all = qsizetype(m_window->client()->telemetry()->eventsSince(0).size());
    QTRY_VERIFY(log->table()->model()->rowCount() == all);
    int found = -1;
    for (int r = 0; r < log->table()->model()->rowCount() && found < 0; ++r) {
        if (log->table()->model()->index(r, 0).data(EventLogModel::BatchIdRole).toULongLong() == call->batchId)
            found = r;
    }
    QVERIFY(found >= 0);
    log->table()->scrollTo(log->table()->model()->index(found, 0));
    const QPoint event = log->table()->visualRect(log->table()->model()->index(found, 0)).center();
    QCOMPARE(copied(log->createContextMenu(event), CurlCopy::actionText()), expected);
    QCOMPARE(copied(log->createContextMenu(event), CurlCopy::credentialsActionText()), withCredentials);
    // An event about no batch (the run's start): disabled, with the reason.
    int none = -1;
    for (int r = 0; r < log->table()->model()->rowCount() && none < 0; ++r) {
        if (log->table()->model()->index(r, 0).data(EventLogModel::BatchIdRole).toULongLong() == 0)
            none = r;
    }
    QVERIFY(none >= 0);
    log->table()->scrollTo(log->table()->model()->index(none, 0));
    const std::unique_ptr<QMenu> menu(log->createContextMenu(log->table()->visualRect(log->table()->model()->index(none, 0)).center()));
    QAction *action = find(menu.get(), CurlCopy::actionText());
    QVERIFY(action && !action->isEnabled());
    QVERIFY2(action->toolTip().contains(QLatin1String("no batch")), qPrintable(action->toolTip()));
}

void TestCopyAsCurl::aBatchTheLogNoLongerKeepsCannotBeCopied()
{
    QVERIFY(run());
    auto *network = m_window->findChild<NetworkListView *>();
    QTRY_VERIFY(network->table()->model()->rowCount() == 3);
    const QPoint at = network->table()->visualRect(network->table()->model()->index(0, 0)).center();
    wireLog()->clear();
    const std::unique_ptr<QMenu> menu(network->createContextMenu(at));
    for (const QString &text : {CurlCopy::actionText(), CurlCopy::credentialsActionText()}) {
        QAction *action = find(menu.get(), text);
        QVERIFY(action);
        QVERIFY(!action->isEnabled());
        QVERIFY2(action->toolTip().contains(QLatin1String("no longer keeps")), qPrintable(action->toolTip()));
    }
}

void TestCopyAsCurl::aBatchWhoseBodyWasCutCannotBeCopied()
{
    wireLog()->setMaxBodyBytes(16);
    QVERIFY(run());
    auto *network = m_window->findChild<NetworkListView *>();
    QTRY_VERIFY(network->table()->model()->rowCount() == 3);
    const QPoint at = network->table()->visualRect(network->table()->model()->index(0, 0)).center();
    const std::unique_ptr<QMenu> menu(network->createContextMenu(at));
    QAction *action = find(menu.get(), CurlCopy::actionText());
    QVERIFY(action && !action->isEnabled());
    QVERIFY2(action->toolTip().contains(QLatin1String("kept 16 of the")), qPrintable(action->toolTip()));
}

QTEST_MAIN(TestCopyAsCurl)
#include "tst_copyascurl.moc"
