// SPDX-License-Identifier: BSD-3-Clause
// RequestSetModel over RequestSetDocument: a well-behaved model, and every edit undoable.
#include "editor/requestsetdocument.h"
#include "editor/requestsetmodel.h"
#include "runs/requestsetfile.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

#include <algorithm>

using namespace batchlab;

namespace {

RequestSet threeRequests()
{
    RequestSet set;
    set.name = QStringLiteral("three");
    for (int i = 1; i <= 3; ++i) {
        RequestItem item;
        item.name = QStringLiteral("r%1").arg(i);
        item.url = QStringLiteral("/users/%1").arg(i);
        set.requests.append(item);
    }
    set.requests[2].headers = {{QStringLiteral("Accept"), QStringLiteral("application/json")}};
    set.requests[2].body = QStringLiteral("{\"a\":1}");
    return set;
}

QStringList names(const RequestSetDocument &doc)
{
    QStringList out;
    for (const RequestItem &item : doc.set().requests)
        out.append(item.name);
    return out;
}

} // namespace

class TestRequestSetModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void showsTheRequests();
    void aMethodThatIsNotOneWordIsRefused();
    void editsAreUndoable_data();
    void editsAreUndoable();
    void removeNonContiguousSelectionInOneStep();
    void moveDuplicateRepeat();
    void variables();
    void modifiedFollowsTheHistory();
    void malformedFileLeavesTheSetAlone();
    void changeSetsAndDependenciesShowInTheTable();
    void aDependencyGetsAnIdFromTheNameUndoably();
    void renamingKeepsDependencies();
    void deletingARequestDropsItsDependentsDependencyUndoably();
    void aMoveThatWouldTurnADependencyAroundIsRefused();
    void copiesKeepTheirDependenciesButNotTheId();
    void aChangeSetThatWouldWaitForItselfIsRefused();

private:
    RequestSetDocument *m_doc = nullptr;
    RequestSetModel *m_model = nullptr;
    QAbstractItemModelTester *m_tester = nullptr;
};

void TestRequestSetModel::init()
{
    m_doc = new RequestSetDocument;
    m_model = new RequestSetModel(m_doc);
    m_tester = new QAbstractItemModelTester(m_model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_doc->reset(threeRequests());
}

void TestRequestSetModel::cleanup()
{
    delete m_tester;
    delete m_model;
    delete m_doc;
}

void TestRequestSetModel::showsTheRequests()
{
    QCOMPARE(m_model->rowCount(), 3);
    QCOMPARE(m_model->columnCount(), int(RequestSetModel::ColumnCount));
    QCOMPARE(m_model->index(0, RequestSetModel::Name).data().toString(), QStringLiteral("r1"));
    QCOMPARE(m_model->index(0, RequestSetModel::Method).data().toString(), QStringLiteral("GET"));
    QCOMPARE(m_model->index(2, RequestSetModel::Headers).data().toInt(), 1);
    QCOMPARE(m_model->index(2, RequestSetModel::BodySize).data(Qt::EditRole).toInt(), 7);
    QCOMPARE(m_model->index(2, RequestSetModel::BodySize).data(Qt::ToolTipRole).toString(),
             m_doc->set().requests.at(2).body);
    QCOMPARE(m_model->index(0, RequestSetModel::Enabled).data(Qt::CheckStateRole).value<Qt::CheckState>(), Qt::Checked);
    QCOMPARE(m_model->headerData(RequestSetModel::Url, Qt::Horizontal).toString(), QStringLiteral("URL"));
}

void TestRequestSetModel::editsAreUndoable_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<int>("role");
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QVariant>("expected");
    QTest::newRow("name") << int(RequestSetModel::Name) << int(Qt::EditRole) << QVariant(QStringLiteral("renamed"))
                          << QVariant(QStringLiteral("renamed"));
    QTest::newRow("method") << int(RequestSetModel::Method) << int(Qt::EditRole) << QVariant(QStringLiteral(" post "))
                            << QVariant(QStringLiteral("POST"));
    QTest::newRow("url") << int(RequestSetModel::Url) << int(Qt::EditRole) << QVariant(QStringLiteral("/items/9"))
                         << QVariant(QStringLiteral("/items/9"));
    QTest::newRow("enabled") << int(RequestSetModel::Enabled) << int(Qt::CheckStateRole)
                             << QVariant(int(Qt::Unchecked)) << QVariant(int(Qt::Unchecked));
}

