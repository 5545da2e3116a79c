// SPDX-License-Identifier: BSD-3-Clause
// Telemetry: counters derived from events, the bounded ring, readers' sequence numbers, and a
// coalesced notification.
#include "telemetry/loghistogram.h"
#include "telemetry/telemetry.h"

#include <QBuffer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QtTest>

using namespace batchlab;

class TestTelemetry : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void countersFollowEvents();
    void ringKeepsTheNewestAndCountsTheLost();
    void notificationIsCoalesced();
    void keysAreInterned();
    void clockIsMonotonic();
    void latencyPercentilesFromAHistogram();
    void histogramOfWhatCameSince();
    void histogramIsAccurateAcrossScales();
    void exportsJsonLines();
    void wideValuesAreKeptWhole();
};

namespace {
Event makeEvent(EventKind kind, int value = 0, ErrorKind error = ErrorKind::None,
                FlushReason reason = FlushReason::Timer)
{
    Event e;
    e.kind = kind;
    e.value = value;
    e.error = error;
    e.reason = reason;
    return e;
}
} // namespace

void TestTelemetry::countersFollowEvents()
{
    Telemetry telemetry;
    telemetry.record(makeEvent(EventKind::Enqueued));
    telemetry.record(makeEvent(EventKind::Enqueued));
    telemetry.record(makeEvent(EventKind::Enqueued));
    telemetry.record(makeEvent(EventKind::DedupJoined));
    telemetry.record(makeEvent(EventKind::Flushed, 2, ErrorKind::None, FlushReason::Size));
    telemetry.record(makeEvent(EventKind::Sent, 0));
    telemetry.record(makeEvent(EventKind::Sent, 1));
    telemetry.record(makeEvent(EventKind::Settled));
    telemetry.record(makeEvent(EventKind::Failed, 0, ErrorKind::Timeout));
    telemetry.record(makeEvent(EventKind::Failed, 0, ErrorKind::Http));
    const TelemetryCounters c = telemetry.counters();
    QCOMPARE(c.calls, 3);
    QCOMPARE(c.dedupHits, 1);
    QCOMPARE(c.items, 2);
    QCOMPARE(c.flushesByReason[size_t(FlushReason::Size)], 1);
    QCOMPARE(c.httpRequests, 2);
    QCOMPARE(c.batches, 1);
    QCOMPARE(c.plainRequests, 1);
    QCOMPARE(c.succeeded, 1);
    QCOMPARE(c.failed, 2);
    QCOMPARE(c.failures(ErrorKind::Timeout), 1);
    QCOMPARE(c.failures(ErrorKind::Http), 1);
    QCOMPARE(c.settled(), 3);
}

void TestTelemetry::ringKeepsTheNewestAndCountsTheLost()
{
    Telemetry telemetry;
    telemetry.setCapacity(4);
    for (int i = 0; i < 10; ++i)
        telemetry.record(makeEvent(EventKind::Enqueued, i));
    QCOMPARE(telemetry.sequence(), quint64(10));
    quint64 lost = 0;
    const std::vector<Event> events = telemetry.eventsSince(0, &lost);
    QCOMPARE(lost, quint64(6));
    QCOMPARE(events.size(), size_t(4));
    QCOMPARE(events.front().value, 6);
    QCOMPARE(events.back().value, 9);
    QCOMPARE(telemetry.eventsSince(8, &lost).size(), size_t(2));
    QCOMPARE(lost, quint64(0));
    QVERIFY(telemetry.eventsSince(10).empty());
    // Counters are not bounded by the ring.
    QCOMPARE(telemetry.counters().calls, 10);

    telemetry.setCapacity(8);
    QVERIFY(telemetry.eventsSince(0).empty());
    telemetry.record(makeEvent(EventKind::Enqueued, 10));
    QCOMPARE(telemetry.eventsSince(0).size(), size_t(1));
    QCOMPARE(telemetry.eventsSince(0).front().value, 10);
}

void TestTelemetry::notificationIsCoalesced()
{
    Telemetry telemetry;
    QSignalSpy spy(&telemetry, &Telemetry::eventsAppended);
    for (int i = 0; i < 1000; ++i)
        telemetry.record(makeEvent(EventKind::Enqueued));
    QCOMPARE(spy.size(), 0); // never emitted from inside record()
    QTRY_COMPARE(spy.size(), 1);
    QTest::qWait(20);
    QCOMPARE(spy.size(), 1);
    telemetry.record(makeEvent(EventKind::Enqueued));
    QTRY_COMPARE(spy.size(), 2);
}

void TestTelemetry::keysAreInterned()
{
    Telemetry telemetry;
    const quint32 a = telemetry.internKey(QStringLiteral("http://a/$batch"));
    const quint32 b = telemetry.internKey(QStringLiteral("http://b/$batch"));
    QVERIFY(a != 0 && b != 0 && a != b);
    QCOMPARE(telemetry.internKey(QStringLiteral("http://a/$batch")), a);
    QCOMPARE(telemetry.keyName(b), QStringLiteral("http://b/$batch"));
    QCOMPARE(telemetry.keyName(0), QString());
}

