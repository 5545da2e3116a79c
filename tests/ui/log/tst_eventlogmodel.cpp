// SPDX-License-Identifier: BSD-3-Clause
// EventLogModel and EventFilterProxy fed from a real Telemetry; the view's export.
#include "log/eventfilterproxy.h"
#include "log/eventlogmodel.h"
#include "log/eventlogview.h"
#include "resilience/circuitbreaker.h"
#include "telemetry/telemetry.h"
#include "translations.h"

#include <QAbstractItemModelTester>
#include <QLabel>
#include <QLineEdit>
#include <QtTest>

using namespace batchlab;

namespace {

void record(Telemetry &telemetry, EventKind kind, quint64 request, quint64 batch, int status = 0,
            ErrorKind error = ErrorKind::None, int value = 0)
{
    telemetry.record({telemetry.now(), request, batch, value, 0, 0, status, kind, error, FlushReason::Size});
}

} // namespace

class TestEventLogModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void appendsInChunksFromTheStream();
    void keepsItsRetention();
    void describesEvents();
    void exportKeepsEveryEventTheLogHolds();
    void filters_data();
    void filters();
    void aNumberMatchesWholeIdsAndStatuses();
    void aLargeLogIsRefilteredInSlices();
    void rowsTrimmedWhileFilteringLeaveTheFilterToo();
    void aClearedLogEmptiesTheFilter();
    void rowsReadInTimeOrderAndCountFromTheirRun();
    void theLogDockSaysWhileItFilters();
};

void TestEventLogModel::initTestCase()
{
    // As the app does: the English translation gives "%n item(s)" its singular and plural.
    QVERIFY(installTranslations(QCoreApplication::instance()));
}

void TestEventLogModel::appendsInChunksFromTheStream()
{
    Telemetry telemetry;
    EventLogModel model(&telemetry);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    for (int i = 0; i < 500; ++i)
        record(telemetry, EventKind::Enqueued, quint64(i + 1), 0);
    QCOMPARE(model.rowCount(), 0); // nothing until the event loop passes
    QTRY_COMPARE(model.rowCount(), 500);
    QCOMPARE(inserted.size(), 1); // one chunk
    record(telemetry, EventKind::Settled, 1, 1, 200);
    QTRY_COMPARE(model.rowCount(), 501);
    QCOMPARE(model.index(500, EventLogModel::Kind).data().toString(), QStringLiteral("settled"));
    QCOMPARE(model.index(500, EventLogModel::Status).data().toInt(), 200);
    QVERIFY(model.rowText(500).contains(QStringLiteral("settled")));
}

void TestEventLogModel::keepsItsRetention()
{
    Telemetry telemetry;
    telemetry.setCapacity(200000);
    EventLogModel model(&telemetry);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setRetention(1000);
    for (int i = 0; i < 5000; ++i)
        record(telemetry, EventKind::Enqueued, quint64(i + 1), 0);
    model.fetchNew();
    QVERIFY(model.rowCount() <= 1000);
    QCOMPARE(model.event(model.rowCount() - 1).requestId, quint64(5000)); // the newest are kept
    // Events that left the telemetry ring before the model read them are counted, not lost silently.
    Telemetry small;
    small.setCapacity(10);
    EventLogModel behind(&small);
    for (int i = 0; i < 25; ++i)
        record(small, EventKind::Enqueued, quint64(i + 1), 0);
    behind.fetchNew();
    QCOMPARE(behind.rowCount(), 10);
    QCOMPARE(behind.lost(), quint64(15));
}

void TestEventLogModel::describesEvents()
{
    Telemetry telemetry;
    EventLogModel model(&telemetry);
    record(telemetry, EventKind::Flushed, 0, 3, 0, ErrorKind::None, 12);
    record(telemetry, EventKind::Failed, 9, 3, 503, ErrorKind::Http, 1500);
    telemetry.record({telemetry.now(), 0, 0, int(BreakerState::Open), int(BreakerState::Closed), 0, 0,
                      EventKind::BreakerChanged, ErrorKind::None, FlushReason::Timer});
    model.fetchNew();
    QCOMPARE(model.index(0, EventLogModel::Detail).data().toString(), QStringLiteral("12 items, size"));
    QVERIFY(model.index(1, EventLogModel::Detail).data().toString().startsWith(QStringLiteral("http, 1.5")));
    QCOMPARE(model.index(2, EventLogModel::Detail).data().toString(), QStringLiteral("closed → open"));
    record(telemetry, EventKind::Flushed, 0, 4, 0, ErrorKind::None, 1);
    model.fetchNew();
    QCOMPARE(model.index(3, EventLogModel::Detail).data().toString(), QStringLiteral("1 item, size"));
}

