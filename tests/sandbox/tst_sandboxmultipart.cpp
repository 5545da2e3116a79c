// SPDX-License-Identifier: BSD-3-Clause
// The sandbox's multipart/mixed batches over real loopback HTTP, as OData 4.0 (POST /$batch)
// and as Google APIs (POST /batch): parts, change sets, request targets, byte-exact bodies,
// headers of the envelope, and the client's multipart codec against the server.
#include "support/sandboxformathelpers.h"

#include <QtTest>

#include <vector>

using namespace batchlab;
using namespace sandboxformat;

namespace {

/// Fixtures are written with \n for reading; the wire has CRLF.
QByteArray crlf(QByteArray text)
{
    return text.replace("\n", "\r\n");
}

bool onlyCrlf(const QByteArray &text)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text.at(i) == '\n' && (i == 0 || text.at(i - 1) != '\r'))
            return false;
    }
    return true;
}

QByteArray binaryBody()
{
    QByteArray binary;
    for (int i = 0; i < 256; ++i)
        binary += char(255 - i);
    // What a naive multipart reader would take for line ends and delimiters, including the
    // boundary the server would pick first.
    return binary + "\r\n--batchresponse_0\r\n--\r\n\r\n--\n--batchresponse_0--\r\n\xff\xfe";
}

} // namespace

class TestSandboxMultipart : public QObject, private SandboxFixture
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void googleExample();
    void odataChangeSet();
    void lfLineEndsAreTolerated();
    void targets_data();
    void targets();
    void odataRefusesAbsoluteTargets_data();
    void odataRefusesAbsoluteTargets();
    void odataStopsAtTheFirstFailureUnlessAskedToContinue_data();
    void odataStopsAtTheFirstFailureUnlessAskedToContinue();
    void binaryBodiesAreByteExact_data();
    void binaryBodiesAreByteExact();
    void outerHeadersApplyToParts_data();
    void outerHeadersApplyToParts();
    void codecRoundTrip_data();
    void codecRoundTrip();

private:
    QList<Part> partsOf(const HttpResult &result);
};

void TestSandboxMultipart::init()
{
    QVERIFY(startSandbox());
}

void TestSandboxMultipart::cleanup()
{
    stopSandbox();
}

QList<Part> TestSandboxMultipart::partsOf(const HttpResult &result)
{
    QList<Part> parts;
    QString problem;
    const bool ok
        = readMultipart(result.body, boundaryOf(result.header("content-type")), &parts, &problem);
    if (!ok)
        qWarning() << "unreadable multipart answer:" << problem << result.body.left(400);
    return parts;
}

void TestSandboxMultipart::googleExample()
{
    // Google's batch guide, on the sandbox's paths.
    const QByteArray body
        = crlf("--batch_foobarbaz\n"
               "Content-Type: application/http\n"
               "Content-ID: <item1:12930812@barnyard.example.com>\n"
               "\n"
               "GET /users/1\n"
               "\n"
               "--batch_foobarbaz\n"
               "Content-Type: application/http\n"
               "Content-ID: <item2:12930812@barnyard.example.com>\n"
               "\n"
               "PUT /items/2\n"
               "Content-Type: application/json\n"
               "If-Match: \"etag/sheep\"\n"
               "\n"
               "{\"animalName\":\"sheep\",\"animalAge\":\"5\",\"peltColor\":\"green\"}\n"
               "--batch_foobarbaz--\n");
    const HttpResult result = multipart(QStringLiteral("/batch"), body, "batch_foobarbaz");
    QCOMPARE(result.status, 200);
    QVERIFY(result.header("content-type").startsWith("multipart/mixed; boundary="));
    QVERIFY(onlyCrlf(result.body));
    const QList<Part> parts = partsOf(result);
    QCOMPARE(parts.size(), 2);

    QCOMPARE(valueOf(parts[0].headers, "content-id"),
             QByteArray("<response-item1:12930812@barnyard.example.com>"));
    QCOMPARE(valueOf(parts[0].headers, "content-type"), QByteArray("application/http"));
    QCOMPARE(valueOf(parts[0].headers, "content-transfer-encoding"), QByteArray("binary"));
    QCOMPARE(parts[0].statusLine, QByteArray("HTTP/1.1 200 OK"));
    QCOMPARE(valueOf(parts[0].httpHeaders, "content-type"), QByteArray("application/json"));
    QCOMPARE(parts[0].body, m_client->send("GET", url(QStringLiteral("/users/1"))).body);

    QCOMPARE(valueOf(parts[1].headers, "content-id"),
             QByteArray("<response-item2:12930812@barnyard.example.com>"));
    QCOMPARE(parts[1].status, 200);
    const QJsonObject sheep = QJsonDocument::fromJson(parts[1].body).object();
    QCOMPARE(sheep[QStringLiteral("animalName")].toString(), QStringLiteral("sheep"));
    QCOMPARE(sheep[QStringLiteral("id")].toInt(), 2);
    // The PUT took effect, as a plain PUT would.
    QCOMPARE(
        m_client->send("GET", url(QStringLiteral("/items/2"))).json()[QStringLiteral("peltColor")],
        QJsonValue(QStringLiteral("green")));

    const SandboxCounters counters = m_server->counters();
    QCOMPARE(counters.batchRequests, 1);
    QCOMPARE(counters.batchItems, 2);
    QCOMPARE(counters.requestsByRoute.value(QStringLiteral("POST /batch")), 1);
    QCOMPARE(counters.itemsByRoute.value(QStringLiteral("GET /users/{id}")), 1);
    QCOMPARE(counters.itemsByRoute.value(QStringLiteral("PUT /items/{id}")), 1);
}