void TestTelemetry::clockIsMonotonic()
{
    Telemetry telemetry;
    const qint64 first = telemetry.now();
    QTest::qWait(5);
    QVERIFY(telemetry.now() - first >= 4 * 1000000);
}

void TestTelemetry::histogramOfWhatCameSince()
{
    LogHistogram h;
    for (int i = 1; i <= 1000; ++i)
        h.add(i);
    const LogHistogram before = h;
    for (int i = 0; i < 100; ++i)
        h.add(5000000 + i);
    const Percentiles run = h.since(before).percentiles();
    QCOMPARE(run.count, 100);
    QVERIFY2(run.p50 >= 5000000 && run.p50 <= 5000000 * 103 / 100, qPrintable(QString::number(run.p50)));
    QVERIFY(run.max >= 5000099 && run.max <= 5000099 * 103 / 100);
    QCOMPARE(h.since(h).percentiles().count, 0);
    QCOMPARE(h.since(h).percentiles().p99, 0);
}

void TestTelemetry::latencyPercentilesFromAHistogram()
{
    Telemetry telemetry;
    for (int i = 1; i <= 1000; ++i) {
        Event e = makeEvent(i % 10 ? EventKind::Settled : EventKind::Failed);
        e.value = i * 1000; // 1 ms .. 1 s, in µs
        e.aux = i % 2 ? 500 : -1; // half of them were never flushed
        telemetry.record(e);
    }
    const TelemetryCounters c = telemetry.counters();
    QCOMPARE(c.latency.count, 1000);
    const auto near = [](qint64 got, qint64 want) { return qAbs(got - want) <= want / 25; };
    QVERIFY2(near(c.latency.p50, 500000), qPrintable(QString::number(c.latency.p50)));
    QVERIFY2(near(c.latency.p90, 900000), qPrintable(QString::number(c.latency.p90)));
    QVERIFY2(near(c.latency.p95, 950000), qPrintable(QString::number(c.latency.p95)));
    QVERIFY2(near(c.latency.p99, 990000), qPrintable(QString::number(c.latency.p99)));
    QCOMPARE(c.latency.max, 1000000);
    QCOMPARE(c.queueWait.count, 500);
    QVERIFY(near(c.queueWait.p50, 500));
}

void TestTelemetry::histogramIsAccurateAcrossScales()
{
    for (qint64 value : {0LL, 1LL, 63LL, 64LL, 1000LL, 123456LL, 98765432LL, 4000000000LL}) {
        LogHistogram histogram;
        histogram.add(value);
        const qint64 got = histogram.quantile(0.5);
        QVERIFY2(got >= value && got <= value + value / 32 + 1,
                 qPrintable(QStringLiteral("%1 -> %2").arg(value).arg(got)));
    }
    LogHistogram empty;
    QCOMPARE(empty.quantile(0.99), 0);
}

void TestTelemetry::exportsJsonLines()
{
    Telemetry telemetry;
    Event flushed = makeEvent(EventKind::Flushed, 7, ErrorKind::None, FlushReason::Retry);
    flushed.batchId = 3;
    flushed.keyId = telemetry.internKey(QStringLiteral("http://127.0.0.1:1/$batch"));
    telemetry.record(flushed);
    Event failed = makeEvent(EventKind::Failed, 0, ErrorKind::Timeout);
    failed.requestId = 12;
    telemetry.record(failed);
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QCOMPARE(telemetry.writeJsonLines(&buffer), 2);
    const QList<QByteArray> lines = buffer.data().trimmed().split('\n');
    QCOMPARE(lines.size(), 2);
    const QJsonObject first = QJsonDocument::fromJson(lines[0]).object();
    QCOMPARE(first[QStringLiteral("kind")].toString(), QStringLiteral("flushed"));
    QCOMPARE(first[QStringLiteral("reason")].toString(), QStringLiteral("retry"));
    QCOMPARE(first[QStringLiteral("value")].toInt(), 7);
    QCOMPARE(first[QStringLiteral("batch")].toInt(), 3);
    QCOMPARE(first[QStringLiteral("key")].toString(), QStringLiteral("http://127.0.0.1:1/$batch"));
    const QJsonObject second = QJsonDocument::fromJson(lines[1]).object();
    QCOMPARE(second[QStringLiteral("error")].toString(), QStringLiteral("timeout"));
    QCOMPARE(second[QStringLiteral("request")].toInt(), 12);
}

void TestTelemetry::wideValuesAreKeptWhole()
{
    // A JSON-RPC error code beyond 16 bits, and a request id beyond 32, once truncated.
    Telemetry telemetry;
    Event failed;
    failed.kind = EventKind::Failed;
    failed.status = -2000000;
    telemetry.record(failed);
    Event joined;
    joined.kind = EventKind::DedupJoined;
    const quint64 sharer = (quint64(1) << 33) + 5;
    std::tie(joined.value, joined.aux) = Event::splitId(sharer);
    telemetry.record(joined);
    const std::vector<Event> events = telemetry.eventsSince(0);
    QCOMPARE(events[0].status, -2000000);
    QCOMPARE(events[1].sharerId(), sharer);
    QVERIFY(telemetry.toJson(events[1]).contains("\"sharer\":8589934597"));
}

QTEST_GUILESS_MAIN(TestTelemetry)
#include "tst_telemetry.moc"
