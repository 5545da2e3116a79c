// SPDX-License-Identifier: BSD-3-Clause
// PostmanImporter on real collections (every file of the captures accounted for, chosen items
// of the Wise and newman ones exactly), on auth inheritance, body modes and disabled parts,
// and on malformed input, whose errors say where.

#include "runs/io/interchange.h"
#include "runs/io/postmanimporter.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace batchlab;

namespace {

const QString kCaptures = QStringLiteral(BATCHLAB_CAPTURES "/postman");

/// Items with a request, and the other leaves, of a collection: what the import must account for.
int leaves(const QJsonArray &items)
{
    int count = 0;
    for (const QJsonValue &v : items) {
        const QJsonObject item = v.toObject();
        count += item.contains(QStringLiteral("item")) ? leaves(item.value(QStringLiteral("item")).toArray()) : 1;
    }
    return count;
}

ImportResult importCapture(const QString &file)
{
    QFile f(kCaptures + u'/' + file);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return PostmanImporter().read(f.readAll(), f.fileName());
}

const RequestItem *find(const RequestSet &set, const QString &name)
{
    for (const RequestItem &item : set.requests) {
        if (item.name == name)
            return &item;
    }
    return nullptr;
}

bool hasNote(const ImportResult &result, const QString &where, const QString &part)
{
    return std::any_of(result.notes.cbegin(), result.notes.cend(), [&](const ImportNote &n) {
        return n.where.contains(where) && n.what.contains(part);
    });
}

QString notes(const ImportResult &result)
{
    QStringList out;
    for (const ImportNote &n : result.notes)
        out.append(n.where + QStringLiteral(": ") + n.what);
    return out.join(u'\n');
}

using Headers = QList<QPair<QString, QString>>;

} // namespace

class TestPostmanImport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyCaptureIsAccountedFor_data();
    void everyCaptureIsAccountedFor();
    void wiseItems();
    void newmanEchoItems();
    void authIsInherited();
    void bodiesAndDisabledParts();
    void urlObjectsAreRebuilt();
    void malformedInputSaysWhere_data();
    void malformedInputSaysWhere();
    void otherJsonIsNotRecognized();
};

void TestPostmanImport::everyCaptureIsAccountedFor_data()
{
    QTest::addColumn<QString>("file");
    const QStringList files = QDir(kCaptures).entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    if (files.isEmpty())
        QSKIP(qPrintable(QStringLiteral("no Postman captures in %1").arg(kCaptures)));
    for (const QString &file : files)
        QTest::newRow(qPrintable(file)) << file;
}

void TestPostmanImport::everyCaptureIsAccountedFor()
{
    QFETCH(QString, file);
    QFile f(kCaptures + u'/' + file);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray data = f.readAll();
    QVERIFY(Interchange::importerFor(data));
    QCOMPARE(Interchange::importerFor(data)->format(), QStringLiteral("postman"));
    const ImportResult result = Interchange::importFile(f.fileName());
    QVERIFY2(result.ok(), qPrintable(result.summary()));
    const QJsonObject root = QJsonDocument::fromJson(data).object();
    QCOMPARE(result.set.name, root.value(QStringLiteral("info")).toObject().value(QStringLiteral("name")).toString());
    QCOMPARE(result.set.requests.size() + result.skipped.size(), leaves(root.value(QStringLiteral("item")).toArray()));
    QVERIFY(!result.set.requests.isEmpty());
    for (const RequestItem &item : result.set.requests) {
        QVERIFY2(!item.url.isEmpty() && !item.method.isEmpty(), qPrintable(item.name));
        QString problem;
        result.set.resolve(item, QUrl(QStringLiteral("http://127.0.0.1:1")), &problem);
    }
}