void TestSandboxMultipart::odataChangeSet()
{
    // OData 4.0 §11.7: a plain part, a change set that creates and updates, and a part that
    // reads what the change set created, all relative to the service root.
    const QByteArray body = crlf("--batch_36522ad7\n"
                                 "Content-Type: application/http\n"
                                 "Content-Transfer-Encoding: binary\n"
                                 "\n"
                                 "GET users/1 HTTP/1.1\n"
                                 "Accept: application/json\n"
                                 "\n"
                                 "\n"
                                 "--batch_36522ad7\n"
                                 "Content-Type: multipart/mixed;boundary=changeset_77162fcd\n"
                                 "\n"
                                 "--changeset_77162fcd\n"
                                 "Content-Type: application/http\n"
                                 "Content-Transfer-Encoding: binary\n"
                                 "Content-ID: 1\n"
                                 "\n"
                                 "POST items HTTP/1.1\n"
                                 "Content-Type: application/json\n"
                                 "\n"
                                 "{\"name\":\"new\"}\n"
                                 "--changeset_77162fcd\n"
                                 "Content-Type: application/http\n"
                                 "Content-Transfer-Encoding: binary\n"
                                 "Content-ID: 2\n"
                                 "\n"
                                 "PATCH items/3 HTTP/1.1\n"
                                 "Content-Type: application/json\n"
                                 "Content-Length: 11\n"
                                 "\n"
                                 "{\"stock\":9}\n"
                                 "--changeset_77162fcd--\n"
                                 "--batch_36522ad7\n"
                                 "Content-Type: application/http\n"
                                 "\n"
                                 "GET items/501?x=y HTTP/1.1\n"
                                 "\n"
                                 "--batch_36522ad7--\n");
    const HttpResult result = multipart(QStringLiteral("/$batch"), body, "batch_36522ad7");
    QCOMPARE(result.status, 200);
    QVERIFY(onlyCrlf(result.body));
    const QList<Part> parts = partsOf(result);
    QCOMPARE(parts.size(), 3);

    QVERIFY(valueOf(parts[0].headers, "content-id").isNull());
    QCOMPARE(parts[0].status, 200);
    QCOMPARE(QJsonDocument::fromJson(parts[0].body)[QStringLiteral("id")].toInt(), 1);

    // The change set is answered by a change set, with a boundary of its own.
    const QByteArray nestedType = valueOf(parts[1].headers, "content-type");
    QVERIFY2(nestedType.startsWith("multipart/mixed; boundary="), nestedType.constData());
    QVERIFY(boundaryOf(nestedType) != boundaryOf(result.header("content-type")));
    QCOMPARE(parts[1].nested.size(), 2);
    const Part &created = parts[1].nested[0];
    QCOMPARE(valueOf(created.headers, "content-id"), QByteArray("1"));
    QCOMPARE(created.statusLine, QByteArray("HTTP/1.1 201 Created"));
    QCOMPARE(valueOf(created.httpHeaders, "location"), QByteArray("/items/501"));
    QCOMPARE(QJsonDocument::fromJson(created.body)[QStringLiteral("name")].toString(),
             QStringLiteral("new"));
    const Part &patched = parts[1].nested[1];
    QCOMPARE(valueOf(patched.headers, "content-id"), QByteArray("2"));
    QCOMPARE(patched.status, 200);
    QCOMPARE(QJsonDocument::fromJson(patched.body)[QStringLiteral("stock")].toInt(), 9);
    QCOMPARE(QJsonDocument::fromJson(patched.body)[QStringLiteral("name")].toString(),
             QStringLiteral("Item 3"));

    QCOMPARE(parts[2].status, 200);
    QCOMPARE(QJsonDocument::fromJson(parts[2].body)[QStringLiteral("name")].toString(),
             QStringLiteral("new"));

    const SandboxCounters counters = m_server->counters();
    QCOMPARE(counters.batchItems, 4);
    QCOMPARE(counters.requestsByRoute.value(QStringLiteral("POST /$batch")), 1);
    QCOMPARE(counters.itemsByRoute.value(QStringLiteral("POST /items")), 1);
    QCOMPARE(counters.itemsByRoute.value(QStringLiteral("PATCH /items/{id}")), 1);
    QCOMPARE(counters.itemsByRoute.value(QStringLiteral("GET /items/{id}")), 1);
}