void TestRequestSetModel::editsAreUndoable()
{
    QFETCH(int, column);
    QFETCH(int, role);
    QFETCH(QVariant, value);
    QFETCH(QVariant, expected);
    const QModelIndex index = m_model->index(1, column);
    const QVariant before = index.data(role);
    QSignalSpy changed(m_model, &QAbstractItemModel::dataChanged);
    QVERIFY(m_model->setData(index, value, role));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(index.data(role), expected);
    QCOMPARE(m_doc->undoStack()->count(), 1);
    m_doc->undoStack()->undo();
    QCOMPARE(index.data(role), before);
    m_doc->undoStack()->redo();
    QCOMPARE(index.data(role), expected);
}

void TestRequestSetModel::removeNonContiguousSelectionInOneStep()
{
    RequestSet five = threeRequests();
    five.requests.append(five.requests.at(0));
    five.requests.append(five.requests.at(1));
    five.requests[3].name = QStringLiteral("r4");
    five.requests[4].name = QStringLiteral("r5");
    m_doc->reset(five);
    m_doc->removeRows({4, 0, 2, 1});
    QCOMPARE(names(*m_doc), QStringList{QStringLiteral("r4")});
    QCOMPARE(m_doc->undoStack()->count(), 1);
    m_doc->undoStack()->undo();
    QCOMPARE(names(*m_doc), QStringList({QStringLiteral("r1"), QStringLiteral("r2"), QStringLiteral("r3"),
                                         QStringLiteral("r4"), QStringLiteral("r5")}));
}

void TestRequestSetModel::moveDuplicateRepeat()
{
    m_doc->moveRow(0, 2);
    QCOMPARE(names(*m_doc), QStringList({QStringLiteral("r2"), QStringLiteral("r3"), QStringLiteral("r1")}));
    m_doc->moveRow(2, 0);
    QCOMPARE(names(*m_doc), QStringList({QStringLiteral("r1"), QStringLiteral("r2"), QStringLiteral("r3")}));
    m_doc->duplicateRows({0});
    QCOMPARE(names(*m_doc), QStringList({QStringLiteral("r1"), QStringLiteral("r1"), QStringLiteral("r2"),
                                         QStringLiteral("r3")}));
    m_doc->repeatRows({3}, 3);
    QCOMPARE(m_model->rowCount(), 7);
    QCOMPARE(m_doc->set().requests.at(6), m_doc->set().requests.at(3));
    QCOMPARE(m_doc->undoStack()->count(), 4);
    while (m_doc->undoStack()->canUndo())
        m_doc->undoStack()->undo();
    QCOMPARE(names(*m_doc), QStringList({QStringLiteral("r1"), QStringLiteral("r2"), QStringLiteral("r3")}));
}

void TestRequestSetModel::variables()
{
    QSignalSpy changed(m_doc, &RequestSetDocument::variablesChanged);
    m_doc->setVariables({{QStringLiteral("id"), QStringLiteral("1")}});
    QCOMPARE(m_doc->set().variables.size(), 1);
    m_doc->undoStack()->undo();
    QVERIFY(m_doc->set().variables.isEmpty());
    QCOMPARE(changed.size(), 2);
}

void TestRequestSetModel::modifiedFollowsTheHistory()
{
    QVERIFY(!m_doc->isModified());
    QSignalSpy modified(m_doc, &RequestSetDocument::modifiedChanged);
    m_model->setData(m_model->index(0, RequestSetModel::Name), QStringLiteral("x"));
    QVERIFY(m_doc->isModified());
    QTemporaryDir dir;
    FileError error;
    QVERIFY(m_doc->save(dir.filePath(QStringLiteral("a.batchlab.json")), &error));
    QVERIFY(!m_doc->isModified());
    m_doc->undoStack()->undo();
    QVERIFY(m_doc->isModified()); // undoing past the save point is a change too
    QCOMPARE(modified.size(), 3);
}

void TestRequestSetModel::malformedFileLeavesTheSetAlone()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bad.batchlab.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("{\n  \"format\": \"batchlab.requestset\",\n  \"requests\": [ {\"url\": 3} ]\n}\n");
    file.close();
    m_model->setData(m_model->index(0, RequestSetModel::Name), QStringLiteral("unsaved edit"));
    FileError error;
    QVERIFY(!m_doc->load(path, &error));
    QVERIFY(error.toString().contains(QStringLiteral("bad.batchlab.json:3:")));
    QCOMPARE(m_doc->set().requests.at(0).name, QStringLiteral("unsaved edit"));
    QVERIFY(m_doc->isModified());
    QCOMPARE(m_doc->undoStack()->count(), 1);
}

