// SPDX-License-Identifier: BSD-3-Clause
// The charts' time axis: round steps (the report saw "0, 3, 5, 8, 10, 13" and a 60 ms run on
// an axis of 0–0.1 s with two ticks).
#include "charts/timeticks.h"

#include <QtTest>

using namespace batchlab;

class TestTimeTicks : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }
    void roundSteps_data();
    void roundSteps();
    void stepsAreOneTwoOrFive();
};

void TestTimeTicks::roundSteps_data()
{
    QTest::addColumn<double>("run");
    QTest::addColumn<QString>("labels");
    QTest::addColumn<bool>("milliseconds");
    QTest::newRow("13 s") << 13.0 << QStringLiteral("0 5 10 15") << false;
    QTest::newRow("12.4 s") << 12.4 << QStringLiteral("0 5 10 15") << false;
    QTest::newRow("10 s ends on a tick") << 10.0 << QStringLiteral("0 2 4 6 8 10") << false;
    QTest::newRow("7 s") << 7.0 << QStringLiteral("0 2 4 6 8") << false;
    QTest::newRow("60 ms") << 0.06 << QStringLiteral("0 10 20 30 40 50 60") << true;
    QTest::newRow("430 ms") << 0.43 << QStringLiteral("0 100 200 300 400 500") << true;
    QTest::newRow("1.6 s") << 1.6 << QStringLiteral("0 0.5 1 1.5 2") << false;
    QTest::newRow("2 min") << 120.0 << QStringLiteral("0 20 40 60 80 100 120") << false;
    QTest::newRow("nothing yet") << 0.0 << QStringLiteral("0 2 4 6 8 10") << true;
}

void TestTimeTicks::roundSteps()
{
    QFETCH(double, run);
    QFETCH(QString, labels);
    QFETCH(bool, milliseconds);
    const TimeTicks ticks = TimeTicks::choose(run);
    QCOMPARE(ticks.labels().join(u' '), labels);
    QCOMPARE(ticks.milliseconds, milliseconds);
    QVERIFY(ticks.endSeconds >= run);
    QVERIFY(ticks.count() <= 6);
}

void TestTimeTicks::stepsAreOneTwoOrFive()
{
    for (double run = 0.005; run < 5000; run *= 1.37) {
        const TimeTicks ticks = TimeTicks::choose(run);
        const double mantissa
            = ticks.stepSeconds / std::pow(10.0, std::floor(std::log10(ticks.stepSeconds) + 1e-9));
        QVERIFY2(qFuzzyCompare(mantissa, 1.0) || qFuzzyCompare(mantissa, 2.0)
                     || qFuzzyCompare(mantissa, 5.0),
                 qPrintable(QStringLiteral("%1 s: step %2").arg(run).arg(ticks.stepSeconds)));
        QVERIFY(ticks.endSeconds >= run);
        QVERIFY(ticks.count() >= 1 && ticks.count() <= 6);
        // Not a needlessly coarse axis: the run fills more than a third of it.
        QVERIFY2(run < 0.01 || run / ticks.endSeconds > 0.33,
                 qPrintable(QStringLiteral("%1 s on %2 s").arg(run).arg(ticks.endSeconds)));
    }
}

QTEST_APPLESS_MAIN(TestTimeTicks)
#include "tst_timeticks.moc"
