// SPDX-License-Identifier: BSD-3-Clause
// `batchlab convert` as a user runs it: the real binary between every pair of formats from each
// sample set, the report on stderr, the formats told from content and extension or named, bad
// input and bad arguments (exit 2, one line), secrets kept out. The results are read back
// with the library the workbench opens them with.
#include "runs/io/harexporter.h"
#include "runs/io/interchange.h"
#include "runs/requestsetfile.h"

#include <QDir>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace batchlab;

namespace {

struct Outcome
{
    int code = -1;
    QByteArray out;
    QByteArray err;
};

const QStringList kFormats{QStringLiteral("native"), QStringLiteral("har"), QStringLiteral("postman"),
                           QStringLiteral("curl")};

QString suffixOf(const QString &format)
{
    if (format == u"native")
        return QStringLiteral(".batchlab.json");
    if (format == u"har")
        return QStringLiteral(".har");
    if (format == u"postman")
        return QStringLiteral(".postman_collection.json");
    return QStringLiteral(".sh");
}

/// A file as the workbench would open it: native through RequestSetFile, the rest imported.
RequestSet readBack(const QString &path, QString *error)
{
    RequestSet set;
    FileError problem;
    if (path.endsWith(QLatin1String(".batchlab.json"))) {
        if (!RequestSetFile::load(path, &set, &problem))
            *error = problem.toString();
        return set;
    }
    const ImportResult result = Interchange::importFile(path);
    if (!result.ok())
        *error = result.error.toString();
    return result.set;
}

/// What of `item` a chain through `formats` keeps: a HAR's URLs are absolute (the sandbox's
/// requests on http://localhost) and it leaves credentials out unless asked.
RequestItem carried(RequestItem item, const QStringList &formats)
{
    if (formats.contains(QStringLiteral("har"))) {
        // The HAR importer gives the {{braces}} the URL encoding took back.
        if (item.url.startsWith(u'/'))
            item.url.prepend(QStringLiteral("http://localhost"));
        item.headers.removeIf([](const QPair<QString, QString> &h) { return HarExporter::isSecretHeader(h.first); });
    }
    return item;
}

/// The requests of `original` that a chain through `formats` keeps: curl lines hold no
/// disabled request.
QList<RequestItem> carriedRequests(const RequestSet &original, const QStringList &formats)
{
    QList<RequestItem> out;
    for (const RequestItem &item : original.requests) {
        if (!item.enabled && formats.contains(QStringLiteral("curl")))
            continue;
        out.append(carried(item, formats));
    }
    return out;
}

QString describe(const RequestItem &item)
{
    QStringList headers;
    for (const auto &[name, value] : item.headers)
        headers.append(name + QStringLiteral(": ") + value);
    return QStringLiteral("%1 %2 [%3] %4").arg(item.method, item.url, headers.join(QStringLiteral("; ")), item.body);
}

} // namespace

class TestConvertCommand : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void helpListsOptionsAndExamples();
    void everyPairFromEachSample_data();
    void everyPairFromEachSample();
    void reportSaysWhatWasSkippedAndChanged();
    void malformedInput_data();
    void malformedInput();
    void unknownExtensionListsTheFormats();
    void fromAndToOverride();
    void badArguments_data();
    void badArguments();
    void inPlaceNeedsForceAndAReplacedFileIsSaid();
    void secretsStayOutUnlessAsked_data();
    void secretsStayOutUnlessAsked();
    void standardStreams();

private:
    Outcome convert(const QStringList &arguments, const QByteArray &input = {}) const;
    QString write(const QString &name, const QByteArray &data) const;

    QString m_binary;
    QTemporaryDir m_dir;
};

void TestConvertCommand::initTestCase()
{
    m_binary = QStringLiteral(BATCHLAB_BINARY);
    QVERIFY2(QFile::exists(m_binary), qPrintable(m_binary));
    QVERIFY(m_dir.isValid());
}

Outcome TestConvertCommand::convert(const QStringList &arguments, const QByteArray &input) const
{
    QProcess process;
    process.setWorkingDirectory(m_dir.path());
    process.start(m_binary, QStringList{QStringLiteral("convert")} + arguments);
    if (!process.waitForStarted(10000))
        return {};
    process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(30000) || process.exitStatus() != QProcess::NormalExit)
        return {};
    return {process.exitCode(), process.readAllStandardOutput(), process.readAllStandardError()};
}

QString TestConvertCommand::write(const QString &name, const QByteArray &data) const
{
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (file.open(QIODevice::WriteOnly))
        file.write(data);
    return path;
}