void TestRequestSetModel::changeSetsAndDependenciesShowInTheTable()
{
    QVERIFY(m_doc->setGroup(0, QStringLiteral(" order ")));
    QVERIFY(m_doc->setGroup(2, QStringLiteral("order")));
    QVERIFY(m_doc->setDependencies(1, {0}));
    QCOMPARE(m_model->headerData(RequestSetModel::Group, Qt::Horizontal).toString(), QStringLiteral("Change set"));
    QCOMPARE(m_model->index(0, RequestSetModel::Group).data().toString(), QStringLiteral("order")); // trimmed
    QCOMPARE(m_model->index(1, RequestSetModel::Group).data().toString(), QString());
    // One colour for the members of a change set, however far apart.
    const QColor colour = m_model->index(0, RequestSetModel::Group).data(Qt::DecorationRole).value<QColor>();
    QVERIFY(colour.isValid());
    QCOMPARE(m_model->index(2, RequestSetModel::Group).data(Qt::DecorationRole).value<QColor>(), colour);
    QVERIFY(!m_model->index(1, RequestSetModel::Group).data(Qt::DecorationRole).isValid());
    // No change set, no colour (the dependency list draws a blank swatch then).
    QVERIFY(!RequestSetModel::groupColor(m_doc, QString()).isValid());
    // A change set started further down, even one sorting before it, leaves its colour.
    QVERIFY(m_doc->setGroup(1, QStringLiteral("audit")));
    QCOMPARE(m_model->index(0, RequestSetModel::Group).data(Qt::DecorationRole).value<QColor>(), colour);
    QVERIFY(m_model->index(1, RequestSetModel::Group).data(Qt::DecorationRole).value<QColor>() != colour);
    m_doc->undoStack()->undo();
    QVERIFY(m_model->index(0, RequestSetModel::Group).data(Qt::ToolTipRole).toString().contains(QStringLiteral("r1, r3")));
    QCOMPARE(m_model->index(1, RequestSetModel::After).data().toString(), QStringLiteral("r1"));
    QVERIFY(m_model->index(1, RequestSetModel::After).data(Qt::ToolTipRole).toString().contains(QStringLiteral("r1 (row 1, GET /users/1)")));
    // A dependency turned off is marked: the run will refuse to start over it.
    m_model->setData(m_model->index(0, RequestSetModel::Enabled), int(Qt::Unchecked), Qt::CheckStateRole);
    QCOMPARE(m_model->index(1, RequestSetModel::After).data().toString(), QStringLiteral("r1 (off)"));
    // The change set is edited in place too, as one undo step.
    const int steps = m_doc->undoStack()->count();
    QVERIFY(m_model->flags(m_model->index(1, RequestSetModel::Group)) & Qt::ItemIsEditable);
    QVERIFY(m_model->setData(m_model->index(1, RequestSetModel::Group), QStringLiteral("payment")));
    QCOMPARE(m_doc->set().requests.at(1).group, QStringLiteral("payment"));
    QCOMPARE(m_doc->groups(), QStringList({QStringLiteral("order"), QStringLiteral("payment")}));
    QCOMPARE(m_doc->undoStack()->count(), steps + 1);
    m_doc->undoStack()->undo();
    QVERIFY(m_doc->set().requests.at(1).group.isEmpty());
}

