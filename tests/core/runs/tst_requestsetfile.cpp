// SPDX-License-Identifier: BSD-3-Clause
// The native request-set file: round trips, strict reading with precise errors, variables.
#include "runs/requestsetfile.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

using namespace batchlab;

namespace {

RequestSet sampleSet()
{
    RequestSet set;
    set.name = QStringLiteral("sample");
    set.description = QStringLiteral("two calls");
    set.variables = {{QStringLiteral("id"), QStringLiteral("7")}, {QStringLiteral("token"), QStringLiteral("t0k")}};
    RequestItem get;
    get.name = QStringLiteral("get user");
    get.url = QStringLiteral("/users/{{id}}");
    RequestItem post;
    post.name = QStringLiteral("post");
    post.method = QStringLiteral("POST");
    post.url = QStringLiteral("https://api.example.test/echo");
    post.headers = {{QStringLiteral("Authorization"), QStringLiteral("Bearer {{token}}")}};
    post.body = QStringLiteral("{\n    \"a\": 1\n}");
    post.enabled = false;
    RequestItem text;
    text.name = QStringLiteral("text body");
    text.method = QStringLiteral("PUT");
    text.url = QStringLiteral("/notes/1");
    text.body = QStringLiteral("plain words, not JSON");
    set.requests = {get, post, text};
    BatchConfig batch;
    batch.maxBatchSize = 20;
    batch.flushMode = FlushMode::Debounce;
    batch.dedup = DedupScope::Idempotent;
    set.batch = batch;
    set.target = TargetSpec{TargetSpec::Kind::Url, QStringLiteral("https://api.example.test/v1.0"), QStringLiteral("/v1.0/$batch"),
                            QStringLiteral("graph"),
                            {{QStringLiteral("Authorization"), QStringLiteral("Bearer {{token}}")}}};
    return set;
}

bool sameSet(const RequestSet &a, const RequestSet &b)
{
    return a.name == b.name && a.description == b.description && a.variables == b.variables
        && a.requests == b.requests && a.target == b.target && a.batch.has_value() == b.batch.has_value()
        && (!a.batch || (a.batch->maxBatchSize == b.batch->maxBatchSize && a.batch->flushMode == b.batch->flushMode
                         && a.batch->maxDelay == b.batch->maxDelay && a.batch->batchPath == b.batch->batchPath
                         && a.batch->dedup == b.batch->dedup));
}

} // namespace

class TestRequestSetFile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTripIsIdentical();
    void fileIsStableAndReadable();
    void malformedFiles_data();
    void malformedFiles();
    void saveIsAtomicAndLoadReportsTheFile();
    void variablesAreSubstituted();
    void dedupWrittenAsABooleanStillReads();
    void secretsAreNotSaved();
    void bodiesAreKeptByteForByte();
    void samplesLoad_data();
    void samplesLoad();
    void changeSetsAndDependenciesRoundTrip();
    void filesWithoutThemStillRead();
    void badChangeSetsAndDependencies_data();
    void badChangeSetsAndDependencies();
};

void TestRequestSetFile::roundTripIsIdentical()
{
    const RequestSet set = sampleSet();
    const QByteArray first = RequestSetFile::serialize(set);
    RequestSet loaded;
    FileError error;
    QVERIFY2(RequestSetFile::parse(first, &loaded, &error), qPrintable(error.toString()));
    QVERIFY(sameSet(set, loaded));
    QCOMPARE(RequestSetFile::serialize(loaded), first); // byte for byte
}

void TestRequestSetFile::fileIsStableAndReadable()
{
    const QByteArray text = RequestSetFile::serialize(sampleSet());
    QVERIFY(text.contains("\n    \"format\": \"batchlab.requestset\""));
    QVERIFY(text.contains("\"version\": 1"));
    // A JSON body is written as JSON, not as an escaped string.
    QVERIFY(text.contains("\"body\": {"));
    QVERIFY(text.contains("\"body\": \"plain words, not JSON\""));
    QVERIFY(text.indexOf("\"batch\"") < text.indexOf("\"name\"")); // sorted keys
}

