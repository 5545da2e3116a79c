// SPDX-License-Identifier: BSD-3-Clause
// Interchange: the choice of importer by content, and what a file nobody can import says.

#include "runs/io/interchange.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace batchlab;

class TestInterchange : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void nothingIsRecognizedInNothing();
    void aMissingFileIsNamed();
    void aFileNobodyKnowsIsRefusedWithItsName();
    void theSummaryCountsBothWays();
};

void TestInterchange::nothingIsRecognizedInNothing()
{
    QCOMPARE(Interchange::importerFor(QByteArray()), nullptr);
    QCOMPARE(Interchange::importerFor(QByteArray("\x00\x01\x02", 3)), nullptr);
    QCOMPARE(Interchange::exporter(QStringLiteral("no-such-format")), nullptr);
}

void TestInterchange::aMissingFileIsNamed()
{
    const ImportResult result = Interchange::importFile(QStringLiteral("/nonexistent/traffic.har"));
    QVERIFY(!result.ok());
    QCOMPARE(result.error.file, QStringLiteral("/nonexistent/traffic.har"));
    QVERIFY(result.set.requests.isEmpty());
}

void TestInterchange::aFileNobodyKnowsIsRefusedWithItsName()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("notes.txt"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("Shopping list: eggs, milk\n");
    file.close();
    const ImportResult result = Interchange::importFile(path);
    QVERIFY(!result.ok());
    QVERIFY2(result.summary().startsWith(path), qPrintable(result.summary()));
    QVERIFY2(result.summary().contains(QStringLiteral("not a file Batchlab can import")), qPrintable(result.summary()));
}

void TestInterchange::theSummaryCountsBothWays()
{
    ImportResult result;
    result.set.requests.append(RequestItem{});
    result.skipped.append({QStringLiteral("entry 2"), QStringLiteral("a WebSocket")});
    QCOMPARE(result.summary(), QStringLiteral("Imported 1 request, skipped 1."));
    result.set.requests.append(RequestItem{});
    QCOMPARE(result.summary(), QStringLiteral("Imported 2 requests, skipped 1."));
}

QTEST_GUILESS_MAIN(TestInterchange)
#include "tst_interchange.moc"
