// SPDX-License-Identifier: BSD-3-Clause
// CurlImporter and ShellWords: command lines as docs, bug reports and browsers write them,
// with curl's own meaning for each option, and errors that say where.
#include "runs/io/curlimporter.h"
#include "runs/io/interchange.h"
#include "runs/io/shellwords.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace batchlab;

using Headers = QList<QPair<QString, QString>>;
Q_DECLARE_METATYPE(batchlab::RequestItem)

namespace {

using Pairs = std::initializer_list<std::pair<const char *, const char *>>;

RequestItem call(const char *method, const char *url, Pairs headers, const QString &body)
{
    RequestItem item;
    item.method = QString::fromUtf8(method);
    item.url = QString::fromUtf8(url);
    for (const auto &[name, value] : headers)
        item.headers.append({QString::fromUtf8(name), QString::fromUtf8(value)});
    item.body = body;
    return item;
}

RequestItem call(const char *method, const char *url, Pairs headers = {}, const char *body = "")
{
    return call(method, url, headers, QString::fromUtf8(body));
}

/// What an import must match: everything but the derived name.
RequestItem unnamed(RequestItem item)
{
    item.name.clear();
    return item;
}

const Pairs kFormType = {{"Content-Type", "application/x-www-form-urlencoded"}};

ImportResult import(const QString &text, const QString &fileName = {})
{
    return CurlImporter().read(text.toUtf8(), fileName);
}

QString notesText(const ImportResult &result)
{
    QStringList lines;
    for (const ImportNote &note : result.notes + result.skipped)
        lines.append(note.where + QStringLiteral(": ") + note.what);
    return lines.join(u'\n');
}

} // namespace

class TestCurlImport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void commandLines_data();
    void commandLines();
    void namesComeFromMethodAndPath();
    void optionsThatChangeMeaningAreNoted();
    void filesAreReadNextToThePastedFile();
    void aMissingFileOrNoFileRefusesTheRequest();
    void shellVariablesBecomeVariables();
    void otherCommandsAreSkippedWithTheirLine();
    void malformedInputSaysWhere_data();
    void malformedInputSaysWhere();
    void recognizesCurlFirst();
    void everyCapturedCommandIsAccountedFor();
};

