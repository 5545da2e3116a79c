// SPDX-License-Identifier: BSD-3-Clause
// batchlab(1): ManPage's troff escaping, and the page the binary prints and the build installs,
// read by groff (no warnings), lexgrog and man, listing every command and option --help lists.
#include "commands/manpage.h"

#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

class TestManPage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void escape_data();
    void escape();
    void aTrickyTableRendersWithoutWarnings();
    void theBinarysPageListsEveryCommandAndOption();
    void theBuiltPageIsTheBinarys();
    void helpOfACommandIsItsHelp();
    void helpRejectsBadArguments_data();
    void helpRejectsBadArguments();

private:
    /// Runs `program` with `input` on stdin; its stdout, with its stderr in `errors`.
    static QByteArray run(const QString &program, const QStringList &arguments, const QByteArray &input = {},
                          QByteArray *errors = nullptr, int *exitCode = nullptr);
    QByteArray batchlab(const QStringList &arguments);
    QString m_binary;
};

QByteArray TestManPage::run(const QString &program, const QStringList &arguments, const QByteArray &input,
                            QByteArray *errors, int *exitCode)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("MANWIDTH"), QStringLiteral("80"));
    env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
    process.setProcessEnvironment(env);
    process.start(program, arguments);
    if (!process.waitForStarted(10000))
        return {};
    process.write(input);
    process.closeWriteChannel();
    process.waitForFinished(30000);
    if (errors)
        *errors = process.readAllStandardError();
    if (exitCode)
        *exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    return process.readAllStandardOutput();
}

QByteArray TestManPage::batchlab(const QStringList &arguments)
{
    int code = -1;
    QByteArray errors;
    const QByteArray out = run(m_binary, arguments, {}, &errors, &code);
    [&] { QCOMPARE(code, 0); }();
    return out;
}

void TestManPage::initTestCase()
{
    m_binary = QStringLiteral(BATCHLAB_BINARY);
    QVERIFY2(QFile::exists(m_binary), qPrintable(m_binary));
    // installer/install-deps.sh installs them (groff-base, man-db).
    for (const char *tool : {"groff", "lexgrog", "man"})
        QVERIFY2(!QStandardPaths::findExecutable(QLatin1String(tool)).isEmpty(), tool);
}

void TestManPage::escape_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("troff");
    QTest::newRow("option") << QStringLiteral("use --port 0") << QStringLiteral("use \\-\\-port 0");
    QTest::newRow("option with dashes inside")
        << QStringLiteral("--batch-failure-rate") << QStringLiteral("\\-\\-batch\\-failure\\-rate");
    QTest::newRow("hyphenated word") << QStringLiteral("half-open") << QStringLiteral("half-open");
    QTest::newRow("minus sign") << QStringLiteral("from -1") << QStringLiteral("from \\-1");
    QTest::newRow("leading dot") << QStringLiteral(".hidden") << QStringLiteral("\\&.hidden");
    QTest::newRow("leading quote") << QStringLiteral("'x'") << QStringLiteral("\\&'x'");
    QTest::newRow("dot on a later line")
        << QStringLiteral("first\n.second") << QStringLiteral("first\n\\&.second");
    QTest::newRow("backslash") << QStringLiteral("a\\b") << QStringLiteral("a\\eb");
    QTest::newRow("double quote") << QStringLiteral("say \"hi\"") << QStringLiteral("say \\(dqhi\\(dq");
    QTest::newRow("non-ASCII") << QStringLiteral("a \u2192 b") << QStringLiteral("a \\[u2192] b");
    QTest::newRow("code span")
        << QStringLiteral("try `run --target-x a-b` now") << QStringLiteral("try \\fBrun \\-\\-target\\-x a\\-b\\fR now");
    QTest::newRow("lone backquote") << QStringLiteral("a ` b") << QStringLiteral("a \\(ga b");
    QTest::newRow("leading spaces") << QStringLiteral("  .x") << QStringLiteral("\\&.x");
}

void TestManPage::escape()
{
    QFETCH(QString, text);
    QFETCH(QString, troff);
    QCOMPARE(batchlab::ManPage::escape(text), troff);
}

