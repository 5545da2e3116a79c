// SPDX-License-Identifier: BSD-3-Clause
// TargetPanel's headers: the headers every HTTP request to the target carries, edited in the
// panel and undone like its other edits, named (never shown) in its summary.
#include "editor/keyvalueeditor.h"
#include "editor/requestsetdocument.h"
#include "editor/targetpanel.h"

#include <QComboBox>
#include <QLabel>
#include <QTableWidget>
#include <QUndoStack>
#include <QtTest>

using namespace batchlab;

using Headers = QList<QPair<QString, QString>>;

class TestTargetPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void headersAreEditedAndUndone();
    void theSummaryNamesHeadersButNeverTheirValues();
    void theHeadersStayWhenTheTargetChanges();
    void problemsWithTheHeadersAreNamed();
    void theTooltipSaysWhereHeadersGo();
    void closingWhileEditing();

private:
    KeyValueEditor *headers() const { return m_panel->findChild<KeyValueEditor *>(QStringLiteral("targetHeaders")); }
    QString summary() const { return m_panel->findChild<QLabel *>(QStringLiteral("targetEndpoint"))->text(); }
    QString notes() const
    {
        QString all;
        for (const QLabel *label : headers()->findChildren<QLabel *>()) {
            if (label->isVisibleTo(m_panel))
                all += label->text() + u'\n';
        }
        return all;
    }
    /// Types into a cell as a user does: F2, the text, Return.
    void type(int row, int column, const QString &text)
    {
        QTableWidget *table = headers()->table();
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        table->setFocus();
        table->setCurrentCell(row, column);
        QTest::keyClick(table, Qt::Key_F2);
        QWidget *editor = QApplication::focusWidget();
        QVERIFY(editor && editor != table);
        QTest::keyClick(editor, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(editor, text);
        QTest::keyClick(editor, Qt::Key_Return);
        // The delegate commits on the next pass of the event loop.
        QTRY_VERIFY(QApplication::focusWidget() == table);
    }

    RequestSetDocument *m_document = nullptr;
    TargetPanel *m_panel = nullptr;
};

void TestTargetPanel::init()
{
    m_document = new RequestSetDocument;
    m_panel = new TargetPanel(m_document, QUrl(QStringLiteral("http://127.0.0.1:1234")));
    m_panel->resize(420, 500);
    m_panel->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_panel));
    QVERIFY(headers());
}

void TestTargetPanel::cleanup()
{
    delete m_panel;
    delete m_document;
}

void TestTargetPanel::headersAreEditedAndUndone()
{
    QUndoStack *undo = m_document->undoStack();
    headers()->addRow(); // as the Add button does
    QCOMPARE(m_document->set().target->headers, (Headers{{QStringLiteral("Authorization"), QString()}}));
    QCOMPARE(undo->undoText(), QStringLiteral("Edit target headers"));
    type(0, 1, QStringLiteral("Bearer {{token}}"));
    QCOMPARE(m_document->set().target->headers,
             (Headers{{QStringLiteral("Authorization"), QStringLiteral("Bearer {{token}}")}}));
    QCOMPARE(m_document->set().target->kind, TargetSpec::Kind::Sandbox);
    QCOMPARE(undo->count(), 2);

    undo->undo();
    QCOMPARE(headers()->pairs(), (Headers{{QStringLiteral("Authorization"), QString()}}));
    undo->undo();
    // Back to a set with no headers and the sandbox: no target at all, as in a new set.
    QCOMPARE(m_document->set().target, std::optional<TargetSpec>());
    QVERIFY(headers()->pairs().isEmpty());
    QVERIFY(!m_document->isModified());
    undo->redo();
    undo->redo();
    QCOMPARE(headers()->pairs(),
             (Headers{{QStringLiteral("Authorization"), QStringLiteral("Bearer {{token}}")}}));

    // Removing is a step too.
    headers()->table()->selectRow(0);
    headers()->removeSelected();
    QCOMPARE(m_document->set().target, std::optional<TargetSpec>());
    undo->undo();
    QCOMPARE(m_document->set().target->headers.size(), 1);
}

void TestTargetPanel::theSummaryNamesHeadersButNeverTheirValues()
{
    QVERIFY2(!summary().contains(QStringLiteral("with")), qPrintable(summary()));
    TargetSpec target;
    target.headers = {{QStringLiteral("Authorization"), QStringLiteral("Bearer abc123")},
                      {QStringLiteral("X-Api-Key"), QStringLiteral("{{key}}")}};
    m_document->setTarget(target);
    QVERIFY2(summary().contains(QStringLiteral("as JSON, with Authorization, X-Api-Key")), qPrintable(summary()));
    QVERIFY(!summary().contains(QStringLiteral("abc123")));
    QVERIFY(!summary().contains(QStringLiteral("{{key}}")));
}

