// SPDX-License-Identifier: BSD-3-Clause
// The Environments tab (EnvironmentsPanel) and the environment chooser, driven as a user
// would: every edit and every switch is one undo step of the document and marks it modified.
#include "editor/environmentchooser.h"
#include "editor/environmentspanel.h"
#include "editor/keyvalueeditor.h"
#include "editor/requestsetdocument.h"
#include "editor/requestseteditor.h"
#include "editor/requestsetmodel.h"

#include <QLineEdit>
#include <QListWidget>
#include <QPointer>
#include <QPushButton>
#include <QTabWidget>
#include <QTableWidget>
#include <QUndoStack>
#include <QtTest>

using namespace batchlab;

namespace {

QStringList names(const RequestSetDocument &document)
{
    QStringList out;
    for (const Environment &e : document.set().environments)
        out.append(e.name);
    return out;
}

QPushButton *button(QWidget *panel, const char *name)
{
    return panel->findChild<QPushButton *>(QLatin1String(name));
}

/// Renames the selected environment in place, as typing over its name and pressing Enter.
bool typeName(EnvironmentsPanel *panel, const QString &name)
{
    QTest::mouseClick(button(panel, "renameEnvironment"), Qt::LeftButton);
    QPointer<QLineEdit> editor = panel->list()->findChild<QLineEdit *>();
    if (!editor || !QTest::qWaitFor([editor] { return editor->isVisible(); }))
        return false;
    editor->selectAll();
    QTest::keyClicks(editor, name);
    QTest::keyClick(editor, Qt::Key_Return);
    // The delegate commits from the event loop, and the rename is applied after that, once the
    // list's editor has let go of the item.
    if (!QTest::qWaitFor([editor] { return !editor || !editor->isVisible(); }))
        return false;
    QCoreApplication::sendPostedEvents(panel, QEvent::MetaCall);
    return true;
}

} // namespace

class TestEnvironmentsPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void addRenameDuplicateRemoveAreUndoable();
    void aRepeatedOrEmptyNameIsRefused();
    void theSelectedEnvironmentsVariablesAreEdited();
    void renamingOrRemovingTheActiveOneFollows();
    void theChooserSwitchesUndoably();
    void theEditorHasTheTabAndMasksEnvironmentSecrets();

private:
    RequestSetDocument *m_document = nullptr;
    EnvironmentsPanel *m_panel = nullptr;
};

void TestEnvironmentsPanel::init()
{
    m_document = new RequestSetDocument;
    RequestSet set;
    set.name = QStringLiteral("envs");
    RequestItem item;
    item.url = QStringLiteral("https://{{host}}/users/1?key={{key}}");
    set.requests = {item};
    m_document->reset(set);
    m_panel = new EnvironmentsPanel(m_document);
    m_panel->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_panel));
}

void TestEnvironmentsPanel::cleanup()
{
    delete m_panel;
    delete m_document;
}

void TestEnvironmentsPanel::addRenameDuplicateRemoveAreUndoable()
{
    QUndoStack *undo = m_document->undoStack();
    QTest::mouseClick(button(m_panel, "addEnvironment"), Qt::LeftButton);
    QCOMPARE(names(*m_document), QStringList{QStringLiteral("local")});
    QVERIFY(m_document->isModified());
    QVERIFY(typeName(m_panel, QStringLiteral("staging")));
    QCOMPARE(names(*m_document), QStringList{QStringLiteral("staging")});
    QCOMPARE(undo->undoText(), QStringLiteral("Rename environment local to staging"));
    QTest::mouseClick(button(m_panel, "duplicateEnvironment"), Qt::LeftButton);
    QCOMPARE(names(*m_document), (QStringList{QStringLiteral("staging"), QStringLiteral("staging copy")}));
    QCOMPARE(m_panel->list()->currentRow(), 1);
    QTest::mouseClick(button(m_panel, "addEnvironment"), Qt::LeftButton);
    QCOMPARE(m_panel->list()->count(), 3);
    QCOMPARE(names(*m_document).constLast(), QStringLiteral("new environment"));
    m_panel->list()->setCurrentRow(0);
    QTest::mouseClick(button(m_panel, "removeEnvironment"), Qt::LeftButton);
    QCOMPARE(names(*m_document), (QStringList{QStringLiteral("staging copy"), QStringLiteral("new environment")}));
    QCOMPARE(undo->count(), 5);

    undo->undo();
    QCOMPARE(m_panel->list()->count(), 3);
    QCOMPARE(m_panel->list()->item(0)->text(), QStringLiteral("staging"));
    undo->undo();
    undo->undo();
    undo->undo();
    QCOMPARE(names(*m_document), QStringList{QStringLiteral("local")});
    undo->undo();
    QVERIFY(m_document->set().environments.isEmpty());
    QCOMPARE(m_panel->list()->count(), 0);
    QVERIFY(!m_document->isModified());
    undo->redo();
    undo->redo();
    QCOMPARE(names(*m_document), QStringList{QStringLiteral("staging")});
    QCOMPARE(m_panel->list()->item(0)->text(), QStringLiteral("staging"));
}