void TestPostmanImport::wiseItems()
{
    const ImportResult result = importCapture(QStringLiteral("wise-payouts.v2.1.postman_collection.json"));
    if (result.set.requests.isEmpty() && !result.error.isError())
        QSKIP("the Wise capture is not here");
    QVERIFY2(result.ok(), qPrintable(result.summary()));

    const RequestItem *quote = find(result.set, QStringLiteral("2. Transfer Flow / 1. Create quote / 2. Create Quote"));
    QVERIFY(quote);
    QCOMPARE(quote->method, QStringLiteral("POST"));
    QCOMPARE(quote->url, QStringLiteral("{{host}}/v2/quotes"));
    QCOMPARE(quote->headers, (Headers{{QStringLiteral("Authorization"), QStringLiteral("Bearer {{token}}")},
                                      {QStringLiteral("Content-Type"), QStringLiteral("application/json")}}));
    QVERIFY(quote->body.startsWith(QStringLiteral("{\n\t\"sourceCurrency\": \"GBP\",")));
    QVERIFY(quote->body.contains(QStringLiteral("\"profile\": {{business-profile-id}}")));
    QVERIFY2(hasNote(result, QStringLiteral("2. Create Quote"), QStringLiteral("test script was not run")), qPrintable(notes(result)));

    // Form data under a URL-encoded Content-Type, basic auth from variables, a test script.
    const QString tokenName = QStringLiteral("1. Creating or accessing existing users / 1a. Access Existing User / "
                                             "1. Generate token from authorization code");
    const RequestItem *token = find(result.set, tokenName);
    QVERIFY(token);
    QCOMPARE(token->method, QStringLiteral("POST"));
    QCOMPARE(token->url, QStringLiteral("{{host}}/oauth/token"));
    QCOMPARE(token->headers, (Headers{{QStringLiteral("Content-Type"), QStringLiteral("application/x-www-form-urlencoded")}}));
    QCOMPARE(token->body, QStringLiteral("grant_type=authorization_code&client_id={{client-id}}&redirect_uri={{client-redirect-uri}}"
                                         "&code=%3Ccode%20from%20redirect%20url%3E"));
    QVERIFY2(hasNote(result, tokenName, QStringLiteral("basic auth from variables ({{client-id}}:{{client-secret}})")), qPrintable(notes(result)));
    QVERIFY(hasNote(result, tokenName, QStringLiteral("form data sent URL-encoded")));
}

void TestPostmanImport::newmanEchoItems()
{
    const ImportResult result = importCapture(QStringLiteral("newman-postman-echo.v2.0.postman_collection.json"));
    if (result.set.requests.isEmpty() && !result.error.isError())
        QSKIP("the newman echo capture is not here");
    QVERIFY2(result.ok(), qPrintable(result.summary()));
    QCOMPARE(result.set.name, QStringLiteral("Postman Echo (V2)"));

    // v2.0 object-form basic auth whose header the request already carries: kept once.
    const RequestItem *basic = find(result.set, QStringLiteral("Auth: Others / Basic Auth"));
    QVERIFY(basic);
    QCOMPARE(basic->method, QStringLiteral("GET"));
    QCOMPARE(basic->url, QStringLiteral("https://postman-echo.com/basic-auth"));
    QCOMPARE(basic->headers, (Headers{{QStringLiteral("Authorization"), QStringLiteral("Basic cG9zdG1hbjpwYXNzd29yZA==")}}));
    QVERIFY(hasNote(result, QStringLiteral("Basic Auth"), QStringLiteral("the request sets it itself")));
    QVERIFY(hasNote(result, QStringLiteral("Basic Auth"), QStringLiteral("its 2 saved example responses were not imported")));
    QVERIFY(hasNote(result, QStringLiteral("Cookies / Get Cookies"), QStringLiteral("its saved example response was not imported")));

    const RequestItem *oauth = find(result.set, QStringLiteral("Auth: Others / OAuth1.0 Verify Signature"));
    QVERIFY(oauth);
    QVERIFY(hasNote(result, QStringLiteral("OAuth1.0 Verify Signature"), QStringLiteral("oauth1 auth is not supported")));
    // v2.0's `enabled: true` form fields are all there, as a multipart body.
    QVERIFY(oauth->body.contains(QStringLiteral("name=\"grant_type\"\r\n\r\nauthorization_code\r\n")));
    QCOMPARE(oauth->headers.constLast().first, QStringLiteral("Content-Type"));
    QVERIFY(oauth->headers.constLast().second.startsWith(QStringLiteral("multipart/form-data; boundary=")));
}