void TestTargetPanel::theHeadersStayWhenTheTargetChanges()
{
    headers()->setPairs({{QStringLiteral("X-Api-Key"), QStringLiteral("{{env:API_KEY}}")}});
    Q_EMIT headers()->edited();
    const Headers kept = m_document->set().target->headers;
    QCOMPARE(kept.size(), 1);

    auto *kind = m_panel->findChild<QComboBox *>(QStringLiteral("targetKind"));
    auto *profile = m_panel->findChild<QComboBox *>(QStringLiteral("targetProfile"));
    kind->setCurrentIndex(1);
    Q_EMIT kind->activated(1);
    QCOMPARE(m_document->set().target->kind, TargetSpec::Kind::Url);
    QCOMPARE(m_document->set().target->headers, kept);
    profile->setCurrentIndex(profile->findData(QStringLiteral("graph")));
    Q_EMIT profile->activated(profile->currentIndex());
    QCOMPARE(m_document->set().target->headers, kept);
    kind->setCurrentIndex(0);
    Q_EMIT kind->activated(0);
    QCOMPARE(m_document->set().target->kind, TargetSpec::Kind::Sandbox);
    QCOMPARE(m_document->set().target->headers, kept);
    QCOMPARE(headers()->pairs(), kept);
    QCOMPARE(m_document->undoStack()->undoText(), QStringLiteral("Change target"));
}

void TestTargetPanel::problemsWithTheHeadersAreNamed()
{
    TargetSpec target;
    target.headers = {{QStringLiteral("Authorization"), QStringLiteral("Bearer {{token}}")}};
    m_document->setTarget(target);
    QVERIFY2(notes().contains(QStringLiteral("the target's headers use unknown variable token")), qPrintable(notes()));
    m_document->setVariables({{QStringLiteral("token"), QStringLiteral("t"), true}});
    QVERIFY2(!notes().contains(QStringLiteral("unknown variable")), qPrintable(notes()));

    // A credential written out in the table would be saved in the file: say so, by name.
    target.headers = {{QStringLiteral("X-Api-Key"), QStringLiteral("plain-k3y")}};
    m_document->setTarget(target);
    QVERIFY2(notes().contains(QStringLiteral("X-Api-Key is written out and saved with the set")), qPrintable(notes()));
    QVERIFY(!notes().contains(QStringLiteral("plain-k3y")));

    headers()->table()->item(0, 0)->setText(QStringLiteral("Bad Header"));
    QVERIFY2(notes().contains(QStringLiteral("\"Bad Header\" is not a valid header name")), qPrintable(notes()));
}

void TestTargetPanel::theTooltipSaysWhereHeadersGo()
{
    const QString tip = headers()->toolTip();
    QVERIFY(tip.contains(QStringLiteral("Microsoft Graph and Google authenticate the batch request itself")));
    QVERIFY(tip.contains(QStringLiteral("Headers of one request stay on that request")));
    QVERIFY(tip.contains(QStringLiteral("{{env:NAME}} reads the environment variable NAME")));
    bool titled = false;
    for (const QLabel *label : m_panel->findChildren<QLabel *>())
        titled = titled || (label->text() == QStringLiteral("Headers sent with every HTTP request") && label->toolTip() == tip);
    QVERIFY(titled);
}

void TestTargetPanel::closingWhileEditing()
{
    // Closing the panel commits the cell being edited (focus leaves it) while the panel is
    // half destroyed: nothing may reach it then.
    headers()->addRow();
    QTableWidget *table = headers()->table();
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    table->setFocus();
    table->setCurrentCell(0, 1);
    QTest::keyClick(table, Qt::Key_F2);
    QWidget *editor = QApplication::focusWidget();
    QVERIFY(editor && editor != table);
    QTest::keyClick(editor, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(editor, QStringLiteral("abc"));
    QTest::keyClick(editor, Qt::Key_Return); // committed on a later pass, if any
    QVERIFY(QApplication::focusWidget() == editor);
    const int steps = m_document->undoStack()->count();
    delete m_panel;
    m_panel = nullptr;
    QCOMPARE(m_document->undoStack()->count(), steps);
}

QTEST_MAIN(TestTargetPanel)
#include "tst_targetpanel.moc"