void TestConvertCommand::helpListsOptionsAndExamples()
{
    const Outcome help = convert({QStringLiteral("--help")});
    QCOMPARE(help.code, 0);
    for (const char *expected : {"Usage: batchlab convert [OPTIONS] IN OUT", "--from FORMAT", "--to FORMAT",
                                 "native, har, postman, curl", "--include-secrets", "--resolve-variables", "--force",
                                 "Examples:", "batchlab convert capture.har capture.batchlab.json", "Exit codes:"})
        QVERIFY2(help.out.contains(expected), expected);
}

void TestConvertCommand::everyPairFromEachSample_data()
{
    // native → X → Y → native for every X ≠ Y of the three others: every ordered pair of the
    // four formats is converted at least once, from each sample.
    QTest::addColumn<QString>("sample");
    QTest::addColumn<QString>("x");
    QTest::addColumn<QString>("y");
    const QDir sets(QStringLiteral(BATCHLAB_SAMPLE_SETS));
    const QStringList samples = sets.entryList({QStringLiteral("*.batchlab.json")}, QDir::Files, QDir::Name);
    QVERIFY(samples.size() >= 5);
    for (const QString &sample : samples) {
        for (const QString &x : kFormats.mid(1)) {
            for (const QString &y : kFormats.mid(1)) {
                if (x != y)
                    QTest::addRow("%s %s-%s", qPrintable(sample.section(u'.', 0, 0)), qPrintable(x), qPrintable(y))
                        << sets.filePath(sample) << x << y;
            }
        }
    }
}

void TestConvertCommand::everyPairFromEachSample()
{
    QFETCH(QString, sample);
    QFETCH(QString, x);
    QFETCH(QString, y);
    RequestSet original;
    FileError error;
    QVERIFY2(RequestSetFile::load(sample, &original, &error), qPrintable(error.toString()));

    const QString stem = QFileInfo(sample).fileName().section(u'.', 0, 0) + u'-' + x + u'-' + y;
    const QStringList chain{sample, m_dir.filePath(stem + QStringLiteral("-1") + suffixOf(x)),
                            m_dir.filePath(stem + QStringLiteral("-2") + suffixOf(y)),
                            m_dir.filePath(stem + QStringLiteral("-3.batchlab.json"))};
    QStringList through;
    for (qsizetype step = 1; step < chain.size(); ++step) {
        const Outcome outcome = convert({chain.at(step - 1), chain.at(step)});
        QVERIFY2(outcome.code == 0, outcome.err.constData());
        QVERIFY2(outcome.err.contains(": written as "), outcome.err.constData());
        through.append(step == 1 ? x : step == 2 ? y : QStringLiteral("native"));

        // Each result, read as the workbench reads it, holds what the formats so far carry.
        QString problem;
        const RequestSet back = readBack(chain.at(step), &problem);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        const QList<RequestItem> expected = carriedRequests(original, through);
        QCOMPARE(back.requests.size(), expected.size());
        for (qsizetype i = 0; i < expected.size(); ++i) {
            const RequestItem &got = back.requests.at(i);
            const RequestItem &want = expected.at(i);
            const QString context = QStringLiteral("step %1 (%2), request %3:\n got  %4\n want %5")
                                        .arg(step)
                                        .arg(through.join(QStringLiteral("→")))
                                        .arg(i + 1)
                                        .arg(describe(got), describe(want));
            QVERIFY2(got.method == want.method && got.url == want.url && got.headers == want.headers
                         && got.body == want.body,
                     qPrintable(context));
        }
    }
}

