// GUI smoke test under QT_QPA_PLATFORM=offscreen: the window builds, shows the sandbox URL
// and follows the sandbox's counters live.
#include "httptestclient.h"
#include "mainwindow.h"
#include "sandboxserver.h"

#include <QLabel>
#include <QMenuBar>
#include <QTreeWidget>
#include <QtTest>

using namespace batchlab;

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsTheSandboxUrl();
    void followsTheCountersLive();
    void hasTheStandardMenus();
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
    QCOMPARE(titles,
             QStringList({QStringLiteral("File"), QStringLiteral("View"), QStringLiteral("Help")}));
    auto *label = window.findChild<QLabel *>(QStringLiteral("sandboxUrlLabel"));
    QVERIFY(label->text().contains(QStringLiteral("not running")));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
