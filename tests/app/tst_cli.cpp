// SPDX-License-Identifier: BSD-3-Clause
// The batchlab binary as a user runs it: --help, --version, `serve`, and no display.
#include "support/httptestclient.h"

#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>

class TestCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void versionAndHelp();
    void noDisplaySaysWhatToDo();
    void anUnknownOptionExits2();
    void aFileOnTheCommandLineIsOpened();
    void serveAnswersABatchAndStopsCleanly();
    void serveRejectsBadOptions_data();
    void serveRejectsBadOptions();

private:
    QString m_binary;
};

void TestCli::initTestCase()
{
    m_binary = QStringLiteral(BATCHLAB_BINARY);
    QVERIFY2(QFile::exists(m_binary), qPrintable(m_binary));
}

void TestCli::versionAndHelp()
{
    QProcess process;
    process.start(m_binary, {QStringLiteral("--version")});
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitCode(), 0);
    QVERIFY2(process.readAllStandardOutput().contains("Batchlab 0."), "no version printed");

    process.start(m_binary, {QStringLiteral("--help")});
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitCode(), 0);
    const QByteArray help = process.readAllStandardOutput();
    QVERIFY(help.contains("serve"));
    QVERIFY2(help.contains("[FILE]") && help.contains(".batchlab.json"), help.constData()); // what the desktop file passes

    process.start(m_binary, {QStringLiteral("serve"), QStringLiteral("--help")});
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitCode(), 0);
    QVERIFY(process.readAllStandardOutput().contains("--latency"));
}

void TestCli::noDisplaySaysWhatToDo()
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("DISPLAY"));
    env.remove(QStringLiteral("WAYLAND_DISPLAY"));
    env.remove(QStringLiteral("QT_QPA_PLATFORM"));
    process.setProcessEnvironment(env);
    process.start(m_binary, {});
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 2);
    const QByteArray err = process.readAllStandardError();
    QVERIFY2(err.contains("xvfb-run") && err.contains("batchlab serve"), err.constData());
}

void TestCli::anUnknownOptionExits2()
{
    // 2 as every sub-command's bad usage, not QCommandLineParser::process()'s 1 (which CI would
    // read as a failed threshold).
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    process.setProcessEnvironment(env);
    process.start(m_binary, {QStringLiteral("--bogus")});
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitCode(), 2);
    QVERIFY(process.readAllStandardError().contains("bogus"));
}

void TestCli::serveAnswersABatchAndStopsCleanly()
{
    QProcess process;
    process.start(m_binary,
                  {QStringLiteral("serve"), QStringLiteral("--latency"), QStringLiteral("5"),
                   QStringLiteral("--seed"), QStringLiteral("3")});
    QVERIFY(process.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(process.canReadLine(), 10000);
    const QString line = QString::fromUtf8(process.readLine());
    const QRegularExpressionMatch match
        = QRegularExpression(QStringLiteral("(http://127\\.0\\.0\\.1:\\d+)")).match(line);
    QVERIFY2(match.hasMatch(), qPrintable(line));

    HttpTestClient client;
    QUrl url(match.captured(1));
    url.setPath(QStringLiteral("/$batch"));
    const HttpResult result = client.send(
        "POST", url,
        R"({"requests":[{"id":"1","method":"GET","url":"/users/1"},{"id":"2","method":"GET","url":"/users/2"},)"
        R"({"id":"3","method":"GET","url":"/items/3"}]})");
    QCOMPARE(result.status, 200);
    QCOMPARE(result.json()[QStringLiteral("responses")].toArray().size(), 3);

    ::kill(pid_t(process.processId()), SIGTERM);
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 0);
    const QByteArray out = process.readAllStandardOutput();
    QVERIFY2(out.contains("Served 1 HTTP request (1 batches, 3 batch items)"), out.constData());
}

void TestCli::serveRejectsBadOptions_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("message");
    QTest::newRow("rate above 1") << QStringList{QStringLiteral("--error-rate"),
                                                 QStringLiteral("2")}
                                  << QByteArray("itemErrorRate");
    QTest::newRow("not a number") << QStringList{QStringLiteral("--latency"),
                                                 QStringLiteral("soon")}
                                  << QByteArray("--latency");
    QTest::newRow("bad port") << QStringList{QStringLiteral("--port"), QStringLiteral("70000")}
                              << QByteArray("--port");
    QTest::newRow("bad kind") << QStringList{QStringLiteral("--malformed-kind"),
                                             QStringLiteral("weird")}
                              << QByteArray("weird");
}

void TestCli::serveRejectsBadOptions()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, message);
    QProcess process;
    process.start(m_binary, QStringList{QStringLiteral("serve")} + arguments);
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitCode(), 2);
    const QByteArray err = process.readAllStandardError();
    QVERIFY2(err.contains(message), err.constData());
}

void TestCli::aFileOnTheCommandLineIsOpened()
{
    // `batchlab FILE`, as the desktop file's Exec=batchlab %f runs it: the workbench opens FILE.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cli.batchlab.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"format": "batchlab.requestset", "version": 1, "name": "from the command line",
                  "requests": [{"method": "GET", "url": "/users/1"}]})");
    file.close();
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.path()); // not the user's settings
    env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("batchlab.ui.workbench.info=true"));
    process.setProcessEnvironment(env);
    process.setWorkingDirectory(dir.path());
    process.start(m_binary, {QStringLiteral("cli.batchlab.json")});
    QByteArray err;
    QTRY_VERIFY_WITH_TIMEOUT((err += process.readAllStandardError()).contains("opened"), 15000);
    QVERIFY2(err.contains(path.toUtf8()), err.constData()); // made absolute
    process.kill();
    QVERIFY(process.waitForFinished(5000));
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