namespace {

QByteArray collection(const QJsonObject &extra, const QJsonArray &items)
{
    QJsonObject root{{QStringLiteral("info"), QJsonObject{{QStringLiteral("name"), QStringLiteral("t")},
                                                          {QStringLiteral("schema"), QStringLiteral("https://schema.getpostman.com/json/collection/v2.1.0/collection.json")}}},
                     {QStringLiteral("item"), items}};
    for (auto it = extra.begin(); it != extra.end(); ++it)
        root.insert(it.key(), it.value());
    return QJsonDocument(root).toJson();
}

QJsonObject json(const char *text)
{
    return QJsonDocument::fromJson(QByteArray(text)).object();
}

QJsonArray jsonArray(const char *text)
{
    return QJsonDocument::fromJson(QByteArray(text)).array();
}

} // namespace

void TestPostmanImport::authIsInherited()
{
    const QByteArray data = collection(
        json(R"({"auth": {"type": "bearer", "bearer": [{"key": "token", "value": "{{token}}"}]},
                 "variable": [{"key": "token", "value": "t0"}, {"key": "base", "value": "http://a"}]})"),
        jsonArray(R"([
          {"name": "A", "variable": [{"key": "base", "value": "http://b"}, {"key": "a", "value": "1"}],
           "item": [{"name": "inherits", "request": {"method": "GET", "url": "{{base}}/x"}},
                    {"name": "none", "request": {"url": "{{base}}/y", "auth": {"type": "noauth"}}}]},
          {"name": "B", "auth": {"type": "basic", "basic": {"username": "u", "password": "p"}},
           "item": [{"name": "folder basic", "request": {"url": "http://h/b"}},
                    {"name": "C", "auth": {"type": "noauth"},
                     "item": [{"name": "stopped", "request": "http://h/c"},
                              {"name": "own key", "request": {"url": "http://h/k?x=1#f",
                               "auth": {"type": "apikey", "apikey": [{"key": "key", "value": "api_key"},
                                        {"key": "value", "value": "{{key}}"}, {"key": "in", "value": "query"}]}}}]}]},
          {"name": "header key", "request": {"url": "http://h/h", "auth": {"type": "apikey", "apikey":
             [{"key": "key", "value": "X-Key"}, {"key": "value", "value": "k1"}]}}},
          {"name": "digest", "request": {"url": "http://h/d", "auth": {"type": "digest", "digest": []}}}
        ])"));
    const ImportResult result = PostmanImporter().read(data, QStringLiteral("t.json"));
    QVERIFY2(result.ok(), qPrintable(result.summary()));
    QCOMPARE(result.set.requests.size(), 7);
    const Headers bearer{{QStringLiteral("Authorization"), QStringLiteral("Bearer {{token}}")}};
    QCOMPARE(find(result.set, QStringLiteral("A / inherits"))->headers, bearer);
    QCOMPARE(find(result.set, QStringLiteral("A / inherits"))->method, QStringLiteral("GET"));
    QCOMPARE(find(result.set, QStringLiteral("A / none"))->headers, Headers{});
    QCOMPARE(find(result.set, QStringLiteral("B / folder basic"))->headers,
             (Headers{{QStringLiteral("Authorization"), QStringLiteral("Basic dTpw")}}));
    QCOMPARE(find(result.set, QStringLiteral("B / C / stopped"))->headers, Headers{});
    QCOMPARE(find(result.set, QStringLiteral("B / C / stopped"))->url, QStringLiteral("http://h/c"));
    QCOMPARE(find(result.set, QStringLiteral("B / C / own key"))->url, QStringLiteral("http://h/k?x=1&api_key={{key}}#f"));
    QCOMPARE(find(result.set, QStringLiteral("header key"))->headers, (Headers{{QStringLiteral("X-Key"), QStringLiteral("k1")}}));
    QCOMPARE(find(result.set, QStringLiteral("digest"))->headers, Headers{});
    QVERIFY(hasNote(result, QStringLiteral("digest"), QStringLiteral("digest auth is not supported and was skipped")));
    // Collection variables, then the folder's; the clash is said.
    QCOMPARE(result.set.variables, (QList<Variable>{{QStringLiteral("token"), QStringLiteral("t0"), false},
                                                    {QStringLiteral("base"), QStringLiteral("http://a"), false},
                                                    {QStringLiteral("a"), QStringLiteral("1"), false}}));
    QVERIFY2(hasNote(result, QStringLiteral("\"A\""), QStringLiteral("variable \"base\" is also defined")), qPrintable(notes(result)));
}