void TestConvertCommand::reportSaysWhatWasSkippedAndChanged()
{
    // A HAR with what an importer skips (a WebSocket, a data: URL) and a request it keeps.
    const QString in = write(QStringLiteral("capture.har"), R"({"log": {"version": "1.2",
        "creator": {"name": "test", "version": "1"}, "entries": [
        {"startedDateTime": "2024-01-01T00:00:00.000Z", "time": 1,
         "request": {"method": "GET", "url": "https://api.example.com/users/1", "httpVersion": "HTTP/1.1",
                     "headers": [{"name": "Authorization", "value": "Bearer abc"}], "queryString": [], "cookies": [],
                     "headersSize": -1, "bodySize": 0},
         "response": {"status": 200, "statusText": "OK", "httpVersion": "HTTP/1.1", "headers": [], "cookies": [],
                      "content": {"size": 0, "mimeType": "text/plain"}, "redirectURL": "", "headersSize": -1,
                      "bodySize": 0}, "cache": {}, "timings": {"send": 0, "wait": 1, "receive": 0}},
        {"startedDateTime": "2024-01-01T00:00:00.010Z", "time": 1,
         "request": {"method": "GET", "url": "data:text/plain,hello", "httpVersion": "HTTP/1.1",
                     "headers": [], "queryString": [], "cookies": [], "headersSize": -1, "bodySize": 0},
         "response": {"status": 200, "statusText": "OK", "httpVersion": "HTTP/1.1", "headers": [], "cookies": [],
                      "content": {"size": 0, "mimeType": "text/plain"}, "redirectURL": "", "headersSize": -1,
                      "bodySize": 0}, "cache": {}, "timings": {"send": 0, "wait": 1, "receive": 0}}]}})");
    const Outcome toNative = convert({in, QStringLiteral("capture.batchlab.json")});
    QVERIFY2(toNative.code == 0, toNative.err.constData());
    const QString err = QString::fromUtf8(toNative.err);
    QVERIFY2(err.contains(in + QStringLiteral(": read as HAR")) && err.contains(QLatin1String("Imported 1 request, skipped 1.")),
             qPrintable(err));
    QVERIFY2(err.contains(QLatin1String("  skipped  entry 2: ")), qPrintable(err));
    QVERIFY2(err.contains(QLatin1String("capture.batchlab.json: written as Batchlab request set.")), qPrintable(err));
    QVERIFY(toNative.out.isEmpty()); // the report is on stderr only

    // Back to HAR: the credential is left out, and the report says so.
    const Outcome toHar = convert({QStringLiteral("capture.batchlab.json"), QStringLiteral("again.har")});
    QVERIFY2(toHar.code == 0, toHar.err.constData());
    QVERIFY2(toHar.err.contains("  left out request 1: the Authorization header (--include-secrets writes it)"),
             toHar.err.constData());
    QFile again(m_dir.filePath(QStringLiteral("again.har")));
    QVERIFY(again.open(QIODevice::ReadOnly));
    QVERIFY(!again.readAll().contains("Bearer abc"));
}

void TestConvertCommand::malformedInput_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("said"); // after the file name
    QTest::newRow("native, a field of the wrong type")
        << QStringLiteral("bad.batchlab.json")
        << QByteArray("{\n  \"format\": \"batchlab.requestset\",\n  \"version\": 1,\n  \"requests\": [\n"
                      "    {\"method\": 5, \"url\": \"/users/1\"}\n  ]\n}\n")
        << QStringLiteral(":5:6: requests[0].method: expected a string");
    QTest::newRow("native, broken JSON") << QStringLiteral("broken.batchlab.json")
                                         << QByteArray("{\n  \"format\": \"batchlab.requestset\",\n  \"requests\": [\n}\n")
                                         << QStringLiteral(":4:");
    QTest::newRow("HAR, broken JSON") << QStringLiteral("broken.har")
                                      << QByteArray("{\"log\": {\"version\": \"1.2\",\n \"entries\": [\n  {\"request\": }\n]}}")
                                      << QStringLiteral(":3:");
    QTest::newRow("nothing it knows") << QStringLiteral("notes.txt") << QByteArray("just some words\n")
                                      << QStringLiteral(": not a file batchlab convert can read");
}

void TestConvertCommand::malformedInput()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, content);
    QFETCH(QString, said);
    const QString in = write(name, content);
    const QString out = m_dir.filePath(QStringLiteral("never.postman.json"));
    const Outcome outcome = convert({in, out});
    QCOMPARE(outcome.code, 2);
    const QString err = QString::fromUtf8(outcome.err);
    QVERIFY2(err.startsWith(QStringLiteral("batchlab convert: ") + in + said), qPrintable(err));
    QCOMPARE(err.count(u'\n'), 1); // one line
    QVERIFY(!QFile::exists(out));

    const Outcome missing = convert({m_dir.filePath(QStringLiteral("absent.har")), out});
    QCOMPARE(missing.code, 2);
    QVERIFY2(missing.err.contains("absent.har"), missing.err.constData());
}

void TestConvertCommand::unknownExtensionListsTheFormats()
{
    const QString sample = QStringLiteral(BATCHLAB_SAMPLE_SETS "/mixed-crud.batchlab.json");
    const Outcome outcome = convert({sample, QStringLiteral("out.xml")});
    QCOMPARE(outcome.code, 2);
    QVERIFY2(outcome.err.contains("out.xml") && outcome.err.contains("--to (native, har, postman, curl)"),
             outcome.err.constData());
    QCOMPARE(outcome.err.count('\n'), 1);
    QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("out.xml"))));
}

