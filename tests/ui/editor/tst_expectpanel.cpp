// SPDX-License-Identifier: BSD-3-Clause
// The Expect tab of RequestSetEditor: a request's status, JSON checks and latency bound,
// typed with the keyboard, refused with the reason when malformed, undone like any edit.
#include "editor/expectpanel.h"
#include "editor/requestsetdocument.h"
#include "editor/requestseteditor.h"

#include <QComboBox>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QUndoStack>
#include <QtTest>

using namespace batchlab;

namespace {

RequestSet twoUsers()
{
    RequestSet set;
    set.name = QStringLiteral("users");
    for (int i = 1; i <= 2; ++i) {
        RequestItem item;
        item.name = QStringLiteral("user %1").arg(i);
        item.url = QStringLiteral("/users/%1").arg(i);
        set.requests.append(item);
    }
    return set;
}

} // namespace

class TestExpectPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void statusIsTypedCheckedAndUndone();
    void aBadStatusIsRefusedWithTheReason();
    void latencyBound();
    void jsonChecksAreAddedEditedAndRemoved();
    void aBadPathOrValueIsRefused();
    void eachRequestShowsItsOwn();

private:
    ExpectPanel *panel() const { return m_editor->expectPanel(); }
    const Expectation &expect(int row = 0) const { return m_document->set().requests.at(row).expect; }
    void type(QLineEdit *edit, const QString &text)
    {
        edit->setFocus();
        edit->selectAll();
        QTest::keyClicks(edit, text);
        QTest::keyClick(edit, Qt::Key_Return);
    }
    /// Types into a cell of the checks table as a user does: F2, the text, Return.
    void typeCell(int row, int column, const QString &text)
    {
        QTableWidget *table = panel()->checkTable();
        table->setFocus();
        table->setCurrentCell(row, column);
        QTest::keyClick(table, Qt::Key_F2);
        QWidget *editor = table->findChild<QLineEdit *>();
        QVERIFY(editor);
        editor->setFocus();
        QTest::keyClick(editor, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(editor, text);
        QTest::keyClick(editor, Qt::Key_Return);
    }
    RequestSetDocument *m_document = nullptr;
    RequestSetEditor *m_editor = nullptr;
};

void TestExpectPanel::init()
{
    m_document = new RequestSetDocument;
    m_document->reset(twoUsers());
    m_editor = new RequestSetEditor(m_document);
    m_editor->resize(900, 700);
    m_editor->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_editor));
    m_editor->selectRow(0);
    m_editor->tabs()->setCurrentWidget(panel());
    QCOMPARE(panel()->row(), 0);
}

void TestExpectPanel::cleanup()
{
    delete m_editor;
    delete m_document;
}

void TestExpectPanel::statusIsTypedCheckedAndUndone()
{
    type(panel()->statusEdit(), QStringLiteral("2xx,304"));
    QCOMPARE(expect().status, QStringLiteral("2xx,304"));
    QCOMPARE(m_document->undoStack()->count(), 1);
    QCOMPARE(m_editor->tabs()->tabText(m_editor->tabs()->indexOf(panel())), QStringLiteral("Expect (1)"));
    m_document->undoStack()->undo();
    QVERIFY(expect().isEmpty());
    QCOMPARE(panel()->statusEdit()->text(), QString());
    m_document->undoStack()->redo();
    QCOMPARE(panel()->statusEdit()->text(), QStringLiteral("2xx,304"));
}

void TestExpectPanel::aBadStatusIsRefusedWithTheReason()
{
    type(panel()->statusEdit(), QStringLiteral("20x"));
    QVERIFY(expect().isEmpty());
    QCOMPARE(m_document->undoStack()->count(), 0);
    QCOMPARE(panel()->problem(),
             QStringLiteral("Status: \"20x\" is not a status: use a code (200), a class (2xx) or a list (200,204)"));
    type(panel()->statusEdit(), QStringLiteral("201"));
    QCOMPARE(expect().status, QStringLiteral("201"));
    QCOMPARE(panel()->problem(), QString());
}

void TestExpectPanel::latencyBound()
{
    QSpinBox *latency = panel()->latencyBox();
    QCOMPARE(latency->text(), QStringLiteral("no bound"));
    latency->setFocus();
    latency->selectAll();
    QTest::keyClicks(latency, QStringLiteral("250"));
    QTest::keyClick(latency, Qt::Key_Return);
    QCOMPARE(expect().maxLatencyMs, 250);
    m_document->undoStack()->undo();
    QCOMPARE(expect().maxLatencyMs, 0);
    QCOMPARE(latency->value(), 0);
}