void TestPostmanImport::bodiesAndDisabledParts()
{
    const QByteArray data = collection(
        json(R"({"event": [{"listen": "prerequest", "script": {"exec": ["pm.x();"]}}]})"),
        jsonArray(R"([
          {"name": "gql", "request": {"method": "POST", "url": "http://h/graphql",
            "body": {"mode": "graphql", "graphql": {"query": "{ me { id } }", "variables": "{\"a\": 1}"}}}},
          {"name": "form", "request": {"method": "POST", "url": "http://h/f",
            "header": [{"key": "X-On", "value": "1"}, {"key": "X-Off", "value": "0", "disabled": true}],
            "body": {"mode": "urlencoded", "urlencoded": [{"key": "a b", "value": "{{v}}&"}, {"key": "off", "value": "1", "disabled": true}]}}},
          {"name": "multi", "request": {"method": "POST", "url": "http://h/m",
            "body": {"mode": "formdata", "formdata": [{"key": "t", "value": "v", "type": "text", "contentType": "text/plain"},
                                                      {"key": "f", "src": "/tmp/x", "type": "file"}]}}},
          {"name": "json", "request": {"method": "PUT", "url": "http://h/j",
            "body": {"mode": "raw", "raw": "{\"x\": 1}", "options": {"raw": {"language": "json"}}}}},
          {"name": "file", "request": {"method": "PUT", "url": "http://h/u", "body": {"mode": "file", "file": {"src": "a.bin"}}}},
          {"name": "folder only"}
        ])"));
    const ImportResult result = PostmanImporter().read(data, QStringLiteral("t.json"));
    QVERIFY2(result.ok(), qPrintable(result.summary()));
    QCOMPARE(result.set.requests.size(), 5);
    QCOMPARE(result.skipped.size(), 1);
    QCOMPARE(result.skipped.first().where, QStringLiteral("item \"folder only\""));
    QVERIFY(hasNote(result, QStringLiteral("collection"), QStringLiteral("pre-request script was not run")));

    const RequestItem *gql = find(result.set, QStringLiteral("gql"));
    const QJsonObject gqlBody = json(R"({"query": "{ me { id } }", "variables": {"a": 1}})");
    QCOMPARE(QJsonDocument::fromJson(gql->body.toUtf8()).object(), gqlBody);
    QCOMPARE(gql->headers, (Headers{{QStringLiteral("Content-Type"), QStringLiteral("application/json")}}));

    const RequestItem *form = find(result.set, QStringLiteral("form"));
    QCOMPARE(form->body, QStringLiteral("a%20b={{v}}%26"));
    QCOMPARE(form->headers, (Headers{{QStringLiteral("X-On"), QStringLiteral("1")},
                                     {QStringLiteral("Content-Type"), QStringLiteral("application/x-www-form-urlencoded")}}));
    // Turned off in Postman: the header is kept off, the form field (part of the body) left out.
    QCOMPARE(form->disabledHeaders, (Headers{{QStringLiteral("X-Off"), QStringLiteral("0")}}));
    QVERIFY2(hasNote(result, QStringLiteral("\"form\""), QStringLiteral("left out: form field \"off\"")), qPrintable(notes(result)));
    QVERIFY2(hasNote(result, QStringLiteral("\"form\""), QStringLiteral("kept turned off, as in Postman: header \"X-Off\"")),
             qPrintable(notes(result)));

    const RequestItem *multi = find(result.set, QStringLiteral("multi"));
    QCOMPARE(multi->body, QStringLiteral("--batchlab-postman-form\r\nContent-Disposition: form-data; name=\"t\"\r\n"
                                         "Content-Type: text/plain\r\n\r\nv\r\n--batchlab-postman-form--\r\n"));
    QVERIFY(hasNote(result, QStringLiteral("\"multi\""), QStringLiteral("file part \"f\"")));

    QCOMPARE(find(result.set, QStringLiteral("json"))->headers, (Headers{{QStringLiteral("Content-Type"), QStringLiteral("application/json")}}));
    QCOMPARE(find(result.set, QStringLiteral("file"))->body, QString());
    QVERIFY(hasNote(result, QStringLiteral("\"file\""), QStringLiteral("the file body was left out")));
}

