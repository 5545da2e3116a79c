// SPDX-License-Identifier: BSD-3-Clause
// The Variables tab of RequestSetEditor: secret variables (marked from the keyboard, masked,
// undone like any edit, never written to the file) and the variables it names as missing,
// {{env:NAME}} ones included.
#include "editor/keyvalueeditor.h"
#include "editor/requestsetdocument.h"
#include "editor/requestseteditor.h"
#include "editor/requestsetmodel.h"
#include "runs/io/curlimporter.h"
#include "editor/secretvaluedelegate.h"
#include "runs/requestsetfile.h"
#include "types/httpheaders.h"

#include <QCheckBox>
#include <QClipboard>
#include <QGuiApplication>
#include <QComboBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QPlainTextEdit>
#include <QTableView>
#include <QTableWidget>
#include <QUndoStack>
#include <QtTest>

using namespace batchlab;

namespace {

RequestSet setWithToken()
{
    RequestSet set;
    set.name = QStringLiteral("secrets");
    RequestItem item;
    item.name = QStringLiteral("me");
    item.url = QStringLiteral("/me?key={{token}}");
    set.requests.append(item);
    set.variables = {{QStringLiteral("host"), QStringLiteral("example.com")},
                     {QStringLiteral("token"), QStringLiteral("t0p-s3cret")}};
    return set;
}

} // namespace

class TestRequestSetEditor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void aVariableIsMarkedSecretAndUndone();
    void theUrlTooltipHidesEnvironmentVariables();
    void aSecretIsNeverSaved();
    void editingASecretKeepsItSecret();
    void environmentVariablesAreNotUndefined();
    void theTabSaysWhatSecretsAre();
    void theDescriptionIsShownEditedAndUndone();
    void aVariableNameTakenAlreadyIsRefused();
    void theMethodIsChosenFromACombo();
    void aBodyThatIsNotJsonSaysWhereAndWhy();
    void curlLinesPastedBecomeRequestsInOneUndoStep();
    void headersTurnedOffAreKeptAndTurnedOnAgain();

private:
    KeyValueEditor *variables() const { return m_editor->variablesEditor(); }
    QString notes() const
    {
        QString all;
        for (const QLabel *label : variables()->findChildren<QLabel *>())
            all += label->text() + u'\n';
        return all;
    }
    void markSecret(int row)
    {
        QTableWidget *table = variables()->table();
        table->setFocus();
        table->setCurrentCell(row, KeyValueEditor::SecretColumn);
        QTest::keyClick(table, Qt::Key_Space);
    }

    RequestSetDocument *m_document = nullptr;
    RequestSetEditor *m_editor = nullptr;
};

void TestRequestSetEditor::init()
{
    m_document = new RequestSetDocument;
    m_document->reset(setWithToken());
    m_editor = new RequestSetEditor(m_document);
    m_editor->resize(900, 700);
    m_editor->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_editor));
}

void TestRequestSetEditor::cleanup()
{
    delete m_editor;
    delete m_document;
}

