// SPDX-License-Identifier: BSD-3-Clause
// BoundedSpinBox and BoundedDoubleSpinBox: what a plain spin box drops or puts back without a
// word is refused with the reason.

#include "widgets/boundeddoublespinbox.h"
#include "widgets/boundedspinbox.h"
#include "widgets/wheelguard.h"

#include <QApplication>
#include <QComboBox>
#include <QVBoxLayout>
#include <QWheelEvent>

#include <QLineEdit>
#include <QSignalSpy>
#include <QtTest>

using namespace batchlab;

class TestBoundedSpinBox : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }
    void refusal_data();
    void refusal();
    void aDigitPastTheMostIsRefusedWithTheReason();
    void aNumberBelowTheLeastIsPutBackWithTheReason();
    void decimalsPastTheMost();
    void numbersInRangeSayNothing();
    void theWheelScrollsTheFormUntilTheBoxHasTheFocus();
};

void TestBoundedSpinBox::refusal_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("decimals");
    QTest::addColumn<QString>("reason");
    QTest::addRow("above") << "5000 ms" << 0 << "5000 is more than 1000, the most it takes";
    QTest::addRow("below") << "0 ms" << 0 << "0 is less than 1, the least it takes";
    QTest::addRow("group separator") << "1,500 ms" << 0 << "1500 is more than 1000, the most it takes";
    QTest::addRow("letters") << "12a ms" << 0 << "\"12a\" is not a whole number";
    QTest::addRow("fraction") << "2.5 ms" << 0 << "\"2.5\" is not a whole number";
    QTest::addRow("decimal above") << "1000.5 ms" << 1 << "1000.5 is more than 1000.0, the most it takes";
    QTest::addRow("in range") << "20 ms" << 0 << "";
    QTest::addRow("empty") << " ms" << 0 << "";
    QTest::addRow("minus alone") << "- ms" << 0 << "";
}

void TestBoundedSpinBox::refusal()
{
    QFETCH(QString, text);
    QFETCH(int, decimals);
    QFETCH(QString, reason);
    QCOMPARE(BoundedSpinBox::refusal(text, 1, 1000, decimals, QString(), QStringLiteral(" ms"), QLocale::c()),
             reason);
}

void TestBoundedSpinBox::aDigitPastTheMostIsRefusedWithTheReason()
{
    BoundedSpinBox box;
    box.setRange(1, 1000);
    box.setValue(20);
    box.show();
    QVERIFY(QTest::qWaitForWindowExposed(&box));
    QSignalSpy refused(&box, &BoundedSpinBox::refused);
    box.selectAll();
    QTest::keyClicks(&box, QStringLiteral("5000")); // the last 0 makes it 5000: dropped
    QCOMPARE(box.findChild<QLineEdit *>()->text(), QStringLiteral("500"));
    QTRY_COMPARE(refused.size(), 1);
    QCOMPARE(refused.at(0).at(0).toString(), QStringLiteral("5000 is more than 1000, the most it takes"));
}

void TestBoundedSpinBox::aNumberBelowTheLeastIsPutBackWithTheReason()
{
    BoundedSpinBox box;
    box.setRange(1, 1000);
    box.setValue(20);
    box.show();
    QVERIFY(QTest::qWaitForWindowExposed(&box));
    QSignalSpy refused(&box, &BoundedSpinBox::refused);
    box.selectAll();
    QTest::keyClicks(&box, QStringLiteral("0"));
    QTest::keyClick(&box, Qt::Key_Return);
    QCOMPARE(box.value(), 20);
    QTRY_VERIFY(!refused.isEmpty());
    QCOMPARE(refused.last().at(0).toString(), QStringLiteral("0 is less than 1, the least it takes"));
}

void TestBoundedSpinBox::decimalsPastTheMost()
{
    BoundedDoubleSpinBox box;
    box.setRange(0, 100);
    box.setDecimals(1);
    box.setSuffix(QStringLiteral(" %"));
    box.setValue(5);
    box.show();
    QVERIFY(QTest::qWaitForWindowExposed(&box));
    QSignalSpy refused(&box, &BoundedDoubleSpinBox::refused);
    box.selectAll();
    QTest::keyClicks(&box, QStringLiteral("150"));
    QTRY_COMPARE(refused.size(), 1);
    QCOMPARE(refused.at(0).at(0).toString(), QStringLiteral("150.0 is more than 100.0, the most it takes"));
}

void TestBoundedSpinBox::numbersInRangeSayNothing()
{
    BoundedSpinBox box;
    box.setRange(1, 1000);
    box.show();
    QVERIFY(QTest::qWaitForWindowExposed(&box));
    QSignalSpy refused(&box, &BoundedSpinBox::refused);
    box.selectAll();
    QTest::keyClicks(&box, QStringLiteral("250"));
    QTest::keyClick(&box, Qt::Key_Return);
    QCOMPARE(box.value(), 250);
    QCoreApplication::processEvents();
    QCOMPARE(refused.size(), 0);
}

void TestBoundedSpinBox::theWheelScrollsTheFormUntilTheBoxHasTheFocus()
{
    // The report: a turn of the wheel over a box in the settings form changed its value.
    QWidget form;
    auto *layout = new QVBoxLayout(&form);
    auto *other = new QLineEdit;
    auto *box = new BoundedSpinBox;
    box->setRange(1, 1000);
    box->setValue(20);
    auto *combo = new QComboBox;
    combo->addItems({QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")});
    WheelGuard::install(combo);
    layout->addWidget(other);
    layout->addWidget(box);
    layout->addWidget(combo);
    form.show();
    QVERIFY(QTest::qWaitForWindowExposed(&form));
    other->setFocus();
    QTRY_VERIFY(other->hasFocus());
    // Returns whether the box kept the wheel; one it leaves unaccepted Qt hands on to the
    // parents (for a mouse's wheel), up to the scroll area around the form.
    const auto wheel = [](QWidget *w) {
        const QPointF at = w->rect().center();
        QWheelEvent event(at, w->mapToGlobal(at), QPoint(), QPoint(0, -120), Qt::NoButton, Qt::NoModifier,
                          Qt::NoScrollPhase, false);
        QApplication::sendEvent(w, &event);
        return event.isAccepted();
    };
    QVERIFY(!wheel(box));
    QCOMPARE(box->value(), 20);
    QVERIFY(!wheel(combo));
    QCOMPARE(combo->currentIndex(), 0);
    QVERIFY(!box->hasFocus()); // the wheel alone never takes the focus
    QCOMPARE(box->focusPolicy(), Qt::StrongFocus);

    box->setFocus(); // clicked or tabbed into: now the wheel is for it
    QTRY_VERIFY(box->hasFocus());
    QVERIFY(wheel(box));
    QCOMPARE(box->value(), 19);
}

QTEST_MAIN(TestBoundedSpinBox)
#include "tst_boundedspinbox.moc"