void TestPostmanImport::urlObjectsAreRebuilt()
{
    const QByteArray data = collection({}, jsonArray(R"([
          {"name": "parts", "request": {"url": {"protocol": "https", "host": ["api", "example", "com"], "port": "8443",
            "path": ["v1", ":id"], "query": [{"key": "a", "value": "1"}, {"key": "b", "value": "2", "disabled": true},
            {"key": "flag", "value": null}], "hash": "top"}}},
          {"name": "host string", "request": {"url": {"host": "{{base}}", "path": "/x/y"}}},
          {"name": "raw disabled", "request": {"url": {"raw": "{{base}}/s?a=1&b=2", "query": [{"key": "a", "value": "1"},
            {"key": "b", "value": "2", "disabled": true}]}}}
        ])"));
    const ImportResult result = PostmanImporter().read(data, QStringLiteral("t.json"));
    QVERIFY2(result.ok(), qPrintable(result.summary()));
    QCOMPARE(find(result.set, QStringLiteral("parts"))->url, QStringLiteral("https://api.example.com:8443/v1/:id?a=1&flag#top"));
    QCOMPARE(find(result.set, QStringLiteral("host string"))->url, QStringLiteral("{{base}}/x/y"));
    QCOMPARE(find(result.set, QStringLiteral("raw disabled"))->url, QStringLiteral("{{base}}/s?a=1"));
    QVERIFY(hasNote(result, QStringLiteral("\"parts\""), QStringLiteral("kept turned off, as in Postman: query parameter \"b\"")));
    QCOMPARE(find(result.set, QStringLiteral("parts"))->disabledQuery, (Headers{{QStringLiteral("b"), QStringLiteral("2")}}));
    QCOMPARE(find(result.set, QStringLiteral("raw disabled"))->disabledQuery, (Headers{{QStringLiteral("b"), QStringLiteral("2")}}));
}