void TestCurlImport::commandLines_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QList<RequestItem>>("expected");
    const auto one = [](const RequestItem &item) { return QList<RequestItem>{item}; };

    QTest::newRow("get") << QStringLiteral("curl https://h.example/users") << one(call("GET", "https://h.example/users"));
    QTest::newRow("-X and -H") << QStringLiteral("curl -X PUT -H 'X-A: 1' -H 'X-B:two' https://h.example/x")
                               << one(call("PUT", "https://h.example/x", {{"X-A", "1"}, {"X-B", "two"}}));
    QTest::newRow("--request --header") << QStringLiteral("curl --request DELETE --header 'X-A: 1' https://h.example/x")
                                        << one(call("DELETE", "https://h.example/x", {{"X-A", "1"}}));
    QTest::newRow("several -d joined with &") << QStringLiteral("curl -d a=1 --data b=2 --data-ascii c=3 https://h.example/f")
                                              << one(call("POST", "https://h.example/f", kFormType, "a=1&b=2&c=3"));
    QTest::newRow("-X PUT keeps -d's type") << QStringLiteral("curl -X PUT -d x https://h.example/f")
                                            << one(call("PUT", "https://h.example/f", kFormType, "x"));
    QTest::newRow("--data-raw keeps @") << QStringLiteral("curl --data-raw '@not-a-file' https://h.example/f")
                                        << one(call("POST", "https://h.example/f", kFormType, "@not-a-file"));
    QTest::newRow("a given Content-Type wins")
        << QStringLiteral("curl -H 'content-type: text/plain' --data-binary 'a b' https://h.example/f")
        << one(call("POST", "https://h.example/f", {{"content-type", "text/plain"}}, "a b"));
    QTest::newRow("Content-Type: removes it") << QStringLiteral("curl -H 'Content-Type:' -d x https://h.example/f")
                                              << one(call("POST", "https://h.example/f", {}, "x"));
    QTest::newRow("Name; sends it empty") << QStringLiteral("curl -H 'X-Empty;' https://h.example/")
                                          << one(call("GET", "https://h.example/", {{"X-Empty", ""}}));
    QTest::newRow("--json twice concatenated")
        << QStringLiteral("curl --json '{ \"drink\":' --json ' \"coffee\" }' https://h.example/j")
        << one(call("POST", "https://h.example/j", {{"Content-Type", "application/json"}, {"Accept", "application/json"}},
                    "{ \"drink\": \"coffee\" }"));
    QTest::newRow("-G moves data into the query")
        << QStringLiteral("curl -G -d q=1 -d 'r=a b' 'https://h.example/s?x=0'")
        << one(call("GET", "https://h.example/s?x=0&q=1&r=a b"));
    QTest::newRow("-X PUT -G") << QStringLiteral("curl -X PUT -G -d q=1 https://h.example/s")
                               << one(call("PUT", "https://h.example/s?q=1"));
    QTest::newRow("--data-urlencode rules")
        << QStringLiteral("curl --data-urlencode 'name=a b&c' --data-urlencode '=x/y' --data-urlencode 'é' https://h.example/u")
        << one(call("POST", "https://h.example/u", kFormType, "name=a+b%26c&x%2Fy&%C3%A9"));
    QTest::newRow("-u user:pass") << QStringLiteral("curl -u 'user:pa:ss' https://h.example/")
                                  << one(call("GET", "https://h.example/", {{"Authorization", "Basic dXNlcjpwYTpzcw=="}}));
    QTest::newRow("-u user: empty password") << QStringLiteral("curl --user user: https://h.example/")
                                             << one(call("GET", "https://h.example/", {{"Authorization", "Basic dXNlcjo="}}));
    QTest::newRow("-A -e -b") << QStringLiteral("curl -A 'Agent/1' -e 'https://r.example/;auto' -b 'a=1; b=2' https://h.example/")
                              << one(call("GET", "https://h.example/", {{"User-Agent", "Agent/1"}, {"Referer", "https://r.example/"}, {"Cookie", "a=1; b=2"}}));
    QTest::newRow("-H beats -A") << QStringLiteral("curl -A one -H 'User-Agent: two' https://h.example/")
                                 << one(call("GET", "https://h.example/", {{"User-Agent", "two"}}));
    QTest::newRow("--oauth2-bearer") << QStringLiteral("curl --oauth2-bearer t0k https://h.example/")
                                     << one(call("GET", "https://h.example/", {{"Authorization", "Bearer t0k"}}));
    QTest::newRow("-F text fields")
        << QStringLiteral("curl -F a=1 -F 'b=\"x;y\"' -F 'c=z;type=text/plain' --form-string 'd=@lit' https://h.example/m")
        << one(call("POST", "https://h.example/m",
                    {{"Content-Type", "multipart/form-data; boundary=------------------------batchlab0curl0form"}},
                    "--------------------------batchlab0curl0form\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n"
                    "--------------------------batchlab0curl0form\r\nContent-Disposition: form-data; name=\"b\"\r\n\r\nx;y\r\n"
                    "--------------------------batchlab0curl0form\r\nContent-Disposition: form-data; name=\"c\"\r\n\r\nz\r\n"
                    "--------------------------batchlab0curl0form\r\nContent-Disposition: form-data; name=\"d\"\r\n\r\n@lit\r\n"
                    "--------------------------batchlab0curl0form--\r\n"));
    QTest::newRow("double quotes and escapes")
        << QStringLiteral("curl -H \"X-Q: \\\"q\\\" \\\\ \\$HOME it's\" \"https://h.example/a b\"")
        << one(call("GET", "https://h.example/a b", {{"X-Q", "\"q\" \\ $HOME it's"}}));
    QTest::newRow("'\\'' inside single quotes") << QStringLiteral("curl -H 'X: it'\\''s' https://h.example/")
                                                << one(call("GET", "https://h.example/", {{"X", "it's"}}));
    QTest::newRow("backslash escapes unquoted") << QStringLiteral("curl -H X:\\ a\\'b https://h.example/")
                                                << one(call("GET", "https://h.example/", {{"X", "a'b"}}));
    QTest::newRow("$'…' ANSI-C quoting")
        << QStringLiteral("curl --data-raw $'a\\nb\\x41\\u00e9\\101\\t\\'' https://h.example/")
        << one(call("POST", "https://h.example/", kFormType, QStringLiteral("a\nbA\u00e9A\t'")));
    QTest::newRow("prompt and continuations")
        << QStringLiteral("$ curl \\\n  -H 'A: b' \\\r\n  https://h.example/c")
        << one(call("GET", "https://h.example/c", {{"A", "b"}}));
    QTest::newRow("short options clustered") << QStringLiteral("curl -sSLXPOST -HX:1 https://h.example/")
                                             << one(call("POST", "https://h.example/", {{"X", "1"}}));
    QTest::newRow("ignored options' arguments are no URLs")
        << QStringLiteral("curl -o out.json -w '%{http_code}' -m 5 --retry 3 -i -v https://h.example/")
        << one(call("GET", "https://h.example/"));
    QTest::newRow("--url") << QStringLiteral("curl --url https://h.example/u") << one(call("GET", "https://h.example/u"));
    QTest::newRow("-I is HEAD") << QStringLiteral("curl -I https://h.example/") << one(call("HEAD", "https://h.example/"));
    QTest::newRow("no scheme is http") << QStringLiteral("curl localhost:8080/x") << one(call("GET", "http://localhost:8080/x"));
    QTest::newRow("-r is a Range") << QStringLiteral("curl -r 0-99 https://h.example/") << one(call("GET", "https://h.example/", {{"Range", "bytes=0-99"}}));
    QTest::newRow("several URLs share the options")
        << QStringLiteral("curl -H 'A: 1' https://h.example/a https://h.example/b")
        << QList<RequestItem>{call("GET", "https://h.example/a", {{"A", "1"}}), call("GET", "https://h.example/b", {{"A", "1"}})};
    QTest::newRow("--next starts over")
        << QStringLiteral("curl -d x=1 https://h.example/a --next -H 'B: 2' https://h.example/b")
        << QList<RequestItem>{call("POST", "https://h.example/a", kFormType, "x=1"), call("GET", "https://h.example/b", {{"B", "2"}})};
    QTest::newRow("commands, comments and blank lines")
        << QStringLiteral("# list\ncurl https://h.example/a   # the first\n\n\n# then\ncurl -X DELETE https://h.example/b; curl https://h.example/c")
        << QList<RequestItem>{call("GET", "https://h.example/a"), call("DELETE", "https://h.example/b"), call("GET", "https://h.example/c")};
}

