// SPDX-License-Identifier: BSD-3-Clause
// JsonBatchCodec: what it puts on the wire and how strictly it reads answers.
#include "engine/batchmatch.h"
#include "support/randomdamage.h"
#include "wire/itemtarget.h"
#include "wire/jsonbatchcodec.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace batchlab;

class TestJsonBatchCodec : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void encodesItemsWithIdsRelativeUrlsAndBodies();
    void atomicGroupsAndDependencies();
    void relativeUrls_data();
    void relativeUrls();
    void decodesAnswersInAnyOrder();
    void decodesBodies();
    void malformedAnswers_data();
    void malformedAnswers();
    void itemProblemsAreKeptForTheDispatcher();
    void absoluteUrls();
    void headersAreMergedAndKeptAsUtf8();
    void numericHeaderValuesAreKept();
    void continueOnErrorIsAskedFor();
    void binaryBodiesTravelAsBase64();
    void graphThrottledItemsAndFailedDependencies();
    void odataDependsOnExample();
    void everyPrefixAndRandomDamageIsHandled();
    void numbersKeepEveryDigit();

private:
    BatchRequest request(int items);
    std::vector<RequestSpec> m_specs;
};

BatchRequest TestJsonBatchCodec::request(int items)
{
    m_specs.clear();
    m_specs.reserve(size_t(items));
    BatchRequest batch;
    batch.batchId = 7;
    batch.endpoint = QUrl(QStringLiteral("https://api.example.test/v1.0/$batch"));
    for (int i = 0; i < items; ++i) {
        m_specs.push_back(RequestSpec::get(
            QUrl(QStringLiteral("https://api.example.test/v1.0/users/%1").arg(i))));
        batch.items.push_back({i, &m_specs.back()});
    }
    return batch;
}

void TestJsonBatchCodec::atomicGroupsAndDependencies()
{
    // Items 1 and 2 are one group, 2 depending on 1 (OData 4.01: adjacent members, dependsOn
    // naming earlier ids); the others carry neither member.
    BatchRequest batch = request(4);
    batch.items[1].group = 0;
    batch.items[2].group = 0;
    batch.items[2].dependsOn = {1};
    batch.items[3].group = 1;
    const QJsonArray requests
        = QJsonDocument::fromJson(JsonBatchCodec().encode(batch).body)[QStringLiteral("requests")]
              .toArray();
    QCOMPARE(requests.size(), 4);
    QVERIFY(!requests[0].toObject().contains(QStringLiteral("atomicityGroup")));
    QVERIFY(!requests[0].toObject().contains(QStringLiteral("dependsOn")));
    QCOMPARE(requests[1][QStringLiteral("atomicityGroup")].toString(), QStringLiteral("g0"));
    QCOMPARE(requests[2][QStringLiteral("atomicityGroup")].toString(), QStringLiteral("g0"));
    QCOMPARE(requests[2][QStringLiteral("dependsOn")].toArray(), QJsonArray{QStringLiteral("1")});
    QCOMPARE(requests[3][QStringLiteral("atomicityGroup")].toString(), QStringLiteral("g1"));
}

