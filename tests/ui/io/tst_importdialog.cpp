// SPDX-License-Identifier: BSD-3-Clause
// ImportDialog: what an import brings in and what it skipped, seen before anything replaces
// the open set; a file nobody can import refused with its name. A HAR (the real Chrome capture
// in the shared captures) filtered, grouped by origin, counted and given a suggested target.

#include "io/harfilterpanel.h"
#include "io/importdialog.h"
#include "runs/io/interchange.h"
#include "translations.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QListWidget>

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
    void initTestCase();
    void showsEveryRequestAndEverySkippedPart();
    void nothingToImportCannotBeAccepted();
    void aFileNobodyKnowsIsRefusedWithWhereAndWhy();
    void curlLinesInAFileComeInAfterTheUserSaysImport();
    void harFromChromeIsFilteredGroupedAndCounted();
    void harTargetSuggestionCanBeUnticked();
    void harSuggestsTheProfileTheTrafficShows();
    void harThroughAskComesInFiltered();
};

namespace {

QString chromeCapture()
{
    return QStringLiteral(BATCHLAB_CAPTURES "/har/chrome-webinspector.har");
}

/// The visible rows of the HAR tree: "origin row text" then "  method url" for each request.
QStringList visibleRows(const QTreeWidget *tree)
{
    QStringList rows;
    for (int i = 0; i < tree->topLevelItemCount(); ++i) {
        const QTreeWidgetItem *origin = tree->topLevelItem(i);
        if (origin->isHidden())
            continue;
        rows << origin->text(0);
        for (int c = 0; c < origin->childCount(); ++c) {
            if (!origin->child(c)->isHidden())
                rows << QStringLiteral("  ") + origin->child(c)->text(1) + u' ' + origin->child(c)->text(4);
        }
    }
    return rows;
}

/// Ticks or unticks a list's item as a user does with the keyboard: current, then Space.
void toggle(QListWidget *list, const QString &startsWith)
{
    for (int i = 0; i < list->count(); ++i) {
        if (list->item(i)->text().startsWith(startsWith)) {
            list->setFocus();
            list->setCurrentRow(i);
            QTest::keyClick(list, Qt::Key_Space);
            return;
        }
    }
    QFAIL(qPrintable(QStringLiteral("no item ") + startsWith));
}

} // namespace

void TestImportDialog::initTestCase()
{
    QVERIFY(installTranslations(QCoreApplication::instance())); // the plural forms
}

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