void TestSandboxMultipart::lfLineEndsAreTolerated()
{
    const QByteArray body = "preamble\n"
                            "--b\n"
                            "Content-Type: application/http\n"
                            "Content-ID: <a>\n"
                            "\n"
                            "GET users/7 HTTP/1.1\n"
                            "\n"
                            "--b\n"
                            "Content-Type: multipart/mixed; boundary=\"c\"\n"
                            "\n"
                            "--c\n"
                            "Content-Type: application/http\n"
                            "\n"
                            "POST echo HTTP/1.1\n"
                            "Content-Type: application/json\n"
                            "\n"
                            "{\"k\":1}\n"
                            "--c--\n"
                            "--b--\n"
                            "epilogue";
    const HttpResult result = multipart(QStringLiteral("/$batch"), body);
    QCOMPARE(result.status, 200);
    QVERIFY(onlyCrlf(result.body)); // the answer is CRLF whatever the request was
    const QList<Part> parts = partsOf(result);
    QCOMPARE(parts.size(), 2);
    QCOMPARE(valueOf(parts[0].headers, "content-id"), QByteArray("<a>"));
    QCOMPARE(QJsonDocument::fromJson(parts[0].body)[QStringLiteral("id")].toInt(), 7);
    QCOMPARE(parts[1].nested.size(), 1);
    QCOMPARE(QJsonDocument::fromJson(
                 parts[1].nested[0].body)[QStringLiteral("body")][QStringLiteral("k")]
                 .toInt(),
             1);
}

void TestSandboxMultipart::targets_data()
{
    QTest::addColumn<QString>("endpoint");
    QTest::addColumn<QString>("target");
    QTest::addColumn<QString>("query");

    // Google takes absolute paths (and URLs); OData only targets relative to the service root.
    QTest::newRow("google, absolute")
        << QStringLiteral("/batch") << QStringLiteral("%1/echo?x=1") << QStringLiteral("1");
    QTest::newRow("google, absolute, another host")
        << QStringLiteral("/batch") << QStringLiteral("https://api.example.test/echo?x=2")
        << QStringLiteral("2");
    QTest::newRow("google, absolute path")
        << QStringLiteral("/batch") << QStringLiteral("/echo?x=3") << QStringLiteral("3");
    QTest::newRow("google, relative") << QStringLiteral("/batch") << QStringLiteral("echo?x=5")
                                      << QStringLiteral("5");
    QTest::newRow("odata, relative to the service root")
        << QStringLiteral("/$batch") << QStringLiteral("echo?x=4") << QStringLiteral("4");
    QTest::newRow("odata, no query") << QStringLiteral("/$batch") << QStringLiteral("echo") << QString();
    QTest::newRow("odata, encoded query")
        << QStringLiteral("/$batch") << QStringLiteral("echo?x=a%20b%26c") << QStringLiteral("a b&c");
}