void TestJsonBatchCodec::encodesItemsWithIdsRelativeUrlsAndBodies()
{
    BatchRequest batch = request(2);
    m_specs.push_back({"POST",
                       QUrl(QStringLiteral("https://api.example.test/v1.0/echo?x=1")),
                       {{"X-Trace", "abc"}},
                       R"({"a":1})",
                       {}});
    m_specs.push_back({"PUT",
                       QUrl(QStringLiteral("https://api.example.test/v1.0/notes/1")),
                       {{"Content-Type", "text/plain"}},
                       "plain words",
                       {}});
    batch.items = {{0, &m_specs[0]}, {1, &m_specs[1]}, {2, &m_specs[2]}, {3, &m_specs[3]}};

    const EncodedRequest encoded = JsonBatchCodec().encode(batch);
    QCOMPARE(encoded.method, QByteArray("POST"));
    QCOMPARE(encoded.url, batch.endpoint);
    QCOMPARE(headerValue(encoded.headers, "content-type"), QByteArray("application/json"));
    const QJsonArray requests
        = QJsonDocument::fromJson(encoded.body)[QStringLiteral("requests")].toArray();
    QCOMPARE(requests.size(), 4);
    QCOMPARE(requests[0][QStringLiteral("id")].toString(), QStringLiteral("0"));
    QCOMPARE(requests[0][QStringLiteral("method")].toString(), QStringLiteral("GET"));
    QCOMPARE(requests[0][QStringLiteral("url")].toString(), QStringLiteral("/users/0"));
    QVERIFY(!requests[0].toObject().contains(QStringLiteral("body")));
    // A JSON body travels inline, and gets a content type when it had none.
    QCOMPARE(requests[2][QStringLiteral("url")].toString(), QStringLiteral("/echo?x=1"));
    QCOMPARE(requests[2][QStringLiteral("body")][QStringLiteral("a")].toInt(), 1);
    // Header names go lower-case: OData services look up "content-type" (SAP CAP refuses a
    // text body whose type came as "Content-Type").
    QCOMPARE(requests[2][QStringLiteral("headers")][QStringLiteral("x-trace")].toString(),
             QStringLiteral("abc"));
    QCOMPARE(requests[2][QStringLiteral("headers")][QStringLiteral("content-type")].toString(),
             QStringLiteral("application/json"));
    // Any other body travels as text.
    QCOMPARE(requests[3][QStringLiteral("body")].toString(), QStringLiteral("plain words"));
}

void TestJsonBatchCodec::relativeUrls_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("endpoint");
    QTest::addColumn<QString>("expected");
    QTest::newRow("root endpoint") << "http://h/users/1"
                                   << "http://h/$batch"
                                   << "/users/1";
    QTest::newRow("versioned") << "http://h/v1.0/users/1"
                               << "http://h/v1.0/$batch"
                               << "/users/1";
    QTest::newRow("outside the folder") << "http://h/beta/users/1"
                                        << "http://h/v1.0/$batch"
                                        << "/beta/users/1";
    QTest::newRow("query kept encoded") << "http://h/users?filter=a%20b&x=1"
                                        << "http://h/$batch"
                                        << "/users?filter=a%20b&x=1";
}

void TestJsonBatchCodec::relativeUrls()
{
    QFETCH(QString, url);
    QFETCH(QString, endpoint);
    QFETCH(QString, expected);
    QCOMPARE(itemTarget(QUrl(url), QUrl(endpoint), ItemUrls::Relative), expected.toUtf8());
}

void TestJsonBatchCodec::headersAreMergedAndKeptAsUtf8()
{
    BatchRequest batch = request(1);
    m_specs[0].headers = {{"Accept", "application/json"}, {"accept", "text/plain"},
                          {"X-Name", "Zoë"}};
    const QJsonObject headers = QJsonDocument::fromJson(JsonBatchCodec().encode(batch).body)
                                    [QStringLiteral("requests")][0][QStringLiteral("headers")]
                                        .toObject();
    // A JSON object cannot repeat a name: the values are joined, as RFC 9110 §5.3 allows.
    QCOMPARE(headers[QStringLiteral("accept")].toString(), QStringLiteral("application/json, text/plain"));
    QCOMPARE(headers[QStringLiteral("x-name")].toString(), QString::fromUtf8("Zoë"));
}

void TestJsonBatchCodec::numericHeaderValuesAreKept()
{
    // Graph writes "Retry-After" as a string, but a number is valid JSON too; the throttling
    // delay must not be lost.
    const BatchRequest batch = request(1);
    const DecodedBatch decoded = JsonBatchCodec().decode(
        batch, {{"Content-Type", "application/json"}},
        R"({"responses":[{"id":"0","status":429,"headers":{"Retry-After":7}}]})");
    QCOMPARE(headerValue(decoded.items[0].headers, "retry-after"), QByteArray("7"));
}

void TestJsonBatchCodec::continueOnErrorIsAskedFor()
{
    const BatchRequest batch = request(1);
    QVERIFY(headerValue(JsonBatchCodec().encode(batch).headers, "prefer").isNull());
    QCOMPARE(headerValue(JsonBatchCodec({ItemUrls::Relative, true}).encode(batch).headers, "prefer"),
             QByteArray("odata.continue-on-error"));
}

