// SPDX-License-Identifier: BSD-3-Clause
// Run ▸ Send Request (Ctrl+Enter): the selected request goes out alone, through the window's
// client, never batched nor cached, and its answer shows in the Response dock.
#include "client/apiclient.h"
#include "editor/requestseteditor.h"
#include "mainwindow.h"
#include "run/responseview.h"
#include "runs/singlesend.h"
#include "support/workbenchfixture.h"
#include "telemetry/telemetry.h"
#include "translations.h"

#include <QAction>
#include <QCheckBox>
#include <QDockWidget>
#include <QTableView>
#include <QtTest>

using namespace batchlab;

class TestSendRequest : public WorkbenchFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(installTranslations(QCoreApplication::instance()));
    }
    void init() { QVERIFY(open()); }
    void cleanup() { close(); }
    void ctrlEnterSendsTheSelectedRequestAlone();
    void aRequestThatCannotBeResolvedIsNotSent();
};

void TestSendRequest::ctrlEnterSendsTheSelectedRequestAlone()
{
    auto *table = m_window->findChild<QTableView *>(QStringLiteral("requestTable"));
    auto *view = m_window->findChild<ResponseView *>();
    QVERIFY(table && view);
    table->selectRow(1); // r2: GET /users/2
    table->setFocus();
    QTest::keyClick(table, Qt::Key_Return, Qt::ControlModifier);
    QTRY_VERIFY2(view->statusText().startsWith(QStringLiteral("200 · ")), qPrintable(view->statusText()));
    QVERIFY(m_window->findChild<QDockWidget *>(QStringLiteral("responseDock"))->isVisible());
    // Pretty-printed JSON, and the bytes as they came when not.
    QVERIFY2(view->bodyText().contains(QStringLiteral("\n    \"id\": 2")), qPrintable(view->bodyText()));
    view->findChild<QCheckBox *>()->setChecked(false);
    QVERIFY(view->bodyText().startsWith(QStringLiteral("{\"")));
    QVERIFY(!view->headerValue("Content-Type").isEmpty());
    // Alone, as a plain request; and sent again, answered by the server again, not the cache.
    QCOMPARE(m_sandbox->counters().httpRequests, 1);
    QCOMPARE(m_sandbox->counters().batchItems, 0);
    m_window->findChild<QAction *>(QStringLiteral("sendRequest"))->trigger();
    QTRY_COMPARE(m_sandbox->counters().httpRequests, 2);
    QTRY_VERIFY(view->statusText().startsWith(QStringLiteral("200 · ")));
    QCOMPARE(m_window->client()->telemetry()->counters().cacheHits, 0);
}

void TestSendRequest::aRequestThatCannotBeResolvedIsNotSent()
{
    ApiClient client(m_sandbox->url());
    SingleSend send(&client);
    RequestSet set = workbench::smallSet();
    set.requests[0].url = QStringLiteral("/users/{{uid}}");
    QString error;
    QVERIFY(!send.send(set, 0, m_sandbox->url(), &error));
    QVERIFY2(error.contains(QStringLiteral("uid")), qPrintable(error));
    QVERIFY(!send.send(set, 7, m_sandbox->url(), &error));
    QVERIFY(!error.isEmpty());
    QCOMPARE(m_sandbox->counters().httpRequests, 0);
}

QTEST_MAIN(TestSendRequest)
#include "tst_sendrequest.moc"