void TestEnvironmentsPanel::aRepeatedOrEmptyNameIsRefused()
{
    QTest::mouseClick(button(m_panel, "addEnvironment"), Qt::LeftButton);
    QTest::mouseClick(button(m_panel, "addEnvironment"), Qt::LeftButton);
    QCOMPARE(names(*m_document), (QStringList{QStringLiteral("local"), QStringLiteral("new environment")}));
    const int steps = m_document->undoStack()->count();
    QVERIFY(typeName(m_panel, QStringLiteral("local")));
    QCOMPARE(names(*m_document), (QStringList{QStringLiteral("local"), QStringLiteral("new environment")}));
    QCOMPARE(m_panel->list()->item(1)->text(), QStringLiteral("new environment")); // put back
    QVERIFY2(m_panel->problem().contains(QStringLiteral("already an environment \"local\"")),
             qPrintable(m_panel->problem()));
    QVERIFY(typeName(m_panel, QStringLiteral("  ")));
    QVERIFY2(m_panel->problem().contains(QStringLiteral("needs a name")), qPrintable(m_panel->problem()));
    QCOMPARE(m_document->undoStack()->count(), steps);
    QVERIFY(typeName(m_panel, QStringLiteral("prod")));
    QVERIFY(m_panel->problem().isEmpty());
    QCOMPARE(names(*m_document), (QStringList{QStringLiteral("local"), QStringLiteral("prod")}));
}

void TestEnvironmentsPanel::theSelectedEnvironmentsVariablesAreEdited()
{
    QTest::mouseClick(button(m_panel, "addEnvironment"), Qt::LeftButton);
    QTest::mouseClick(button(m_panel, "addEnvironment"), Qt::LeftButton);
    KeyValueEditor *variables = m_panel->variablesEditor();
    m_panel->list()->setCurrentRow(0);
    variables->addRow();
    variables->table()->item(0, KeyValueEditor::NameColumn)->setText(QStringLiteral("host"));
    variables->table()->item(0, KeyValueEditor::ValueColumn)->setText(QStringLiteral("127.0.0.1"));
    variables->addRow();
    variables->table()->item(1, KeyValueEditor::NameColumn)->setText(QStringLiteral("key"));
    variables->table()->item(1, KeyValueEditor::ValueColumn)->setText(QStringLiteral("k1"));
    variables->table()->setFocus();
    variables->table()->setCurrentCell(1, KeyValueEditor::SecretColumn);
    QTest::keyClick(variables->table(), Qt::Key_Space);
    const QList<Variable> local{{QStringLiteral("host"), QStringLiteral("127.0.0.1")},
                                {QStringLiteral("key"), QStringLiteral("k1"), true}};
    QCOMPARE(m_document->set().environments.at(0).variables, local);
    QVERIFY(m_document->set().environments.at(1).variables.isEmpty());
    // A name the row before has is refused, as on the Variables tab.
    variables->table()->item(1, KeyValueEditor::NameColumn)->setText(QStringLiteral("host"));
    QCOMPARE(m_document->set().environments.at(0).variables, local);
    // The other environment shows its own (none), and the first its own again.
    m_panel->list()->setCurrentRow(1);
    QCOMPARE(variables->rows().size(), 0);
    m_panel->list()->setCurrentRow(0);
    QCOMPARE(variables->rows().size(), 2);
    m_document->undoStack()->undo(); // the secret mark
    QCOMPARE(m_document->set().environments.at(0).variables.at(1).secret, false);
    QCOMPARE(variables->rows().at(1).secret, false);
}