void TestJsonBatchCodec::decodesAnswersInAnyOrder()
{
    const BatchRequest batch = request(3);
    const QByteArray body = R"({"responses":[
        {"id":"2","status":404,"body":{"error":{"code":"NotFound"}}},
        {"id":"0","status":200,"headers":{"content-type":"application/json","etag":"W/1"},"body":{"id":0}},
        {"id":"1","status":204}]})";
    const DecodedBatch decoded
        = JsonBatchCodec().decode(batch, {{"Content-Type", "application/json"}}, body);
    QVERIFY2(decoded.error.isEmpty(), qPrintable(decoded.error));
    QCOMPARE(decoded.items.size(), size_t(3));
    QCOMPARE(decoded.items[0].index, 2);
    QCOMPARE(decoded.items[0].status, 404);
    QCOMPARE(decoded.items[1].index, 0);
    QCOMPARE(headerValue(decoded.items[1].headers, "ETag"), QByteArray("W/1"));
    QCOMPARE(QJsonDocument::fromJson(decoded.items[1].body)[QStringLiteral("id")].toInt(), 0);
    QCOMPARE(decoded.items[2].index, 1);
    QVERIFY(decoded.items[2].body.isEmpty());
}

void TestJsonBatchCodec::decodesBodies()
{
    const BatchRequest batch = request(4);
    const QByteArray body = R"({"responses":[
        {"id":"0","status":200,"body":"text"},
        {"id":"1","status":200,"body":[1,2]},
        {"id":"2","status":200,"body":42},
        {"id":"3","status":200,"body":null}]})";
    const DecodedBatch decoded = JsonBatchCodec().decode(batch, {}, body);
    QVERIFY(decoded.error.isEmpty());
    QCOMPARE(decoded.items[0].body, QByteArray("text"));
    QCOMPARE(decoded.items[1].body, QByteArray("[1,2]"));
    QCOMPARE(decoded.items[2].body, QByteArray("42"));
    QCOMPARE(decoded.items[3].body, QByteArray());
}

void TestJsonBatchCodec::malformedAnswers_data()
{
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("message");
    QTest::newRow("truncated") << QByteArray("application/json")
                               << QByteArray(R"({"responses":[{"id":"0")") << "not JSON";
    QTest::newRow("empty") << QByteArray("application/json") << QByteArray() << "not JSON";
    QTest::newRow("html") << QByteArray("text/html") << QByteArray("<html>oops</html>")
                          << "text/html";
    QTest::newRow("array") << QByteArray("application/json") << QByteArray("[]") << "\"responses\"";
    QTest::newRow("no responses") << QByteArray("application/json") << QByteArray(R"({"value":[]})")
                                  << "\"responses\"";
    QTest::newRow("responses not array")
        << QByteArray("application/json") << QByteArray(R"({"responses":{"id":"0"}})")
        << "\"responses\"";
}

void TestJsonBatchCodec::malformedAnswers()
{
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, body);
    QFETCH(QString, message);
    const DecodedBatch decoded
        = JsonBatchCodec().decode(request(1), {{"content-type", contentType}}, body);
    QVERIFY2(decoded.error.contains(message), qPrintable(decoded.error));
    QVERIFY(decoded.items.empty());
}

void TestJsonBatchCodec::itemProblemsAreKeptForTheDispatcher()
{
    // Unknown, numeric, out-of-range and missing ids, and a status that is not a number, decode
    // to items the dispatcher can judge: index -1 or status 0, never a guess.
    const BatchRequest batch = request(3);
    const QByteArray body = R"({"responses":[
        {"id":"7","status":200}, {"id":1,"status":200}, {"id":"01","status":200},
        {"status":200}, {"id":"2","status":"200"}, "not an object"]})";
    const DecodedBatch decoded = JsonBatchCodec().decode(batch, {}, body);
    QVERIFY(decoded.error.isEmpty());
    QCOMPARE(decoded.items.size(), size_t(6));
    QCOMPARE(decoded.items[0].index, -1);
    QCOMPARE(decoded.items[1].index, -1);
    QCOMPARE(decoded.items[2].index, -1);
    QCOMPARE(decoded.items[3].index, -1);
    QCOMPARE(decoded.items[3].id, QStringLiteral("responses[3]"));
    QCOMPARE(decoded.items[4].index, 2);
    QCOMPARE(decoded.items[4].status, 0);
    QCOMPARE(decoded.items[5].index, -1);
}

