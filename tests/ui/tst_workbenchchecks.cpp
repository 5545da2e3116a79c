// SPDX-License-Identifier: BSD-3-Clause
// Requests' checks in the workbench: a run whose answers break them is a failed run in the
// status bar, the Runs table and the comparison; the Network list marks and filters those
// calls; Send shows the checks of its one answer.
#include "mainwindow.h"
#include "network/networkfilterproxy.h"
#include "network/networklistmodel.h"
#include "network/networklistview.h"
#include "run/responseview.h"
#include "runs/runner.h"
#include "support/workbenchfixture.h"
#include "translations.h"

#include <QAction>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTableWidget>
#include <QtTest>

using namespace batchlab;

namespace {

/// r1 checks pass; r2 expects user 3 and gets user 2; r3 expects a 404 and gets a 200.
RequestSet checkedSet()
{
    RequestSet set = workbench::smallSet();
    set.requests[0].expect.status = QStringLiteral("2xx");
    set.requests[0].expect.json = {{QStringLiteral("id"), JsonCheck::Op::Equals, 1}};
    set.requests[1].expect.json = {{QStringLiteral("id"), JsonCheck::Op::Equals, 3},
                                   {QStringLiteral("email"), JsonCheck::Op::Contains, QStringLiteral("@example.test")}};
    set.requests[2].expect.status = QStringLiteral("404");
    return set;
}

QString cellOf(const QTableWidget *table, int row, const QString &header)
{
    for (int c = 0; c < table->columnCount(); ++c) {
        if (table->horizontalHeaderItem(c)->text() == header)
            return table->item(row, c)->text();
    }
    return QStringLiteral("(no column %1)").arg(header);
}

} // namespace

class TestWorkbenchChecks : public WorkbenchFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(installTranslations(QCoreApplication::instance()));
    }
    void init()
    {
        QVERIFY(open());
        ClientConfig config = m_window->client()->config();
        config.cache.enabled = false;
        m_window->client()->setConfig(config);
        m_window->document()->reset(checkedSet());
    }
    void cleanup() { close(); }
    void aRunWithBrokenChecksFailed();
    void theNetworkListMarksAndFiltersThem();
    void sendShowsTheChecksOfItsAnswer();

private:
    void run(int iterations)
    {
        QSignalSpy finished(m_window->runner(), &Runner::finished);
        m_window->findChild<QSpinBox *>(QStringLiteral("iterations"))->setValue(iterations);
        QTest::mouseClick(m_window->findChild<QPushButton *>(QStringLiteral("startRun")), Qt::LeftButton);
        QVERIFY(finished.wait(10000));
    }
};

void TestWorkbenchChecks::aRunWithBrokenChecksFailed()
{
    run(2);
    // Per iteration 1 + 1 + 1 + 1 made... r1: 2 held; r2: 1 broke, 1 held; r3: 1 broke.
    auto *status = m_window->findChild<QLabel *>(QStringLiteral("telemetryCounters"));
    QTRY_VERIFY2(status->text().startsWith(QStringLiteral("Run 1 failed: 4 broken checks: calls 6 ")),
                 qPrintable(status->text()));
    QVERIFY2(status->text().endsWith(QStringLiteral(" · checks 6/10 ✗")), qPrintable(status->text()));
    auto *history = m_window->findChild<QTableWidget *>(QStringLiteral("runHistory"));
    QCOMPARE(cellOf(history, 0, QStringLiteral("Checks")), QStringLiteral("6/10 ✗"));
    // A second run that passes: the comparison shows both, and what changed.
    RequestSet fixed = checkedSet();
    fixed.requests[1].expect.json[0].value = 2;
    fixed.requests[2].expect.status = QStringLiteral("200");
    m_window->document()->reset(fixed);
    run(2);
    QTRY_VERIFY2(status->text().startsWith(QStringLiteral("Run 2: calls 6 ")), qPrintable(status->text()));
    QCOMPARE(cellOf(history, 1, QStringLiteral("Checks")), QStringLiteral("10/10 ✓"));
    auto *compare = m_window->findChild<QTableWidget *>(QStringLiteral("runComparison"));
    int row = 0;
    while (row < compare->rowCount() && compare->item(row, 0)->text() != QLatin1String("Checks"))
        ++row;
    QVERIFY(row < compare->rowCount());
    QCOMPARE(compare->item(row, 1)->text(), QStringLiteral("6/10 ✗"));
    QCOMPARE(compare->item(row, 2)->text(), QStringLiteral("10/10 ✓"));
    QCOMPARE(compare->item(row, 3)->text(), QStringLiteral("broken 4 → 0"));
}

