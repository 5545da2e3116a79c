// SPDX-License-Identifier: BSD-3-Clause
// JsonRpcBatchCodec: what it puts on the wire, the JSON-RPC 2.0 specification's examples, and
// how strictly (and totally) it reads answers.
#include "engine/batchmatch.h"
#include "support/randomdamage.h"
#include "wire/jsonrpcbatchcodec.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QtTest>

using namespace batchlab;

class TestJsonRpcBatchCodec : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void encodesMethodParamsAndIds();
    void singleCallIsOneObject();
    void specificationBatchExample();
    void wholeBatchAnswers_data();
    void wholeBatchAnswers();
    void notificationsOnly();
    void errorObjectsNamingAnHttpStatus();
    void malformedResponses_data();
    void malformedResponses();
    void idsAreMatchedStrictly();
    void nullIdErrorsReachTheCallsLeftUnanswered_data();
    void nullIdErrorsReachTheCallsLeftUnanswered();
    void scalarParamsGoAsWritten();
    void everyPrefixIsHandled();
    void randomDamageIsHandled();
    void numbersKeepEveryDigit();

private:
    BatchRequest request(const QStringList &methods, const QList<int> &notifications = {});
    static DecodedBatch decode(const BatchRequest &batch, const QByteArray &body)
    {
        return JsonRpcBatchCodec().decode(batch, {{"Content-Type", "application/json"}}, body);
    }
    std::vector<RequestSpec> m_specs;
};

BatchRequest TestJsonRpcBatchCodec::request(const QStringList &methods,
                                            const QList<int> &notifications)
{
    m_specs.clear();
    m_specs.reserve(size_t(methods.size()));
    BatchRequest batch;
    batch.batchId = 3;
    batch.endpoint = QUrl(QStringLiteral("http://rpc.example.test/rpc"));
    for (int i = 0; i < methods.size(); ++i) {
        RequestSpec spec{"POST",
                         QUrl(QStringLiteral("http://rpc.example.test/rpc/") + methods[i]),
                         {},
                         R"({"id":1})",
                         {}};
        if (notifications.contains(i))
            spec.headers.append(
                {QByteArrayLiteral("X-Batchlab-Notification"), QByteArrayLiteral("true")});
        m_specs.push_back(spec);
        batch.items.push_back({i, &m_specs.back()});
    }
    return batch;
}

void TestJsonRpcBatchCodec::encodesMethodParamsAndIds()
{
    BatchRequest batch
        = request({QStringLiteral("users.get"), QStringLiteral("log"), QStringLiteral("sum"),
                   QStringLiteral("ping"), QStringLiteral("odd")},
                  {1});
    m_specs[2].body = "[1,2,4]";
    m_specs[3].body.clear();
    m_specs[4].body = "not json";
    const EncodedRequest encoded = JsonRpcBatchCodec().encode(batch);
    QCOMPARE(encoded.method, QByteArray("POST"));
    QCOMPARE(encoded.url, batch.endpoint);
    QCOMPARE(headerValue(encoded.headers, "content-type"), QByteArray("application/json"));
    const QJsonArray calls = QJsonDocument::fromJson(encoded.body).array();
    QCOMPARE(calls.size(), 5);
    QCOMPARE(calls[0].toObject(),
             QJsonDocument::fromJson(
                 R"({"jsonrpc":"2.0","method":"users.get","params":{"id":1},"id":"0"})")
                 .object());
    // A notification has no id member at all.
    QVERIFY(!calls[1].toObject().contains(QStringLiteral("id")));
    QCOMPARE(calls[1].toObject().value(QStringLiteral("method")).toString(), QStringLiteral("log"));
    QCOMPARE(calls[2].toObject().value(QStringLiteral("params")).toArray(), QJsonArray({1, 2, 4}));
    QVERIFY(!calls[3].toObject().contains(QStringLiteral("params")));
    QCOMPARE(calls[4].toObject().value(QStringLiteral("params")).toString(),
             QStringLiteral("not json"));
}