void TestPostmanImport::malformedInputSaysWhere_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("message");
    const QByteArray head = R"({"info": {"name": "x", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"}, )";
    QTest::newRow("cut") << QByteArray("{\n  \"info\": {\n    \"name\": ") << 3 << 13 << QString() << "not valid JSON";
    QTest::newRow("array") << QByteArray("[1]") << 0 << 0 << QString() << "expected a JSON object";
    QTest::newRow("no info") << QByteArray(R"({"item": []})") << 0 << 0 << "info" << "not a Postman collection";
    QTest::newRow("v1") << QByteArray(R"({"info": {"schema": "https://schema.getpostman.com/json/collection/v1.0.0/collection.json"}, "item": []})")
                        << 0 << 0 << "info.schema" << "v1 is not supported";
    QTest::newRow("no items") << head + "\"x\": 1}" << 0 << 0 << "item" << "missing";
    QTest::newRow("items object") << head + "\"item\": {}}" << 0 << 0 << "item" << "expected an array";
    QTest::newRow("item number") << head + "\"item\": [{\"request\": \"http://a\"}, 3]}" << 0 << 0 << "item[1]" << "expected an object";
    QTest::newRow("nested url") << head + R"("item": [{"name": "f", "item": [{"request": "http://a"}, {"request": "http://b"}, {"request": {"url": 7}}]}]})" << 0 << 0 << "item[0].item[2].request.url" << "expected a URL or an object";
    QTest::newRow("request number") << head + R"("item": [{"request": 1}]})" << 0 << 0 << "item[0].request" << "expected a URL";
    QTest::newRow("header") << head + R"("item": [{"request": {"url": "http://a", "header": 5}}]})" << 0 << 0
                            << "item[0].request.header" << "expected an array";
    QTest::newRow("header entry") << head + R"("item": [{"request": {"url": "http://a", "header": [{"key": "a", "value": "b"}, 2]}}]})"
                                  << 0 << 0 << "item[0].request.header[1]" << "expected an object";
    QTest::newRow("body") << head + R"("item": [{"request": {"url": "http://a", "body": "x"}}]})" << 0 << 0
                          << "item[0].request.body" << "expected an object";
    QTest::newRow("auth") << head + R"("item": [{"name": "f", "auth": [], "item": []}]})" << 0 << 0 << "item[0].auth" << "expected an object";
    QTest::newRow("variables") << head + R"("variable": {}, "item": []})" << 0 << 0 << "variable" << "expected an array";
}

void TestPostmanImport::malformedInputSaysWhere()
{
    QFETCH(QByteArray, data);
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QString, field);
    QFETCH(QString, message);
    const ImportResult result = PostmanImporter().read(data, QStringLiteral("bad.json"));
    QVERIFY(!result.ok());
    QVERIFY(result.set.requests.isEmpty());
    QCOMPARE(result.error.file, QStringLiteral("bad.json"));
    QCOMPARE(result.error.line, line);
    QCOMPARE(result.error.column, column);
    QCOMPARE(result.error.field, field);
    QVERIFY2(result.error.message.contains(message), qPrintable(result.error.message));
}

void TestPostmanImport::otherJsonIsNotRecognized()
{
    // Raw strings stay out of the macros: moc's preprocessor misreads them there.
    const PostmanImporter importer;
    const QByteArray har = R"({"log": {"version": "1.2", "entries": []}})";
    const QByteArray native = R"({"format": "batchlab.requestset", "info": 1})";
    const QByteArray idOnly = R"({"info": {"_postman_id": "x"}, "item": []})";
    const QByteArray bom = "\xEF\xBB\xBF" R"({"info": {"schema": "https://schema.getpostman.com/json/collection/v2.0.0/collection.json"}})";
    QCOMPARE(importer.recognizes(har), 0);
    QCOMPARE(importer.recognizes(native), 0);
    QCOMPARE(importer.recognizes("curl https://example.com"), 0);
    QCOMPARE(importer.recognizes(idOnly), 90);
    QCOMPARE(importer.recognizes(bom), 100);
    // newman#1871: a byte-order mark before the JSON is read past.
    const ImportResult result = importer.read(QByteArray(bom).replace("}}", "}, \"item\": [{\"request\": \"http://a\"}]}"), {});
    QVERIFY2(result.ok(), qPrintable(result.summary()));
    QCOMPARE(result.set.requests.size(), 1);
}

QTEST_GUILESS_MAIN(TestPostmanImport)
#include "tst_postmanimport.moc"
