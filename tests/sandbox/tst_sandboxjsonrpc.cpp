// SPDX-License-Identifier: BSD-3-Clause
// The sandbox's JSON-RPC 2.0 batches (POST /rpc) over real loopback HTTP: the examples of the
// specification, invalid elements, parse errors, notifications, ids, methods and params.
#include "support/sandboxformathelpers.h"

#include <QHash>
#include <QtTest>

using namespace batchlab;
using namespace sandboxformat;

class TestSandboxJsonRpc : public QObject, private SandboxFixture
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void rpcSpecificationBatch();
    void rpcInvalidElements_data();
    void rpcInvalidElements();
    void rpcEmptyArray();
    void rpcParseError();
    void rpcAllNotifications();
    void rpcSingleCall();
    void rpcIdsAreEchoed_data();
    void rpcIdsAreEchoed();
    void rpcUnknownMethod();
    void rpcBadParams_data();
    void rpcBadParams();
    void rpcResourceAnswers();
};

void TestSandboxJsonRpc::init()
{
    QVERIFY(startSandbox());
}

void TestSandboxJsonRpc::cleanup()
{
    stopSandbox();
}

void TestSandboxJsonRpc::rpcSpecificationBatch()
{
    // §7 "rpc call Batch", with the sandbox's methods.
    const QByteArray body = R"([
        {"jsonrpc": "2.0", "method": "users.get", "params": {"id": 1}, "id": "1"},
        {"jsonrpc": "2.0", "method": "echo", "params": [7]},
        {"jsonrpc": "2.0", "method": "items.get", "params": {"id": 2}, "id": "2"},
        {"foo": "boo"},
        {"jsonrpc": "2.0", "method": "foo.get", "params": {"name": "myself"}, "id": "5"},
        {"jsonrpc": "2.0", "method": "echo", "params": ["hello", 5], "id": "9"}
    ])";
    const HttpResult result = rpc(body);
    QCOMPARE(result.status, 200);
    QVERIFY(result.header("content-type").startsWith("application/json"));
    const QJsonArray answers = result.json().array();
    QCOMPARE(answers.size(), 5);
    for (const QJsonValue &answer : answers)
        QCOMPARE(answer[QStringLiteral("jsonrpc")].toString(), QStringLiteral("2.0"));

    QCOMPARE(answers[0][QStringLiteral("id")], QJsonValue(QStringLiteral("1")));
    QCOMPARE(answers[0][QStringLiteral("result")].toObject(),
             m_client->send("GET", url(QStringLiteral("/users/1"))).json().object());
    QCOMPARE(answers[1][QStringLiteral("id")], QJsonValue(QStringLiteral("2")));
    QCOMPARE(answers[1][QStringLiteral("result")].toObject(),
             m_client->send("GET", url(QStringLiteral("/items/2"))).json().object());
    QCOMPARE(answers[2][QStringLiteral("id")], QJsonValue(QJsonValue::Null));
    QCOMPARE(answers[2][QStringLiteral("error")][QStringLiteral("code")].toInt(), -32600);
    QCOMPARE(answers[2][QStringLiteral("error")][QStringLiteral("message")].toString(),
             QStringLiteral("Invalid Request"));
    QCOMPARE(answers[3][QStringLiteral("id")], QJsonValue(QStringLiteral("5")));
    QCOMPARE(answers[3][QStringLiteral("error")][QStringLiteral("code")].toInt(), -32601);
    QCOMPARE(answers[3][QStringLiteral("error")][QStringLiteral("message")].toString(),
             QStringLiteral("Method not found"));
    QCOMPARE(answers[4][QStringLiteral("id")], QJsonValue(QStringLiteral("9")));
    QCOMPARE(answers[4][QStringLiteral("result")].toArray(),
             QJsonArray({QStringLiteral("hello"), 5}));

    const SandboxCounters counters = m_server->counters();
    QCOMPARE(counters.batchRequests, 1);
    QCOMPARE(counters.batchItems, 6); // the notification and the invalid element included
    QCOMPARE(counters.rejected, 0);
    QCOMPARE(counters.requestsByRoute.value(QStringLiteral("POST /rpc")), 1);
    QCOMPARE(counters.itemsByRoute.value(QStringLiteral("rpc echo")), 2);
    QCOMPARE(counters.itemsByRoute.value(QStringLiteral("rpc users.get")), 1);
    QCOMPARE(counters.itemsByRoute.value(QStringLiteral("rpc items.get")), 1);
    QCOMPARE(counters.itemsByRoute.value(QStringLiteral("rpc foo.get")), 1);
    QCOMPARE(counters.itemsByRoute.value(QStringLiteral("rpc ?")), 1);
}