void TestRequestSetEditor::aVariableIsMarkedSecretAndUndone()
{
    const QModelIndex value = variables()->table()->model()->index(1, KeyValueEditor::ValueColumn);
    QCOMPARE(SecretValueDelegate::shownText(value), QStringLiteral("t0p-s3cret"));
    markSecret(1);
    QCOMPARE(m_document->set().variables.at(1),
             (Variable{QStringLiteral("token"), QStringLiteral("t0p-s3cret"), true}));
    QVERIFY(!m_document->set().variables.at(0).secret);
    QCOMPARE(SecretValueDelegate::shownText(value), SecretValueDelegate::mask());
    QUndoStack *undo = m_document->undoStack();
    QCOMPARE(undo->count(), 1);

    undo->undo();
    QVERIFY(!m_document->set().variables.at(1).secret);
    QVERIFY(!variables()->rows().at(1).secret);
    QCOMPARE(SecretValueDelegate::shownText(variables()->table()->model()->index(1, 1)), QStringLiteral("t0p-s3cret"));
    undo->redo();
    QVERIFY(m_document->set().variables.at(1).secret);
    QVERIFY(variables()->rows().at(1).secret);
    QCOMPARE(SecretValueDelegate::shownText(variables()->table()->model()->index(1, 1)), SecretValueDelegate::mask());

    // The table of requests does not give it away in the URL's tooltip either.
    const QModelIndex url = m_editor->table()->model()->index(0, RequestSetModel::Url);
    QCOMPARE(url.data(Qt::ToolTipRole).toString(), QStringLiteral("/me?key=") + SecretValueDelegate::mask());
    // Unmarking is a step of its own.
    markSecret(1);
    QVERIFY(!m_document->set().variables.at(1).secret);
    QCOMPARE(url.data(Qt::ToolTipRole).toString(), QStringLiteral("/me?key=t0p-s3cret"));
    QCOMPARE(undo->count(), 2);

    // Shown secrets are hidden again when another set opens.
    variables()->setSecretsShown(true);
    m_document->reset(setWithToken());
    QVERIFY(!variables()->secretsShown());
}

void TestRequestSetEditor::theUrlTooltipHidesEnvironmentVariables()
{
    qputenv("BATCHLAB_TEST_KEY", "env-k3y");
    RequestSet set = setWithToken();
    set.requests[0].url = QStringLiteral("/me?host={{host}}&key={{ env:BATCHLAB_TEST_KEY }}");
    m_document->reset(set);
    const QModelIndex url = m_editor->table()->model()->index(0, RequestSetModel::Url);
    QCOMPARE(url.data(Qt::ToolTipRole).toString(),
             QStringLiteral("/me?host=example.com&key=") + SecretValueDelegate::mask());
    qunsetenv("BATCHLAB_TEST_KEY");
}

void TestRequestSetEditor::aSecretIsNeverSaved()
{
    markSecret(1);
    const QByteArray file = RequestSetFile::serialize(m_document->set());
    QVERIFY2(!file.contains("t0p-s3cret"), file.constData());
    const QJsonArray saved = QJsonDocument::fromJson(file).object().value(QStringLiteral("variables")).toArray();
    QCOMPARE(saved.at(1).toObject().value(QStringLiteral("secret")).toBool(), true);
    QCOMPARE(saved.at(1).toObject().value(QStringLiteral("value")).toString(), QString());
    QCOMPARE(saved.at(0).toObject().value(QStringLiteral("value")).toString(), QStringLiteral("example.com"));
    // Kept for the session, so the set still runs.
    QCOMPARE(m_document->set().variables.at(1).value, QStringLiteral("t0p-s3cret"));

    // Opened again, the secret is there without a value, and the tab says so.
    RequestSet reloaded;
    FileError error;
    QVERIFY(RequestSetFile::parse(file, &reloaded, &error));
    m_document->reset(reloaded);
    QVERIFY(variables()->rows().at(1).secret);
    QVERIFY2(notes().contains(QStringLiteral("Secrets without a value (files keep them empty): token")), qPrintable(notes()));
}

void TestRequestSetEditor::editingASecretKeepsItSecret()
{
    markSecret(1);
    // Any other edit of the table (here the other row's value) keeps the mark.
    variables()->table()->item(0, KeyValueEditor::ValueColumn)->setText(QStringLiteral("example.org"));
    QCOMPARE(m_document->set().variables.at(0).value, QStringLiteral("example.org"));
    QVERIFY(m_document->set().variables.at(1).secret);
    variables()->table()->item(1, KeyValueEditor::ValueColumn)->setText(QStringLiteral("n3w"));
    QCOMPARE(m_document->set().variables.at(1), (Variable{QStringLiteral("token"), QStringLiteral("n3w"), true}));
    variables()->addRow();
    QCOMPARE(m_document->set().variables.size(), 3);
    QVERIFY(m_document->set().variables.at(1).secret);
    QVERIFY(!m_document->set().variables.at(2).secret);
}