void TestEventLogModel::filters_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("statusClass");
    QTest::addColumn<int>("expected");
    QTest::newRow("everything") << QString() << -1 << int(EventFilterProxy::StatusClass::Any) << 6;
    QTest::newRow("kind") << QString() << int(EventKind::Settled) << int(EventFilterProxy::StatusClass::Any) << 2;
    QTest::newRow("failed") << QString() << -1 << int(EventFilterProxy::StatusClass::Failed) << 2;
    QTest::newRow("5xx") << QString() << -1 << int(EventFilterProxy::StatusClass::ServerError) << 1;
    QTest::newRow("4xx") << QString() << -1 << int(EventFilterProxy::StatusClass::ClientError) << 1;
    QTest::newRow("2xx") << QString() << -1 << int(EventFilterProxy::StatusClass::Success) << 2;
    QTest::newRow("text kind") << QStringLiteral("SETT") << -1 << int(EventFilterProxy::StatusClass::Any) << 2;
    QTest::newRow("request id") << QStringLiteral("2") << -1 << int(EventFilterProxy::StatusClass::Any) << 2;
    QTest::newRow("detail") << QStringLiteral("timeout") << -1 << int(EventFilterProxy::StatusClass::Any) << 1;
}

void TestEventLogModel::filters()
{
    QFETCH(QString, text);
    QFETCH(int, kind);
    QFETCH(int, statusClass);
    QFETCH(int, expected);
    Telemetry telemetry;
    EventLogModel model(&telemetry);
    EventFilterProxy proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    record(telemetry, EventKind::Enqueued, 1, 0);
    record(telemetry, EventKind::Enqueued, 2, 0);
    record(telemetry, EventKind::Settled, 1, 7, 200);
    record(telemetry, EventKind::Settled, 2, 7, 204);
    record(telemetry, EventKind::Failed, 3, 8, 503, ErrorKind::Http);
    record(telemetry, EventKind::Failed, 4, 8, 404, ErrorKind::Timeout);
    model.fetchNew();
    proxy.setText(text);
    proxy.setKinds(kind < 0 ? QSet<EventKind>() : QSet<EventKind>{EventKind(kind)});
    proxy.setStatusClass(EventFilterProxy::StatusClass(statusClass));
    QCOMPARE(proxy.rowCount(), expected);
    // New events pass through the filter as they arrive.
    record(telemetry, EventKind::Settled, 5, 9, 200);
    model.fetchNew();
    const bool passes = (kind < 0 || kind == int(EventKind::Settled))
        && (statusClass == int(EventFilterProxy::StatusClass::Any) || statusClass == int(EventFilterProxy::StatusClass::Success))
        && (text.isEmpty() || text == QStringLiteral("SETT"));
    QCOMPARE(proxy.rowCount(), expected + (passes ? 1 : 0));
}

void TestEventLogModel::exportKeepsEveryEventTheLogHolds()
{
    // The telemetry's ring keeps 65 536 events; the log keeps its own retention (a million by
    // default). The export writes what the log holds, so a long run keeps its beginning.
    Telemetry telemetry;
    EventLogView view(&telemetry);
    const int total = 100000;
    for (int i = 0; i < total; ++i) {
        record(telemetry, EventKind::Enqueued, quint64(i + 1), 0);
        if ((i + 1) % 10000 == 0)
            view.model()->fetchNew();
    }
    QCOMPARE(view.model()->rowCount(), total);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("events.jsonl"));
    QString error;
    QVERIFY2(view.exportTo(path, &error), qPrintable(error));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().split('\n');
    QCOMPARE(lines.size(), total + 1); // and the empty string after the last line break
    QVERIFY2(lines.first().contains("\"request\":1,"), lines.first().constData());
}