void TestRequestSetFile::malformedFiles_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("message");
    const QByteArray head = "{\n  \"format\": \"batchlab.requestset\",\n  \"version\": 1,\n";
    QTest::newRow("not json") << QByteArray("{\n  \"format\": \"batchlab.requestset\",\n  oops\n}") << 3 << "" << "not valid JSON";
    QTest::newRow("truncated") << QByteArray(head + "  \"requests\": [") << 4 << "" << "not valid JSON";
    QTest::newRow("not an object") << QByteArray("[1, 2]") << 0 << "" << "expected a JSON object";
    QTest::newRow("other format") << QByteArray("{\"format\": \"postman\", \"requests\": []}") << 1 << "format" << "not a Batchlab request set";
    QTest::newRow("newer version") << QByteArray("{\"format\": \"batchlab.requestset\", \"version\": 9, \"requests\": []}") << 1 << "version" << "newer";
    QTest::newRow("no requests") << QByteArray(head + "  \"name\": \"x\"\n}") << 1 << "requests" << "missing";
    QTest::newRow("requests not array") << QByteArray(head + "  \"requests\": {}\n}") << 4 << "requests" << "expected an array";
    QTest::newRow("method not string") << QByteArray(head + "  \"requests\": [\n    {\"url\": \"/a\", \"method\": \"GET\"},\n    {\"url\": \"/b\", \"method\": 5}\n  ]\n}")
                                       << 6 << "requests[1].method" << "expected a string";
    QTest::newRow("missing url") << QByteArray(head + "  \"requests\": [\n    {\"method\": \"GET\"}\n  ]\n}") << 5 << "requests[0].url" << "missing";
    QTest::newRow("bad header") << QByteArray(head + "  \"requests\": [{\"method\": \"GET\", \"url\": \"/a\", \"headers\": [{\"value\": \"v\"}]}]\n}")
                                << 4 << "requests[0].headers[0].name" << "missing";
    QTest::newRow("bad enabled") << QByteArray(head + "  \"requests\": [{\"method\": \"GET\", \"url\": \"/a\", \"enabled\": \"yes\"}]\n}")
                                 << 4 << "requests[0].enabled" << "true or false";
    QTest::newRow("empty variable name") << QByteArray(head + "  \"variables\": [{\"name\": \"\"}],\n  \"requests\": []\n}")
                                         << 4 << "variables[0].name" << "must not be empty";
    QTest::newRow("bad batch size") << QByteArray(head + "  \"requests\": [],\n  \"batch\": {\"maxBatchSize\": 0}\n}")
                                    << 5 << "batch.maxBatchSize" << "from 1 to";
    QTest::newRow("bad dedup scope") << QByteArray(head + "  \"requests\": [],\n  \"batch\": {\"deduplicate\": \"all\"}\n}")
                                     << 5 << "batch.deduplicate" << "off, safe, idempotent";
    QTest::newRow("timeout too large") << QByteArray(head + "  \"requests\": [],\n  \"batch\": {\"timeoutMs\": 5000000000}\n}")
                                       << 5 << "batch.timeoutMs" << "from 0 to 2147483647";
    QTest::newRow("bad flush mode") << QByteArray(head + "  \"requests\": [],\n  \"batch\": {\"flushMode\": \"often\"}\n}")
                                    << 5 << "batch.flushMode" << "window, debounce";
    QTest::newRow("bad target") << QByteArray(head + "  \"requests\": [],\n  \"target\": {\"kind\": \"url\"}\n}")
                                << 5 << "target.baseUrl" << "missing";
    QTest::newRow("unknown profile") << QByteArray(head + "  \"requests\": [],\n  \"target\": {\"kind\": \"sandbox\",\n    \"profile\": \"soap\"}\n}")
                                     << 6 << "target.profile" << "unknown server profile \"soap\"; known: odata-4.01, graph";
}

void TestRequestSetFile::malformedFiles()
{
    QFETCH(QByteArray, text);
    QFETCH(int, line);
    QFETCH(QString, field);
    QFETCH(QString, message);
    RequestSet set = sampleSet();
    FileError error;
    error.file = QStringLiteral("broken.batchlab.json");
    QVERIFY(!RequestSetFile::parse(text, &set, &error));
    QVERIFY2(error.message.contains(message), qPrintable(error.toString()));
    QCOMPARE(error.field, field);
    if (line > 0) {
        QCOMPARE(error.line, line);
        QVERIFY(error.column >= 1);
    }
    if (QByteArrayView(QTest::currentDataTag()) == "method not string")
        QCOMPARE(error.column, 19); // the field itself, not just its line
    QVERIFY(error.toString().startsWith(QStringLiteral("broken.batchlab.json:")));
    QVERIFY(sameSet(set, sampleSet())); // the open set is untouched
}

