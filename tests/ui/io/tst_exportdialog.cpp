// SPDX-License-Identifier: BSD-3-Clause
// ExportDialog: the options a user ticks reach the exporter, the file is written whole, and a
// failure says why. The exporter here is the test's own: one line per request's name.

#include "io/exportdialog.h"

#include <QCheckBox>
#include <QTemporaryDir>
#include <QtTest>

using namespace batchlab;

namespace {

class NamesExporter : public Exporter
{
public:
    QString format() const override { return QStringLiteral("names"); }
    QString name() const override { return QStringLiteral("Names"); }
    QString suffix() const override { return QStringLiteral(".txt"); }
    QByteArray write(const RequestSet &set, const ExportOptions &options, QString *error) const override
    {
        if (set.requests.isEmpty()) {
            *error = QStringLiteral("no requests");
            return {};
        }
        seen = options;
        QByteArray out;
        for (const RequestItem &item : set.requests)
            out += item.name.toUtf8() + '\n';
        return out;
    }
    mutable ExportOptions seen;
};

RequestSet twoRequests()
{
    RequestSet set;
    RequestItem a;
    a.name = QStringLiteral("first");
    RequestItem b;
    b.name = QStringLiteral("second");
    set.requests = {a, b};
    return set;
}

} // namespace

class TestExportDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void writesTheWholeFile();
    void theTickedOptionsReachTheExporter();
    void failuresSayWhy();
};

void TestExportDialog::writesTheWholeFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("out.txt"));
    NamesExporter exporter;
    QString error;
    QVERIFY2(ExportDialog::write(exporter, twoRequests(), {}, path, &error), qPrintable(error));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), QByteArray("first\nsecond\n"));
}

void TestExportDialog::theTickedOptionsReachTheExporter()
{
    NamesExporter exporter;
    ExportDialog dialog(exporter);
    QVERIFY(!dialog.options().resolveVariables && !dialog.options().includeSecrets); // safe by default
    dialog.findChild<QCheckBox *>(QStringLiteral("exportSecrets"))->setChecked(true);
    QTemporaryDir dir;
    QString error;
    QVERIFY(ExportDialog::write(exporter, twoRequests(), dialog.options(), dir.filePath(QStringLiteral("o.txt")), &error));
    QVERIFY(exporter.seen.includeSecrets);
    QVERIFY(!exporter.seen.resolveVariables);
}

void TestExportDialog::failuresSayWhy()
{
    NamesExporter exporter;
    QTemporaryDir dir;
    QString error;
    QVERIFY(!ExportDialog::write(exporter, RequestSet{}, {}, dir.filePath(QStringLiteral("o.txt")), &error));
    QCOMPARE(error, QStringLiteral("no requests"));
    const QString nowhere = dir.filePath(QStringLiteral("no/such/folder/o.txt"));
    QVERIFY(!ExportDialog::write(exporter, twoRequests(), {}, nowhere, &error));
    QVERIFY2(error.startsWith(QStringLiteral("cannot write ") + nowhere), qPrintable(error));
}

QTEST_MAIN(TestExportDialog)
#include "tst_exportdialog.moc"