void TestRequestSetEditor::environmentVariablesAreNotUndefined()
{
    qputenv("BATCHLAB_TEST_SET", "here");
    qunsetenv("BATCHLAB_TEST_UNSET");
    RequestSet set = setWithToken();
    set.requests[0].headers = {{QStringLiteral("X-A"), QStringLiteral("{{env:BATCHLAB_TEST_SET}}")},
                               {QStringLiteral("X-B"), QStringLiteral("{{env:BATCHLAB_TEST_UNSET}}")}};
    set.requests[0].body = QStringLiteral("{\"v\": \"{{version}}\"}");
    TargetSpec target;
    target.headers = {{QStringLiteral("Authorization"), QStringLiteral("Bearer {{apiToken}}")}};
    set.target = target;
    m_document->reset(set);
    QVERIFY2(notes().contains(QStringLiteral("Used but not defined: version, apiToken\n")), qPrintable(notes()));
    QVERIFY2(notes().contains(QStringLiteral("Not set in the environment: BATCHLAB_TEST_UNSET")), qPrintable(notes()));
    QVERIFY(!notes().contains(QStringLiteral("env:")));
    QVERIFY(!notes().contains(QStringLiteral("BATCHLAB_TEST_SET")));

    // The target's headers are read again when they change.
    target.headers.clear();
    m_document->setTarget(target);
    QVERIFY2(notes().contains(QStringLiteral("Used but not defined: version\n")), qPrintable(notes()));
    qunsetenv("BATCHLAB_TEST_SET");
}

void TestRequestSetEditor::theTabSaysWhatSecretsAre()
{
    auto *hint = m_editor->findChild<QLabel *>(QStringLiteral("secretsHint"));
    QVERIFY(hint);
    QCOMPARE(hint->text(), QStringLiteral("Secret values are not saved to the file; {{env:NAME}} reads an "
                                          "environment variable instead."));
    const QString tip = variables()->table()->model()->headerData(KeyValueEditor::SecretColumn, Qt::Horizontal,
                                                                  Qt::ToolTipRole).toString();
    QVERIFY(tip.contains(QStringLiteral("The saved file has it empty")));
    QVERIFY(variables()->findChild<QCheckBox *>(QStringLiteral("showSecrets")));
}

void TestRequestSetEditor::theDescriptionIsShownEditedAndUndone()
{
    // The report: every sample's "what to watch" paragraph was shown nowhere.
    auto *text = m_editor->findChild<QPlainTextEdit *>(QStringLiteral("setDescription"));
    QVERIFY(text);
    RequestSet set = setWithToken();
    set.description = QStringLiteral("Watch the batches.");
    m_document->reset(set);
    QCOMPARE(text->toPlainText(), QStringLiteral("Watch the batches."));
    QCOMPARE(m_document->undoStack()->count(), 0); // showing it is no edit
    text->setFocus();
    text->moveCursor(QTextCursor::End);
    QTest::keyClicks(text, QStringLiteral(" And the cache."));
    QCOMPARE(m_document->set().description, QStringLiteral("Watch the batches. And the cache."));
    QCOMPARE(m_document->undoStack()->count(), 1); // typing is one step
    QVERIFY(!m_document->undoStack()->isClean());
    m_document->undoStack()->undo();
    QCOMPARE(m_document->set().description, QStringLiteral("Watch the batches."));
    QCOMPARE(text->toPlainText(), QStringLiteral("Watch the batches."));
    m_document->undoStack()->redo();
    QCOMPARE(text->toPlainText(), QStringLiteral("Watch the batches. And the cache."));
}

