// SPDX-License-Identifier: BSD-3-Clause
// RequestSetModel over RequestSetDocument: a well-behaved model, and every edit undoable.
#include "editor/requestsetdocument.h"
#include "editor/requestsetmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

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
    void editsAreUndoable_data();
    void editsAreUndoable();
    void removeNonContiguousSelectionInOneStep();
    void moveDuplicateRepeat();
    void variables();
    void modifiedFollowsTheHistory();
    void malformedFileLeavesTheSetAlone();

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

QTEST_MAIN(TestRequestSetModel)
#include "tst_requestsetmodel.moc"