void TestCurlImport::commandLines()
{
    QFETCH(QString, text);
    QFETCH(QList<RequestItem>, expected);
    const ImportResult result = import(text);
    QVERIFY2(result.ok(), qPrintable(result.error.toString()));
    QList<RequestItem> got;
    for (const RequestItem &item : result.set.requests)
        got.append(unnamed(item));
    QCOMPARE(got, expected);
    QVERIFY2(result.skipped.isEmpty(), qPrintable(notesText(result)));
}

void TestCurlImport::namesComeFromMethodAndPath()
{
    const ImportResult result = import(QStringLiteral("curl -d a=1 'https://h.example/v2/items?x=1'\ncurl https://h.example"));
    QCOMPARE(result.set.requests.size(), 2);
    QCOMPARE(result.set.requests.at(0).name, QStringLiteral("POST /v2/items"));
    QCOMPARE(result.set.requests.at(1).name, QStringLiteral("GET /"));
}

void TestCurlImport::optionsThatChangeMeaningAreNoted()
{
    const ImportResult result = import(QStringLiteral("curl -s \\\n  -k -L --compressed -b cookies.txt --frobnicate https://h.example/"));
    QCOMPARE(result.set.requests.size(), 1);
    QCOMPARE(result.set.requests.at(0).headers, Headers{}); // -k, --compressed: nothing applied
    const QString notes = notesText(result);
    for (const char *part : {"line 2: -k:", "line 2: -L:", "line 2: --compressed:", "cookies.txt", "--frobnicate"})
        QVERIFY2(notes.contains(QLatin1String(part)), qPrintable(notes));
    QVERIFY2(!notes.contains(QLatin1String("-s")), qPrintable(notes)); // output only: no note
}