void TestJsonBatchCodec::absoluteUrls()
{
    // OData 4.01 allows absolute item URLs; Graph does not, so relative is the default.
    const BatchRequest batch = request(1);
    const QJsonArray requests
        = QJsonDocument::fromJson(
              JsonBatchCodec({ItemUrls::Absolute, false}).encode(batch).body)[QStringLiteral("requests")]
              .toArray();
    QCOMPARE(requests[0][QStringLiteral("url")].toString(),
             QStringLiteral("https://api.example.test/v1.0/users/0"));
}

void TestJsonBatchCodec::binaryBodiesTravelAsBase64()
{
    BatchRequest batch = request(1);
    const QByteArray bytes("\x00\xff\r\n--\xfe binary", 13);
    m_specs[0] = {"PUT",
                  QUrl(QStringLiteral("https://api.example.test/v1.0/photo")),
                  {{"Content-Type", "image/png"}},
                  bytes,
                  {}};
    const QJsonObject sent = QJsonDocument::fromJson(
                                 JsonBatchCodec().encode(batch).body)[QStringLiteral("requests")][0]
                                 .toObject();
    const QString text = sent[QStringLiteral("body")].toString();
    QCOMPARE(text,
             QString::fromLatin1(
                 bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals)));
    // Answers in either alphabet decode byte for byte; a body that is not base64 fails its
    // caller with a protocol error.
    const QByteArray body = R"({"responses":[
        {"id":"0","status":200,"headers":{"content-type":"application/octet-stream"},"body":")"
        + bytes.toBase64()
        + R"("}, {"id":"1","status":200,"headers":{"content-type":"image/png"},"body":"*not*"},
        {"id":"2","status":200,"headers":{"content-type":"text/plain"},"body":"words"}]})";
    const DecodedBatch decoded = JsonBatchCodec().decode(request(3), {}, body);
    QVERIFY2(decoded.error.isEmpty(), qPrintable(decoded.error));
    QCOMPARE(decoded.items[0].body, bytes);
    QVERIFY(decoded.items[1].problem.contains(QStringLiteral("not base64")));
    QCOMPARE(decoded.items[2].body, QByteArray("words"));
    const BatchMatch match = BatchMatch::of(decoded.items, 3, 7);
    QCOMPARE(match.errors[1].kind, ErrorKind::Protocol);
}

void TestJsonBatchCodec::graphThrottledItemsAndFailedDependencies()
{
    // Microsoft Graph: the batch succeeds with 200 while single items are throttled (429 with
    // their own Retry-After); an older behaviour answered the others 424.
    const BatchRequest batch = request(3);
    const QByteArray body = R"({"responses":[
        {"id":"0","status":200,"headers":{"content-type":"application/json"},"body":{"id":0}},
        {"id":"1","status":429,"headers":{"retry-after":"7"},
         "body":{"error":{"code":"TooManyRequests","message":"Too many requests"}}},
        {"id":"2","status":424,"body":{"error":{"code":"FailedDependency"}}}]})";
    const DecodedBatch decoded
        = JsonBatchCodec().decode(batch, {{"Content-Type", "application/json"}}, body);
    QVERIFY(decoded.error.isEmpty());
    const BatchMatch match = BatchMatch::of(decoded.items, 3, 7);
    QCOMPARE(match.problems, 0);
    QCOMPARE(match.errors[0].kind, ErrorKind::None);
    QCOMPARE(match.errors[1].kind, ErrorKind::Http);
    QCOMPARE(match.errors[1].status, 429);
    QCOMPARE(headerValue(match.answers[1]->headers, "Retry-After"), QByteArray("7"));
    QCOMPARE(match.errors[2].status, 424);
    QVERIFY(match.errors[2].message.contains(QStringLiteral("Failed Dependency")));
}

