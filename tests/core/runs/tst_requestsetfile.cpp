// SPDX-License-Identifier: BSD-3-Clause
// The native request-set file: round trips, strict reading with precise errors, variables.
#include "runs/bodycheck.h"
#include "runs/requestsetfile.h"
#include "runs/settingsblocks.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

using namespace batchlab;

Q_DECLARE_METATYPE(batchlab::RequestSet)

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
    void resolveRefusesWhatCannotBeSent_data();
    void resolveRefusesWhatCannotBeSent();
    void bodiesThatClaimJsonAreChecked();
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
    void runSettingsRoundTrip_data();
    void runSettingsRoundTrip();
    void aSetWithoutRunSettingsStaysVersion1();
    void arrivalTimesAreVersion5();
    void badArrivalTimes_data();
    void badArrivalTimes();
    void switchedOffHeadersAndQueryAreVersion6();
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
    // Found by fuzz_wirehar under UBSan: 1e300 was converted to an integer (undefined) before
    // its range was checked.
    QTest::newRow("timeout past any integer") << QByteArray(head + "  \"requests\": [],\n  \"batch\": {\"timeoutMs\": 1e300}\n}")
                                              << 5 << "batch.timeoutMs" << "from 0 to 2147483647";
    QTest::newRow("bad flush mode") << QByteArray(head + "  \"requests\": [],\n  \"batch\": {\"flushMode\": \"often\"}\n}")
                                    << 5 << "batch.flushMode" << "window, debounce";
    // The blocks of version 3: each bad value named by its field and placed in the text.
    const QByteArray v3 = "{\n  \"format\": \"batchlab.requestset\",\n  \"version\": 3,\n  \"requests\": [],\n";
    const auto block = [&v3](const char *text) { return QByteArray(v3 + text + "\n}"); };
    QTest::newRow("retry not an object") << block(R"(  "retry": 5)") << 5 << "retry" << "expected an object";
    QTest::newRow("retry attempts 0") << block("  \"retry\": {\n    \"maxAttempts\": 0\n  }") << 6 << "retry.maxAttempts" << "from 1 to";
    QTest::newRow("retry jitter") << block("  \"retry\": {\n    \"jitter\": \"random\"\n  }") << 6 << "retry.jitter"
                                  << "none, full, equal, decorrelated";
    QTest::newRow("retry status") << block("  \"retry\": {\n    \"retryStatuses\": [500, 99]\n  }") << 6 << "retry.retryStatuses[1]"
                                  << "from 100 to 599";
    QTest::newRow("retry multiplier") << block("  \"retry\": {\n    \"multiplier\": \"2\"\n  }") << 6 << "retry.multiplier" << "expected a number";
    QTest::newRow("breaker threshold") << block("  \"breaker\": {\n    \"failureRateThreshold\": 1.5\n  }") << 6
                                       << "breaker.failureRateThreshold" << "from 0.001 to 1";
    QTest::newRow("breaker scope") << block("  \"breaker\": {\n    \"scope\": \"global\"\n  }") << 6 << "breaker.scope" << "origin, batch-key";
    QTest::newRow("breaker open > max") << block("  \"breaker\": {\n    \"openDurationMs\": 90000\n  }") << 5 << "breaker"
                                        << "at most maxOpenDuration";
    QTest::newRow("cache ttl") << block("  \"cache\": {\n    \"defaultTtlMs\": -1\n  }") << 6 << "cache.defaultTtlMs" << "from 0 to";
    QTest::newRow("cache enabled") << block("  \"cache\": {\n    \"enabled\": \"no\"\n  }") << 6 << "cache.enabled" << "true or false";
    QTest::newRow("plan iterations") << block("  \"plan\": {\n    \"iterations\": 0\n  }") << 6 << "plan.iterations" << "from 1 to";
    QTest::newRow("plan arrival") << block("  \"plan\": {\n    \"arrival\": \"burst\"\n  }") << 6 << "plan.arrival"
                                  << "all-at-once, fixed-rate, poisson";
    QTest::newRow("plan rate") << block("  \"plan\": {\n    \"ratePerSecond\": 0\n  }") << 6 << "plan.ratePerSecond" << "expected a number from";
    QTest::newRow("plan seed") << block("  \"plan\": {\n    \"seed\": 1.5\n  }") << 6 << "plan.seed" << "whole number";
    QTest::newRow("sandbox rate as percent") << block("  \"sandbox\": {\n    \"itemErrorRate\": 60\n  }") << 6 << "sandbox.itemErrorRate"
                                             << "from 0 to 1";
    QTest::newRow("sandbox status") << block("  \"sandbox\": {\n    \"itemErrorStatus\": 200\n  }") << 6 << "sandbox.itemErrorStatus"
                                    << "from 400 to 599";
    QTest::newRow("sandbox malform") << block("  \"sandbox\": {\n    \"malformKind\": \"garbled\"\n  }") << 6 << "sandbox.malformKind"
                                     << "any, bad-json, missing-id, duplicate-id, unknown-id";
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

