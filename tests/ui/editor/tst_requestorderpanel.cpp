// SPDX-License-Identifier: BSD-3-Clause
// The "Change set & order" tab of RequestSetEditor: a request's change set and what it runs
// after, edited from the keyboard, undone like any edit, and refused (with the reason in the
// status bar) when a change set would wait for itself or a move would turn a dependency around.
#include "editor/requestorderpanel.h"
#include "editor/requestsetdocument.h"
#include "editor/requestseteditor.h"
#include "editor/requestsetmodel.h"

#include <QComboBox>
#include <QLineEdit>
#include <QListWidget>
#include <QMainWindow>
#include <QScrollBar>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QUndoStack>
#include <QtTest>

using namespace batchlab;

namespace {

RequestSet fourRequests()
{
    RequestSet set;
    set.name = QStringLiteral("order");
    const char *names[] = {"create order", "add line", "read user", "read order"};
    for (int i = 0; i < 4; ++i) {
        RequestItem item;
        item.name = QLatin1String(names[i]);
        item.method = i < 2 ? QStringLiteral("PUT") : QStringLiteral("GET");
        item.url = QStringLiteral("/items/%1").arg(i + 1);
        set.requests.append(item);
    }
    return set;
}

} // namespace

class TestRequestOrderPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void aChangeSetIsTypedAndUndone();
    void aDependencyIsCheckedFromTheKeyboard();
    void whatWouldMakeAChangeSetWaitForItselfIsGreyedOut();
    void aRefusedMoveIsToldInTheStatusBar();
    void theNoteSaysWhatTheFormatCannotDo();
    void editsMadeWhileHiddenShowWhenShown();
    void aLongListKeepsItsPlaceAfterACheck();

private:
    void showOrderTab(int row)
    {
        m_editor->selectRow(row);
        m_editor->tabs()->setCurrentWidget(panel());
        QVERIFY(panel()->isVisible());
    }
    RequestOrderPanel *panel() const { return m_editor->orderPanel(); }
    QStringList listed() const
    {
        QStringList out;
        for (int i = 0; i < panel()->dependencyList()->count(); ++i)
            out.append(panel()->dependencyList()->item(i)->text());
        return out;
    }

    RequestSetDocument *m_document = nullptr;
    QMainWindow *m_window = nullptr;
    RequestSetEditor *m_editor = nullptr;
};

void TestRequestOrderPanel::init()
{
    m_document = new RequestSetDocument;
    m_document->reset(fourRequests());
    m_window = new QMainWindow;
    m_editor = new RequestSetEditor(m_document);
    m_window->setCentralWidget(m_editor);
    m_window->statusBar(); // as the workbench has one
    m_window->resize(1000, 700);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
}

void TestRequestOrderPanel::cleanup()
{
    delete m_window;
    delete m_document;
}

void TestRequestOrderPanel::aChangeSetIsTypedAndUndone()
{
    showOrderTab(0);
    QComboBox *combo = panel()->groupCombo();
    combo->setFocus();
    combo->lineEdit()->selectAll();
    QTest::keyClicks(combo->lineEdit(), QStringLiteral("order"));
    QTest::keyClick(combo->lineEdit(), Qt::Key_Return);
    QTRY_COMPARE(m_document->set().requests.at(0).group, QStringLiteral("order"));
    QCOMPARE(m_document->undoStack()->count(), 1);
    QCOMPARE(m_document->undoStack()->text(0), QStringLiteral("Put \"create order\" in change set \"order\""));
    // The next request picks it from the list of the set's change sets.
    showOrderTab(1);
    QCOMPARE(combo->count(), 2);
    QCOMPARE(combo->itemText(1), QStringLiteral("order"));
    QVERIFY(combo->currentText().isEmpty());
    combo->setCurrentIndex(1);
    Q_EMIT combo->activated(1);
    QTRY_COMPARE(m_document->set().requests.at(1).group, QStringLiteral("order"));
    QVERIFY(panel()->note().contains(QStringLiteral("Change set \"order\": create order, add line.")));
    const QAbstractItemModel *model = m_editor->table()->model();
    QCOMPARE(model->index(1, RequestSetModel::Group).data().toString(), QStringLiteral("order"));
    m_document->undoStack()->undo();
    QVERIFY(combo->currentText().isEmpty());
    QVERIFY(m_document->set().requests.at(1).group.isEmpty());
}

void TestRequestOrderPanel::aDependencyIsCheckedFromTheKeyboard()
{
    showOrderTab(3);
    QListWidget *list = panel()->dependencyList();
    QCOMPARE(listed(), QStringList({QStringLiteral("1. create order — PUT /items/1"), QStringLiteral("2. add line — PUT /items/2"),
                                    QStringLiteral("3. read user — GET /items/3")}));
    list->setFocus();
    list->setCurrentRow(0);
    QTest::keyClick(list, Qt::Key_Space);
    QTRY_COMPARE(m_document->set().requests.at(3).dependsOn, QStringList{QStringLiteral("create-order")});
    QCOMPARE(m_document->set().requests.at(0).id, QStringLiteral("create-order"));
    QCOMPARE(m_document->undoStack()->count(), 1);
    const QAbstractItemModel *model = m_editor->table()->model();
    QCOMPARE(model->index(3, RequestSetModel::After).data().toString(), QStringLiteral("create order"));
    // The list was rebuilt and keeps the check; a second one adds to it.
    QCOMPARE(list->item(0)->checkState(), Qt::Checked);
    list->setCurrentRow(2);
    QTest::keyClick(list, Qt::Key_Space);
    QTRY_COMPARE(m_document->set().requests.at(3).dependsOn,
                 QStringList({QStringLiteral("create-order"), QStringLiteral("read-user")}));
    QCOMPARE(model->index(3, RequestSetModel::After).data().toString(), QStringLiteral("create order, read user"));
    m_document->undoStack()->undo();
    QCOMPARE(list->item(2)->checkState(), Qt::Unchecked);
    QVERIFY(m_document->set().requests.at(2).id.isEmpty());
    // The first request has nothing above it.
    showOrderTab(0);
    QCOMPARE(list->count(), 1);
    QVERIFY(!(list->item(0)->flags() & Qt::ItemIsUserCheckable));
}