void TestCurlImport::filesAreReadNextToThePastedFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile body(dir.filePath(QStringLiteral("body.txt")));
    QVERIFY(body.open(QIODevice::WriteOnly));
    body.write("a=1\r\n&b=2 c\n");
    body.close();
    const QString pasted = dir.filePath(QStringLiteral("calls.sh"));
    const ImportResult result = import(QStringLiteral("curl -d @body.txt https://h.example/1\n"
                                                      "curl --data-binary @body.txt https://h.example/2\n"
                                                      "curl --data-urlencode v@body.txt https://h.example/3\n"),
                                       pasted);
    QVERIFY2(result.ok(), qPrintable(result.error.toString()));
    QCOMPARE(result.set.requests.size(), 3);
    QCOMPARE(result.set.requests.at(0).body, QStringLiteral("a=1&b=2 c")); // -d drops CR and LF
    QCOMPARE(result.set.requests.at(1).body, QStringLiteral("a=1\r\n&b=2 c\n"));
    QCOMPARE(result.set.requests.at(2).body, QStringLiteral("v=a%3D1%0D%0A%26b%3D2+c%0A"));
}

void TestCurlImport::aMissingFileOrNoFileRefusesTheRequest()
{
    QTemporaryDir dir;
    const ImportResult missing = import(QStringLiteral("curl https://h.example/ok\ncurl -d @gone.json https://h.example/x"),
                                        dir.filePath(QStringLiteral("calls.sh")));
    QVERIFY(missing.ok());
    QCOMPARE(missing.set.requests.size(), 1);
    QCOMPARE(missing.skipped.size(), 1);
    QCOMPARE(missing.skipped.at(0).where, QStringLiteral("line 2"));
    QVERIFY2(missing.skipped.at(0).what.contains(QLatin1String("@gone.json cannot be read")), qPrintable(missing.skipped.at(0).what));

    const ImportResult pasted = import(QStringLiteral("curl -d @body.json https://h.example/x"));
    QCOMPARE(pasted.set.requests.size(), 0);
    QCOMPARE(pasted.skipped.size(), 1);
    QVERIFY2(pasted.skipped.at(0).what.contains(QLatin1String("no file")), qPrintable(pasted.skipped.at(0).what));

    const ImportResult stdinData = import(QStringLiteral("curl -d @- https://h.example/x"));
    QCOMPARE(stdinData.skipped.size(), 1);
}

void TestCurlImport::shellVariablesBecomeVariables()
{
    const ImportResult result = import(QStringLiteral("TOKEN='abc'\nexport HOST=h.example\n"
                                                      "curl -H \"Authorization: Bearer $TOKEN\" \"https://${HOST}/u/${ID}\""));
    QVERIFY(result.ok());
    QCOMPARE(result.set.variables,
             (QList<Variable>{{QStringLiteral("TOKEN"), QStringLiteral("abc")}, {QStringLiteral("HOST"), QStringLiteral("h.example")}}));
    QCOMPARE(result.set.requests.size(), 1);
    QCOMPARE(result.set.requests.at(0).url, QStringLiteral("https://{{HOST}}/u/{{ID}}"));
    QCOMPARE(result.set.requests.at(0).headers, (Headers{{QStringLiteral("Authorization"), QStringLiteral("Bearer {{TOKEN}}")}}));
    const QString notes = notesText(result);
    QVERIFY2(notes.contains(QLatin1String("$ID")) && !notes.contains(QLatin1String("$TOKEN")), qPrintable(notes));
}

void TestCurlImport::otherCommandsAreSkippedWithTheirLine()
{
    const ImportResult result = import(QStringLiteral("curl https://h.example/ | jq .\nwget https://h.example/"));
    QCOMPARE(result.set.requests.size(), 1);
    QCOMPARE(result.skipped.size(), 2);
    QCOMPARE(result.skipped.at(0).where, QStringLiteral("line 1"));
    QCOMPARE(result.skipped.at(1).where, QStringLiteral("line 2"));
}