void TestRequestSetFile::runSettingsRoundTrip_data()
{
    QTest::addColumn<QString>("block");
    QTest::addColumn<RequestSet>("set");
    RequestSet base;
    base.name = QStringLiteral("tuned");
    base.requests = {RequestItem()};
    base.requests[0].url = QStringLiteral("/users/1");

    RequestSet retry = base;
    retry.retry = RetryPolicy();
    retry.retry->maxAttempts = 5;
    retry.retry->baseDelay = std::chrono::milliseconds(250);
    retry.retry->multiplier = 1.5;
    retry.retry->jitter = Jitter::Decorrelated;
    retry.retry->honorRetryAfter = false;
    retry.retry->retryNonIdempotent = true;
    retry.retry->retryStatuses = {429, 503};
    retry.retry->useBudget = false;
    retry.retry->budgetCapacity = 50;
    QTest::newRow("retry") << QStringLiteral("retry") << retry;

    RequestSet breaker = base;
    breaker.breaker = BreakerConfig();
    breaker.breaker->enabled = false;
    breaker.breaker->scope = BreakerConfig::Scope::PerBatchKey;
    breaker.breaker->trip = BreakerConfig::Trip::ConsecutiveFailures;
    breaker.breaker->failureRateThreshold = 0.25;
    breaker.breaker->consecutiveFailures = 7;
    breaker.breaker->openDuration = std::chrono::milliseconds(2000);
    breaker.breaker->openBackoff = 3;
    breaker.breaker->probeTimeout = std::chrono::milliseconds(1500);
    QTest::newRow("breaker") << QStringLiteral("breaker") << breaker;

    RequestSet cache = base;
    cache.cache = CacheConfig();
    cache.cache->enabled = false;
    cache.cache->defaultTtl = std::chrono::milliseconds(1234);
    cache.cache->maxEntries = 10;
    cache.cache->maxBytes = 4096;
    cache.cache->cacheErrors = true;
    QTest::newRow("cache") << QStringLiteral("cache") << cache;

    RequestSet plan = base;
    plan.plan = RunPlan{30, ArrivalPattern::Poisson, 200.5, 4242424242ULL};
    QTest::newRow("plan") << QStringLiteral("plan") << plan;

    RequestSet sandbox = base;
    sandbox.sandbox = SandboxFaults();
    sandbox.sandbox->latencyMs = 20;
    sandbox.sandbox->jitterMs = 5;
    sandbox.sandbox->itemErrorRate = 0.6;
    sandbox.sandbox->itemErrorStatus = 503;
    sandbox.sandbox->throttleRate = 0.1;
    sandbox.sandbox->hangRate = 0.1;
    sandbox.sandbox->malformKind = QStringLiteral("duplicate-id");
    sandbox.sandbox->shuffle = true;
    sandbox.sandbox->maxBatchItems = 0;
    sandbox.sandbox->seed = 99;
    QTest::newRow("sandbox") << QStringLiteral("sandbox") << sandbox;
}

void TestRequestSetFile::runSettingsRoundTrip()
{
    QFETCH(QString, block);
    QFETCH(RequestSet, set);
    const QByteArray text = RequestSetFile::serialize(set);
    QVERIFY(text.contains("\"version\": 3"));
    QVERIFY(text.contains(QByteArray("\"" + block.toUtf8() + "\": {")));
    RequestSet loaded;
    FileError error;
    QVERIFY2(RequestSetFile::parse(text, &loaded, &error), qPrintable(error.toString()));
    QCOMPARE(loaded.retry.has_value(), set.retry.has_value());
    QCOMPARE(loaded.breaker.has_value(), set.breaker.has_value());
    QCOMPARE(loaded.cache.has_value(), set.cache.has_value());
    QCOMPARE(loaded.plan, set.plan);
    QCOMPARE(loaded.sandbox, set.sandbox);
    if (set.retry)
        QVERIFY(*loaded.retry == *set.retry);
    if (set.breaker)
        QCOMPARE(SettingsBlocks::toJson(*loaded.breaker), SettingsBlocks::toJson(*set.breaker));
    if (set.cache)
        QCOMPARE(SettingsBlocks::toJson(*loaded.cache), SettingsBlocks::toJson(*set.cache));
    QCOMPARE(RequestSetFile::serialize(loaded), text); // byte for byte
}

