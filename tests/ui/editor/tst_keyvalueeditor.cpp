// SPDX-License-Identifier: BSD-3-Clause
// KeyValueEditor on its own: Add and Remove, and the Secret column that masks values until
// they are shown, driven with the keyboard and the mouse offscreen.
#include "editor/keyvalueeditor.h"
#include "editor/secretvaluedelegate.h"

#include <QCheckBox>
#include <QHeaderView>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTableWidget>
#include <QtTest>

using namespace batchlab;

class TestKeyValueEditor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void addGivesEachRowItsOwnName();
    void withoutSecretsThereIsNoSecretColumn();
    void secretValuesAreMaskedUntilShown();
    void theSecretMarkTogglesWithTheKeyboard();
    void aMaskedSecretIsEditedWithoutEcho();
};

void TestKeyValueEditor::addGivesEachRowItsOwnName()
{
    // Add reads the existing names to find a free one; with rows already there it once
    // walked iterators of two different temporaries.
    KeyValueEditor editor(QStringLiteral("Name"), QStringLiteral("Value"), QStringLiteral("name"));
    editor.setPairs({{QStringLiteral("name"), QStringLiteral("1")}, {QStringLiteral("name2"), QStringLiteral("2")},
                     {QStringLiteral("other"), QString()}});
    QSignalSpy edited(&editor, &KeyValueEditor::edited);
    editor.addRow();
    editor.addRow();
    QCOMPARE(edited.size(), 2);
    QStringList names;
    for (const auto &[name, value] : editor.pairs())
        names.append(name);
    QCOMPARE(names, (QStringList{QStringLiteral("name"), QStringLiteral("name2"), QStringLiteral("other"),
                                 QStringLiteral("name3"), QStringLiteral("name4")}));
    editor.table()->selectRow(0);
    editor.removeSelected();
    QCOMPARE(editor.pairs().size(), 4);
}

void TestKeyValueEditor::withoutSecretsThereIsNoSecretColumn()
{
    KeyValueEditor editor(QStringLiteral("Header"), QStringLiteral("Value"), QStringLiteral("X-Header"));
    editor.show();
    QCOMPARE(editor.table()->columnCount(), 2);
    QVERIFY(!editor.findChild<QCheckBox *>(QStringLiteral("showSecrets"))->isVisible());
    editor.setRows({{QStringLiteral("A"), QStringLiteral("b"), true}});
    QCOMPARE(editor.rows().at(0).secret, false); // nowhere to keep the mark
}

void TestKeyValueEditor::secretValuesAreMaskedUntilShown()
{
    KeyValueEditor editor(QStringLiteral("Variable"), QStringLiteral("Value"), QStringLiteral("name"));
    editor.enableSecrets(QStringLiteral("Secret"), QStringLiteral("why"));
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    editor.setRows({{QStringLiteral("host"), QStringLiteral("example.com"), false},
                    {QStringLiteral("token"), QStringLiteral("t0ken"), true},
                    {QStringLiteral("empty"), QString(), true}});
    QTableWidget *table = editor.table();
    QCOMPARE(table->columnCount(), 3);
    QCOMPARE(table->model()->headerData(2, Qt::Horizontal, Qt::ToolTipRole).toString(), QStringLiteral("why"));
    const auto shown = [table](int row) {
        return SecretValueDelegate::shownText(table->model()->index(row, KeyValueEditor::ValueColumn));
    };
    QCOMPARE(shown(0), QStringLiteral("example.com"));
    QCOMPARE(shown(1), SecretValueDelegate::mask());
    QCOMPARE(shown(2), QString()); // says it needs a value
    QCOMPARE(table->item(1, 1)->data(Qt::AccessibleTextRole).toString(), QStringLiteral("secret value, hidden"));
    // The value itself is kept, only not shown.
    QCOMPARE(editor.rows().at(1), (KeyValueEditor::Row{QStringLiteral("token"), QStringLiteral("t0ken"), true}));

    auto *show = editor.findChild<QCheckBox *>(QStringLiteral("showSecrets"));
    QVERIFY(show->isVisible());
    QSignalSpy edited(&editor, &KeyValueEditor::edited);
    QTest::mouseClick(show, Qt::LeftButton, {}, QPoint(8, show->height() / 2));
    QVERIFY(editor.secretsShown());
    QCOMPARE(shown(1), QStringLiteral("t0ken"));
    QCOMPARE(edited.size(), 0); // showing is not an edit
    show->setChecked(false);
    QCOMPARE(shown(1), SecretValueDelegate::mask());

    // Setting the same rows again (the document's echo) keeps the table as it is.
    QTableWidgetItem *before = table->item(1, 1);
    editor.setRows(editor.rows());
    QCOMPARE(table->item(1, 1), before);
}

void TestKeyValueEditor::theSecretMarkTogglesWithTheKeyboard()
{
    KeyValueEditor editor(QStringLiteral("Variable"), QStringLiteral("Value"), QStringLiteral("name"));
    editor.enableSecrets(QStringLiteral("Secret"), QString());
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    editor.setRows({{QStringLiteral("token"), QStringLiteral("t0ken"), false}});
    QTableWidget *table = editor.table();
    QSignalSpy edited(&editor, &KeyValueEditor::edited);
    table->setFocus();
    table->setCurrentCell(0, KeyValueEditor::SecretColumn);
    QTest::keyClick(table, Qt::Key_Space);
    QCOMPARE(edited.size(), 1);
    QVERIFY(editor.rows().at(0).secret);
    QCOMPARE(SecretValueDelegate::shownText(table->model()->index(0, 1)), SecretValueDelegate::mask());
    QTest::keyClick(table, Qt::Key_Space);
    QCOMPARE(edited.size(), 2);
    QVERIFY(!editor.rows().at(0).secret);
    QCOMPARE(SecretValueDelegate::shownText(table->model()->index(0, 1)), QStringLiteral("t0ken"));
}

void TestKeyValueEditor::aMaskedSecretIsEditedWithoutEcho()
{
    KeyValueEditor editor(QStringLiteral("Variable"), QStringLiteral("Value"), QStringLiteral("name"));
    editor.enableSecrets(QStringLiteral("Secret"), QString());
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    editor.setRows({{QStringLiteral("token"), QStringLiteral("old"), true},
                    {QStringLiteral("host"), QStringLiteral("h"), false}});
    QTableWidget *table = editor.table();
    const auto editorOf = [table](int row) {
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete); // the last editor
        table->setFocus();
        table->setCurrentCell(row, KeyValueEditor::ValueColumn);
        QTest::keyClick(table, Qt::Key_F2);
        return table->findChild<QLineEdit *>();
    };
    QLineEdit *line = editorOf(0);
    QVERIFY(line);
    QCOMPARE(line->echoMode(), QLineEdit::Password);
    line->selectAll();
    QTest::keyClicks(line, QStringLiteral("new"));
    QTest::keyClick(line, Qt::Key_Return);
    QTRY_COMPARE(editor.rows().at(0).value, QStringLiteral("new")); // committed on the next pass
    QVERIFY(editor.rows().at(0).secret);

    line = editorOf(1);
    QVERIFY(line);
    QCOMPARE(line->echoMode(), QLineEdit::Normal);
    QTest::keyClick(line, Qt::Key_Escape);
}

QTEST_MAIN(TestKeyValueEditor)
#include "tst_keyvalueeditor.moc"