void TestWorkbenchChecks::theNetworkListMarksAndFiltersThem()
{
    run(1);
    auto *network = m_window->findChild<NetworkListView *>();
    QVERIFY(network);
    QAbstractItemModel *list = network->table()->model();
    QTRY_COMPARE(list->rowCount(), 3);
    QStringList statuses;
    for (int r = 0; r < 3; ++r)
        statuses.append(list->index(r, NetworkListModel::Status).data().toString());
    statuses.sort();
    QCOMPARE(statuses, QStringList({QStringLiteral("200"), QStringLiteral("✗ 200"), QStringLiteral("✗ 200")}));
    auto *filter = m_window->findChild<QLineEdit *>(QStringLiteral("networkFilter"));
    filter->setText(QStringLiteral("check:failed"));
    QTRY_COMPARE(list->rowCount(), 2);
    QStringList names;
    for (int r = 0; r < 2; ++r)
        names.append(list->index(r, NetworkListModel::Name).data().toString());
    names.sort();
    QCOMPARE(names, QStringList({QStringLiteral("r2"), QStringLiteral("r3")}));
    filter->setText(QStringLiteral("-check:failed"));
    QTRY_COMPARE(list->rowCount(), 1);
    QCOMPARE(list->index(0, NetworkListModel::Name).data().toString(), QStringLiteral("r1"));
    filter->setText(QStringLiteral("check:passed"));
    auto *problem = m_window->findChild<QLabel *>(QStringLiteral("networkFilterProblem"));
    QTRY_VERIFY(problem->text().contains(QStringLiteral("check:failed")));
}

void TestWorkbenchChecks::sendShowsTheChecksOfItsAnswer()
{
    auto *table = m_window->findChild<QTableView *>(QStringLiteral("requestTable"));
    auto *view = m_window->findChild<ResponseView *>();
    QVERIFY(table && view);
    table->selectRow(1); // r2: GET /users/2, expected id 3
    table->setFocus();
    QTest::keyClick(table, Qt::Key_Return, Qt::ControlModifier);
    QTRY_COMPARE(view->checksTabText(), QStringLiteral("Checks 1/2 ✗"));
    auto *checks = view->findChild<QTableWidget *>(QStringLiteral("responseChecks"));
    QCOMPARE(checks->rowCount(), 2);
    QCOMPARE(checks->item(0, 0)->text(), QStringLiteral("✗ failed"));
    QCOMPARE(checks->item(0, 1)->text(), QStringLiteral("id equals 3"));
    QCOMPARE(checks->item(0, 2)->text(), QStringLiteral("id: expected 3, got 2"));
    QCOMPARE(checks->item(1, 0)->text(), QStringLiteral("✓ passed"));
    QCOMPARE(checks->item(1, 1)->text(), QStringLiteral("email contains \"@example.test\""));
    // A request without checks says so.
    RequestSet plain = workbench::smallSet();
    m_window->document()->reset(plain);
    table->selectRow(0);
    table->setFocus();
    QTest::keyClick(table, Qt::Key_Return, Qt::ControlModifier);
    QTRY_COMPARE(view->statusText().left(6), QStringLiteral("200 · "));
    QTRY_COMPARE(view->checksTabText(), QStringLiteral("Checks"));
    QCOMPARE(checks->rowCount(), 0);
}

QTEST_MAIN(TestWorkbenchChecks)
#include "tst_workbenchchecks.moc"