void TestSandboxMultipart::targets()
{
    QFETCH(QString, endpoint);
    QFETCH(QString, target);
    QFETCH(QString, query);
    if (target.contains(u"%1"))
        target = target.arg(m_server->url().toString());
    const HttpResult result
        = multipart(endpoint,
                    multipartBody({httpPart("GET " + target.toUtf8() + " HTTP/1.1\r\n")}, "b"));
    QCOMPARE(result.status, 200);
    const QList<Part> parts = partsOf(result);
    QCOMPARE(parts.size(), 1);
    QCOMPARE(parts[0].status, 200);
    const QJsonObject echo = QJsonDocument::fromJson(parts[0].body).object();
    QCOMPARE(echo[QStringLiteral("path")].toString(), QStringLiteral("/echo"));
    QCOMPARE(echo[QStringLiteral("query")][QStringLiteral("x")].toString(), query);
}

void TestSandboxMultipart::odataRefusesAbsoluteTargets_data()
{
    QTest::addColumn<QString>("target");
    QTest::newRow("absolute path") << QStringLiteral("/users/1");
    QTest::newRow("absolute URL") << QStringLiteral("%1/users/1");
}

void TestSandboxMultipart::odataRefusesAbsoluteTargets()
{
    // A real OData service resolves part targets against its service root, so an absolute
    // path names the root twice and misses (404 "Invalid resource path"). The sandbox serves
    // at "/", where that mistake would go unseen, so it refuses such targets outright.
    QFETCH(QString, target);
    if (target.contains(u"%1"))
        target = target.arg(m_server->url().toString());
    const HttpResult result = multipart(
        QStringLiteral("/$batch"),
        multipartBody({httpPart("GET users/2 HTTP/1.1\r\n"),
                       httpPart("GET " + target.toUtf8() + " HTTP/1.1\r\n")},
                      "b"));
    QCOMPARE(result.status, 400);
    const QString message = QString::fromUtf8(result.body);
    QVERIFY2(message.contains(QStringLiteral("part 2")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("relative to the service root")), qPrintable(message));
    QCOMPARE(m_server->counters().batchItems, 0);
}

void TestSandboxMultipart::odataStopsAtTheFirstFailureUnlessAskedToContinue_data()
{
    QTest::addColumn<QByteArray>("prefer");
    QTest::addColumn<int>("answered");
    QTest::newRow("no Prefer") << QByteArray() << 2;
    QTest::newRow("continue-on-error") << QByteArray("odata.continue-on-error") << 3;
    QTest::newRow("among other preferences")
        << QByteArray("return=minimal, odata.continue-on-error") << 3;
}

void TestSandboxMultipart::odataStopsAtTheFirstFailureUnlessAskedToContinue()
{
    // OData 4.0 §11.7.2: without odata.continue-on-error a service stops at the first failed
    // request; what follows is neither executed nor answered.
    QFETCH(QByteArray, prefer);
    QFETCH(int, answered);
    const QByteArray body = multipartBody(
        {httpPart("GET users/1 HTTP/1.1\r\n", "<1>"), httpPart("GET status/404 HTTP/1.1\r\n", "<2>"),
         httpPart("POST items HTTP/1.1\r\nContent-Type: application/json\r\n\r\n{\"name\":\"after\"}",
                  "<3>")},
        "b");
    HttpHeaders headers;
    if (!prefer.isEmpty())
        headers.append({"Prefer", prefer});
    const HttpResult result = post(QStringLiteral("/$batch"), body, "multipart/mixed; boundary=b", headers);
    QCOMPARE(result.status, 200);
    const QList<Part> parts = partsOf(result);
    QCOMPARE(int(parts.size()), answered);
    QCOMPARE(parts[1].status, 404);
    const int created = m_server->counters().itemsByRoute.value(QStringLiteral("POST /items"));
    QCOMPARE(created, 1); // received either way
    // Executed only when the server went on: the new item exists then, and only then.
    const HttpResult after = m_client->send("GET", url(QStringLiteral("/items/501")), {}, {});
    QCOMPARE(after.status, answered == 3 ? 200 : 404);
    if (answered == 3)
        QCOMPARE(parts[2].status, 201);
}