void TestRequestSetFile::aSetWithoutRunSettingsStaysVersion1()
{
    RequestSet set;
    set.requests = {RequestItem()};
    set.requests[0].url = QStringLiteral("/a");
    set.batch = BatchConfig();
    const QByteArray text = RequestSetFile::serialize(set);
    QVERIFY(text.contains("\"version\": 1"));
    for (const char *key : {"\"retry\"", "\"breaker\"", "\"cache\"", "\"plan\"", "\"sandbox\""})
        QVERIFY2(!text.contains(key), key);
}

void TestRequestSetFile::arrivalTimesAreVersion5()
{
    RequestSet set;
    set.requests = {RequestItem(), RequestItem(), RequestItem()};
    set.requests[0].url = QStringLiteral("https://a.example/1");
    set.requests[1].url = QStringLiteral("https://a.example/2");
    set.requests[2].url = QStringLiteral("https://a.example/3");
    QVERIFY(RequestSetFile::serialize(set).contains("\"version\": 1"));
    QVERIFY(!RequestSetFile::serialize(set).contains("\"at\""));

    set.requests[0].atMs = 0;
    set.requests[1].atMs = qint64(5000000000); // past what an int holds: 58 days
    const QByteArray text = RequestSetFile::serialize(set);
    QVERIFY(text.contains("\"version\": 5"));
    QVERIFY(text.contains("\"at\": 5000000000"));
    RequestSet loaded;
    FileError error;
    QVERIFY2(RequestSetFile::parse(text, &loaded, &error), qPrintable(error.toString()));
    QCOMPARE(loaded.requests, set.requests);
    QCOMPARE(loaded.requests.at(2).atMs, std::nullopt);
    QCOMPARE(RequestSetFile::serialize(loaded), text);
}

void TestRequestSetFile::badArrivalTimes_data()
{
    QTest::addColumn<QByteArray>("at");
    QTest::addColumn<QString>("problem");
    QTest::newRow("negative") << QByteArray("-1") << QStringLiteral("expected a number from 0");
    QTest::newRow("text") << QByteArray("\"12\"") << QStringLiteral("expected a number from 0");
    QTest::newRow("null") << QByteArray("null") << QStringLiteral("expected a number from 0");
    QTest::newRow("fraction") << QByteArray("1.5") << QStringLiteral("expected whole milliseconds");
}

void TestRequestSetFile::badArrivalTimes()
{
    QFETCH(QByteArray, at);
    QFETCH(QString, problem);
    const QByteArray text = "{\"format\": \"batchlab.requestset\", \"version\": 5, \"requests\": [\n"
                            "  {\"method\": \"GET\", \"url\": \"/a\", \"at\": " + at + "}]}";
    RequestSet set;
    set.name = QStringLiteral("untouched");
    FileError error;
    QVERIFY(!RequestSetFile::parse(text, &set, &error));
    QCOMPARE(set.name, QStringLiteral("untouched"));
    QCOMPARE(error.field, QStringLiteral("requests[0].at"));
    QCOMPARE(error.line, 2);
    QVERIFY2(error.message.contains(problem), qPrintable(error.message));
}

void TestRequestSetFile::switchedOffHeadersAndQueryAreVersion6()
{
    RequestSet set;
    set.requests = {RequestItem(), RequestItem()};
    set.requests[0].url = QStringLiteral("https://a.example/1?on=1");
    set.requests[0].headers = {{QStringLiteral("Accept"), QStringLiteral("application/json")}};
    set.requests[1].url = QStringLiteral("https://a.example/2");
    QVERIFY(RequestSetFile::serialize(set).contains("\"version\": 1"));
    set.requests[0].disabledHeaders = {{QStringLiteral("X-Debug"), QStringLiteral("1")}};
    set.requests[0].disabledQuery = {{QStringLiteral("trace"), QStringLiteral("true")}, {QStringLiteral("flag"), QString()}};
    const QByteArray text = RequestSetFile::serialize(set);
    QVERIFY(text.contains("\"version\": 6"));
    RequestSet loaded;
    FileError error;
    QVERIFY2(RequestSetFile::parse(text, &loaded, &error), qPrintable(error.toString()));
    QCOMPARE(loaded.requests, set.requests);
    QCOMPARE(RequestSetFile::serialize(loaded), text);

    // The arrival "as recorded" is version 6 too: an older Batchlab would refuse the plan.
    RequestSet recorded;
    recorded.plan = RunPlan{2, ArrivalPattern::Recorded, 1, 1};
    const QByteArray planned = RequestSetFile::serialize(recorded);
    QVERIFY(planned.contains("\"version\": 6"));
    QVERIFY(planned.contains("\"arrival\": \"recorded\""));
    RequestSet back;
    QVERIFY2(RequestSetFile::parse(planned, &back, &error), qPrintable(error.toString()));
    QCOMPARE(back.plan, recorded.plan);

    const QByteArray bad = "{\"format\": \"batchlab.requestset\", \"version\": 6, \"requests\": [\n"
                           "  {\"method\": \"GET\", \"url\": \"/a\",\n   \"disabledQuery\": [{\"value\": \"x\"}]}]}";
    QVERIFY(!RequestSetFile::parse(bad, &loaded, &error));
    QCOMPARE(error.field, QStringLiteral("requests[0].disabledQuery[0].name"));
    QCOMPARE(error.line, 3);
}