void TestRequestSetModel::aDependencyGetsAnIdFromTheNameUndoably()
{
    m_model->setData(m_model->index(0, RequestSetModel::Name), QStringLiteral("Create order #1"));
    QVERIFY(m_doc->setDependencies(2, {0, 1}));
    QCOMPARE(m_doc->set().requests.at(0).id, QStringLiteral("create-order-1"));
    QCOMPARE(m_doc->set().requests.at(1).id, QStringLiteral("r2"));
    QCOMPARE(m_doc->set().requests.at(2).dependsOn, QStringList({QStringLiteral("create-order-1"), QStringLiteral("r2")}));
    QCOMPARE(m_doc->undoStack()->count(), 2);
    QCOMPARE(m_doc->undoStack()->text(1), QStringLiteral("Set what \"r3\" runs after"));
    // An id taken already gets a number; a request without a name is a "request".
    m_model->setData(m_model->index(2, RequestSetModel::Name), QString());
    RequestItem namesake;
    namesake.name = QStringLiteral("r2");
    m_doc->insertItems(3, {namesake, RequestItem()});
    QVERIFY(m_doc->setDependencies(4, {2, 3}));
    QCOMPARE(m_doc->set().requests.at(2).id, QStringLiteral("request"));
    QCOMPARE(m_doc->set().requests.at(3).id, QStringLiteral("r2-2"));
    // One step undoes the ids it made along with the dependency.
    m_doc->undoStack()->undo();
    QVERIFY(m_doc->set().requests.at(2).id.isEmpty());
    QVERIFY(m_doc->set().requests.at(3).id.isEmpty());
    QVERIFY(m_doc->set().requests.at(4).dependsOn.isEmpty());
    // Only earlier requests.
    QString why;
    QVERIFY(!m_doc->setDependencies(0, {1}, &why));
    QVERIFY2(why.contains(QStringLiteral("above")), qPrintable(why));
    QVERIFY(m_doc->set().requests.at(0).dependsOn.isEmpty());
}

void TestRequestSetModel::renamingKeepsDependencies()
{
    QVERIFY(m_doc->setDependencies(2, {0}));
    QSignalSpy changed(m_model, &QAbstractItemModel::dataChanged);
    m_model->setData(m_model->index(0, RequestSetModel::Name), QStringLiteral("create order"));
    // The dependent's After column is told, not only the renamed row.
    const bool told = std::any_of(changed.cbegin(), changed.cend(), [](const QList<QVariant> &args) {
        const auto from = args.at(0).toModelIndex();
        const auto to = args.at(1).toModelIndex();
        return from.row() <= 2 && to.row() >= 2 && from.column() <= RequestSetModel::After && to.column() >= RequestSetModel::After;
    });
    QVERIFY(told);
    QCOMPARE(m_model->index(2, RequestSetModel::After).data().toString(), QStringLiteral("create order"));
    QCOMPARE(m_doc->set().requests.at(2).dependsOn, QStringList{QStringLiteral("r1")}); // the id stays
}

void TestRequestSetModel::deletingARequestDropsItsDependentsDependencyUndoably()
{
    QVERIFY(m_doc->setDependencies(1, {0}));
    QVERIFY(m_doc->setDependencies(2, {0, 1}));
    const RequestSet before = m_doc->set();
    m_doc->removeRows({0});
    QCOMPARE(names(*m_doc), QStringList({QStringLiteral("r2"), QStringLiteral("r3")}));
    QVERIFY(m_doc->set().requests.at(0).dependsOn.isEmpty());
    QCOMPARE(m_doc->set().requests.at(1).dependsOn, QStringList{QStringLiteral("r2")});
    QCOMPARE(m_model->index(1, RequestSetModel::After).data().toString(), QStringLiteral("r2"));
    QCOMPARE(m_doc->undoStack()->text(m_doc->undoStack()->count() - 1), QStringLiteral("Delete request"));
    m_doc->undoStack()->undo();
    QCOMPARE(m_doc->set().requests, before.requests);
    m_doc->undoStack()->redo();
    // What is left is a set a file can hold.
    FileError error;
    RequestSet back;
    QVERIFY2(RequestSetFile::parse(RequestSetFile::serialize(m_doc->set()), &back, &error), qPrintable(error.toString()));
}

void TestRequestSetModel::aMoveThatWouldTurnADependencyAroundIsRefused()
{
    QVERIFY(m_doc->setDependencies(1, {0}));
    const int steps = m_doc->undoStack()->count();
    QString why;
    QVERIFY(!m_doc->moveRow(1, 0, &why));
    QCOMPARE(why, QStringLiteral("\"r2\" runs after \"r1\", so it cannot move above it; remove that dependency first"));
    QVERIFY(!m_doc->moveRow(0, 2, &why));
    QCOMPARE(why, QStringLiteral("\"r2\" runs after \"r1\", so \"r1\" cannot move below it; remove that dependency first"));
    QCOMPARE(names(*m_doc), QStringList({QStringLiteral("r1"), QStringLiteral("r2"), QStringLiteral("r3")}));
    QCOMPARE(m_doc->undoStack()->count(), steps);
    // Moves that keep it earlier are fine, and so is anything about the others.
    QVERIFY(m_doc->moveRow(2, 0));
    QCOMPARE(names(*m_doc), QStringList({QStringLiteral("r3"), QStringLiteral("r1"), QStringLiteral("r2")}));
    QCOMPARE(m_model->index(2, RequestSetModel::After).data().toString(), QStringLiteral("r1"));
}