void TestEventLogModel::aNumberMatchesWholeIdsAndStatuses()
{
    // The report: "2149" also found call 21490. A number is an id or a status, whole.
    Telemetry telemetry;
    EventLogModel model(&telemetry);
    EventFilterProxy proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    record(telemetry, EventKind::Enqueued, 2149, 0);
    record(telemetry, EventKind::Enqueued, 21490, 0);
    record(telemetry, EventKind::Flushed, 0, 2149);
    record(telemetry, EventKind::Settled, 12, 7, 503);
    model.fetchNew();
    proxy.setText(QStringLiteral("2149"));
    QCOMPARE(proxy.rowCount(), 2);
    QCOMPARE(proxy.index(0, EventLogModel::Request).data().toULongLong(), 2149u);
    QCOMPARE(proxy.index(1, EventLogModel::Batch).data().toULongLong(), 2149u);
    proxy.setText(QStringLiteral("503"));
    QCOMPARE(proxy.rowCount(), 1);
    QCOMPARE(proxy.index(0, EventLogModel::Status).data().toInt(), 503);
    proxy.setText(QStringLiteral("50"));
    QCOMPARE(proxy.rowCount(), 0);
}

namespace {

/// The rows the filter should show, tested one by one.
std::vector<quint64> expectedRows(const EventLogModel &model, const EventFilterProxy &proxy)
{
    std::vector<quint64> ids;
    for (int row = 0; row < model.rowCount(); ++row) {
        if (proxy.accepts(row))
            ids.push_back(model.event(row).requestId);
    }
    return ids;
}

std::vector<quint64> shownRows(const EventFilterProxy &proxy)
{
    std::vector<quint64> ids;
    for (int row = 0; row < proxy.rowCount(); ++row)
        ids.push_back(proxy.index(row, EventLogModel::Request).data().toULongLong());
    return ids;
}

void recordMany(Telemetry &telemetry, EventLogModel &model, quint64 first, int count)
{
    for (int i = 0; i < count; ++i) {
        const quint64 id = first + quint64(i);
        const bool failed = id % 7 == 0;
        telemetry.record({telemetry.now(), id, id / 10, 1000, 0, 0, qint16(failed ? 504 : 200),
                          failed ? EventKind::Failed : EventKind::Settled,
                          failed ? ErrorKind::Timeout : ErrorKind::None, FlushReason::Size});
        if ((i + 1) % 10000 == 0)
            model.fetchNew();
    }
    model.fetchNew();
}

} // namespace

void TestEventLogModel::aLargeLogIsRefilteredInSlices()
{
    // The report: typing in the filter froze the window for 12-25 s after a large run. A
    // change of filter now tests rows for at most a slice per event-loop pass.
    Telemetry telemetry;
    telemetry.setCapacity(20000);
    EventLogModel model(&telemetry);
    EventFilterProxy proxy;
    proxy.setSourceModel(&model);
    proxy.setSliceMs(1);
    recordMany(telemetry, model, 1, 200000);
    // Appended rows are placed in slices too: slower builds (ASan) are still at it here.
    QTRY_COMPARE_WITH_TIMEOUT(proxy.rowCount(), 200000, 30000);
    QSignalSpy progress(&proxy, &EventFilterProxy::filteringProgress);
    proxy.setText(QStringLiteral("timeout"));
    QVERIFY2(proxy.isFiltering(), "a 200 000-row refilter ran in one go");
    QVERIFY(proxy.progress() < 1.0);
    QVERIFY(proxy.rowCount() < 200000 / 7);
    QTRY_VERIFY_WITH_TIMEOUT(!proxy.isFiltering(), 30000);
    QVERIFY(progress.size() > 2);
    QCOMPARE(proxy.progress(), 1.0);
    QCOMPARE(proxy.rowCount(), 200000 / 7);
    QVERIFY(shownRows(proxy) == expectedRows(model, proxy));
}

void TestEventLogModel::rowsTrimmedWhileFilteringLeaveTheFilterToo()
{
    Telemetry telemetry;
    telemetry.setCapacity(20000);
    EventLogModel model(&telemetry);
    model.setRetention(20000);
    EventFilterProxy proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.setSliceMs(1);
    recordMany(telemetry, model, 1, 20000);
    proxy.setText(QStringLiteral("timeout"));
    // More events while the scan is under way push the oldest out of the log, scanned or not.
    bool trimmedWhileFiltering = false;
    for (quint64 next = 20001; next < 80000; next += 3000) {
        const bool filtering = proxy.isFiltering();
        recordMany(telemetry, model, next, 3000);
        trimmedWhileFiltering = trimmedWhileFiltering || filtering;
        QCoreApplication::processEvents();
    }
    QVERIFY(trimmedWhileFiltering);
    QTRY_VERIFY_WITH_TIMEOUT(!proxy.isFiltering(), 30000);
    QVERIFY(model.rowCount() <= 20000);
    QVERIFY(model.event(0).requestId > 1); // trimmed
    QVERIFY(shownRows(proxy) == expectedRows(model, proxy));
    // A source row maps to its proxy row and back.
    const QModelIndex last = proxy.index(proxy.rowCount() - 1, EventLogModel::Kind);
    QCOMPARE(proxy.mapFromSource(proxy.mapToSource(last)), last);
}

