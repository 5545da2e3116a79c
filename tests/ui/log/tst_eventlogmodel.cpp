// SPDX-License-Identifier: BSD-3-Clause
// EventLogModel and EventFilterProxy fed from a real Telemetry; the view's export.
#include "log/eventfilterproxy.h"
#include "log/eventlogmodel.h"
#include "log/eventlogview.h"
#include "resilience/circuitbreaker.h"
#include "telemetry/telemetry.h"
#include "translations.h"

#include <QAbstractItemModelTester>
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

QTEST_MAIN(TestEventLogModel)
#include "tst_eventlogmodel.moc"