void TestJsonRpcBatchCodec::singleCallIsOneObject()
{
    BatchRequest batch = request({QStringLiteral("echo")});
    batch.plain = true;
    const JsonRpcBatchCodec codec;
    QVERIFY(!codec.sendsPlainAsIs());
    const QJsonDocument doc = QJsonDocument::fromJson(codec.encode(batch).body);
    QVERIFY(doc.isObject());
    QCOMPARE(doc.object().value(QStringLiteral("id")).toString(), QStringLiteral("0"));
    const DecodedBatch decoded = decode(batch, R"({"jsonrpc":"2.0","result":{"id":1},"id":"0"})");
    QVERIFY2(decoded.error.isEmpty(), qPrintable(decoded.error));
    QCOMPARE(decoded.items.size(), size_t(1));
    QCOMPARE(decoded.items[0].index, 0);
    QCOMPARE(decoded.items[0].body, QByteArray(R"({"id":1})"));
}

void TestJsonRpcBatchCodec::specificationBatchExample()
{
    // The batch of the specification's section 7, with our string ids: sum, a notification,
    // subtract, an unknown method and get_data; its invalid element {"foo":"boo"} (which a
    // client cannot send) is answered by an error with a null id, as in the spec.
    const BatchRequest batch = request({QStringLiteral("sum"), QStringLiteral("notify_hello"),
                                        QStringLiteral("subtract"), QStringLiteral("foo.get"),
                                        QStringLiteral("get_data")},
                                       {1});
    const QByteArray answer = R"([
        {"jsonrpc": "2.0", "result": 7, "id": "0"},
        {"jsonrpc": "2.0", "result": 19, "id": "2"},
        {"jsonrpc": "2.0", "error": {"code": -32600, "message": "Invalid Request"}, "id": null},
        {"jsonrpc": "2.0", "error": {"code": -32601, "message": "Method not found"}, "id": "3"},
        {"jsonrpc": "2.0", "result": ["hello", 5], "id": "4"}
    ])";
    const DecodedBatch decoded = decode(batch, answer);
    QVERIFY2(decoded.error.isEmpty(), qPrintable(decoded.error));
    const BatchMatch match = BatchMatch::of(decoded.items, 5, 3);
    QCOMPARE(match.answers[0]->body, QByteArray("7"));
    QCOMPARE(match.answers[1]->status, 204); // the notification, settled by the answer
    QCOMPARE(match.answers[2]->body, QByteArray("19"));
    QCOMPARE(match.answers[4]->body, QByteArray(R"(["hello",5])"));
    QCOMPARE(match.errors[3].kind, ErrorKind::Rpc);
    QCOMPARE(match.errors[3].status, -32601);
    QCOMPARE(match.errors[3].message, QStringLiteral("JSON-RPC error -32601: Method not found"));
    QCOMPARE(QJsonDocument::fromJson(match.errors[3].body).object().value(QStringLiteral("code")),
             QJsonValue(-32601));
    QCOMPARE(match.unknownIds, QStringList{QStringLiteral("null (error -32600: Invalid Request)")});
    for (int i : {0, 1, 2, 4})
        QCOMPARE(match.errors[size_t(i)].kind, ErrorKind::None);
}

void TestJsonRpcBatchCodec::wholeBatchAnswers_data()
{
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("message");
    // The specification's answers that concern the request as a whole.
    QTest::newRow("parse error")
        << QByteArray("application/json")
        << QByteArray(
               R"({"jsonrpc":"2.0","error":{"code":-32700,"message":"Parse error"},"id":null})")
        << "refused the batch: JSON-RPC error -32700: Parse error";
    QTest::newRow("empty batch")
        << QByteArray("application/json")
        << QByteArray(
               R"({"jsonrpc":"2.0","error":{"code":-32600,"message":"Invalid Request"},"id":null})")
        << "refused the batch: JSON-RPC error -32600: Invalid Request";
    QTest::newRow("not JSON") << QByteArray("application/json") << QByteArray("[{\"jsonrpc\":")
                              << "not JSON";
    QTest::newRow("html") << QByteArray("text/html") << QByteArray("<html>busy</html>")
                          << "text/html";
    QTest::newRow("scalar") << QByteArray("application/json") << QByteArray("42") << "not JSON";
    QTest::newRow("empty body") << QByteArray("application/json") << QByteArray("  \r\n")
                                << "empty, but 2 call(s) expected a response";
}