void TestRequestSetFile::saveIsAtomicAndLoadReportsTheFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("set.batchlab.json"));
    FileError error;
    QVERIFY(RequestSetFile::save(path, sampleSet(), &error));
    RequestSet loaded;
    QVERIFY(RequestSetFile::load(path, &loaded, &error));
    QVERIFY(sameSet(loaded, sampleSet()));
    QVERIFY(QDir(dir.path()).entryList(QDir::Files).size() == 1); // no temporary left behind
    QVERIFY(!RequestSetFile::load(dir.filePath(QStringLiteral("missing.batchlab.json")), &loaded, &error));
    QVERIFY(error.toString().contains(QStringLiteral("missing.batchlab.json")));
    QVERIFY(!RequestSetFile::save(dir.filePath(QStringLiteral("no/such/dir/x.batchlab.json")), loaded, &error));
    QVERIFY(error.message.contains(QStringLiteral("cannot write")));
}

void TestRequestSetFile::variablesAreSubstituted()
{
    const RequestSet set = sampleSet();
    QString problem;
    const RequestSpec get = set.resolve(set.requests[0], QUrl(QStringLiteral("http://127.0.0.1:8080")), &problem);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(get.url, QUrl(QStringLiteral("http://127.0.0.1:8080/users/7")));
    QCOMPARE(get.method, QByteArray("GET"));
    const RequestSpec post = set.resolve(set.requests[1], QUrl(), &problem);
    QCOMPARE(headerValue(post.headers, "authorization"), QByteArray("Bearer t0k"));
    RequestItem unknown;
    unknown.url = QStringLiteral("/users/{{nobody}}");
    set.resolve(unknown, QUrl(QStringLiteral("http://h")), &problem);
    QVERIFY(problem.contains(QStringLiteral("nobody")));
    QStringList missing;
    QCOMPARE(set.substitute(QStringLiteral("{{ id }}-{{x}}-{{id}}"), &missing), QStringLiteral("7-{{x}}-7"));
    QCOMPARE(missing, QStringList{QStringLiteral("x")});
}

