// SPDX-License-Identifier: BSD-3-Clause
// Settings: typed preferences over QSettings; setters emit only on a real change.
#include "settings.h"

#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace batchlab;

class TestSettings : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void recentFilesAreOrderedBoundedAndKept();
    void retentionEmitsOnlyOnChange();
    void windowStateIsKeptApart();
};

void TestSettings::recentFilesAreOrderedBoundedAndKept()
{
    QTemporaryDir dir;
    const QString ini = dir.filePath(QStringLiteral("batchlab.ini"));
    {
        QSettings store(ini, QSettings::IniFormat);
        Settings settings(&store);
        QSignalSpy changed(&settings, &Settings::recentFilesChanged);
        for (int i = 0; i < 12; ++i)
            settings.addRecentFile(QStringLiteral("/sets/%1.batchlab.json").arg(i));
        settings.addRecentFile(QStringLiteral("/sets/5.batchlab.json")); // again: moves to the front
        QCOMPARE(settings.recentFiles().size(), Settings::kMaxRecentFiles);
        QCOMPARE(settings.recentFiles().first(), QStringLiteral("/sets/5.batchlab.json"));
        QCOMPARE(settings.recentFiles().at(1), QStringLiteral("/sets/11.batchlab.json"));
        QCOMPARE(changed.size(), 13);
        settings.addRecentFile(QStringLiteral("/sets/5.batchlab.json")); // already first: no change
        QCOMPARE(changed.size(), 13);
    }
    QSettings reopened(ini, QSettings::IniFormat);
    Settings again(&reopened);
    QCOMPARE(again.recentFiles().first(), QStringLiteral("/sets/5.batchlab.json"));
    again.clearRecentFiles();
    QVERIFY(again.recentFiles().isEmpty());
}

void TestSettings::retentionEmitsOnlyOnChange()
{
    QTemporaryDir dir;
    QSettings store(dir.filePath(QStringLiteral("b.ini")), QSettings::IniFormat);
    Settings settings(&store);
    QCOMPARE(settings.logRetention(), 1000000);
    QSignalSpy changed(&settings, &Settings::logRetentionChanged);
    settings.setLogRetention(1000000);
    QCOMPARE(changed.size(), 0);
    settings.setLogRetention(5000);
    settings.setLogRetention(10); // below the floor: clamped
    QCOMPARE(settings.logRetention(), 1000);
    QCOMPARE(changed.size(), 2);
    QCOMPARE(store.value(QStringLiteral("log/retention")).toInt(), 1000);
}

void TestSettings::windowStateIsKeptApart()
{
    QTemporaryDir dir;
    QSettings store(dir.filePath(QStringLiteral("c.ini")), QSettings::IniFormat);
    Settings settings(&store);
    settings.saveWindow("geometry-bytes", "state-bytes");
    QCOMPARE(settings.windowGeometry(), QByteArray("geometry-bytes"));
    QCOMPARE(settings.windowState(), QByteArray("state-bytes"));
    QVERIFY(settings.recentFiles().isEmpty());
}

QTEST_GUILESS_MAIN(TestSettings)
#include "tst_settings.moc"