void TestJsonRpcBatchCodec::wholeBatchAnswers()
{
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, body);
    QFETCH(QString, message);
    const DecodedBatch decoded = JsonRpcBatchCodec().decode(
        request({QStringLiteral("a"), QStringLiteral("b")}), {{"content-type", contentType}}, body);
    QVERIFY2(decoded.error.contains(message), qPrintable(decoded.error));
    QVERIFY(decoded.items.empty());
}

void TestJsonRpcBatchCodec::notificationsOnly()
{
    // "If there are no Response objects … the server … should return nothing at all."
    const BatchRequest batch = request({QStringLiteral("a"), QStringLiteral("b")}, {0, 1});
    const DecodedBatch decoded = JsonRpcBatchCodec().decode(batch, {}, QByteArray());
    QVERIFY2(decoded.error.isEmpty(), qPrintable(decoded.error));
    const BatchMatch match = BatchMatch::of(decoded.items, 2, 3);
    QCOMPARE(match.problems, 0);
    QCOMPARE(match.answers[0]->status, 204);
    QCOMPARE(match.answers[1]->status, 204);
}

void TestJsonRpcBatchCodec::errorObjectsNamingAnHttpStatus()
{
    const BatchRequest batch
        = request({QStringLiteral("users.get"), QStringLiteral("users.get"), QStringLiteral("x")});
    const QByteArray answer = R"([
        {"jsonrpc":"2.0","id":"0","error":{"code":-32000,"message":"throttled",
                                           "data":{"status":429,"retryAfter":2}}},
        {"jsonrpc":"2.0","id":"1","error":{"code":-32000,"message":"boom","data":{"status":500}}},
        {"jsonrpc":"2.0","id":"2","error":{"code":-32000,"message":"odd","data":{"status":99}}}
    ])";
    const DecodedBatch decoded = decode(batch, answer);
    QVERIFY2(decoded.error.isEmpty(), qPrintable(decoded.error));
    const BatchMatch match = BatchMatch::of(decoded.items, 3, 3);
    QCOMPARE(match.errors[0].kind, ErrorKind::Http);
    QCOMPARE(match.errors[0].status, 429);
    QCOMPARE(match.errors[0].message,
             QStringLiteral("JSON-RPC error -32000: throttled (HTTP 429)"));
    QCOMPARE(headerValue(decoded.items[0].headers, "retry-after"), QByteArray("2"));
    QCOMPARE(match.errors[1].kind, ErrorKind::Http);
    QCOMPARE(match.errors[1].status, 500);
    // Not an HTTP status: the error stays a JSON-RPC error.
    QCOMPARE(match.errors[2].kind, ErrorKind::Rpc);
    QCOMPARE(match.errors[2].status, -32000);
}

void TestJsonRpcBatchCodec::malformedResponses_data()
{
    QTest::addColumn<QByteArray>("response");
    QTest::addColumn<QString>("problem");
    QTest::newRow("no jsonrpc") << QByteArray(R"({"id":"0","result":1})") << "lacks \"jsonrpc\"";
    QTest::newRow("jsonrpc 1.0") << QByteArray(R"({"jsonrpc":"1.0","id":"0","result":1})")
                                 << "lacks \"jsonrpc\"";
    QTest::newRow("both") << QByteArray(R"({"jsonrpc":"2.0","id":"0","result":1,"error":{}})")
                          << "both \"result\" and \"error\"";
    QTest::newRow("neither") << QByteArray(R"({"jsonrpc":"2.0","id":"0"})")
                             << "neither \"result\" nor \"error\"";
    QTest::newRow("error not object") << QByteArray(R"({"jsonrpc":"2.0","id":"0","error":"bad"})")
                                      << "\"error\" is not an object";
    QTest::newRow("fractional code")
        << QByteArray(R"({"jsonrpc":"2.0","id":"0","error":{"code":1.5,"message":"m"}})")
        << "\"error.code\" is not an integer";
    QTest::newRow("string code") << QByteArray(
        R"({"jsonrpc":"2.0","id":"0","error":{"code":"-1","message":"m"}})")
                                 << "\"error.code\" is not an integer";
    QTest::newRow("no message") << QByteArray(R"({"jsonrpc":"2.0","id":"0","error":{"code":-1}})")
                                << "\"error.message\" is not a string";
}