void TestRequestSetModel::copiesKeepTheirDependenciesButNotTheId()
{
    QVERIFY(m_doc->setGroup(0, QStringLiteral("order")));
    QVERIFY(m_doc->setDependencies(1, {0}));
    m_doc->duplicateRows({0, 1});
    // r1 r2 r1' r2': the copies are in the change set and run after r1, but nothing can
    // depend on a copy by mistake, ids being unique.
    QCOMPARE(names(*m_doc), QStringList({QStringLiteral("r1"), QStringLiteral("r2"), QStringLiteral("r1"),
                                         QStringLiteral("r2"), QStringLiteral("r3")}));
    QCOMPARE(m_doc->set().requests.at(2).group, QStringLiteral("order"));
    QVERIFY(m_doc->set().requests.at(2).id.isEmpty());
    QCOMPARE(m_doc->set().requests.at(3).dependsOn, QStringList{QStringLiteral("r1")});
    m_doc->repeatRows({0}, 2);
    QVERIFY(m_doc->set().requests.at(5).id.isEmpty());
    RequestItem pasted = m_doc->set().requests.at(0);
    m_doc->insertItems(0, {pasted});
    QVERIFY(m_doc->set().requests.at(0).id.isEmpty());
    QCOMPARE(m_doc->set().requests.at(1).id, QStringLiteral("r1"));
}

void TestRequestSetModel::aChangeSetThatWouldWaitForItselfIsRefused()
{
    // r1 in "order"; r2 runs after r1; r3 runs after r2. Putting r3 in "order" too would make
    // the change set wait for r2, which waits for the change set.
    QVERIFY(m_doc->setGroup(0, QStringLiteral("order")));
    QVERIFY(m_doc->setDependencies(1, {0}));
    QVERIFY(m_doc->setDependencies(2, {1}));
    QSignalSpy refused(m_model, &RequestSetModel::refused);
    QVERIFY(!m_model->setData(m_model->index(2, RequestSetModel::Group), QStringLiteral("order")));
    QCOMPARE(refused.size(), 1);
    QVERIFY2(refused.at(0).at(0).toString().contains(QStringLiteral("would wait for itself")),
             qPrintable(refused.at(0).at(0).toString()));
    QVERIFY(m_doc->set().requests.at(2).group.isEmpty());
    // Another change set is fine.
    QVERIFY(m_doc->setGroup(2, QStringLiteral("audit")));
    // And the other way round: r3 in "order" first, then r3 cannot run after r2.
    QVERIFY(m_doc->setDependencies(2, {}));
    QVERIFY(m_doc->setGroup(2, QStringLiteral("order")));
    QString why;
    QVERIFY(!m_doc->setDependencies(2, {1}, &why));
    QVERIFY2(why.contains(QStringLiteral("would wait for itself")), qPrintable(why));
    // Within its own change set, a request may run after another (a JSON batch says so).
    QVERIFY(m_doc->setDependencies(2, {0}));
}

void TestRequestSetModel::aMethodThatIsNotOneWordIsRefused()
{
    // The report: "get me" became the method "GET ME".
    QSignalSpy refused(m_model, &RequestSetModel::refused);
    const QModelIndex method = m_model->index(0, RequestSetModel::Method);
    const QString before = method.data().toString();
    QVERIFY(!m_model->setData(method, QStringLiteral("get me")));
    QCOMPARE(method.data().toString(), before);
    QCOMPARE(refused.size(), 1);
    QVERIFY2(refused.at(0).at(0).toString().contains(QStringLiteral("\"get me\" is not a method")),
             qPrintable(refused.at(0).at(0).toString()));
    QVERIFY(m_model->setData(method, QStringLiteral("purge"))); // a custom one is fine
    QCOMPARE(method.data().toString(), QStringLiteral("PURGE"));
}

QTEST_MAIN(TestRequestSetModel)
#include "tst_requestsetmodel.moc"