void TestSandboxJsonRpc::rpcInvalidElements_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QJsonArray>("ids");

    const QJsonValue null(QJsonValue::Null);
    QTest::newRow("spec: [1]") << QByteArray("[1]") << QJsonArray{null};
    QTest::newRow("spec: [1,2,3]") << QByteArray("[1,2,3]") << QJsonArray{null, null, null};
    QTest::newRow("jsonrpc 1.0") << QByteArray(R"([{"jsonrpc":"1.0","method":"echo","id":"a"}])")
                                 << QJsonArray{QStringLiteral("a")};
    QTest::newRow("no jsonrpc") << QByteArray(R"([{"method":"echo","id":7}])") << QJsonArray{7};
    QTest::newRow("method not a string") << QByteArray(R"([{"jsonrpc":"2.0","method":5,"id":"b"}])")
                                         << QJsonArray{QStringLiteral("b")};
    QTest::newRow("id an object") << QByteArray(R"([{"jsonrpc":"2.0","method":"echo","id":{}}])")
                                  << QJsonArray{null};
    QTest::newRow("id an array") << QByteArray(R"([{"jsonrpc":"2.0","method":"echo","id":[1]}])")
                                 << QJsonArray{null};
    QTest::newRow("invalid without id is still answered")
        << QByteArray(R"([{"jsonrpc":"2.0"}])") << QJsonArray{null};
    QTest::newRow("a lone scalar") << QByteArray("\"hello\"") << QJsonArray{null};
}

void TestSandboxJsonRpc::rpcInvalidElements()
{
    QFETCH(QByteArray, body);
    QFETCH(QJsonArray, ids);
    const HttpResult result = rpc(body);
    QCOMPARE(result.status, 200);
    const QJsonDocument doc = result.json();
    const QJsonArray answers = body.startsWith('[') ? doc.array() : QJsonArray{doc.object()};
    QCOMPARE(answers.size(), ids.size());
    for (qsizetype i = 0; i < answers.size(); ++i) {
        QCOMPARE(answers[i][QStringLiteral("id")], ids[i]);
        QCOMPARE(answers[i][QStringLiteral("error")][QStringLiteral("code")].toInt(), -32600);
        QCOMPARE(answers[i][QStringLiteral("error")][QStringLiteral("message")].toString(),
                 QStringLiteral("Invalid Request"));
        QVERIFY(!answers[i].toObject().contains(QStringLiteral("result")));
    }
    QCOMPARE(m_server->counters().batchItems, ids.size());
}

void TestSandboxJsonRpc::rpcEmptyArray()
{
    const HttpResult result = rpc("[]");
    QCOMPARE(result.status, 200);
    QVERIFY(result.json().isObject()); // a single object, not an array
    QCOMPARE(
        result.json().object(),
        QJsonDocument::fromJson(
            R"({"jsonrpc":"2.0","error":{"code":-32600,"message":"Invalid Request"},"id":null})")
            .object());
    QCOMPARE(m_server->counters().rejected, 1);
    QCOMPARE(m_server->counters().batchItems, 0);
}

