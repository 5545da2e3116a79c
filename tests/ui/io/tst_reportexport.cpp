// SPDX-License-Identifier: BSD-3-Clause
// Run reports from the workbench: the Run dock's "Export report…" and File ▸ Export As ▸
// Last Run as …, enabled once a run was recorded, through the save dialog to a file read
// back; and a report of 100 000 calls written while the window's event loop keeps turning.
#include "io/reportexport.h"
#include "runs/record/runrecorder.h"
#include "runs/report/csvreportwriter.h"
#include "runs/report/runreports.h"
#include "support/workbenchfixture.h"

#include <QApplication>
#include <QFileDialog>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>
#include <QXmlStreamReader>
#include <QtTest>

using namespace batchlab;

class TestReportExport : public WorkbenchFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void enabledOnceARunWasRecorded();
    void runDockButtonWritesTheHtmlReport();
    void fileMenuWritesEachFormat_data();
    void fileMenuWritesEachFormat();
    void aLargeRunIsWrittenOffTheWindowsThread();

private:
    /// Answers the next save dialog with `path`, as a user typing it would.
    void answerSaveDialog(const QString &path);
    QPushButton *button() const { return m_window->findChild<QPushButton *>(QStringLiteral("exportReport")); }
    QTemporaryDir m_dir;
};

void TestReportExport::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setAttribute(Qt::AA_DontUseNativeDialogs); // a QFileDialog the test can fill in
    QVERIFY(open());
}

void TestReportExport::cleanupTestCase()
{
    close();
}

void TestReportExport::answerSaveDialog(const QString &path)
{
    auto *timer = new QTimer(this);
    timer->setInterval(20);
    connect(timer, &QTimer::timeout, this, [timer, path] {
        auto *dialog = qobject_cast<QFileDialog *>(QApplication::activeModalWidget());
        if (!dialog)
            return;
        timer->stop();
        timer->deleteLater();
        // Typed into the name field, as a user does: selectFile() is overridden by the initial
        // name once the dialog's directory has loaded.
        auto *name = dialog->findChild<QLineEdit *>(QStringLiteral("fileNameEdit"));
        QVERIFY(name);
        name->setText(path);
        QMetaObject::invokeMethod(dialog, "accept"); // a slot, protected in QFileDialog
    });
    timer->start();
}

void TestReportExport::enabledOnceARunWasRecorded()
{
    QVERIFY(button());
    QVERIFY(!button()->isEnabled());
    for (const ReportWriter *writer : RunReports::writers()) {
        auto *action = m_window->findChild<QAction *>(QStringLiteral("exportReport_") + writer->format());
        QVERIFY2(action, qPrintable(writer->format()));
        QVERIFY(!action->isEnabled());
    }
    QSignalSpy recorded(m_window->recorder(), &RunRecorder::recorded);
    QTest::mouseClick(m_window->findChild<QPushButton *>(QStringLiteral("startRun")), Qt::LeftButton);
    QVERIFY(recorded.wait(15000));
    QTRY_VERIFY(button()->isEnabled());
    for (const ReportWriter *writer : RunReports::writers())
        QVERIFY(m_window->findChild<QAction *>(QStringLiteral("exportReport_") + writer->format())->isEnabled());
}

void TestReportExport::runDockButtonWritesTheHtmlReport()
{
    QVERIFY(m_window->recorder()->last());
    const QString path = m_dir.filePath(QStringLiteral("from-dock.html"));
    QSignalSpy finished(m_window->findChild<ReportExport *>(), &ReportExport::finished);
    answerSaveDialog(path);
    QTest::mouseClick(button(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 15000);
    QCOMPARE(finished.at(0).at(0).toBool(), true);
    QCOMPARE(finished.at(0).at(1).toString(), path);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString html = QString::fromUtf8(file.readAll());
    QVERIFY(html.startsWith(QLatin1String("<!DOCTYPE html>")));
    QVERIFY(html.contains(QLatin1String("<h1>Run 1 of small</h1>")));
    QCOMPARE(html.count(QLatin1String("<svg ")), 3);
    QVERIFY(button()->isEnabled());
}

void TestReportExport::fileMenuWritesEachFormat_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<QString>("typed");   // what the user types
    QTest::addColumn<QString>("written"); // the file that comes out
    QTest::newRow("csv") << QStringLiteral("csv") << QStringLiteral("calls.csv") << QStringLiteral("calls.csv");
    QTest::newRow("json") << QStringLiteral("json") << QStringLiteral("run.json") << QStringLiteral("run.json");
    QTest::newRow("junit, no extension") << QStringLiteral("junit") << QStringLiteral("ci") << QStringLiteral("ci.junit.xml");
    QTest::newRow("html") << QStringLiteral("html") << QStringLiteral("page.htm") << QStringLiteral("page.htm");
}