void TestRequestSetEditor::aVariableNameTakenAlreadyIsRefused()
{
    const int before = int(m_document->set().variables.size());
    QVERIFY(before >= 1);
    const QString taken = m_document->set().variables.at(0).name;
    variables()->addRow();
    QCOMPARE(int(m_document->set().variables.size()), before + 1);
    QTableWidgetItem *name = variables()->table()->item(before, KeyValueEditor::NameColumn);
    const QString placeholder = name->text();
    name->setText(taken);
    QCOMPARE(name->text(), placeholder); // refused: the name before is back
    QCOMPARE(m_document->set().variables.at(before).name, placeholder);
    QVERIFY2(notes().contains(QStringLiteral("is there already")), qPrintable(notes()));
}

void TestRequestSetEditor::theMethodIsChosenFromACombo()
{
    m_editor->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_editor));
    const QModelIndex method = m_editor->table()->model()->index(0, RequestSetModel::Method);
    m_editor->table()->setCurrentIndex(method);
    m_editor->table()->edit(method);
    auto *combo = m_editor->table()->findChild<QComboBox *>(QStringLiteral("methodEditor"));
    QVERIFY(combo);
    QVERIFY(combo->isEditable());
    QCOMPARE(combo->count(), 7); // GET POST PUT PATCH DELETE HEAD OPTIONS
    combo->setCurrentIndex(combo->findText(QStringLiteral("PATCH")));
    QTest::keyClick(combo, Qt::Key_Return);
    QTRY_COMPARE(m_document->set().requests.at(0).method, QStringLiteral("PATCH"));
}

void TestRequestSetEditor::aBodyThatIsNotJsonSaysWhereAndWhy()
{
    RequestItem item = m_document->set().requests.at(0);
    item.headers = {{QStringLiteral("Content-Type"), QStringLiteral("application/json")}};
    item.body = QStringLiteral("{\"a\": 1,}");
    m_document->setItem(0, item);
    m_editor->selectRow(0);
    auto *status = m_editor->findChild<QLabel *>(QStringLiteral("bodyStatus"));
    auto *body = m_editor->findChild<QPlainTextEdit *>(QStringLiteral("bodyEditor"));
    QVERIFY2(status->text().startsWith(QStringLiteral("Not JSON, though its Content-Type says so: line 1, column ")),
             qPrintable(status->text()));
    QCOMPARE(body->extraSelections().size(), 1); // the spot is marked
    // Pretty-print says why it cannot, and puts the cursor there.
    for (QPushButton *button : m_editor->findChildren<QPushButton *>()) {
        if (button->text() == QStringLiteral("Pretty-print JSON"))
            button->click();
    }
    QVERIFY2(status->text().startsWith(QStringLiteral("Cannot pretty-print, not JSON: line 1, column ")),
             qPrintable(status->text()));
    QCOMPARE(body->toPlainText(), QStringLiteral("{\"a\": 1,}"));
    QVERIFY(body->textCursor().position() >= 8);
    body->setPlainText(QStringLiteral("{\"a\": 1}"));
    QCOMPARE(status->text(), QStringLiteral("valid JSON"));
    QVERIFY(body->extraSelections().isEmpty());
}

void TestRequestSetEditor::curlLinesPastedBecomeRequestsInOneUndoStep()
{
    const qsizetype before = m_document->set().requests.size();
    QTableView *table = m_editor->table();
    table->setFocus();
    QVERIFY(QTest::qWaitForWindowActive(m_editor));
    table->selectRow(0);
    QGuiApplication::clipboard()->setText(QStringLiteral("$ curl -X PUT -H 'X-A: 1' https://h.example/a \\\n"
                                                         "   -d 'n=1'\ncurl https://h.example/b"));
    if (QGuiApplication::clipboard()->text().isEmpty())
        QSKIP("no clipboard on this platform");
    QTest::keySequence(table, QKeySequence::Paste);
    QCOMPARE(m_document->set().requests.size(), before + 2);
    const RequestItem &put = m_document->set().requests.at(1);
    QCOMPARE(put.method, QStringLiteral("PUT"));
    QCOMPARE(put.url, QStringLiteral("https://h.example/a"));
    QCOMPARE(put.body, QStringLiteral("n=1"));
    QCOMPARE(m_document->set().requests.at(2).url, QStringLiteral("https://h.example/b"));
    QCOMPARE(table->currentIndex().row(), 1);
    m_document->undoStack()->undo();
    QCOMPARE(m_document->set().requests.size(), before);

    // Text that is no curl command adds nothing.
    QVERIFY(!m_editor->pasteCurl(QStringLiteral("hello")));
    QVERIFY(!m_editor->pasteCurl(QStringLiteral("curl -H 'open")));
    QCOMPARE(m_document->set().requests.size(), before);
}

