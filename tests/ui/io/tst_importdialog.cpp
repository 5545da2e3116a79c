// SPDX-License-Identifier: BSD-3-Clause
// ImportDialog: what an import brings in and what it skipped, seen before anything replaces
// the open set; a file nobody can import refused with its name.

#include "io/importdialog.h"

#include <QApplication>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTimer>
#include <QTreeWidget>
#include <QtTest>

using namespace batchlab;

class TestImportDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsEveryRequestAndEverySkippedPart();
    void nothingToImportCannotBeAccepted();
    void aFileNobodyKnowsIsRefusedWithWhereAndWhy();
    void curlLinesInAFileComeInAfterTheUserSaysImport();
};

void TestImportDialog::showsEveryRequestAndEverySkippedPart()
{
    ImportResult result;
    result.formatName = QStringLiteral("HAR 1.2");
    RequestItem get;
    get.name = QStringLiteral("GET /users/1");
    get.url = QStringLiteral("https://api.example.test/users/1");
    RequestItem post;
    post.name = QStringLiteral("POST /orders");
    post.method = QStringLiteral("POST");
    post.url = QStringLiteral("https://api.example.test/orders");
    result.set.requests = {get, post};
    result.skipped.append({QStringLiteral("entry 3"), QStringLiteral("a WebSocket")});
    result.notes.append({QStringLiteral("entry 2"), QStringLiteral("Cookie header dropped")});

    ImportDialog dialog(QStringLiteral("/tmp/capture.har"), result);
    QCOMPARE(dialog.requests()->topLevelItemCount(), 2);
    QCOMPARE(dialog.requests()->topLevelItem(1)->text(0), QStringLiteral("POST /orders"));
    QCOMPARE(dialog.requests()->topLevelItem(1)->text(1), QStringLiteral("POST"));
    QCOMPARE(dialog.report()->topLevelItemCount(), 2);
    QCOMPARE(dialog.report()->topLevelItem(0)->text(0), QStringLiteral("entry 3"));
    QCOMPARE(dialog.report()->topLevelItem(0)->text(1), QStringLiteral("skipped: a WebSocket"));
    const QString summary = dialog.findChild<QLabel *>(QStringLiteral("importSummary"))->text();
    QVERIFY2(summary.contains(QStringLiteral("capture.har")) && summary.contains(QStringLiteral("HAR 1.2"))
                 && summary.contains(QStringLiteral("Imported 2 requests, skipped 1.")),
             qPrintable(summary));
    auto *accept = dialog.findChild<QPushButton *>(QStringLiteral("importAccept"));
    QVERIFY(accept && accept->isEnabled());
    dialog.show();
    QTest::mouseClick(accept, Qt::LeftButton);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
}

void TestImportDialog::nothingToImportCannotBeAccepted()
{
    ImportResult result;
    result.skipped.append({QStringLiteral("entry 1"), QStringLiteral("a data: URL")});
    ImportDialog dialog(QStringLiteral("empty.har"), result);
    QVERIFY(!dialog.findChild<QPushButton *>(QStringLiteral("importAccept"))->isEnabled());
    QCOMPARE(dialog.report()->topLevelItemCount(), 1);
}

void TestImportDialog::aFileNobodyKnowsIsRefusedWithWhereAndWhy()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("notes.txt"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("Shopping list: eggs, milk\n");
    file.close();
    QString said;
    QTimer::singleShot(0, this, [&] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (box) {
            said = box->text();
            box->accept();
        }
    });
    QWidget parent;
    QCOMPARE(ImportDialog::ask(&parent, path), std::nullopt);
    QVERIFY2(said.startsWith(path) && said.contains(QStringLiteral("not a file Batchlab can import")), qPrintable(said));
}

void TestImportDialog::curlLinesInAFileComeInAfterTheUserSaysImport()
{
    // Picked by content: a .txt of curl lines, one of them not curl at all.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("from-the-docs.txt"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("curl https://api.example.test/users/1\n"
               "curl -X POST https://api.example.test/orders -H 'Content-Type: application/json' -d '{\"n\":1}'\n"
               "wget https://api.example.test/x\n");
    file.close();
    QStringList shown;
    QTimer::singleShot(0, this, [&] {
        auto *dialog = qobject_cast<ImportDialog *>(QApplication::activeModalWidget());
        QVERIFY(dialog);
        for (int i = 0; i < dialog->requests()->topLevelItemCount(); ++i)
            shown << dialog->requests()->topLevelItem(i)->text(1) + u' ' + dialog->requests()->topLevelItem(i)->text(2);
        for (int i = 0; i < dialog->report()->topLevelItemCount(); ++i)
            shown << dialog->report()->topLevelItem(i)->text(1);
        dialog->findChild<QPushButton *>(QStringLiteral("importAccept"))->click();
    });
    QWidget parent;
    const std::optional<RequestSet> set = ImportDialog::ask(&parent, path);
    QVERIFY(set);
    QCOMPARE(set->requests.size(), 2);
    QCOMPARE(set->requests.at(1).method, QStringLiteral("POST"));
    QCOMPARE(set->requests.at(1).body, QStringLiteral("{\"n\":1}"));
    QVERIFY2(shown.size() >= 3 && shown.at(0) == QStringLiteral("GET https://api.example.test/users/1"),
             qPrintable(shown.join(u'|')));
    QVERIFY2(shown.join(u'|').contains(QStringLiteral("skipped")), qPrintable(shown.join(u'|'))); // the wget line
}

QTEST_MAIN(TestImportDialog)
#include "tst_importdialog.moc"