void TestExpectPanel::jsonChecksAreAddedEditedAndRemoved()
{
    QTest::mouseClick(panel()->addButton(), Qt::LeftButton);
    QCOMPARE(expect().json.size(), 1);
    QTRY_COMPARE(panel()->checkTable()->rowCount(), 1);
    typeCell(0, ExpectPanel::PathColumn, QStringLiteral("value[0].id"));
    QTRY_COMPARE(expect().json.at(0).path, QStringLiteral("value[0].id"));
    // The operator: equals, then a JSON value.
    auto *op = qobject_cast<QComboBox *>(panel()->checkTable()->cellWidget(0, ExpectPanel::OpColumn));
    QVERIFY(op);
    op->setCurrentIndex(int(JsonCheck::Op::Equals));
    // Refused until it has a value: equals needs one.
    QTRY_VERIFY(panel()->problem().contains(QStringLiteral("Check 1, value: \"equals\" needs a JSON value")));
    QCOMPARE(expect().json.at(0).op, JsonCheck::Op::Exists);
    typeCell(0, ExpectPanel::ValueColumn, QStringLiteral("7"));
    QTRY_COMPARE(expect().json.at(0), (JsonCheck{QStringLiteral("value[0].id"), JsonCheck::Op::Equals, 7}));
    QCOMPARE(panel()->problem(), QString());
    const int steps = m_document->undoStack()->count();
    // Undo takes back the value; the table shows it at once.
    m_document->undoStack()->undo();
    QTRY_COMPARE(panel()->checkTable()->item(0, ExpectPanel::PathColumn)->text(), QStringLiteral("value[0].id"));
    QCOMPARE(expect().json.at(0).op, JsonCheck::Op::Exists);
    m_document->undoStack()->redo();
    QCOMPARE(m_document->undoStack()->count(), steps);
    QTRY_COMPARE(panel()->checkTable()->item(0, ExpectPanel::ValueColumn)->text(), QStringLiteral("7"));
    // Removed, and back with undo.
    panel()->checkTable()->setCurrentCell(0, ExpectPanel::PathColumn);
    QTest::mouseClick(panel()->removeButton(), Qt::LeftButton);
    QVERIFY(expect().json.isEmpty());
    QTRY_COMPARE(panel()->checkTable()->rowCount(), 0);
    m_document->undoStack()->undo();
    QCOMPARE(expect().json.size(), 1);
    QTRY_COMPARE(panel()->checkTable()->rowCount(), 1);
}

void TestExpectPanel::aBadPathOrValueIsRefused()
{
    Expectation e;
    e.json = {{QStringLiteral("name"), JsonCheck::Op::Equals, QStringLiteral("Ada")}};
    RequestItem item = m_document->set().requests.at(0);
    item.expect = e;
    m_document->setItem(0, item);
    const int steps = m_document->undoStack()->count();
    typeCell(0, ExpectPanel::PathColumn, QStringLiteral("value[x]"));
    QTRY_VERIFY2(panel()->problem().startsWith(QStringLiteral("Check 1, path: character 7: expected an index")),
                 qPrintable(panel()->problem()));
    QCOMPARE(expect(), e);
    QCOMPARE(m_document->undoStack()->count(), steps);
    typeCell(0, ExpectPanel::PathColumn, QStringLiteral("name"));
    QTRY_COMPARE(panel()->problem(), QString());
    // Text that is not JSON: the reason, and how to say text.
    typeCell(0, ExpectPanel::ValueColumn, QStringLiteral("Ada"));
    QTRY_VERIFY2(panel()->problem().startsWith(QStringLiteral("Check 1, value: not JSON")), qPrintable(panel()->problem()));
    QVERIFY(panel()->problem().endsWith(QStringLiteral("text goes in quotes: \"Ada\"")));
    QCOMPARE(expect(), e);
    typeCell(0, ExpectPanel::ValueColumn, QStringLiteral("\"Grace\""));
    QTRY_COMPARE(expect().json.at(0).value, QJsonValue(QStringLiteral("Grace")));
    QCOMPARE(m_document->undoStack()->count(), steps + 1);
}

void TestExpectPanel::eachRequestShowsItsOwn()
{
    type(panel()->statusEdit(), QStringLiteral("404"));
    m_editor->selectRow(1);
    QCOMPARE(panel()->row(), 1);
    QCOMPARE(panel()->statusEdit()->text(), QString());
    QVERIFY(expect(1).isEmpty());
    m_editor->selectRow(0);
    QCOMPARE(panel()->statusEdit()->text(), QStringLiteral("404"));
}

QTEST_MAIN(TestExpectPanel)
#include "tst_expectpanel.moc"