void TestRequestSetFile::resolveRefusesWhatCannotBeSent_data()
{
    // The report: "get me" became the method GET ME, and a header named "Bad Header:" was
    // flagged in the editor yet sent.
    QTest::addColumn<QString>("method");
    QTest::addColumn<QString>("header");
    QTest::addColumn<QString>("problem");
    QTest::newRow("fine") << QStringLiteral("patch") << QStringLiteral("X-Trace-{{n}}") << QString();
    QTest::newRow("custom method") << QStringLiteral("PURGE") << QStringLiteral("Accept") << QString();
    QTest::newRow("method with a space") << QStringLiteral("get me") << QStringLiteral("Accept")
                                         << QStringLiteral("\"GET ME\" is not a method");
    QTest::newRow("header with a space") << QStringLiteral("GET") << QStringLiteral("Bad Header:")
                                         << QStringLiteral("\"Bad Header:\" is not a valid header name");
    QTest::newRow("header from a variable") << QStringLiteral("GET") << QStringLiteral("{{bad}}")
                                            << QStringLiteral("\"a b\" is not a valid header name");
}

void TestRequestSetFile::resolveRefusesWhatCannotBeSent()
{
    QFETCH(QString, method);
    QFETCH(QString, header);
    QFETCH(QString, problem);
    RequestSet set;
    set.variables = {{QStringLiteral("n"), QStringLiteral("1")}, {QStringLiteral("bad"), QStringLiteral("a b")}};
    RequestItem item;
    item.method = method;
    item.url = QStringLiteral("/users/1");
    item.headers = {{header, QStringLiteral("v")}};
    QString error;
    set.resolve(item, QUrl(QStringLiteral("http://127.0.0.1:1")), &error);
    if (problem.isEmpty())
        QVERIFY2(error.isEmpty(), qPrintable(error));
    else
        QVERIFY2(error.startsWith(problem), qPrintable(error));
}

void TestRequestSetFile::bodiesThatClaimJsonAreChecked()
{
    // The report: an invalid JSON body was sent anyway, and pretty-print said nothing.
    const JsonProblem problem = jsonProblem("{\n  \"name\": \"é\"\n  \"stock\": 1\n}");
    QVERIFY(problem.found());
    QCOMPARE(problem.line, 3);
    QCOMPARE(problem.column, 4); // on the name after the missing comma, as Qt reads it
    QVERIFY2(problem.toString().startsWith(QStringLiteral("line 3, column 4: ")), qPrintable(problem.toString()));
    QVERIFY(!jsonProblem("[1, 2]").found());

    RequestSet set;
    set.variables = {{QStringLiteral("id"), QStringLiteral("7")}};
    const auto request = [](const char *name, const char *body, const char *type) {
        RequestItem item;
        item.name = QLatin1String(name);
        item.method = QStringLiteral("POST");
        item.url = QStringLiteral("/items");
        item.body = QString::fromUtf8(body);
        if (*type)
            item.headers = {{QStringLiteral("content-type"), QLatin1String(type)}};
        return item;
    };
    set.requests = {request("fine", R"({"id": {{id}}})", "application/json"),
                    request("broken", R"({"né": 1,})", "application/merge-patch+json"),
                    request("text", "not json", "text/plain"), request("no type", "{oops", "")};
    const QStringList problems = jsonBodyProblems(set, QUrl(QStringLiteral("http://127.0.0.1:1")));
    QCOMPARE(problems.size(), 1); // columns count characters, not the bytes of é
    QVERIFY2(problems.at(0).startsWith(QStringLiteral("request 2 (broken): line 1, column 11: ")), qPrintable(problems.at(0)));
    QVERIFY(jsonBodyProblems(set, QUrl(QStringLiteral("http://127.0.0.1:1")), {0}).isEmpty());
}

QTEST_GUILESS_MAIN(TestRequestSetFile)
#include "tst_requestsetfile.moc"