void TestImportDialog::harFromChromeIsFilteredGroupedAndCounted()
{
    QList<HarEntry> entries;
    const ImportResult result = Interchange::importFile(chromeCapture(), &entries);
    if (!result.ok())
        QSKIP("no Chrome capture in " BATCHLAB_CAPTURES "/har");
    QCOMPARE(entries.size(), 3);
    ImportDialog dialog(chromeCapture(), result, entries);
    // Not the tree's: QTreeWidget's own model gives every column of a row its children, which
    // the tester (rightly) refuses; the filter lists are plain list models.
    HarFilterPanel *panel = dialog.harFilter();
    QVERIFY(panel);
    QAbstractItemModelTester hostsTester(panel->hosts()->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester typesTester(panel->types()->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));

    // Not "Imported 3 requests" above "2 of 3 requests will be imported": nothing is in yet.
    const QString summary = dialog.findChild<QLabel *>(QStringLiteral("importSummary"))->text();
    QVERIFY2(summary.endsWith(QStringLiteral(": 3 requests found, 0 entries skipped.")), qPrintable(summary));
    // Static assets dropped at first: the Google logo is out.
    QVERIFY(panel->dropStatic()->isChecked());
    QCOMPARE(dialog.countLabel()->text(), QStringLiteral("2 of 3 requests will be imported"));
    QCOMPARE(visibleRows(dialog.requests()),
             (QStringList{QStringLiteral("https://mitmproxy.org — 1 of 1 request"), QStringLiteral("  GET https://mitmproxy.org/"),
                          QStringLiteral("https://www.google.com — 1 of 2 requests"),
                          QStringLiteral("  GET https://www.google.com/")}));
    QCOMPARE(panel->hosts()->count(), 2);
    QCOMPARE(panel->hosts()->item(1)->text(), QStringLiteral("www.google.com (2)"));
    QCOMPARE(panel->statusClasses()->count(), 3); // 2xx, 3xx, no response
    QCOMPARE(dialog.report()->topLevelItem(0)->text(1), QStringLiteral("left out by the filter: 1 request"));
    QVERIFY(!dialog.report()->topLevelItem(0)->isHidden());

    QTest::mouseClick(panel->dropStatic(), Qt::LeftButton, {}, QPoint(8, panel->dropStatic()->height() / 2));
    QVERIFY(!panel->dropStatic()->isChecked());
    QCOMPARE(dialog.countLabel()->text(), QStringLiteral("3 of 3 requests will be imported"));
    QVERIFY(dialog.report()->topLevelItem(0)->isHidden());
    QCOMPARE(visibleRows(dialog.requests()).size(), 5);

    toggle(panel->hosts(), QStringLiteral("www.google.com"));
    QCOMPARE(panel->hosts()->item(1)->checkState(), Qt::Unchecked);
    QCOMPARE(dialog.countLabel()->text(), QStringLiteral("1 of 3 requests will be imported"));
    QCOMPARE(visibleRows(dialog.requests()),
             (QStringList{QStringLiteral("https://mitmproxy.org — 1 of 1 request"), QStringLiteral("  GET https://mitmproxy.org/")}));
    QCOMPARE(dialog.report()->topLevelItem(0)->text(1), QStringLiteral("left out by the filter: 2 requests"));

    // The 3xx answer unticked too: nothing left, nothing to import.
    toggle(panel->statusClasses(), QStringLiteral("3xx"));
    QCOMPARE(dialog.countLabel()->text(), QStringLiteral("0 of 3 requests will be imported"));
    QVERIFY(!dialog.findChild<QPushButton *>(QStringLiteral("importAccept"))->isEnabled());
    QVERIFY(!dialog.useSuggestedTarget()->isEnabled());
    toggle(panel->statusClasses(), QStringLiteral("3xx"));

    auto *accept = dialog.findChild<QPushButton *>(QStringLiteral("importAccept"));
    QVERIFY(accept->isEnabled());
    QTest::mouseClick(accept, Qt::LeftButton);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    const RequestSet set = dialog.chosenSet();
    QCOMPARE(set.requests.size(), 1);
    QCOMPARE(set.requests.at(0).url, QStringLiteral("https://mitmproxy.org/"));
    QCOMPARE(set.requests.at(0).atMs, std::optional<qint64>(0));
    QVERIFY(set.target);
    QCOMPARE(set.target->baseUrl, QStringLiteral("https://mitmproxy.org"));
}

void TestImportDialog::harTargetSuggestionCanBeUnticked()
{
    QList<HarEntry> entries;
    const ImportResult result = Interchange::importFile(chromeCapture(), &entries);
    if (!result.ok())
        QSKIP("no Chrome capture in " BATCHLAB_CAPTURES "/har");
    ImportDialog dialog(chromeCapture(), result, entries);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto *target = dialog.findChild<QLabel *>(QStringLiteral("suggestedTarget"));
    // One request each to two origins once the logo is dropped: the first seen.
    QVERIFY2(target->text().startsWith(QStringLiteral("https://mitmproxy.org ")), qPrintable(target->text()));
    QVERIFY2(target->text().contains(QStringLiteral("no batch server recognized")), qPrintable(target->text()));
    QTest::mouseClick(dialog.harFilter()->dropStatic(), Qt::LeftButton, {},
                      QPoint(8, dialog.harFilter()->dropStatic()->height() / 2));
    QVERIFY2(target->text().startsWith(QStringLiteral("https://www.google.com ")), qPrintable(target->text()));
    QCOMPARE(dialog.chosenSet().target->baseUrl, QStringLiteral("https://www.google.com"));

    QVERIFY(dialog.useSuggestedTarget()->isChecked());
    QTest::mouseClick(dialog.useSuggestedTarget(), Qt::LeftButton, {},
                      QPoint(8, dialog.useSuggestedTarget()->height() / 2));
    QVERIFY(!dialog.useSuggestedTarget()->isChecked());
    const RequestSet set = dialog.chosenSet();
    QCOMPARE(set.requests.size(), 3);
    QCOMPARE(set.target, std::nullopt);
}