void TestEnvironmentsPanel::renamingOrRemovingTheActiveOneFollows()
{
    QTest::mouseClick(button(m_panel, "addEnvironment"), Qt::LeftButton);
    m_document->setEnvironment(QStringLiteral("local"));
    QVERIFY(m_panel->list()->item(0)->font().bold());
    QVERIFY(typeName(m_panel, QStringLiteral("dev")));
    QCOMPARE(m_document->set().environment, QStringLiteral("dev"));
    QTest::mouseClick(button(m_panel, "removeEnvironment"), Qt::LeftButton);
    QVERIFY(m_document->set().environment.isEmpty());
    m_document->undoStack()->undo();
    QCOMPARE(m_document->set().environment, QStringLiteral("dev"));
    m_document->undoStack()->undo();
    QCOMPARE(m_document->set().environment, QStringLiteral("local"));
}

void TestEnvironmentsPanel::theChooserSwitchesUndoably()
{
    RequestSet set = m_document->set();
    set.environments = {{QStringLiteral("local"), {{QStringLiteral("host"), QStringLiteral("127.0.0.1")}}},
                        {QStringLiteral("staging"), {{QStringLiteral("host"), QStringLiteral("staging.example")}}}};
    m_document->reset(set);
    EnvironmentChooser chooser(m_document);
    chooser.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chooser));
    QCOMPARE(chooser.count(), 3);
    QCOMPARE(chooser.currentText(), QStringLiteral("No environment"));
    chooser.setFocus();
    QTest::keyClick(&chooser, Qt::Key_Down);
    QCOMPARE(m_document->set().environment, QStringLiteral("local"));
    QVERIFY(m_document->isModified());
    QTest::keyClick(&chooser, Qt::Key_Down);
    QCOMPARE(m_document->set().environment, QStringLiteral("staging"));
    QCOMPARE(m_document->undoStack()->undoText(), QStringLiteral("Use environment staging"));
    QString error;
    const RequestSpec spec = m_document->set().resolve(m_document->set().requests.at(0), QUrl(), &error);
    QCOMPARE(spec.url.host(), QStringLiteral("staging.example"));
    m_document->undoStack()->undo();
    QCOMPARE(chooser.currentText(), QStringLiteral("local"));
    m_document->undoStack()->undo();
    QCOMPARE(chooser.currentIndex(), 0);
    QVERIFY(!m_document->isModified());
    m_document->undoStack()->redo();
    QCOMPARE(chooser.currentText(), QStringLiteral("local"));
    // An environment added on the tab is offered at once.
    QTest::mouseClick(button(m_panel, "addEnvironment"), Qt::LeftButton);
    QCOMPARE(chooser.count(), 4);
    QCOMPARE(chooser.itemText(3), QStringLiteral("new environment"));
}

void TestEnvironmentsPanel::theEditorHasTheTabAndMasksEnvironmentSecrets()
{
    RequestSet set = m_document->set();
    set.environments = {{QStringLiteral("local"),
                         {{QStringLiteral("host"), QStringLiteral("127.0.0.1")},
                          {QStringLiteral("key"), QStringLiteral("SEKRIT"), true}}}};
    set.environment = QStringLiteral("local");
    m_document->reset(set);
    RequestSetEditor editor(m_document);
    QTabWidget *tabs = editor.tabs();
    int index = -1;
    for (int i = 0; i < tabs->count(); ++i) {
        if (tabs->tabText(i) == QStringLiteral("Environments"))
            index = i;
    }
    QVERIFY(index >= 0);
    auto *panel = qobject_cast<EnvironmentsPanel *>(tabs->widget(index));
    QVERIFY(panel);
    QCOMPARE(panel->list()->count(), 1);
    // The URL as it will be sent, with the environment's values but its secret hidden.
    const QString tip = editor.table()->model()->index(0, RequestSetModel::Url).data(Qt::ToolTipRole).toString();
    QVERIFY2(tip.startsWith(QStringLiteral("https://127.0.0.1/users/1?key=")), qPrintable(tip));
    QVERIFY2(!tip.contains(QStringLiteral("SEKRIT")), qPrintable(tip));
}

QTEST_MAIN(TestEnvironmentsPanel)
#include "tst_environmentspanel.moc"