void TestRequestOrderPanel::whatWouldMakeAChangeSetWaitForItselfIsGreyedOut()
{
    // create order and read order in "order"; read user runs after create order. Read order
    // may then run after create order (inside its change set) but not after read user.
    QVERIFY(m_document->setGroup(0, QStringLiteral("order")));
    QVERIFY(m_document->setGroup(3, QStringLiteral("order")));
    QVERIFY(m_document->setDependencies(2, {0}));
    showOrderTab(3);
    QListWidget *list = panel()->dependencyList();
    QVERIFY(list->item(0)->flags() & Qt::ItemIsEnabled);
    QVERIFY(list->item(1)->flags() & Qt::ItemIsEnabled);
    QVERIFY(!(list->item(2)->flags() & Qt::ItemIsEnabled));
    QVERIFY2(list->item(2)->toolTip().contains(QStringLiteral("wait for itself")), qPrintable(list->item(2)->toolTip()));
    QVERIFY(list->item(0)->text().endsWith(QStringLiteral("[change set order]")));
}

void TestRequestOrderPanel::aRefusedMoveIsToldInTheStatusBar()
{
    QVERIFY(m_document->setDependencies(1, {0}));
    m_editor->selectRow(1);
    m_editor->moveCurrent(-1);
    QCOMPARE(m_document->set().requests.at(0).name, QStringLiteral("create order"));
    QCOMPARE(m_window->statusBar()->currentMessage(),
             QStringLiteral("\"add line\" runs after \"create order\", so it cannot move above it; remove that "
                            "dependency first"));
    QCOMPARE(m_editor->table()->currentIndex().row(), 1);
    // A change set refused from the table is told the same way.
    QVERIFY(m_document->setGroup(0, QStringLiteral("order")));
    QVERIFY(m_document->setDependencies(2, {1}));
    QAbstractItemModel *model = m_editor->table()->model();
    QVERIFY(!model->setData(model->index(2, RequestSetModel::Group), QStringLiteral("order")));
    QVERIFY2(m_window->statusBar()->currentMessage().contains(QStringLiteral("would wait for itself")),
             qPrintable(m_window->statusBar()->currentMessage()));
}

void TestRequestOrderPanel::theNoteSaysWhatTheFormatCannotDo()
{
    QVERIFY(m_document->setGroup(0, QStringLiteral("order")));
    QVERIFY(m_document->setGroup(1, QStringLiteral("order")));
    QVERIFY(m_document->setDependencies(1, {0}));
    showOrderTab(1);
    // The sandbox's default profile (OData 4.01, JSON) can say it.
    QVERIFY(!panel()->note().contains(QStringLiteral("any order")));
    TargetSpec target;
    target.profile = QStringLiteral("odata-4.0");
    m_document->setTarget(target);
    QVERIFY2(panel()->note().contains(QStringLiteral("cannot run after another of its own change set")), qPrintable(panel()->note()));
    target.profile = QStringLiteral("jsonrpc");
    m_document->setTarget(target);
    QVERIFY2(panel()->note().contains(QStringLiteral("has no change sets")), qPrintable(panel()->note()));
}

void TestRequestOrderPanel::editsMadeWhileHiddenShowWhenShown()
{
    m_editor->selectRow(2);
    QVERIFY(!panel()->isVisible());
    QVERIFY(m_document->setGroup(2, QStringLiteral("audit")));
    QVERIFY(m_document->setDependencies(2, {1}));
    m_editor->tabs()->setCurrentWidget(panel());
    QCOMPARE(panel()->groupCombo()->currentText(), QStringLiteral("audit"));
    QCOMPARE(panel()->dependencyList()->item(1)->checkState(), Qt::Checked);
}

void TestRequestOrderPanel::aLongListKeepsItsPlaceAfterACheck()
{
    RequestSet many = fourRequests();
    for (int i = 0; i < 80; ++i)
        many.requests.append(many.requests.at(i % 4));
    m_document->reset(many);
    showOrderTab(83);
    QListWidget *list = panel()->dependencyList();
    QCOMPARE(list->count(), 83);
    list->scrollToBottom();
    const int scrolled = list->verticalScrollBar()->value();
    QVERIFY(scrolled > 0);
    list->setFocus();
    list->setCurrentRow(81);
    QTest::keyClick(list, Qt::Key_Space);
    QTRY_COMPARE(m_document->set().requests.at(83).dependsOn.size(), 1);
    // Rebuilt, but still at the bottom, on the same entry.
    QCOMPARE(list->item(81)->checkState(), Qt::Checked);
    QCOMPARE(list->verticalScrollBar()->value(), scrolled);
    QCOMPARE(list->currentRow(), 81);
    // Another request's list starts from its top.
    showOrderTab(82);
    QCOMPARE(list->verticalScrollBar()->value(), 0);
}

QTEST_MAIN(TestRequestOrderPanel)
#include "tst_requestorderpanel.moc"