void TestEventLogModel::aClearedLogEmptiesTheFilter()
{
    Telemetry telemetry;
    EventLogModel model(&telemetry);
    EventFilterProxy proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    recordMany(telemetry, model, 1, 100);
    proxy.setStatusClass(EventFilterProxy::StatusClass::Failed);
    QCOMPARE(proxy.rowCount(), 14);
    model.clear();
    QCOMPARE(proxy.rowCount(), 0);
    recordMany(telemetry, model, 101, 14);
    QCOMPARE(proxy.rowCount(), 2); // 105 and 112
    QVERIFY(shownRows(proxy) == expectedRows(model, proxy));
}

void TestEventLogModel::rowsReadInTimeOrderAndCountFromTheirRun()
{
    Telemetry telemetry;
    EventLogModel model(&telemetry);
    const auto at = [&](qint64 ms, EventKind kind, quint64 request) {
        telemetry.record({ms * 1000000, request, 0, 0, 0, 0, 0, kind, ErrorKind::None, FlushReason::Size});
    };
    at(100, EventKind::Enqueued, 1);
    model.markRunStart(1000 * 1000000);
    // As the engine records them: a rejection noted after a failure it came before.
    at(1692, EventKind::Failed, 2);
    at(1566, EventKind::BreakerRejected, 3);
    model.fetchNew();
    QCOMPARE(model.event(1).kind, EventKind::BreakerRejected);
    QCOMPARE(model.event(2).kind, EventKind::Failed);
    const auto ms = [](double value) { return QLocale().toString(value, 'f', 1); };
    QCOMPARE(model.index(1, EventLogModel::Relative).data().toString(), ms(566));
    QCOMPARE(model.index(2, EventLogModel::Relative).data().toString(), ms(692));
    QCOMPARE(model.index(0, EventLogModel::Relative).data().toString(), ms(0)); // before any run
    QVERIFY(!model.headerData(EventLogModel::Relative, Qt::Horizontal, Qt::ToolTipRole).toString().isEmpty());
    QCOMPARE(model.index(2, EventLogModel::Detail).data(Qt::ToolTipRole).toString(),
             model.index(2, EventLogModel::Detail).data().toString());
}

void TestEventLogModel::theLogDockSaysWhileItFilters()
{
    Telemetry telemetry;
    telemetry.setCapacity(20000);
    EventLogView view(&telemetry);
    view.proxy()->setSliceMs(1);
    recordMany(telemetry, *view.model(), 1, 100000);
    auto *shown = view.findChild<QLabel *>(QStringLiteral("logShown"));
    QVERIFY(shown);
    QTRY_COMPARE_WITH_TIMEOUT(shown->text(), QStringLiteral("%L1 of %L1").arg(100000), 30000);
    view.findChild<QLineEdit *>(QStringLiteral("logFilter"))->setText(QStringLiteral("timeout"));
    QVERIFY2(shown->text().startsWith(QStringLiteral("Filtering… ")), qPrintable(shown->text()));
    QTRY_COMPARE_WITH_TIMEOUT(shown->text(), QStringLiteral("%L1 of %L2").arg(14285).arg(100000), 30000);
    // An export waits for the filter to reach the end of the log.
    view.findChild<QLineEdit *>(QStringLiteral("logFilter"))->setText(QStringLiteral("settled"));
    QTemporaryDir dir;
    QString error;
    QVERIFY2(view.exportTo(dir.filePath(QStringLiteral("e.jsonl")), &error), qPrintable(error));
    QFile file(dir.filePath(QStringLiteral("e.jsonl")));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll().count('\n'), 100000 - 14285);
}

QTEST_MAIN(TestEventLogModel)
#include "tst_eventlogmodel.moc"