void TestConvertCommand::fromAndToOverride()
{
    // --to: a collection with a name that says nothing.
    const QString sample = QStringLiteral(BATCHLAB_SAMPLE_SETS "/mixed-crud.batchlab.json");
    const Outcome to = convert({QStringLiteral("--to"), QStringLiteral("postman"), sample, QStringLiteral("crud.json")});
    QVERIFY2(to.code == 0, to.err.constData());
    QFile written(m_dir.filePath(QStringLiteral("crud.json")));
    QVERIFY(written.open(QIODevice::ReadOnly));
    const QByteArray collection = written.readAll();
    QCOMPARE(Interchange::importerFor(collection)->format(), QStringLiteral("postman"));

    // Its content says Postman, whatever its name; --from reads it as something else.
    const Outcome guessed = convert({QStringLiteral("crud.json"), QStringLiteral("crud.batchlab.json")});
    QVERIFY2(guessed.code == 0 && guessed.err.contains("read as Postman collection"), guessed.err.constData());
    const Outcome asHar = convert({QStringLiteral("--from"), QStringLiteral("har"), QStringLiteral("crud.json"),
                                   QStringLiteral("crud2.batchlab.json")});
    QCOMPARE(asHar.code, 2); // a collection has no log
    QVERIFY2(asHar.err.contains("crud.json"), asHar.err.constData());

    // Curl lines in a .txt, named by --from; a .sh written as HAR by --to.
    write(QStringLiteral("lines.txt"), "curl https://api.example.com/users/1 -H 'Accept: application/json'\n");
    const Outcome curl = convert({QStringLiteral("--from"), QStringLiteral("curl"), QStringLiteral("--to"),
                                  QStringLiteral("har"), QStringLiteral("lines.txt"), QStringLiteral("odd.sh")});
    QVERIFY2(curl.code == 0 && curl.err.contains("read as cURL"), curl.err.constData());
    QString problem;
    QFile har(m_dir.filePath(QStringLiteral("odd.sh")));
    QVERIFY(har.open(QIODevice::ReadOnly));
    QCOMPARE(Interchange::importerFor(har.readAll())->format(), QStringLiteral("har"));
}

void TestConvertCommand::badArguments_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("said");
    const QString sample = QStringLiteral(BATCHLAB_SAMPLE_SETS "/mixed-crud.batchlab.json");
    QTest::newRow("no OUT") << QStringList{sample} << QByteArray("expects IN and OUT");
    QTest::newRow("three files") << QStringList{sample, QStringLiteral("a.har"), QStringLiteral("b.har")}
                                 << QByteArray("unexpected argument \"b.har\"");
    QTest::newRow("unknown --to") << QStringList{QStringLiteral("--to"), QStringLiteral("insomnia"), sample, QStringLiteral("a.json")}
                                  << QByteArray("--to expects one of native, har, postman, curl, not \"insomnia\"");
    QTest::newRow("unknown --from") << QStringList{QStringLiteral("--from"), QStringLiteral("bruno"), sample, QStringLiteral("a.har")}
                                    << QByteArray("--from expects one of");
    QTest::newRow("unknown option") << QStringList{QStringLiteral("--sanitize"), sample, QStringLiteral("a.har")}
                                    << QByteArray("sanitize");
    QTest::newRow("stdout without --to") << QStringList{sample, QStringLiteral("-")} << QByteArray("needs --to");
}

void TestConvertCommand::badArguments()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, said);
    const Outcome outcome = convert(arguments);
    QCOMPARE(outcome.code, 2);
    QVERIFY2(outcome.err.startsWith("batchlab convert: ") && outcome.err.contains(said), outcome.err.constData());
    QCOMPARE(outcome.err.count('\n'), 1);
    QVERIFY(outcome.out.isEmpty());
}

