// SPDX-License-Identifier: BSD-3-Clause
// The bash completion of batchlab, run in a real bash as readline would call it (COMP_WORDS
// split at '=' and ':' as bash splits them): BashCompletion over a table made to exercise every
// kind of completion, and the script the binary prints over the real table.
#include "commands/bashcompletion.h"

#include <QDir>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

class TestBashCompletion : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void quoted();
    void aTable_data();
    void aTable();
    void theBinarysScript_data();
    void theBinarysScript();
    void everyOptionOfEveryCommand();
    void completionRejectsOtherShells_data();
    void completionRejectsOtherShells();

private:
    /// COMPREPLY, sorted, after sourcing `script` and calling _batchlab on `words` (the last is
    /// the word under the cursor) in the scratch directory.
    QStringList complete(const QString &script, const QStringList &words);
    QByteArray batchlab(const QStringList &arguments);
    QString writeScript(const QString &name, const QByteArray &text);

    QString m_binary;
    QTemporaryDir m_dir;
    QString m_tableScript;
    QString m_binaryScript;
};

void TestBashCompletion::initTestCase()
{
    m_binary = QStringLiteral(BATCHLAB_BINARY);
    QVERIFY2(QFile::exists(m_binary), qPrintable(m_binary));
    QVERIFY(!QStandardPaths::findExecutable(QStringLiteral("bash")).isEmpty());
    QVERIFY(m_dir.isValid());
    // The scratch directory the file names come from.
    QDir scratch(m_dir.path());
    QVERIFY(scratch.mkpath(QStringLiteral("files/sub")));
    for (const char *name : {"alpha.batchlab.json", "beta.har", "it's here.json"}) {
        QFile file(scratch.filePath(QStringLiteral("files/") + QLatin1String(name)));
        QVERIFY(file.open(QIODevice::WriteOnly));
    }

    batchlab::CliCommand run;
    run.name = QStringLiteral("run");
    run.synopsis = QStringLiteral("[OPTIONS] SET");
    run.positionals = {{QStringLiteral("SET"), QStringLiteral("a set")}};
    run.options = {
        {{QStringLiteral("t"), QStringLiteral("target")}, QStringLiteral("FILE"), {}, {}, {QStringLiteral("<file>")}},
        {{QStringLiteral("profile")}, QStringLiteral("P"), {}, {},
         {QStringLiteral("graph"), QStringLiteral("odata401"), QStringLiteral("odata40")}},
        {{QStringLiteral("report")}, QStringLiteral("KIND:FILE"), {}, {}, {QStringLiteral("json:"), QStringLiteral("csv:")}},
        {{QStringLiteral("set")}, QStringLiteral("KNOB=V"), {}, {}, {}},
        {{QStringLiteral("quiet")}, {}, {}, {}, {}},
    };
    batchlab::CliCommand help;
    help.name = QStringLiteral("help");
    help.positionals = {{QStringLiteral("COMMAND"), {}}};
    help.positionalCompletions = {{QStringLiteral("<command>")}};
    batchlab::CliCommand tricky;
    tricky.name = QStringLiteral("it's");
    tricky.options = {{{QStringLiteral("say")}, QStringLiteral("W"), {}, {}, {QStringLiteral("a'b"), QStringLiteral("$(false)")}}};
    m_tableScript = writeScript(QStringLiteral("table.bash"), batchlab::BashCompletion::script({run, help, tricky}).toUtf8());
    m_binaryScript = writeScript(QStringLiteral("batchlab.bash"), batchlab({QStringLiteral("completion"), QStringLiteral("bash")}));

    for (const QString &script : {m_tableScript, m_binaryScript}) {
        QProcess bash;
        bash.start(QStringLiteral("bash"), {QStringLiteral("-n"), script});
        QVERIFY(bash.waitForFinished(10000));
        QVERIFY2(bash.exitCode() == 0, bash.readAllStandardError().constData());
    }
}

QString TestBashCompletion::writeScript(const QString &name, const QByteArray &text)
{
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size())
        return {};
    return path;
}