void TestRequestSetFile::dedupWrittenAsABooleanStillReads()
{
    // Files saved before the scope existed say true or false.
    for (const auto &[text, scope] : {std::pair{"true", DedupScope::Safe}, std::pair{"false", DedupScope::Off}}) {
        RequestSet set;
        FileError error;
        QVERIFY2(RequestSetFile::parse(QByteArray(R"({"format": "batchlab.requestset", "version": 1, "requests": [],
                                                    "batch": {"deduplicate": )")
                                           + text + "}}",
                                       &set, &error),
                 qPrintable(error.toString()));
        QCOMPARE(set.batch->dedup, scope);
    }
}

void TestRequestSetFile::secretsAreNotSaved()
{
    RequestSet set = sampleSet();
    set.variables.append({QStringLiteral("token"), QStringLiteral("eyJhbGciOi.secret"), true});
    const QByteArray file = RequestSetFile::serialize(set);
    QVERIFY2(!file.contains("eyJhbGciOi"), file.constData());
    RequestSet back;
    FileError error;
    QVERIFY2(RequestSetFile::parse(file, &back, &error), qPrintable(error.toString()));
    const Variable &token = back.variables.constLast();
    QCOMPARE(token.name, QStringLiteral("token"));
    QVERIFY(token.secret);
    QVERIFY(token.value.isEmpty()); // asked for again, or taken from the environment
    // The target's headers keep their variables, not their values.
    QCOMPARE(back.target->headers.value(0).second, QStringLiteral("Bearer {{token}}"));
}

void TestRequestSetFile::bodiesAreKeptByteForByte()
{
    // Keys in the writer's order, an integer beyond 2^53, the writer's own layout: what the
    // codecs send byte for byte, the file keeps byte for byte too.
    RequestSet set = sampleSet();
    const QString body = QStringLiteral("{\"zeta\": 1, \"id\": 12345678901234567890,\n  \"alpha\": [1,  2]}");
    set.requests[1].body = body;
    RequestSet back;
    FileError error;
    QVERIFY2(RequestSetFile::parse(RequestSetFile::serialize(set), &back, &error), qPrintable(error.toString()));
    QCOMPARE(back.requests[1].body, body);
    QCOMPARE(RequestSetFile::serialize(back), RequestSetFile::serialize(set));
}

void TestRequestSetFile::samplesLoad_data()
{
    QTest::addColumn<QString>("file");
    for (const char *name :
         {"user-fanout", "mixed-crud", "flaky-backend", "jsonrpc-calls", "order-change-set"})
        QTest::newRow(name) << QStringLiteral(BATCHLAB_SOURCE "/resources/sets/%1.batchlab.json").arg(QLatin1String(name));
}

void TestRequestSetFile::samplesLoad()
{
    QFETCH(QString, file);
    RequestSet set;
    FileError error;
    QVERIFY2(RequestSetFile::load(file, &set, &error), qPrintable(error.toString()));
    QVERIFY(!set.name.isEmpty() && !set.requests.isEmpty());
    for (const RequestItem &item : std::as_const(set.requests)) {
        QString problem;
        set.resolve(item, QUrl(QStringLiteral("http://127.0.0.1:1")), &problem);
        QVERIFY2(problem.isEmpty(), qPrintable(item.name + u' ' + problem));
    }
    // The shipped files are exactly what Batchlab writes: they diff cleanly after a save.
    QFile raw(file);
    QVERIFY(raw.open(QIODevice::ReadOnly));
    QCOMPARE(RequestSetFile::serialize(set), raw.readAll());
}

void TestRequestSetFile::changeSetsAndDependenciesRoundTrip()
{
    RequestSet set = sampleSet();
    set.requests[0].id = QStringLiteral("get-user");
    set.requests[1].group = QStringLiteral("order");
    set.requests[2].group = QStringLiteral("order");
    set.requests[2].dependsOn = {QStringLiteral("get-user")};
    set.requests[2].id = QStringLiteral("note");
    const QByteArray text = RequestSetFile::serialize(set);
    QVERIFY2(text.contains("\"group\": \"order\""), text.constData());
    QVERIFY2(text.contains("\"dependsOn\": [\n                \"get-user\"\n            ]"),
             text.constData());
    QVERIFY(text.contains("\"id\": \"get-user\""));
    // An older Batchlab would run these calls without their change set: it must refuse.
    QVERIFY(text.contains("\"version\": 2"));
    RequestSet back;
    FileError error;
    QVERIFY2(RequestSetFile::parse(text, &back, &error), qPrintable(error.toString()));
    QVERIFY(sameSet(set, back));
    QCOMPARE(back.requests[2].dependsOn, QStringList{QStringLiteral("get-user")});
    QCOMPARE(back.requests[1].group, QStringLiteral("order"));
    QCOMPARE(RequestSetFile::serialize(back), text);
    // An id alone changes nothing an older reader would get wrong.
    RequestSet idsOnly = sampleSet();
    idsOnly.requests[0].id = QStringLiteral("get-user");
    QVERIFY(RequestSetFile::serialize(idsOnly).contains("\"version\": 1"));
}

void TestRequestSetFile::filesWithoutThemStillRead()
{
    // A version 1 file, as written before change sets existed: no id, group or dependsOn.
    const QByteArray old = R"({
    "format": "batchlab.requestset",
    "name": "old",
    "requests": [
        {"method": "POST", "name": "create", "url": "/items"},
        {"method": "GET", "name": "read", "url": "/items/1"}
    ],
    "version": 1
})";
    RequestSet set;
    FileError error;
    QVERIFY2(RequestSetFile::parse(old, &set, &error), qPrintable(error.toString()));
    QCOMPARE(set.requests.size(), 2);
    for (const RequestItem &item : std::as_const(set.requests)) {
        QVERIFY(item.id.isEmpty());
        QVERIFY(item.group.isEmpty());
        QVERIFY(item.dependsOn.isEmpty());
    }
    QVERIFY(RequestSetFile::serialize(set).contains("\"version\": 1"));
}