void TestConvertCommand::inPlaceNeedsForceAndAReplacedFileIsSaid()
{
    QFile::remove(m_dir.filePath(QStringLiteral("same.batchlab.json")));
    QVERIFY(QFile::copy(QStringLiteral(BATCHLAB_SAMPLE_SETS "/user-fanout.batchlab.json"),
                        m_dir.filePath(QStringLiteral("same.batchlab.json"))));
    QFile file(m_dir.filePath(QStringLiteral("same.batchlab.json")));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray before = file.readAll();
    file.close();

    // The same file under another spelling is still the same file.
    const Outcome refused = convert({QStringLiteral("same.batchlab.json"), QStringLiteral("./same.batchlab.json")});
    QCOMPARE(refused.code, 2);
    QVERIFY2(refused.err.contains("OUT is IN") && refused.err.contains("--force"), refused.err.constData());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), before);
    file.close();

    const Outcome forced = convert({QStringLiteral("--force"), QStringLiteral("--to"), QStringLiteral("native"),
                                    QStringLiteral("same.batchlab.json"), QStringLiteral("same.batchlab.json")});
    QVERIFY2(forced.code == 0, forced.err.constData());
    QVERIFY2(forced.err.contains("replacing the file that was there"), forced.err.constData());

    // Another existing OUT is replaced, as cp does, and the report says it.
    write(QStringLiteral("old.har"), "old");
    const Outcome replaced = convert({QStringLiteral("same.batchlab.json"), QStringLiteral("old.har")});
    QVERIFY2(replaced.code == 0 && replaced.err.contains("old.har: written as HAR 1.2, replacing the file that was there."),
             replaced.err.constData());
    const Outcome fresh = convert({QStringLiteral("same.batchlab.json"), QStringLiteral("fresh.har")});
    QVERIFY2(fresh.code == 0 && fresh.err.contains("fresh.har: written as HAR 1.2.\n"), fresh.err.constData());
}

void TestConvertCommand::secretsStayOutUnlessAsked_data()
{
    QTest::addColumn<QString>("to");
    QTest::addColumn<bool>("resolve");
    for (const QString &to : kFormats) {
        QTest::addRow("%s", qPrintable(to)) << to << false;
        QTest::addRow("%s, variables resolved", qPrintable(to)) << to << true;
    }
}

void TestConvertCommand::secretsStayOutUnlessAsked()
{
    QFETCH(QString, to);
    QFETCH(bool, resolve);
    // A secret variable the way a set holds one in memory: a collection written with its
    // secrets (the `batchlab` variable says which are) brings the value in.
    const QString in = write(QStringLiteral("secret.postman_collection.json"), R"({
        "info": {"name": "secret", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "item": [{"name": "me", "request": {"method": "GET", "url": "https://api.example.com/me/{{id}}",
                  "header": [{"key": "X-Api-Key", "value": "{{token}}"}]}}],
        "variable": [{"key": "token", "value": "t0pS3cret"}, {"key": "id", "value": "42"},
                     {"key": "batchlab", "value": "{\"format\":\"batchlab.requestset\",\"version\":1,\"variables\":[{\"name\":\"token\",\"value\":\"\",\"secret\":true}],\"requests\":[{\"method\":\"GET\",\"url\":\"\"}]}"}]})");
    QString problem;
    const RequestSet set = readBack(in, &problem);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QVERIFY2(!set.variables.isEmpty() && set.variables.constFirst().secret
                 && set.variables.constFirst().value == QLatin1String("t0pS3cret"),
             "the collection's secret did not come in as a secret with its value");

    const QString out = QStringLiteral("secret-") + to + (resolve ? QStringLiteral("-resolved") : QString()) + suffixOf(to);
    QStringList arguments{in, out};
    if (resolve)
        arguments.prepend(QStringLiteral("--resolve-variables"));
    const Outcome sanitized = convert(arguments);
    QVERIFY2(sanitized.code == 0, sanitized.err.constData());
    QFile file(m_dir.filePath(out));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray written = file.readAll();
    file.close();
    QVERIFY2(!written.contains("t0pS3cret"), written.constData());
    QCOMPARE(written.contains("/me/42"), resolve); // the other variables are filled in when asked

    if (to == u"native" || (to == u"har" && !resolve))
        return; // a native file never holds a secret's value, nor a HAR a variable
    arguments.prepend(QStringLiteral("--include-secrets"));
    const Outcome included = convert(arguments);
    QVERIFY2(included.code == 0, included.err.constData());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY2(file.readAll().contains("t0pS3cret"), "--include-secrets left the secret out");
}

void TestConvertCommand::standardStreams()
{
    QFile sample(QStringLiteral(BATCHLAB_SAMPLE_SETS "/mixed-crud.batchlab.json"));
    QVERIFY(sample.open(QIODevice::ReadOnly));
    const Outcome outcome = convert({QStringLiteral("--to"), QStringLiteral("curl"), QStringLiteral("-"), QStringLiteral("-")},
                                    sample.readAll());
    QVERIFY2(outcome.code == 0, outcome.err.constData());
    QVERIFY2(outcome.out.startsWith("#!/bin/sh\n") && outcome.out.contains("curl "), outcome.out.constData());
    QVERIFY2(outcome.err.startsWith("standard input: read as Batchlab request set.")
                 && outcome.err.contains("standard output: written as cURL command lines."),
             outcome.err.constData());
}

QTEST_GUILESS_MAIN(TestConvertCommand)
#include "tst_convertcommand.moc"