void TestSandboxJsonRpc::rpcParseError()
{
    // §7 "rpc call Batch, invalid JSON", and other bodies that are not JSON.
    for (const QByteArray &body :
         {QByteArray(R"([{"jsonrpc": "2.0", "method": "sum", "params": [1,2,4], "id": "1"},)"
                     R"({"jsonrpc": "2.0", "method")"),
          QByteArray(R"({"jsonrpc": "2.0", "method": "foobar, "params": "bar", "baz])"),
          QByteArray(), QByteArray("1, 2")}) {
        m_server->resetCounters();
        const HttpResult result = rpc(body);
        QCOMPARE(result.status, 200);
        const QJsonObject answer = result.json().object();
        QCOMPARE(answer[QStringLiteral("jsonrpc")].toString(), QStringLiteral("2.0"));
        QCOMPARE(answer[QStringLiteral("id")], QJsonValue(QJsonValue::Null));
        QCOMPARE(answer[QStringLiteral("error")][QStringLiteral("code")].toInt(), -32700);
        QCOMPARE(answer[QStringLiteral("error")][QStringLiteral("message")].toString(),
                 QStringLiteral("Parse error"));
        QCOMPARE(m_server->counters().rejected, 1);
    }
}

void TestSandboxJsonRpc::rpcAllNotifications()
{
    // §7 "rpc call Batch (all notifications)": nothing at all comes back.
    const QJsonArray calls{QJsonObject{{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                                       {QStringLiteral("method"), QStringLiteral("echo")},
                                       {QStringLiteral("params"), QJsonArray{1, 2, 4}}},
                           user(3),
                           QJsonObject{{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                                       {QStringLiteral("method"), QStringLiteral("nope")}}};
    const HttpResult result = rpc(compact(calls));
    QCOMPARE(result.status, 204);
    QVERIFY(result.body.isEmpty());
    // Run and counted all the same.
    QCOMPARE(m_server->counters().batchItems, 3);
    QCOMPARE(m_server->counters().itemsByRoute.value(QStringLiteral("rpc users.get")), 1);

    SandboxBehavior behavior;
    behavior.itemErrorRate = 1.0;
    QVERIFY(m_server->setBehavior(behavior));
    QCOMPARE(rpc(compact(calls)).status, 204);
    QCOMPARE(m_server->counters().itemErrors, 2); // echo and users.get ran; nope could not
}

void TestSandboxJsonRpc::rpcSingleCall()
{
    HttpResult result = rpc(QJsonDocument(withId(user(3), 1)).toJson(QJsonDocument::Compact));
    QCOMPARE(result.status, 200);
    QVERIFY(result.json().isObject());
    QCOMPARE(result.json()[QStringLiteral("id")].toInt(), 1);
    QCOMPARE(result.json()[QStringLiteral("result")][QStringLiteral("id")].toInt(), 3);

    result = rpc(QJsonDocument(user(3)).toJson(QJsonDocument::Compact));
    QCOMPARE(result.status, 204);
    QVERIFY(result.body.isEmpty());
    QCOMPARE(m_server->counters().batchItems, 2);
    QCOMPARE(m_server->counters().batchRequests, 2);
}

void TestSandboxJsonRpc::rpcIdsAreEchoed_data()
{
    QTest::addColumn<QJsonValue>("id");
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("string") << QJsonValue(QStringLiteral("0")) << QByteArray(R"("id":"0")");
    QTest::newRow("empty string") << QJsonValue(QString()) << QByteArray(R"("id":"")");
    QTest::newRow("unicode string") << QJsonValue(QStringLiteral("clé-\u00e9"))
                                    << QStringLiteral("\"id\":\"clé-\u00e9\"").toUtf8();
    QTest::newRow("integer") << QJsonValue(7) << QByteArray(R"("id":7)");
    QTest::newRow("negative") << QJsonValue(-3) << QByteArray(R"("id":-3)");
    QTest::newRow("large") << QJsonValue(qint64(9007199254740991))
                           << QByteArray(R"("id":9007199254740991)");
    QTest::newRow("fraction") << QJsonValue(1.5) << QByteArray(R"("id":1.5)");
    QTest::newRow("null") << QJsonValue(QJsonValue::Null) << QByteArray(R"("id":null)");
}

void TestSandboxJsonRpc::rpcIdsAreEchoed()
{
    QFETCH(QJsonValue, id);
    QFETCH(QByteArray, text);
    const QJsonObject echo{{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                           {QStringLiteral("method"), QStringLiteral("echo")},
                           {QStringLiteral("params"), QJsonObject{{QStringLiteral("k"), 1}}}};
    const HttpResult result
        = rpc(compact({withId(echo, id), withId(user(1), id), withId(user(0), id)}));
    QCOMPARE(result.status, 200);
    QVERIFY2(result.body.count(text) == 3, result.body.constData());
    const QJsonArray answers = result.json().array();
    QCOMPARE(answers.size(), 3);
    for (const QJsonValue &answer : answers)
        QCOMPARE(answer[QStringLiteral("id")], id);
}

void TestSandboxJsonRpc::rpcUnknownMethod()
{
    const QJsonObject call{{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                           {QStringLiteral("method"), QStringLiteral("users.delete")},
                           {QStringLiteral("params"), QJsonObject{{QStringLiteral("id"), 1}}},
                           {QStringLiteral("id"), QStringLiteral("x")}};
    const HttpResult result = rpc(compact({call}));
    QCOMPARE(result.status, 200);
    const QJsonObject error = result.json()[0][QStringLiteral("error")].toObject();
    QCOMPARE(error[QStringLiteral("code")].toInt(), -32601);
    QCOMPARE(error[QStringLiteral("message")].toString(), QStringLiteral("Method not found"));
    QCOMPARE(error[QStringLiteral("data")][QStringLiteral("method")].toString(),
             QStringLiteral("users.delete"));
    QCOMPARE(m_server->counters().itemsByRoute.value(QStringLiteral("rpc users.delete")), 1);
}

void TestSandboxJsonRpc::rpcBadParams_data()
{
    QTest::addColumn<QString>("method");
    QTest::addColumn<QByteArray>("params"); // JSON text, empty for none
    QTest::addColumn<QString>("field");

    QTest::newRow("users.get without params") << "users.get" << QByteArray() << "\"id\"";
    QTest::newRow("users.get by position") << "users.get" << QByteArray("[1]") << "\"id\"";
    QTest::newRow("users.get id a string")
        << "users.get" << QByteArray(R"({"id":"1"})") << "\"id\"";
    QTest::newRow("users.get id zero") << "users.get" << QByteArray(R"({"id":0})") << "\"id\"";
    QTest::newRow("users.get id missing") << "users.get" << QByteArray(R"({"user":1})") << "\"id\"";
    QTest::newRow("items.get id a fraction")
        << "items.get" << QByteArray(R"({"id":1.5})") << "\"id\"";
    QTest::newRow("items.get id negative") << "items.get" << QByteArray(R"({"id":-2})") << "\"id\"";
    QTest::newRow("status code 99") << "status" << QByteArray(R"({"code":99})") << "\"code\"";
    QTest::newRow("status code 600") << "status" << QByteArray(R"({"code":600})") << "\"code\"";
    QTest::newRow("status without code") << "status" << QByteArray("{}") << "\"code\"";
    QTest::newRow("status params not an object") << "status" << QByteArray("\"503\"") << "\"code\"";
}

void TestSandboxJsonRpc::rpcBadParams()
{
    QFETCH(QString, method);
    QFETCH(QByteArray, params);
    QFETCH(QString, field);
    QByteArray body = R"({"jsonrpc":"2.0","id":"p","method":")" + method.toUtf8() + '"';
    if (!params.isEmpty())
        body += R"(,"params":)" + params;
    body += '}';
    const HttpResult result = rpc('[' + body + ']');
    QCOMPARE(result.status, 200);
    const QJsonValue answer = result.json()[0];
    QCOMPARE(answer[QStringLiteral("id")].toString(), QStringLiteral("p"));
    QCOMPARE(answer[QStringLiteral("error")][QStringLiteral("code")].toInt(), -32602);
    const QString message = answer[QStringLiteral("error")][QStringLiteral("message")].toString();
    QVERIFY2(message.startsWith(QStringLiteral("Invalid params")), qPrintable(message));
    QVERIFY2(message.contains(field), qPrintable(message));
    QCOMPARE(m_server->counters().itemsByRoute.value(QStringLiteral("rpc ") + method), 1);
}

void TestSandboxJsonRpc::rpcResourceAnswers()
{
    const QByteArray body = R"([
        {"jsonrpc":"2.0","id":"missing","method":"users.get","params":{"id":5000}},
        {"jsonrpc":"2.0","id":"503","method":"status","params":{"code":503}},
        {"jsonrpc":"2.0","id":"201","method":"status","params":{"code":201}},
        {"jsonrpc":"2.0","id":"204","method":"status","params":{"code":204}},
        {"jsonrpc":"2.0","id":"150","method":"status","params":{"code":150}},
        {"jsonrpc":"2.0","id":"object","method":"echo","params":{"a":[1,{"b":null}]}},
        {"jsonrpc":"2.0","id":"none","method":"echo"}
    ])";
    const HttpResult result = rpc(body);
    QCOMPARE(result.status, 200);
    QHash<QString, QJsonObject> byId;
    for (const QJsonValue &answer : result.json().array())
        byId.insert(answer[QStringLiteral("id")].toString(), answer.toObject());
    QCOMPARE(byId.size(), 7);

    const QJsonObject missing = byId[QStringLiteral("missing")][QStringLiteral("error")].toObject();
    QCOMPARE(missing[QStringLiteral("code")].toInt(), -32000);
    QCOMPARE(missing[QStringLiteral("message")].toString(), QStringLiteral("no user 5000"));
    QCOMPARE(missing[QStringLiteral("data")].toObject(),
             QJsonObject({{QStringLiteral("status"), 404}}));
    const QJsonObject failed = byId[QStringLiteral("503")][QStringLiteral("error")].toObject();
    QCOMPARE(failed[QStringLiteral("code")].toInt(), -32000);
    QCOMPARE(failed[QStringLiteral("data")][QStringLiteral("status")].toInt(), 503);
    QCOMPARE(failed[QStringLiteral("message")].toString(),
             m_client->send("GET", url(QStringLiteral("/status/503")))
                 .json()[QStringLiteral("error")][QStringLiteral("message")]
                 .toString());
    QCOMPARE(byId[QStringLiteral("201")][QStringLiteral("result")].toObject(),
             QJsonObject({{QStringLiteral("status"), 201}}));
    QCOMPARE(byId[QStringLiteral("204")][QStringLiteral("result")], QJsonValue(QJsonValue::Null));
    // Valid params, but the resource refuses it, as GET /status/150 does.
    QCOMPARE(byId[QStringLiteral("150")][QStringLiteral("error")][QStringLiteral("data")]
                 [QStringLiteral("status")]
                     .toInt(),
             400);
    QCOMPARE(byId[QStringLiteral("object")][QStringLiteral("result")],
             QJsonDocument::fromJson(R"({"a":[1,{"b":null}]})").object());
    QVERIFY(byId[QStringLiteral("none")].contains(QStringLiteral("result")));
    QCOMPARE(byId[QStringLiteral("none")][QStringLiteral("result")], QJsonValue(QJsonValue::Null));
}

QTEST_GUILESS_MAIN(TestSandboxJsonRpc)
#include "tst_sandboxjsonrpc.moc"