void TestRequestSetEditor::headersTurnedOffAreKeptAndTurnedOnAgain()
{
    // As a Postman import brings them: one header on, one off, a query parameter off.
    RequestSet set = setWithToken();
    set.requests[0].headers = {{QStringLiteral("Accept"), QStringLiteral("application/json")}};
    set.requests[0].disabledHeaders = {{QStringLiteral("X-Debug"), QStringLiteral("1")}};
    set.requests[0].disabledQuery = {{QStringLiteral("trace"), QStringLiteral("true")}};
    m_document->reset(set);
    m_editor->selectRow(0);
    KeyValueEditor *headers = m_editor->headersEditor();
    QTableWidget *table = headers->table();
    QCOMPARE(table->rowCount(), 2);
    QCOMPARE(table->item(1, KeyValueEditor::NameColumn)->text(), QStringLiteral("X-Debug"));
    QCOMPARE(table->item(1, KeyValueEditor::SwitchColumn)->checkState(), Qt::Unchecked);
    QCOMPARE(table->item(0, KeyValueEditor::SwitchColumn)->checkState(), Qt::Checked);
    QCOMPARE(m_editor->tabs()->tabText(1), QStringLiteral("Headers (1, 1 off)"));
    QString shown;
    for (const QLabel *label : headers->findChildren<QLabel *>())
        shown += label->text();
    QVERIFY2(shown.contains(QStringLiteral("Query parameters turned off (kept, not sent): trace=true")), qPrintable(shown));

    // Ticked, it is sent; unticked again, kept off; each an undo step.
    table->setFocus();
    table->setCurrentCell(1, KeyValueEditor::SwitchColumn);
    QTest::keyClick(table, Qt::Key_Space);
    QCOMPARE(m_document->set().requests.at(0).headers.size(), 2);
    QVERIFY(m_document->set().requests.at(0).disabledHeaders.isEmpty());
    QCOMPARE(m_editor->tabs()->tabText(1), QStringLiteral("Headers (2)"));
    table->setCurrentCell(0, KeyValueEditor::SwitchColumn);
    QTest::keyClick(table, Qt::Key_Space);
    QCOMPARE(m_document->set().requests.at(0).disabledHeaders,
             (QList<QPair<QString, QString>>{{QStringLiteral("Accept"), QStringLiteral("application/json")}}));
    QCOMPARE(table->item(0, KeyValueEditor::NameColumn)->toolTip(), QStringLiteral("Turned off: kept, not sent"));
    m_document->undoStack()->undo();
    m_document->undoStack()->undo();
    QCOMPARE(m_document->set().requests.at(0).disabledHeaders, set.requests.at(0).disabledHeaders);
    QCOMPARE(m_document->set().requests.at(0).headers, set.requests.at(0).headers);
    // What is sent: the headers turned on, the URL's own query.
    QString error;
    const RequestSpec spec = m_document->set().resolve(m_document->set().requests.at(0), QUrl(QStringLiteral("http://h")), &error);
    QVERIFY(headerValue(spec.headers, "X-Debug").isNull());
    QVERIFY(!spec.url.toString().contains(QStringLiteral("trace")));
}

QTEST_MAIN(TestRequestSetEditor)
#include "tst_requestseteditor.moc"