QByteArray TestBashCompletion::batchlab(const QStringList &arguments)
{
    QProcess process;
    process.start(m_binary, arguments);
    process.waitForFinished(10000);
    [&] { QCOMPARE(process.exitCode(), 0); }();
    return process.readAllStandardOutput();
}

QStringList TestBashCompletion::complete(const QString &script, const QStringList &words)
{
    QProcess bash;
    bash.setWorkingDirectory(m_dir.filePath(QStringLiteral("files")));
    // Plain bash, without the bash-completion package: the script must not need it.
    bash.start(QStringLiteral("bash"),
               QStringList{QStringLiteral("--norc"), QStringLiteral("-c"),
                           QStringLiteral("source \"$1\" || exit 9; shift; COMP_WORDS=(\"$@\"); COMP_CWORD=$(($# - 1)); "
                                          "_batchlab || exit 8; printf '%s\\n' \"${COMPREPLY[@]}\""),
                           QStringLiteral("bash"), script}
                   + words);
    if (!bash.waitForFinished(10000) || bash.exitCode() != 0)
        return {QStringLiteral("<bash failed: %1>").arg(QString::fromUtf8(bash.readAllStandardError()))};
    const QByteArray errors = bash.readAllStandardError();
    if (!errors.isEmpty())
        return {QStringLiteral("<stderr: %1>").arg(QString::fromUtf8(errors))};
    QStringList reply = QString::fromUtf8(bash.readAllStandardOutput()).split(u'\n', Qt::SkipEmptyParts);
    reply.sort();
    return reply;
}

void TestBashCompletion::quoted()
{
    QCOMPARE(batchlab::BashCompletion::quoted(QStringLiteral("a b")), QStringLiteral("'a b'"));
    QCOMPARE(batchlab::BashCompletion::quoted(QStringLiteral("it's")), QStringLiteral("'it'\\''s'"));
}

void TestBashCompletion::aTable_data()
{
    QTest::addColumn<QStringList>("words");
    QTest::addColumn<QStringList>("expected");
    const auto l = [](const char *words) { return QString::fromUtf8(words).split(u'|'); };
    QTest::newRow("commands and the workbench's files")
        << l("batchlab|") << l("alpha.batchlab.json|beta.har|help|it's|it's here.json|run|sub");
    QTest::newRow("a command") << l("batchlab|r") << l("run");
    QTest::newRow("top-level options") << l("batchlab|-") << l("--help|--version|-h|-v");
    QTest::newRow("options") << l("batchlab|run|--") << l("--help|--profile|--quiet|--report|--set|--target");
    QTest::newRow("short and long") << l("batchlab|run|-") << l("--help|--profile|--quiet|--report|--set|--target|-h|-t");
    QTest::newRow("an option's values") << l("batchlab|run|--profile|odata4") << l("odata40|odata401");
    QTest::newRow("values after =") << l("batchlab|run|--profile|=") << l("graph|odata40|odata401");
    QTest::newRow("a value after =") << l("batchlab|run|--profile|=|g") << l("graph");
    QTest::newRow("prefixes") << l("batchlab|run|--report|") << l("csv:|json:");
    QTest::newRow("a file after a prefix") << l("batchlab|run|--report|json|:|al") << l("alpha.batchlab.json");
    QTest::newRow("a file after a prefix after =") << l("batchlab|run|--report|=|csv|:|b") << l("beta.har");
    QTest::newRow("a file value") << l("batchlab|run|-t|s") << l("sub");
    QTest::newRow("a value with nothing to offer") << l("batchlab|run|--set|") << QStringList();
    QTest::newRow("a positional file") << l("batchlab|run|a") << l("alpha.batchlab.json");
    QTest::newRow("a file name with a quote") << l("batchlab|run|it") << l("it's here.json");
    QTest::newRow("positional after values and switches")
        << l("batchlab|run|--set|x|=|1|--quiet|--profile|graph|--report=json:a|b") << l("beta.har");
    QTest::newRow("no second positional") << l("batchlab|run|--quiet|alpha.batchlab.json|") << QStringList();
    QTest::newRow("sub-command names") << l("batchlab|help|") << l("help|it's|run");
    QTest::newRow("quotes and dollars stay words") << l("batchlab|it's|--say|") << l("$(false)|a'b");
    QTest::newRow("an unknown command") << l("batchlab|nope|") << QStringList();
}