void TestRequestSetFile::badChangeSetsAndDependencies_data()
{
    QTest::addColumn<QByteArray>("requests");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("message");
    // One request a line, from line 5: {"method": "GET", "url": "/a", …}.
    const auto rows = [](std::initializer_list<const char *> extras) {
        QByteArray out;
        int i = 0;
        for (const char *extra : extras) {
            out += QByteArray(i ? ",\n" : "") + "    {\"method\": \"GET\", \"url\": \"/items/"
                + QByteArray::number(i + 1) + "\"" + (*extra ? ", " : "") + extra + '}';
            ++i;
        }
        return out;
    };
    QTest::newRow("empty id") << rows({"", "\"id\": \"\""}) << 6 << "requests[1].id"
                              << "must not be empty";
    QTest::newRow("id not a string") << rows({"\"id\": 7"}) << 5 << "requests[0].id"
                                     << "expected a string";
    QTest::newRow("id twice") << rows({"\"id\": \"a\"", "", "\"id\": \"a\""}) << 7
                              << "requests[2].id"
                              << "the id \"a\" is already taken";
    QTest::newRow("empty group") << rows({"\"group\": \" \""}) << 5 << "requests[0].group"
                                 << "must not be empty";
    QTest::newRow("group not a string")
        << rows({"", "\"group\": [\"order\"]"}) << 6 << "requests[1].group"
        << "expected a string";
    QTest::newRow("dependsOn not an array")
        << rows({"\"id\": \"a\"", "\"dependsOn\": \"a\""}) << 6 << "requests[1].dependsOn"
        << "expected an array of request ids";
    QTest::newRow("dependency not a string")
        << rows({"\"id\": \"a\"", "\"dependsOn\": [\"a\", 0]"}) << 6 << "requests[1].dependsOn[1]"
        << "expected a request id";
    QTest::newRow("empty dependency")
        << rows({"\"id\": \"a\"", "\"dependsOn\": [\"\"]"}) << 6 << "requests[1].dependsOn[0]"
        << "must not be empty";
    QTest::newRow("unknown dependency") << rows({"\"id\": \"a\"", "\"dependsOn\": [\"a\", \"b\"]"})
                                        << 6 << "requests[1].dependsOn[1]"
                                        << "no request has the id \"b\"";
    QTest::newRow("depends on itself")
        << rows({"\"id\": \"a\", \"dependsOn\": [\"a\"]"}) << 5 << "requests[0].dependsOn[0]"
        << "cannot depend on itself";
    QTest::newRow("depends on a later request")
        << rows({"\"id\": \"a\", \"dependsOn\": [\"b\"]", "\"id\": \"b\", \"dependsOn\": [\"a\"]"})
        << 5 << "requests[0].dependsOn[0]"
        << "\"b\" comes after this request";
    QTest::newRow("listed twice") << rows({"\"id\": \"a\"", "\"dependsOn\": [\"a\", \"a\"]"}) << 6
                                  << "requests[1].dependsOn[1]"
                                  << "\"a\" is listed twice";
    // A request outside change set "g" needs its first member, and its second member needs
    // that request: "g" would wait for itself.
    QTest::newRow("change set waits for itself")
        << rows({"\"id\": \"first\", \"group\": \"g\"",
                 "\"id\": \"between\", \"dependsOn\": [\"first\"]",
                 "\"group\": \"g\", \"dependsOn\": [\"between\"]"})
        << 7 << "requests[2].dependsOn[0]"
        << "\"between\" already waits, directly or through others, for change set \"g\"";
    // The line is the request's own "id", not the "id" of a JSON-RPC body written before it.
    QTest::newRow("id twice, after a body with an id")
        << QByteArray("    {\"id\": \"a\", \"method\": \"GET\", \"url\": \"/a\"},\n    {\"body\": "
                      "{\n        \"id\": 1\n      },\n"
                      "     \"id\": \"a\", \"method\": \"POST\", \"url\": \"/rpc/items.get\"}")
        << 9 << "requests[1].id"
        << "the id \"a\" is already taken";
    // Two change sets, each needing the other.
    QTest::newRow("two change sets wait for each other") << rows(
        {"\"id\": \"h1\", \"group\": \"h\"", "\"id\": \"g1\", \"group\": \"g\"",
         "\"group\": \"g\", \"dependsOn\": [\"h1\"]", "\"group\": \"h\", \"dependsOn\": [\"g1\"]"})
                                                         << 8 << "requests[3].dependsOn[0]"
                                                         << "would wait for itself";
}

void TestRequestSetFile::badChangeSetsAndDependencies()
{
    QFETCH(QByteArray, requests);
    QFETCH(int, line);
    QFETCH(QString, field);
    QFETCH(QString, message);
    const QByteArray text
        = "{\n  \"format\": \"batchlab.requestset\",\n  \"version\": 2,\n  \"requests\": [\n"
        + requests + "\n  ]\n}";
    RequestSet set = sampleSet();
    FileError error;
    error.file = QStringLiteral("order.batchlab.json");
    QVERIFY2(!RequestSetFile::parse(text, &set, &error), text.constData());
    QVERIFY2(error.message.contains(message), qPrintable(error.toString()));
    QCOMPARE(error.field, field);
    QCOMPARE(error.line, line);
    QVERIFY(sameSet(set, sampleSet()));
}

QTEST_GUILESS_MAIN(TestRequestSetFile)
#include "tst_requestsetfile.moc"