void TestJsonBatchCodec::odataDependsOnExample()
{
    // The answer of OData 4.01's JSON batch example (requests with dependsOn and an
    // atomicityGroup), out of order and with a 404.
    const BatchRequest batch = request(4);
    const QByteArray body = R"json({"responses":[
        {"id":"0","status":200,"body":{"CustomerID":"ALFKI"}},
        {"id":"1","atomicityGroup":"group1","status":204},
        {"id":"3","status":404,"body":{"error":{"code":"NotFound","message":"no Products"}}},
        {"id":"2","atomicityGroup":"group1","status":201,
         "headers":{"location":"http://host/service/Customers('POIUY')"},
         "body":{"CustomerID":"POIUY"}}]})json";
    const DecodedBatch decoded
        = JsonBatchCodec().decode(batch, {{"Content-Type", "application/json"}}, body);
    QVERIFY(decoded.error.isEmpty());
    const BatchMatch match = BatchMatch::of(decoded.items, 4, 7);
    QCOMPARE(match.problems, 0);
    QCOMPARE(match.answers[1]->status, 204);
    QCOMPARE(headerValue(match.answers[2]->headers, "Location"),
             QByteArray("http://host/service/Customers('POIUY')"));
    QCOMPARE(match.errors[3].status, 404);
}

void TestJsonBatchCodec::everyPrefixAndRandomDamageIsHandled()
{
    // Totality: a cut or damaged answer decodes to an error or to items that name calls sent.
    const BatchRequest batch = request(3);
    const QByteArray answer
        = R"({"responses":[{"id":"1","status":200,"body":{"id":1}},)"
          R"({"id":"0","status":429,"headers":{"retry-after":"2"}},)"
          R"({"id":"2","status":200,"headers":{"content-type":"image/png"},"body":"AAEC"}]})";
    QVERIFY(JsonBatchCodec().decode(batch, {}, answer).error.isEmpty());
    for (qsizetype n = 0; n < answer.size(); ++n)
        QVERIFY(!JsonBatchCodec().decode(batch, {}, answer.left(n)).error.isEmpty());
    QRandomGenerator random(11);
    for (int round = 0; round < 20000; ++round) {
        const DecodedBatch decoded
            = JsonBatchCodec().decode(batch, {}, randomlyDamaged(answer, random));
        QVERIFY(decoded.error.isEmpty() || decoded.items.empty());
        for (const ItemResult &item : decoded.items)
            QVERIFY(item.index >= -1 && item.index < 3);
    }
}

void TestJsonBatchCodec::numbersKeepEveryDigit()
{
    // 64-bit ids do not fit a double: bodies travel as written, both ways.
    BatchRequest batch = request(1);
    m_specs[0] = {"POST",
                  QUrl(QStringLiteral("https://api.example.test/v1.0/echo")),
                  {},
                  "{ \"id\": 12345678901234567891, \"price\": 1.50, \"s\": \"a b\" }",
                  {}};
    const QByteArray sent = JsonBatchCodec().encode(batch).body;
    QVERIFY2(sent.contains(R"("body":{"id":12345678901234567891,"price":1.50,"s":"a b"})"),
             sent.constData());
    QVERIFY(!QJsonDocument::fromJson(sent).isNull());
    const QByteArray answer = R"({"responses":[{"id":"0","status":200,)"
                              R"("body":{"z":1, "id": 9007199254740993, "list":[1.0e2, -0.0]}}]})";
    const DecodedBatch decoded = JsonBatchCodec().decode(batch, {}, answer);
    QVERIFY(decoded.error.isEmpty());
    QCOMPARE(decoded.items.at(0).body,
             QByteArray(R"({"z":1,"id":9007199254740993,"list":[1.0e2,-0.0]})"));
    // The same with a UTF-8 byte-order mark before it, which Qt's parser skips.
    const DecodedBatch marked = JsonBatchCodec().decode(batch, {}, "\xEF\xBB\xBF" + answer);
    QVERIFY2(marked.error.isEmpty(), qPrintable(marked.error));
    QCOMPARE(marked.items.at(0).body, decoded.items.at(0).body);
}

QTEST_GUILESS_MAIN(TestJsonBatchCodec)
#include "tst_jsonbatchcodec.moc"