void TestBashCompletion::aTable()
{
    QFETCH(QStringList, words);
    QFETCH(QStringList, expected);
    QCOMPARE(complete(m_tableScript, words), expected);
}

void TestBashCompletion::theBinarysScript_data()
{
    QTest::addColumn<QStringList>("words");
    QTest::addColumn<QStringList>("expected");
    const auto l = [](const char *words) { return QString::fromUtf8(words).split(u'|'); };
    QTest::newRow("serve") << l("batchlab|se") << l("serve");
    QTest::newRow("serve --ma") << l("batchlab|serve|--ma") << l("--malformed-kind|--malformed-rate|--max-batch-items");
    QTest::newRow("serve --malformed-kind") << l("batchlab|serve|--malformed-kind|b") << l("bad-json");
    QTest::newRow("serve --malformed-kind=") << l("batchlab|serve|--malformed-kind|=|d") << l("duplicate-id");
    QTest::newRow("serve --port") << l("batchlab|serve|--port|") << QStringList();
    QTest::newRow("help") << l("batchlab|help|se") << l("serve");
    QTest::newRow("completion") << l("batchlab|completion|") << l("bash");
}

void TestBashCompletion::theBinarysScript()
{
    QFETCH(QStringList, words);
    QFETCH(QStringList, expected);
    QCOMPARE(complete(m_binaryScript, words), expected);
}

void TestBashCompletion::everyOptionOfEveryCommand()
{
    // What each command's --help lists is what `batchlab COMMAND -` completes, and every command
    // `batchlab help` lists is completed.
    const QString list = QString::fromUtf8(batchlab({QStringLiteral("help")}));
    QStringList commands;
    for (const QRegularExpressionMatch &match :
         QRegularExpression(QStringLiteral("^  (\\w+) "), QRegularExpression::MultilineOption).globalMatch(list))
        commands.append(match.captured(1));
    QVERIFY2(commands.size() >= 3, qPrintable(list));
    QStringList completed = complete(m_binaryScript, {QStringLiteral("batchlab"), QString()});
    for (const QString &command : std::as_const(commands))
        QVERIFY2(completed.contains(command), qPrintable(command));

    const QRegularExpression optionLine(QStringLiteral("^  (?:-(\\w), )?--([\\w-]+)"), QRegularExpression::MultilineOption);
    for (const QString &command : std::as_const(commands)) {
        QStringList expected;
        for (const QRegularExpressionMatch &match :
             optionLine.globalMatch(QString::fromUtf8(batchlab({command, QStringLiteral("--help")})))) {
            if (match.hasCaptured(1))
                expected.append(QStringLiteral("-") + match.captured(1));
            expected.append(QStringLiteral("--") + match.captured(2));
        }
        expected.sort();
        QCOMPARE(complete(m_binaryScript, {QStringLiteral("batchlab"), command, QStringLiteral("-")}), expected);
    }
}

void TestBashCompletion::completionRejectsOtherShells_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::newRow("no shell") << QStringList{QStringLiteral("completion")} << QStringLiteral("which shell?");
    QTest::newRow("zsh") << QStringList{QStringLiteral("completion"), QStringLiteral("zsh")}
                         << QStringLiteral("no completion for \"zsh\"");
    QTest::newRow("two shells") << QStringList{QStringLiteral("completion"), QStringLiteral("bash"), QStringLiteral("bash")}
                                << QStringLiteral("unexpected argument");
}

void TestBashCompletion::completionRejectsOtherShells()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    QProcess process;
    process.start(m_binary, arguments);
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitCode(), 2);
    QVERIFY(process.readAllStandardOutput().isEmpty());
    const QByteArray errors = process.readAllStandardError();
    QCOMPARE(errors.count('\n'), 1);
    QVERIFY2(errors.contains(message.toUtf8()), errors.constData());
}

QTEST_GUILESS_MAIN(TestBashCompletion)
#include "tst_bashcompletion.moc"