void TestJsonRpcBatchCodec::malformedResponses()
{
    QFETCH(QByteArray, response);
    QFETCH(QString, problem);
    const BatchRequest batch = request({QStringLiteral("a")});
    const DecodedBatch decoded = decode(batch, '[' + response + ']');
    QVERIFY2(decoded.error.isEmpty(), qPrintable(decoded.error));
    const BatchMatch match = BatchMatch::of(decoded.items, 1, 3);
    QCOMPARE(match.errors[0].kind, ErrorKind::Protocol);
    QVERIFY2(match.errors[0].message.contains(problem), qPrintable(match.errors[0].message));
    QVERIFY(!match.answers[0]);
}

void TestJsonRpcBatchCodec::idsAreMatchedStrictly()
{
    const BatchRequest batch = request(
        {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("n")}, {3});
    // "1" twice, 2 as a number (we sent "2"), "0" missing, "3" names the notification, "x"
    // is unknown, and an element that is not an object.
    const QByteArray answer = R"([
        {"jsonrpc":"2.0","id":"1","result":1}, {"jsonrpc":"2.0","id":"1","result":1},
        {"jsonrpc":"2.0","id":2,"result":2}, {"jsonrpc":"2.0","id":"3","result":3},
        {"jsonrpc":"2.0","id":"x","result":0}, 17])";
    const DecodedBatch decoded = decode(batch, answer);
    QVERIFY2(decoded.error.isEmpty(), qPrintable(decoded.error));
    const BatchMatch match = BatchMatch::of(decoded.items, 4, 3);
    QVERIFY(match.errors[0].message.contains(QStringLiteral("no response for id \"0\"")));
    QVERIFY(match.errors[1].message.contains(QStringLiteral("2 responses for id \"1\"")));
    QVERIFY(match.errors[2].message.contains(QStringLiteral("no response for id \"2\"")));
    QCOMPARE(match.errors[3].kind, ErrorKind::None); // the notification still settles
    QCOMPARE(
        match.unknownIds,
        QStringList({QStringLiteral("2 (a number; the ids sent were strings)"), QStringLiteral("3"),
                     QStringLiteral("x"), QStringLiteral("responses[5] (not an object)")}));
}

void TestJsonRpcBatchCodec::nullIdErrorsReachTheCallsLeftUnanswered_data()
{
    QTest::addColumn<QByteArray>("answer");
    QTest::addColumn<QList<int>>("codes"); // per call; 0: its result
    const QByteArray invalid = R"({"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid request"}})";
    const QByteArray parse = R"({"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error"}})";
    // jayson 5, for a call with string params: the error in that call's place, without its id.
    QTest::newRow("one for one") << QByteArray(R"([{"jsonrpc":"2.0","id":"0","result":1},)" + invalid
                                               + R"(,{"jsonrpc":"2.0","id":"2","result":2}])")
                                 << QList<int>{0, -32600, 0};
    QTest::newRow("two for two, in order") << QByteArray('[' + invalid + ',' + parse + R"(,{"jsonrpc":"2.0","id":"2","result":2}])")
                                           << QList<int>{-32600, -32700, 0};
    QTest::newRow("one for two: both get the server's words")
        << QByteArray('[' + invalid + R"(,{"jsonrpc":"2.0","id":"2","result":2}])") << QList<int>{-32600, -32600, 0};
}