void TestCurlImport::malformedInputSaysWhere_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("message");
    QTest::newRow("unclosed '") << QStringLiteral("curl https://h.example/\ncurl -d 'abc https://h") << 2 << 9 << QStringLiteral("unclosed single quote");
    QTest::newRow("unclosed \"") << QStringLiteral("curl \\\n  -H \"X: 1 https://h") << 2 << 6 << QStringLiteral("unclosed double quote");
    QTest::newRow("unclosed $'") << QStringLiteral("curl --data-raw $'a\\'") << 1 << 17 << QStringLiteral("unclosed $'");
    QTest::newRow("-H without argument") << QStringLiteral("curl https://h.example/ \\\n   -H") << 2 << 4 << QStringLiteral("option -H needs an argument");
    QTest::newRow("--data without argument") << QStringLiteral("curl https://h --data") << 1 << 16 << QStringLiteral("option --data needs an argument");
    QTest::newRow("no URL") << QStringLiteral("# x\n  curl -s -H 'A: b'") << 2 << 3 << QStringLiteral("curl command without a URL");
    QTest::newRow("no URL after --next") << QStringLiteral("curl https://h --next -d x") << 1 << 1 << QStringLiteral("curl command without a URL");
}

void TestCurlImport::malformedInputSaysWhere()
{
    QFETCH(QString, text);
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QString, message);
    const ImportResult result = import(text, QStringLiteral("pasted.sh"));
    QVERIFY(!result.ok());
    QVERIFY2(result.error.message.startsWith(message), qPrintable(result.error.message));
    QCOMPARE(result.error.line, line);
    QCOMPARE(result.error.column, column);
    QVERIFY(result.error.toString().startsWith(QStringLiteral("pasted.sh:%1:%2").arg(line).arg(column)));
    QVERIFY(result.set.requests.isEmpty());
}

void TestCurlImport::recognizesCurlFirst()
{
    const CurlImporter importer;
    QCOMPARE(importer.recognizes("# get it\n\n$ curl https://h.example/"), 90);
    QCOMPARE(importer.recognizes("#!/bin/sh\nBASE='x'\ncurl \"$BASE\""), 90);
    QCOMPARE(importer.recognizes("wget https://h.example/\ncurl x"), 0);
    QCOMPARE(importer.recognizes("{\"log\": {}}"), 0);
    QCOMPARE(Interchange::importerFor("curl https://h.example/")->format(), QStringLiteral("curl"));
    QCOMPARE(Interchange::exporter(QStringLiteral("curl"))->suffix(), QStringLiteral(".sh"));
}

void TestCurlImport::everyCapturedCommandIsAccountedFor()
{
    QFile file(QStringLiteral(BATCHLAB_CURL_CAPTURES));
    if (!file.open(QIODevice::ReadOnly))
        QSKIP("no captured curl commands here (" BATCHLAB_CURL_CAPTURES ")");
    const QString all = QString::fromUtf8(file.readAll());
    // The file's own rule: blocks split on a blank line followed by '# source:'.
    const QStringList blocks = all.split(QStringLiteral("\n\n# source:"));
    int commands = 0;
    for (qsizetype b = 1; b < blocks.size(); ++b) {
        const QString block = QStringLiteral("# source:") + blocks.at(b);
        const QString source = block.section(u'\n', 0, 0);
        const ImportResult result = import(block);
        QVERIFY2(result.ok(), qPrintable(source + QStringLiteral(": ") + result.error.toString()));
        const ShellSplit split = ShellWords::split(block);
        int curls = 0;
        for (const ShellCommand &command : split.commands)
            curls += command.words.first().text == u"curl" || command.words.value(1).text == u"curl";
        QVERIFY2(curls > 0, qPrintable(source));
        commands += curls;
        // Each command is at least one request or a skipped entry with its reason.
        QVERIFY2(result.set.requests.size() + result.skipped.size() >= curls,
                 qPrintable(source + u'\n' + notesText(result)));
        for (const RequestItem &item : result.set.requests)
            QVERIFY2(!item.url.isEmpty() && !item.method.isEmpty() && !item.name.isEmpty(), qPrintable(source));
    }
    QVERIFY(commands >= 20);
    qInfo("%d captured commands imported", commands);
}

QTEST_GUILESS_MAIN(TestCurlImport)
#include "tst_curlimport.moc"