void TestSandboxMultipart::binaryBodiesAreByteExact_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("contentLength");
    QTest::newRow("$batch, Content-Length") << QStringLiteral("/$batch") << true;
    QTest::newRow("$batch, to the end of the part") << QStringLiteral("/$batch") << false;
    QTest::newRow("batch, Content-Length") << QStringLiteral("/batch") << true;
}

void TestSandboxMultipart::binaryBodiesAreByteExact()
{
    QFETCH(QString, path);
    QFETCH(bool, contentLength);
    const QByteArray binary = binaryBody();
    QVERIFY(!QString::fromUtf8(binary).toUtf8().startsWith(binary)); // not UTF-8
    QByteArray request = "POST echo?raw=1 HTTP/1.1\r\nContent-Type: application/octet-stream\r\n";
    if (contentLength)
        request += "Content-Length: " + QByteArray::number(binary.size()) + "\r\n";
    request += "\r\n" + binary;
    const QByteArray boundary = "request_boundary_7f3a";
    QVERIFY(!binary.contains(boundary));
    const HttpResult result = multipart(
        path,
        multipartBody({httpPart(request, "<bin>"), httpPart("GET users/1\r\n", "<u>")}, boundary),
        boundary);
    QCOMPARE(result.status, 200);
    // The boundary the server would pick first occurs in the body, so it picked another.
    const QByteArray answerBoundary = boundaryOf(result.header("content-type"));
    QVERIFY(!answerBoundary.isEmpty());
    QVERIFY(!binary.contains(answerBoundary));
    const QList<Part> parts = partsOf(result);
    QCOMPARE(parts.size(), 2);
    QCOMPARE(parts[0].status, 200);
    QCOMPARE(valueOf(parts[0].httpHeaders, "content-type"), QByteArray("application/octet-stream"));
    QCOMPARE(parts[0].body, binary);
    QCOMPARE(parts[1].status, 200);
}

void TestSandboxMultipart::outerHeadersApplyToParts_data()
{
    QTest::addColumn<QString>("path");
    QTest::newRow("$batch") << QStringLiteral("/$batch");
    QTest::newRow("batch") << QStringLiteral("/batch");
}

void TestSandboxMultipart::outerHeadersApplyToParts()
{
    QFETCH(QString, path);
    const QByteArray body
        = multipartBody({httpPart("GET echo HTTP/1.1\r\n", "<1>"),
                         httpPart("GET echo HTTP/1.1\r\nX-Probe: inner\r\n", "<2>")},
                        "b");
    const HttpResult result = post(path, body, "multipart/mixed; boundary=b",
                                   {{"X-Probe", "outer"}, {"Authorization", "Bearer t0ken"}});
    QCOMPARE(result.status, 200);
    const QList<Part> parts = partsOf(result);
    QCOMPARE(parts.size(), 2);
    const QJsonObject first
        = QJsonDocument::fromJson(parts[0].body)[QStringLiteral("headers")].toObject();
    const QJsonObject second
        = QJsonDocument::fromJson(parts[1].body)[QStringLiteral("headers")].toObject();
    QCOMPARE(first[QStringLiteral("x-probe")].toString(), QStringLiteral("outer"));
    QCOMPARE(first[QStringLiteral("authorization")].toString(), QStringLiteral("Bearer t0ken"));
    QCOMPARE(second[QStringLiteral("x-probe")].toString(), QStringLiteral("inner"));
    QCOMPARE(second[QStringLiteral("authorization")].toString(), QStringLiteral("Bearer t0ken"));
    // Content-* headers describe the envelope, not the calls inside it.
    QVERIFY(!first.contains(QStringLiteral("content-type")));
    QVERIFY(!first.contains(QStringLiteral("content-length")));
}