void TestManPage::aTrickyTableRendersWithoutWarnings()
{
    batchlab::CliCommand command;
    command.name = QStringLiteral("run");
    command.summary = QStringLiteral("runs");
    command.synopsis = QStringLiteral("[OPTIONS] \"SET\"");
    command.description = QStringLiteral(".dot first\n'quote first\n\nA \\ backslash, p95 \u2264 250 ms, `--x-y`.");
    command.positionals = {{QStringLiteral("SET"), QStringLiteral("-a set")}};
    command.options = {
        {{QStringLiteral("t"), QStringLiteral("target")}, QStringLiteral("URL"), QStringLiteral(".where"), QStringLiteral("-1"), {}},
        {{QStringLiteral("quiet")}, {}, QStringLiteral("'no output"), {}, {}},
    };
    command.examples = {{QStringLiteral("run .x --set 'a=\"b\"'"), QStringLiteral("an example")}};
    const QString page = batchlab::ManPage::troff({command}, QStringLiteral("9.9"), QDate(2026, 1, 2));

    QByteArray warnings;
    int code = -1;
    const QString text = QString::fromUtf8(
        run(QStringLiteral("groff"), {QStringLiteral("-man"), QStringLiteral("-Tutf8"), QStringLiteral("-ww"),
                                      QStringLiteral("-P-cbou")}, // plain text: no SGR, no overstrikes
            page.toUtf8(), &warnings, &code));
    QCOMPARE(code, 0);
    QVERIFY2(warnings.isEmpty(), warnings.constData());
    // Nothing was swallowed as a request or turned into something else.
    const QString plain = QString(text).remove(QRegularExpression(QStringLiteral(".\b")));
    for (const QString &expected : {QStringLiteral(".dot first 'quote first"), QStringLiteral("A \\ backslash"),
                                    QStringLiteral("p95 \u2264 250 ms"), QStringLiteral(".where"),
                                    QStringLiteral("'no output"), QStringLiteral("batchlab run [OPTIONS] \"SET\""),
                                    QStringLiteral("Default: -1."), QStringLiteral("2026-01-02"),
                                    QStringLiteral("batchlab run .x --set 'a=\"b\"'")}) {
        QVERIFY2(plain.contains(expected), qPrintable(expected + QStringLiteral(" not in:\n") + plain));
    }
}

void TestManPage::theBinarysPageListsEveryCommandAndOption()
{
    const QByteArray page = batchlab({QStringLiteral("help"), QStringLiteral("--man")});
    QVERIFY(page.startsWith(".\\\""));

    QByteArray warnings;
    int code = -1;
    run(QStringLiteral("groff"), {QStringLiteral("-man"), QStringLiteral("-Tutf8"), QStringLiteral("-ww"), QStringLiteral("-z")},
        page, &warnings, &code);
    QCOMPARE(code, 0);
    QVERIFY2(warnings.isEmpty(), warnings.constData());

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath(QStringLiteral("batchlab.1"));
    QFile out(file);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(page);
    out.close();
    // lexgrog reads the NAME section as mandb and apropos do.
    const QByteArray whatis = run(QStringLiteral("lexgrog"), {file}, {}, nullptr, &code);
    QCOMPARE(code, 0);
    QVERIFY2(whatis.contains("\"batchlab - request batching engine and workbench\""), whatis.constData());

    const QString rendered = QString::fromUtf8(
        run(QStringLiteral("man"), {QStringLiteral("-P"), QStringLiteral("cat"), QStringLiteral("-l"), file}, {}, &warnings, &code))
        .remove(QRegularExpression(QStringLiteral(".\b")));
    QCOMPARE(code, 0);
    for (const char *section : {"NAME", "SYNOPSIS", "DESCRIPTION", "COMMANDS", "EXIT STATUS", "FILES", "SEE ALSO"})
        QVERIFY2(rendered.contains(QRegularExpression(QStringLiteral("^%1$").arg(QLatin1String(section)),
                                                      QRegularExpression::MultilineOption)), section);

    // Every command `batchlab help` lists, and every option of its --help, is on the page.
    const QString list = QString::fromUtf8(batchlab({QStringLiteral("help")}));
    QStringList commands;
    for (const QRegularExpressionMatch &match : QRegularExpression(QStringLiteral("^  (\\w+) "), QRegularExpression::MultilineOption).globalMatch(list))
        commands.append(match.captured(1));
    QVERIFY2(commands.contains(QStringLiteral("serve")) && commands.contains(QStringLiteral("completion")), qPrintable(list));
    const QRegularExpression optionLine(QStringLiteral("^  (-\\w, )?(--[\\w-]+)"), QRegularExpression::MultilineOption);
    int options = 0;
    for (const QString &command : std::as_const(commands)) {
        QVERIFY2(rendered.contains(QStringLiteral("batchlab %1").arg(command)), qPrintable(command));
        const QString help = QString::fromUtf8(batchlab({command, QStringLiteral("--help")}));
        for (const QRegularExpressionMatch &match : optionLine.globalMatch(help)) {
            QVERIFY2(rendered.contains(match.captured(2)), qPrintable(command + u' ' + match.captured(2)));
            ++options;
        }
    }
    QVERIFY2(options > 15, "too few options read from --help");
    for (const int exitCode : {0, 1, 2, 3, 130})
        QVERIFY(rendered.contains(QRegularExpression(QStringLiteral("^ +%1\\b").arg(exitCode), QRegularExpression::MultilineOption)));
}