void TestReportExport::fileMenuWritesEachFormat()
{
    QFETCH(QString, format);
    QFETCH(QString, typed);
    QFETCH(QString, written);
    const RunRecord record = *m_window->recorder()->last();
    QCOMPARE(record.calls.size(), size_t(3));
    auto *action = m_window->findChild<QAction *>(QStringLiteral("exportReport_") + format);
    QVERIFY(action && action->isEnabled());
    QSignalSpy finished(m_window->findChild<ReportExport *>(), &ReportExport::finished);
    answerSaveDialog(m_dir.filePath(typed));
    action->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 15000);
    QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(finished.at(0).at(2).toString()));
    QCOMPARE(finished.at(0).at(1).toString(), m_dir.filePath(written));
    QFile file(m_dir.filePath(written));
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
    const QByteArray bytes = file.readAll();
    if (format == QLatin1String("csv")) {
        const QList<QByteArray> lines = bytes.split('\n');
        QCOMPARE(lines.size(), 1 + 3 + 1); // header, calls, the empty rest after the last CRLF
        QCOMPARE(lines.at(0), CsvReportWriter::columns().join(u',').toUtf8() + '\r');
        QVERIFY(lines.at(1).startsWith(QByteArray(QByteArray::number(record.calls.front().id) + ",r")));
    } else if (format == QLatin1String("json")) {
        const QJsonObject root = QJsonDocument::fromJson(bytes).object();
        QCOMPARE(root.value(QStringLiteral("calls")).toArray().size(), 3);
        QCOMPARE(root.value(QStringLiteral("run")).toObject().value(QStringLiteral("set")).toString(), QStringLiteral("small"));
    } else if (format == QLatin1String("junit")) {
        QXmlStreamReader xml(bytes);
        int cases = 0;
        while (!xml.atEnd())
            cases += xml.readNext() == QXmlStreamReader::StartElement && xml.name() == QLatin1String("testcase");
        QVERIFY(!xml.hasError());
        QCOMPARE(cases, 3);
    } else {
        QVERIFY(bytes.contains("<svg "));
    }
}

void TestReportExport::aLargeRunIsWrittenOffTheWindowsThread()
{
    RunRecord record;
    record.summary.number = 9;
    record.summary.setName = QStringLiteral("large");
    record.summary.startedAt = QDateTime::currentDateTimeUtc();
    record.requests = {QStringLiteral("get user")};
    for (quint64 id = 1; id <= 100'000; ++id) {
        RecordedCall c;
        c.id = id;
        c.row = 0;
        c.name = record.requests.front();
        c.method = "GET";
        c.url = QStringLiteral("http://127.0.0.1:8080/users/%1").arg(id);
        c.batchId = 1 + id / 50;
        c.attempts = 1;
        c.status = 200;
        c.sentNs = qint64(id) * 10'000;
        c.settledNs = c.sentNs + 2'000'000 + qint64(id % 97) * 10'000;
        c.queueWaitNs = 1'000'000;
        record.calls.push_back(c);
    }
    ReportExport reports(m_window.get());
    QSignalSpy finished(&reports, &ReportExport::finished);
    int turns = 0; // event-loop passes while the worker writes
    QTimer tick;
    tick.setInterval(0);
    connect(&tick, &QTimer::timeout, this, [&turns] { ++turns; });
    tick.start();
    QElapsedTimer clock;
    clock.start();
    const QString path = m_dir.filePath(QStringLiteral("large.csv"));
    QVERIFY(reports.start(record, *RunReports::writer(QStringLiteral("csv")), path));
    const qint64 startMs = clock.elapsed();
    QVERIFY2(startMs < 200, qPrintable(QString::number(startMs))); // a copy of the record, no writing
    QVERIFY(reports.busy());
    QVERIFY(!reports.start(record, *RunReports::writer(QStringLiteral("json")), path)); // one at a time
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
    QVERIFY(finished.at(0).at(0).toBool());
    QVERIFY2(turns > 1, qPrintable(QString::number(turns)));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll().count('\n'), 100'001);
    qInfo("100 000-call CSV written in %lld ms, %d event-loop passes meanwhile", clock.elapsed(), turns);
}

QTEST_MAIN(TestReportExport)
#include "tst_reportexport.moc"