void TestSandboxMultipart::codecRoundTrip_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("shuffle");
    QTest::addColumn<QString>("idPrefix");
    QTest::newRow("$batch") << QStringLiteral("/$batch") << false << QStringLiteral("<item-");
    QTest::newRow("$batch shuffled")
        << QStringLiteral("/$batch") << true << QStringLiteral("<item-");
    QTest::newRow("batch") << QStringLiteral("/batch") << false
                           << QStringLiteral("<response-item-");
    QTest::newRow("batch shuffled")
        << QStringLiteral("/batch") << true << QStringLiteral("<response-item-");
}

void TestSandboxMultipart::codecRoundTrip()
{
    QFETCH(QString, path);
    QFETCH(bool, shuffle);
    QFETCH(QString, idPrefix);
    SandboxBehavior behavior;
    behavior.shuffle = shuffle;
    behavior.seed = 3;
    QVERIFY(m_server->setBehavior(behavior));

    std::vector<RequestSpec> specs;
    specs.push_back(RequestSpec::get(url(QStringLiteral("/users/1"))));
    specs.push_back({"POST", url(QStringLiteral("/items")), {}, R"({"name":"pen"})", {}});
    specs.push_back(RequestSpec::get(url(QStringLiteral("/status/404"))));
    specs.push_back({"POST",
                     url(QStringLiteral("/echo?raw=1")),
                     {{"Content-Type", "application/octet-stream"}},
                     binaryBody(),
                     {}});
    specs.push_back(RequestSpec::get(url(QStringLiteral("/users/2?cache-control=max-age%3D60"))));
    specs.push_back({"DELETE", url(QStringLiteral("/items/4")), {}, {}, {}});
    BatchRequest request;
    request.batchId = 11;
    request.endpoint = url(path);
    for (size_t i = 0; i < specs.size(); ++i)
        request.items.push_back({int(i), &specs[i]});

    // As the two profiles send them: OData relative to the service root, going on after the
    // 404; Google with absolute paths.
    const MultipartBatchCodec codec(path == u"/batch" ? WireOptions{ItemUrls::AbsolutePath, false}
                                                      : WireOptions{ItemUrls::Relative, true});
    const EncodedRequest encoded = codec.encode(request);
    const HttpResult result
        = m_client->send(encoded.method, encoded.url, encoded.body, encoded.headers);
    QCOMPARE(result.status, 200);
    const DecodedBatch decoded = codec.decode(request, result.headers, result.body);
    QVERIFY2(decoded.error.isEmpty(), qPrintable(decoded.error));
    QCOMPARE(decoded.items.size(), specs.size());
    std::vector<const ItemResult *> byIndex(specs.size(), nullptr);
    QStringList order;
    for (const ItemResult &item : decoded.items) {
        QVERIFY2(item.index >= 0 && size_t(item.index) < specs.size(), qPrintable(item.id));
        QVERIFY(!byIndex[size_t(item.index)]);
        byIndex[size_t(item.index)] = &item;
        QCOMPARE(item.id, idPrefix + QString::number(item.index) + u'>');
        order.append(QString::number(item.index));
    }
    QCOMPARE(order
                 != QStringList({QStringLiteral("0"), QStringLiteral("1"), QStringLiteral("2"),
                                 QStringLiteral("3"), QStringLiteral("4"), QStringLiteral("5")}),
             shuffle);

    QCOMPARE(byIndex[0]->status, 200);
    QCOMPARE(byIndex[0]->body, m_client->send("GET", url(QStringLiteral("/users/1"))).body);
    QCOMPARE(byIndex[1]->status, 201);
    QCOMPARE(headerValue(byIndex[1]->headers, "location"), QByteArray("/items/501"));
    QCOMPARE(QJsonDocument::fromJson(byIndex[1]->body)[QStringLiteral("name")].toString(),
             QStringLiteral("pen"));
    QCOMPARE(byIndex[2]->status, 404);
    QCOMPARE(byIndex[3]->status, 200);
    QCOMPARE(byIndex[3]->body, binaryBody());
    QCOMPARE(byIndex[4]->status, 200);
    QCOMPARE(headerValue(byIndex[4]->headers, "cache-control"), QByteArray("max-age=60"));
    QCOMPARE(byIndex[5]->status, 204);
    QVERIFY(byIndex[5]->body.isEmpty());
}

QTEST_GUILESS_MAIN(TestSandboxMultipart)
#include "tst_sandboxmultipart.moc"