void TestImportDialog::harSuggestsTheProfileTheTrafficShows()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("odata.har"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"log": {"version": "1.2", "creator": {"name": "test", "version": "1"}, "entries": [
      {"startedDateTime": "2026-01-01T00:00:00.000Z", "_resourceType": "document",
       "request": {"method": "GET", "url": "https://app.test/", "headers": []},
       "response": {"status": 200, "content": {"mimeType": "text/html"}}},
      {"startedDateTime": "2026-01-01T00:00:01.000Z", "_resourceType": "script",
       "request": {"method": "GET", "url": "https://app.test/app.js", "headers": []},
       "response": {"status": 200, "content": {"mimeType": "text/javascript"}}},
      {"startedDateTime": "2026-01-01T00:00:02.000Z", "_resourceType": "fetch",
       "request": {"method": "POST", "url": "https://svc.test/odata/$batch",
         "headers": [{"name": "Content-Type", "value": "application/json"}],
         "postData": {"mimeType": "application/json", "text": "{\"requests\": []}"}},
       "response": {"status": 200, "content": {"mimeType": "application/json"}}},
      {"startedDateTime": "2026-01-01T00:00:03.000Z", "_resourceType": "fetch",
       "request": {"method": "GET", "url": "https://svc.test/odata/People", "headers": []},
       "response": {"status": 404, "content": {"mimeType": "application/json"}}}
    ]}})");
    file.close();
    QList<HarEntry> entries;
    const ImportResult result = Interchange::importFile(path, &entries);
    QVERIFY2(result.ok(), qPrintable(result.error.toString()));
    ImportDialog dialog(path, result, entries);
    QCOMPARE(dialog.countLabel()->text(), QStringLiteral("3 of 4 requests will be imported"));
    auto *target = dialog.findChild<QLabel *>(QStringLiteral("suggestedTarget"));
    // Said once: the batch path, then what gave the profile away.
    QCOMPARE(target->text(), QStringLiteral("https://svc.test, profile OData 4.01 (JSON $batch), batch path "
                                            "/odata/$batch (from a JSON $batch request)"));
    QCOMPARE(dialog.harFilter()->statusClasses()->item(1)->text(), QStringLiteral("4xx (1)"));
    const RequestSet set = dialog.chosenSet();
    QCOMPARE(set.requests.size(), 3);
    QCOMPARE(set.target->profile, QStringLiteral("odata-4.01"));
    QCOMPARE(set.target->batchPath, QStringLiteral("/odata/$batch"));
    QCOMPARE(set.target->baseUrl, QStringLiteral("https://svc.test"));
}

void TestImportDialog::harThroughAskComesInFiltered()
{
    if (!QFile::exists(chromeCapture()))
        QSKIP("no Chrome capture in " BATCHLAB_CAPTURES "/har");
    QString count;
    QTimer::singleShot(0, this, [&] {
        auto *dialog = qobject_cast<ImportDialog *>(QApplication::activeModalWidget());
        QVERIFY(dialog && dialog->harFilter());
        count = dialog->countLabel()->text();
        dialog->findChild<QPushButton *>(QStringLiteral("importAccept"))->click();
    });
    QWidget parent;
    const std::optional<RequestSet> set = ImportDialog::ask(&parent, chromeCapture());
    QCOMPARE(count, QStringLiteral("2 of 3 requests will be imported"));
    QVERIFY(set);
    QCOMPARE(set->requests.size(), 2);
    QCOMPARE(set->target->kind, TargetSpec::Kind::Url);
}

QTEST_MAIN(TestImportDialog)
#include "tst_importdialog.moc"
