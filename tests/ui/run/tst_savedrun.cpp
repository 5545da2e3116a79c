// SPDX-License-Identifier: BSD-3-Clause
// A run saved as the HAR of its wire and opened again: File ▸ Export As ▸ Last Run's Wire as
// HAR writes it, File ▸ Import… (or a drop) opens it in a window of its own with the same
// lanes, calls and exchanges; a broken one is refused naming the field, and nothing changes.

#include "io/wireexportdialog.h"
#include "network/networklistmodel.h"
#include "network/networklistview.h"
#include "run/savedrunwindow.h"
#include "run/wireview.h"
#include "runs/io/wireharexporter.h"
#include "runs/record/runrecorder.h"
#include "runs/runner.h"
#include "support/workbenchfixture.h"
#include "timeline/timelinemodel.h"
#include "timeline/timelinepanel.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

using namespace batchlab;

class TestSavedRun : public WorkbenchFixture
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QVERIFY(open()); }
    void cleanup() { close(); }
    void theExportIsEnabledOnceARunWasRecorded();
    void aSavedRunOpensWithItsLanesCallsAndWire();
    void aBrokenRunIsRefusedAndNothingOpens();

private:
    void runTwice();
    QString exported(QTemporaryDir &dir);
};

void TestSavedRun::runTwice()
{
    RequestSet set = workbench::smallSet();
    for (int i = 4; i <= 9; ++i) {
        RequestItem item;
        item.name = QStringLiteral("r%1").arg(i);
        item.url = QStringLiteral("/users/%1").arg(i);
        set.requests.append(item);
    }
    m_window->document()->reset(set);
    QSignalSpy recorded(m_window->recorder(), &RunRecorder::recorded);
    QTest::mouseClick(m_window->findChild<QPushButton *>(QStringLiteral("startRun")), Qt::LeftButton);
    QVERIFY(recorded.wait(10000));
}

QString TestSavedRun::exported(QTemporaryDir &dir)
{
    const QString path = dir.filePath(QStringLiteral("run.har"));
    QString error;
    if (!WireExportDialog::write(m_window.get(), *m_window->recorder()->last(), {}, path, &error))
        qWarning() << error;
    return path;
}

void TestSavedRun::theExportIsEnabledOnceARunWasRecorded()
{
    QAction *wire = m_window->findChild<QAction *>(QStringLiteral("exportWireHar"));
    QVERIFY(wire);
    QVERIFY(!wire->isEnabled());
    runTwice();
    QVERIFY(wire->isEnabled());
}

void TestSavedRun::aSavedRunOpensWithItsLanesCallsAndWire()
{
    runTwice();
    const RunRecord &record = *m_window->recorder()->last();
    QTemporaryDir dir;
    const QString path = exported(dir);
    const RequestSet before = m_window->document()->set();
    QVERIFY(m_window->importFile(path));
    auto *saved = m_window->findChild<SavedRunWindow *>();
    QVERIFY(saved);
    QVERIFY(QTest::qWaitForWindowExposed(saved));
    QAbstractItemModelTester timelineTester(saved->timeline()->model());
    QAbstractItemModelTester networkTester(saved->network()->model());
    QVERIFY(saved->windowTitle().contains(QStringLiteral("run.har")));
    // The whole run in view, not a scale fitted before the view had a width.
    QTRY_VERIFY(saved->timeline()->rangeInView().to - saved->timeline()->rangeInView().from >= record.durationNs);
    QVERIFY(saved->timeline()->rangeInView().to - saved->timeline()->rangeInView().from < 2 * record.durationNs);

    // The same lanes as the run had, each with the calls it carried.
    const TimelineModel *timeline = saved->timeline()->model();
    QCOMPARE(timeline->lanes().size(), record.batches.size());
    QCOMPARE(timeline->callCount(), int(record.calls.size()));
    for (const RecordedBatch &b : record.batches) {
        const int lane = timeline->findLane(b.id);
        QVERIFY(lane >= 0);
        QCOMPARE(timeline->lanes()[size_t(lane)].size, b.size);
        QCOMPARE(timeline->lanes()[size_t(lane)].reason, b.reason);
        QCOMPARE(int(timeline->lanes()[size_t(lane)].status), b.httpStatus);
    }
    QCOMPARE(saved->network()->model()->rowCount(), int(record.calls.size()));
    QVERIFY(saved->timeline()->model()->callName(record.calls.front().id).contains(record.calls.front().name));

    // A click on a call shows its batch as it went over the wire.
    const RecordedCall &call = record.calls.back();
    saved->network()->selectCall(call.id);
    QTableView *table = saved->network()->table();
    const QModelIndex index = table->currentIndex();
    QVERIFY(index.isValid());
    table->clearSelection();
    table->setCurrentIndex({});
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualRect(index).center());
    QTRY_COMPARE(saved->wire()->batchId(), call.batchId);

    const QString summary = saved->summary()->text();
    QVERIFY2(summary.contains(QStringLiteral("%1 calls in %2 HTTP request").arg(record.calls.size()).arg(record.batches.size())),
             qPrintable(summary));
    QVERIFY2(summary.contains(QStringLiteral("Run %1 of “small”").arg(record.summary.number)), qPrintable(summary));
    // The open set is not touched.
    QCOMPARE(m_window->document()->set().requests.size(), before.requests.size());
    saved->close();
}

void TestSavedRun::aBrokenRunIsRefusedAndNothingOpens()
{
    runTwice();
    QTemporaryDir dir;
    const QString path = exported(dir);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadWrite));
    QByteArray har = file.readAll();
    har.replace("\"flushReason\":\"", "\"flushReason\":\"sideways");
    file.resize(0);
    file.write(har);
    file.close();
    QString said;
    QTimer::singleShot(0, this, [&] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (box) {
            said = box->text();
            box->accept();
        }
    });
    QVERIFY(!m_window->importFile(path));
    QVERIFY2(said.startsWith(path) && said.contains(QStringLiteral("flushReason")), qPrintable(said));
    QVERIFY(!m_window->findChild<SavedRunWindow *>());
}

QTEST_MAIN(TestSavedRun)
#include "tst_savedrun.moc"