void TestManPage::theBuiltPageIsTheBinarys()
{
    // The build writes docs/batchlab.1 (and .gz) with `batchlab help --man`; only the date may differ.
    const QString built = QStringLiteral(BATCHLAB_DOCS "/batchlab.1");
    QFile file(built);
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(built));
    QList<QByteArray> builtLines = file.readAll().split('\n');
    QList<QByteArray> printedLines = batchlab({QStringLiteral("help"), QStringLiteral("--man")}).split('\n');
    QVERIFY(builtLines.size() > 2 && printedLines.size() > 2);
    QVERIFY(builtLines.at(1).startsWith(".TH BATCHLAB 1 "));
    builtLines.removeAt(1);
    printedLines.removeAt(1);
    QCOMPARE(builtLines, printedLines);

    int code = -1;
    const QByteArray unzipped = run(QStringLiteral("gzip"), {QStringLiteral("-dc"), built + QStringLiteral(".gz")}, {}, nullptr, &code);
    QCOMPARE(code, 0);
    file.seek(0);
    QCOMPARE(unzipped, file.readAll());
}

void TestManPage::helpOfACommandIsItsHelp()
{
    QCOMPARE(batchlab({QStringLiteral("help"), QStringLiteral("serve")}),
             batchlab({QStringLiteral("serve"), QStringLiteral("--help")}));
}

void TestManPage::helpRejectsBadArguments_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::newRow("unknown command") << QStringList{QStringLiteral("help"), QStringLiteral("nope")}
                                     << QStringLiteral("no command \"nope\"");
    QTest::newRow("two commands") << QStringList{QStringLiteral("help"), QStringLiteral("serve"), QStringLiteral("help")}
                                  << QStringLiteral("unexpected argument \"help\"");
    QTest::newRow("--man and a command") << QStringList{QStringLiteral("help"), QStringLiteral("--man"), QStringLiteral("serve")}
                                         << QStringLiteral("--man shows the whole page");
    QTest::newRow("unknown option") << QStringList{QStringLiteral("help"), QStringLiteral("--mann")}
                                    << QStringLiteral("mann");
}

void TestManPage::helpRejectsBadArguments()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    QByteArray errors;
    int code = -1;
    const QByteArray out = run(m_binary, arguments, {}, &errors, &code);
    QCOMPARE(code, 2);
    QVERIFY(out.isEmpty());
    // One line, naming the problem.
    QCOMPARE(errors.count('\n'), 1);
    QVERIFY2(errors.contains(message.toUtf8()), errors.constData());
}

QTEST_GUILESS_MAIN(TestManPage)
#include "tst_manpage.moc"