void TestJsonRpcBatchCodec::nullIdErrorsReachTheCallsLeftUnanswered()
{
    QFETCH(QByteArray, answer);
    QFETCH(QList<int>, codes);
    const BatchRequest batch = request({QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")});
    const DecodedBatch decoded = decode(batch, answer);
    QVERIFY2(decoded.error.isEmpty(), qPrintable(decoded.error));
    const BatchMatch match = BatchMatch::of(decoded.items, 3, 3);
    QVERIFY2(match.unknownIds.isEmpty(), qPrintable(match.unknownIds.join(u',')));
    for (size_t i = 0; i < 3; ++i) {
        const ApiError &error = match.errors[i];
        // The server's error, not a protocol error about a missing answer.
        QCOMPARE(error.kind, codes[qsizetype(i)] ? ErrorKind::Rpc : ErrorKind::None);
        QCOMPARE(error.status, codes[qsizetype(i)]);
    }
}

void TestJsonRpcBatchCodec::scalarParamsGoAsWritten()
{
    // A bare JSON string is not valid params; sent as written, the server refuses it as it
    // would sent alone. Text that is not JSON at all travels as a string.
    BatchRequest batch = request({QStringLiteral("echo"), QStringLiteral("echo")});
    m_specs[0].body = R"("text")";
    m_specs[1].body = "not json";
    const QJsonArray calls = QJsonDocument::fromJson(JsonRpcBatchCodec().encode(batch).body).array();
    QCOMPARE(calls[0][QStringLiteral("params")].toString(), QStringLiteral("text"));
    QCOMPARE(calls[1][QStringLiteral("params")].toString(), QStringLiteral("not json"));
}

void TestJsonRpcBatchCodec::everyPrefixIsHandled()
{
    const BatchRequest batch = request({QStringLiteral("a"), QStringLiteral("b")});
    const QByteArray answer
        = R"([{"jsonrpc":"2.0","id":"0","result":{"x":[1,2]}},)"
          R"({"jsonrpc":"2.0","id":"1","error":{"code":-32000,"message":"m","data":{"status":503}}}])";
    QVERIFY(decode(batch, answer).error.isEmpty());
    for (qsizetype n = 1; n < answer.size(); ++n) {
        const DecodedBatch decoded = decode(batch, answer.left(n));
        QVERIFY2(!decoded.error.isEmpty(), qPrintable(QString::fromUtf8(answer.left(n))));
        QVERIFY(decoded.items.empty());
    }
}

void TestJsonRpcBatchCodec::randomDamageIsHandled()
{
    // Any bytes decode to an error or to items whose indexes are ones we sent.
    const BatchRequest batch
        = request({QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}, {2});
    const QByteArray answer
        = R"([{"jsonrpc":"2.0","id":"0","result":null},)"
          R"({"jsonrpc":"2.0","id":"1","error":{"code":-1,"message":"m","data":{"retryAfter":1}}}])";
    QRandomGenerator random(7);
    for (int round = 0; round < 20000; ++round) {
        const QByteArray damaged = randomlyDamaged(answer, random);
        const DecodedBatch decoded = decode(batch, damaged);
        if (!decoded.error.isEmpty()) {
            QVERIFY(decoded.items.empty());
            continue;
        }
        for (const ItemResult &item : decoded.items)
            QVERIFY(item.index >= -1 && item.index < 3);
        BatchMatch::of(decoded.items, 3, 3);
    }
}

void TestJsonRpcBatchCodec::numbersKeepEveryDigit()
{
    // 64-bit ids do not fit a double: params and results travel as written.
    BatchRequest batch = request({QStringLiteral("users.get"), QStringLiteral("sum")});
    m_specs[0].body = "{\"id\": 12345678901234567891}";
    m_specs[1].body = "[1, 2.50]";
    const QByteArray sent = JsonRpcBatchCodec().encode(batch).body;
    QVERIFY2(sent.contains(R"("params":{"id":12345678901234567891})"), sent.constData());
    QVERIFY2(sent.contains(R"("params":[1,2.50])"), sent.constData());
    const QByteArray answer
        = R"([{"jsonrpc":"2.0","id":"1","result":3.50},)"
          R"({"jsonrpc":"2.0","id":"0","result":{"id": 12345678901234567891}}])";
    const DecodedBatch decoded = decode(batch, answer);
    QVERIFY(decoded.error.isEmpty());
    QCOMPARE(decoded.items.at(0).body, QByteArray("3.50"));
    QCOMPARE(decoded.items.at(1).body, QByteArray(R"({"id":12345678901234567891})"));
    // A lone call answered by one object.
    batch.plain = true;
    batch.items.resize(1);
    const DecodedBatch single
        = decode(batch, R"({"jsonrpc":"2.0","id":"0","result":[18446744073709551615]})");
    QCOMPARE(single.items.at(0).body, QByteArray("[18446744073709551615]"));
}

QTEST_GUILESS_MAIN(TestJsonRpcBatchCodec)
#include "tst_jsonrpcbatchcodec.moc"
