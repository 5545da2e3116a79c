// SPDX-License-Identifier: BSD-3-Clause
// TimeScale: the waterfall's time↔pixel mapping, without a widget.
#include "timeline/timescale.h"

#include <QtTest>

using namespace batchlab;

class TestTimeScale : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QLocale::setDefault(QLocale::c()); }
    void mapsBothWays();
    void zoomKeepsTheTimeUnderTheCursor();
    void zoomIsClamped();
    void panMovesAgainstTheDrag();
    void fitShowsTheWholeRange();
    void clampKeepsTheViewOverTheData();
    void subPixelSegmentsStayVisible();
    void ticksAreNiceAndSpaced_data();
    void ticksAreNiceAndSpaced();
    void durationsReadWell();
};

void TestTimeScale::mapsBothWays()
{
    TimeScale s{5'000'000, 250'000}; // origin 5 ms, 0.25 ms per pixel
    QCOMPARE(s.x(5'000'000), 0.0);
    QCOMPARE(s.x(6'000'000), 4.0);
    QCOMPARE(s.time(4.0), 6'000'000);
    QCOMPARE(s.x(4'000'000), -4.0);
    for (qint64 t : {qint64(0), qint64(123'456'789), qint64(-42)})
        QVERIFY(qAbs(s.time(s.x(t)) - t) <= 1);
}

void TestTimeScale::zoomKeepsTheTimeUnderTheCursor()
{
    TimeScale s{0, 1e6};
    const qint64 under = s.time(300);
    s.zoomAround(300, 4);
    QCOMPARE(s.nsPerPixel, 250000.0);
    QVERIFY(qAbs(s.time(300) - under) <= 1);
    s.zoomAround(10, 0.5);
    QCOMPARE(s.nsPerPixel, 500000.0);
    QVERIFY(qAbs(s.time(300) - under) > 1000); // the anchor moved: 10 px was the cursor this time
}

void TestTimeScale::zoomIsClamped()
{
    TimeScale s{0, 2000};
    s.zoomAround(100, 1000);
    QCOMPARE(s.nsPerPixel, s.minNsPerPixel);
    s.zoomAround(100, 1e-12);
    QCOMPARE(s.nsPerPixel, s.maxNsPerPixel);
    const TimeScale before = s;
    s.zoomAround(100, 0); // nonsense factors change nothing
    s.zoomAround(100, -2);
    QCOMPARE(s.nsPerPixel, before.nsPerPixel);
    QCOMPARE(s.originNs, before.originNs);
}

void TestTimeScale::panMovesAgainstTheDrag()
{
    TimeScale s{10'000'000, 1e6};
    s.pan(5); // dragging right shows earlier times
    QCOMPARE(s.originNs, 5'000'000);
    s.pan(-20);
    QCOMPARE(s.originNs, 25'000'000);
}

void TestTimeScale::fitShowsTheWholeRange()
{
    TimeScale s;
    s.fit(2'000'000'000, 4'000'000'000, 1000);
    QCOMPARE(s.originNs, 2'000'000'000);
    QCOMPARE(s.x(4'000'000'000), 1000.0);
    s.fit(0, 0, 500); // an empty range is 1 ns, then clamped to the deepest zoom
    QCOMPARE(s.nsPerPixel, s.minNsPerPixel);
    s.fit(0, 10, 0); // no width: unchanged
    QCOMPARE(s.nsPerPixel, s.minNsPerPixel);
}

void TestTimeScale::clampKeepsTheViewOverTheData()
{
    TimeScale s{-50'000'000, 1e6};
    s.clampTo(0, 2'000'000'000, 1000); // before the start: back to it
    QCOMPARE(s.originNs, 0);
    s.originNs = 1'900'000'000;
    s.clampTo(0, 2'000'000'000, 1000); // past the end: the end at the right edge
    QCOMPARE(s.originNs, 1'000'000'000);
    s.originNs = 300;
    s.clampTo(0, 200'000'000, 1000); // all of it fits: from the start
    QCOMPARE(s.originNs, 0);
}

void TestTimeScale::subPixelSegmentsStayVisible()
{
    TimeScale s{0, 1e6};
    const TimeScale::Span tiny = s.span(10'000'000, 10'050'000); // 50 µs at 1 ms/px
    QCOMPARE(tiny.left, 10.0);
    QCOMPARE(tiny.width, 1.0);
    const TimeScale::Span wide = s.span(10'000'000, 30'000'000);
    QCOMPARE(wide.width, 20.0);
    const TimeScale::Span backwards = s.span(30'000'000, 10'000'000);
    QCOMPARE(backwards.width, 1.0);
}

void TestTimeScale::ticksAreNiceAndSpaced_data()
{
    QTest::addColumn<double>("nsPerPixel");
    QTest::addColumn<qint64>("origin");
    QTest::addColumn<QString>("firstLabels");
    QTest::newRow("1 ms/px from 0") << 1e6 << qint64(0) << QStringLiteral("0|100 ms|200 ms");
    QTest::newRow("10 µs/px") << 1e4 << qint64(0) << QStringLiteral("0|1 ms|2 ms");
    QTest::newRow("25 ms/px") << 2.5e7 << qint64(0) << QStringLiteral("0|2 s|4 s");
    QTest::newRow("offset origin")
        << 1e6 << qint64(150'000'000) << QStringLiteral("200 ms|300 ms|400 ms");
    QTest::newRow("before zero") << 1e6 << qint64(-250'000'000)
                                 << QStringLiteral("-200 ms|-100 ms|0");
}

void TestTimeScale::ticksAreNiceAndSpaced()
{
    QFETCH(double, nsPerPixel);
    QFETCH(qint64, origin);
    QFETCH(QString, firstLabels);
    TimeScale s{origin, nsPerPixel};
    const QList<TimeScale::Tick> ticks = s.ticks(1000, 80);
    QVERIFY(ticks.size() >= 3);
    QStringList labels;
    for (qsizetype i = 0; i < 3; ++i)
        labels.append(ticks.at(i).label);
    QCOMPARE(labels.join(u'|'), firstLabels);
    for (qsizetype i = 1; i < ticks.size(); ++i) {
        QVERIFY(ticks.at(i).x - ticks.at(i - 1).x >= 80 - 1e-9);
        QVERIFY(ticks.at(i).x - ticks.at(i - 1).x <= 2.5 * 80 + 1e-9); // not needlessly sparse
    }
    QVERIFY(ticks.first().x >= 0 && ticks.last().x <= 1000);
}

void TestTimeScale::durationsReadWell()
{
    QCOMPARE(TimeScale::formatDuration(0), QStringLiteral("0"));
    QCOMPARE(TimeScale::formatDuration(850'000), QStringLiteral("850 µs"));
    QCOMPARE(TimeScale::formatDuration(12'500'000), QStringLiteral("12.5 ms"));
    QCOMPARE(TimeScale::formatDuration(3'250'000'000), QStringLiteral("3.25 s"));
    QCOMPARE(TimeScale::formatDuration(-1'500'000'000), QStringLiteral("-1.5 s"));
    QCOMPARE(TimeScale::formatDuration(1'234'567), QStringLiteral("1.235 ms"));
}

QTEST_GUILESS_MAIN(TestTimeScale)
#include "tst_timescale.moc"
