// SPDX-License-Identifier: BSD-3-Clause
// MultipartBatchCodec: encoding, the specifications' examples, and one case per malformation.
#include "support/randomdamage.h"
#include "wire/multipartbatchcodec.h"

#include <QRandomGenerator>
#include <QtTest>

using namespace batchlab;

namespace {

/// Fixtures are written with \n for reading; the wire has CRLF.
QByteArray crlf(QByteArray text)
{
    return text.replace("\n", "\r\n");
}

HttpHeaders multipart(const QByteArray &boundary)
{
    return {{"Content-Type", "multipart/mixed; boundary=" + boundary}};
}

struct Batch
{
    std::vector<RequestSpec> specs;
    BatchRequest request;
};

Batch batchOf(int count)
{
    Batch b;
    b.specs.reserve(size_t(count));
    b.request.batchId = 7;
    b.request.endpoint = QUrl(QStringLiteral("http://api.example.com/v1/$batch"));
    for (int i = 0; i < count; ++i)
        b.specs.push_back(
            RequestSpec::get(QUrl(QStringLiteral("http://api.example.com/v1/users/%1").arg(i))));
    for (int i = 0; i < count; ++i)
        b.request.items.push_back({i, &b.specs[size_t(i)]});
    return b;
}

RequestSpec post(const QString &url, const QByteArray &body)
{
    RequestSpec spec = RequestSpec::get(QUrl(url));
    spec.method = "POST";
    spec.body = body;
    return spec;
}

} // namespace

class TestMultipartBatchCodec : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void encodesPartsWithContentIdsAndCrlf();
    void odataPartsAreRelativeToTheServiceRoot_data();
    void odataPartsAreRelativeToTheServiceRoot();
    void continueOnErrorIsAskedFor();
    void boundaryNeverOccursInAPart();
    void googleExampleAnswer();
    void odataChangeSetAnswer();
    void positionWhenThereIsNoContentId();
    void atomicGroupsBecomeChangeSets();
    void aFailedChangeSetAnsweredWithoutContentId();
    void bodiesAreByteExact();
    void malformedAnswers_data();
    void malformedAnswers();
    void badPartsFailOnlyThemselves();
    void headerParameters();
    void headersCannotSmuggleLines();
    void everyTruncationIsAnError();
    void randomDamageNeverCrashes();
};

void TestMultipartBatchCodec::encodesPartsWithContentIdsAndCrlf()
{
    Batch b = batchOf(2);
    b.specs[1] = post(QStringLiteral("http://api.example.com/v1/items?x=1"), R"({"name":"pen"})");
    // Google's form: the absolute path and a Host header.
    const EncodedRequest e = MultipartBatchCodec({ItemUrls::AbsolutePath, false}).encode(b.request);
    QCOMPARE(e.url, b.request.endpoint);
    const QByteArray type = headerValue(e.headers, "content-type");
    QVERIFY(type.startsWith("multipart/mixed; boundary="));
    const QByteArray boundary = MultipartBatchCodec::headerParameter(type, "boundary");
    const QByteArray expected = crlf("--" + boundary
                                     + "\n"
                                       "Content-Type: application/http\n"
                                       "Content-Transfer-Encoding: binary\n"
                                       "Content-ID: <item-0>\n"
                                       "\n"
                                       "GET /v1/users/0 HTTP/1.1\n"
                                       "Host: api.example.com\n"
                                       "\n"
                                       "\n"
                                       "--"
                                     + boundary
                                     + "\n"
                                       "Content-Type: application/http\n"
                                       "Content-Transfer-Encoding: binary\n"
                                       "Content-ID: <item-1>\n"
                                       "\n"
                                       "POST /v1/items?x=1 HTTP/1.1\n"
                                       "Host: api.example.com\n"
                                       "Content-Type: application/json\n"
                                       "Content-Length: 14\n"
                                       "\n"
                                       "{\"name\":\"pen\"}\n"
                                       "--"
                                     + boundary + "--\n");
    QCOMPARE(e.body, expected);
    QVERIFY(!e.body.contains("\n\n")); // every line ends in CRLF
}

void TestMultipartBatchCodec::odataPartsAreRelativeToTheServiceRoot_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QByteArray>("requestLine");
    QTest::newRow("below the root") << QStringLiteral("http://api.example.com/v1/users/0")
                                    << QByteArray("GET users/0 HTTP/1.1");
    QTest::newRow("query kept encoded")
        << QStringLiteral("http://api.example.com/v1/Users?$filter=name%20eq%20'a'")
        << QByteArray("GET Users?$filter=name%20eq%20'a' HTTP/1.1");
    QTest::newRow("OData key syntax") << QStringLiteral("http://api.example.com/v1/Users(1)")
                                      << QByteArray("GET Users(1) HTTP/1.1");
    QTest::newRow("outside the root keeps its path")
        << QStringLiteral("http://api.example.com/v2/users/0") << QByteArray("GET /v2/users/0 HTTP/1.1");
}

void TestMultipartBatchCodec::odataPartsAreRelativeToTheServiceRoot()
{
    // A real OData service (SAP CAP at /odata/v4/api/) answers 404 "Invalid resource path" to
    // a part whose target is the absolute path; it resolves targets against its service root.
    QFETCH(QString, url);
    QFETCH(QByteArray, requestLine);
    Batch b = batchOf(1);
    b.specs[0] = RequestSpec::get(QUrl(url));
    const EncodedRequest e = MultipartBatchCodec().encode(b.request);
    QVERIFY2(e.body.contains(QByteArray("\r\n\r\n" + requestLine + "\r\n")), e.body.constData());
    QVERIFY(!e.body.contains("Host:")); // a relative reference needs none
}

void TestMultipartBatchCodec::continueOnErrorIsAskedFor()
{
    const Batch b = batchOf(2);
    QVERIFY(headerValue(MultipartBatchCodec().encode(b.request).headers, "prefer").isNull());
    QCOMPARE(headerValue(MultipartBatchCodec({ItemUrls::Relative, true}).encode(b.request).headers,
                         "prefer"),
             QByteArray("odata.continue-on-error"));
}

void TestMultipartBatchCodec::boundaryNeverOccursInAPart()
{
    Batch b = batchOf(1);
    // A body that contains the first boundaries the codec would pick.
    b.specs[0] = post(QStringLiteral("http://api.example.com/v1/echo"),
                      "--batchlab_7_0 and batchlab_7_1 and batchlab_7_2");
    const EncodedRequest e = MultipartBatchCodec().encode(b.request);
    const QByteArray boundary
        = MultipartBatchCodec::headerParameter(headerValue(e.headers, "content-type"), "boundary");
    QCOMPARE(boundary, QByteArray("batchlab_7_3"));
}

void TestMultipartBatchCodec::googleExampleAnswer()
{
    // The answer of Google's batch guide (Directory API), Content-IDs prefixed "response-".
    const QByteArray body = crlf("--batch_foobarbaz\n"
                                 "Content-Type: application/http\n"
                                 "Content-ID: <response-item-0>\n"
                                 "\n"
                                 "HTTP/1.1 200 OK\n"
                                 "Content-Type: application/json\n"
                                 "Content-Length: 23\n"
                                 "\n"
                                 "{\"kind\": \"farm#animal\"}\n"
                                 "--batch_foobarbaz\n"
                                 "Content-Type: application/http\n"
                                 "Content-ID: <response-item-2>\n"
                                 "\n"
                                 "HTTP/1.1 304 Not Modified\n"
                                 "ETag: \"etag/animals\"\n"
                                 "\n"
                                 "\n"
                                 "--batch_foobarbaz\n"
                                 "Content-Type: application/http\n"
                                 "Content-ID: <response-item-1>\n"
                                 "\n"
                                 "HTTP/1.1 200 OK\n"
                                 "Content-Type: application/json\n"
                                 "\n"
                                 "{\"animalName\":\"sheep\"}\n"
                                 "--batch_foobarbaz--\n");
    const Batch b = batchOf(3);
    const DecodedBatch d
        = MultipartBatchCodec().decode(b.request, multipart("batch_foobarbaz"), body);
    QVERIFY2(d.error.isEmpty(), qPrintable(d.error));
    QCOMPARE(d.items.size(), size_t(3));
    QCOMPARE(d.items[0].index, 0);
    QCOMPARE(d.items[0].status, 200);
    QCOMPARE(d.items[0].body, QByteArray(R"({"kind": "farm#animal"})"));
    QCOMPARE(headerValue(d.items[0].headers, "content-type"), QByteArray("application/json"));
    QCOMPARE(d.items[1].index, 2); // answered out of order, matched by Content-ID
    QCOMPARE(d.items[1].status, 304);
    QVERIFY(d.items[1].body.isEmpty());
    QCOMPARE(headerValue(d.items[1].headers, "etag"), QByteArray("\"etag/animals\""));
    QCOMPARE(d.items[2].index, 1);
    QCOMPARE(d.items[2].body, QByteArray(R"({"animalName":"sheep"})"));
}

void TestMultipartBatchCodec::odataChangeSetAnswer()
{
    // OData 4.0 §11.7: a plain part, then a change set whose answers carry Content-IDs.
    const QByteArray body = crlf("--batchresponse_1\n"
                                 "Content-Type: application/http\n"
                                 "\n"
                                 "HTTP/1.1 200 OK\n"
                                 "Content-Type: application/json\n"
                                 "\n"
                                 "{\"value\":[]}\n"
                                 "--batchresponse_1\n"
                                 "Content-Type: multipart/mixed; boundary=\"changesetresponse_2\"\n"
                                 "\n"
                                 "--changesetresponse_2\n"
                                 "Content-Type: application/http\n"
                                 "Content-ID: <item-2>\n"
                                 "\n"
                                 "HTTP/1.1 201 Created\n"
                                 "Location: http://host/service/Customers('ALFKI')\n"
                                 "\n"
                                 "{\"ID\":\"ALFKI\"}\n"
                                 "--changesetresponse_2\n"
                                 "Content-Type: application/http\n"
                                 "Content-ID: <item-1>\n"
                                 "\n"
                                 "HTTP/1.1 204 No Content\n"
                                 "\n"
                                 "\n"
                                 "--changesetresponse_2--\n"
                                 "--batchresponse_1--\n");
    const Batch b = batchOf(3);
    const DecodedBatch d
        = MultipartBatchCodec().decode(b.request, multipart("batchresponse_1"), body);
    QVERIFY2(d.error.isEmpty(), qPrintable(d.error));
    QCOMPARE(d.items.size(), size_t(3));
    QCOMPARE(d.items[0].index, 0); // no Content-ID: by position
    QCOMPARE(d.items[0].body, QByteArray(R"({"value":[]})"));
    QCOMPARE(d.items[1].index, 2);
    QCOMPARE(d.items[1].status, 201);
    QCOMPARE(d.items[2].index, 1);
    QCOMPARE(d.items[2].status, 204);
}

void TestMultipartBatchCodec::positionWhenThereIsNoContentId()
{
    QByteArray body;
    for (int i = 0; i < 3; ++i)
        body += crlf("--b\nContent-Type: application/http\n\nHTTP/1.1 200 OK\n\n"
                     + QByteArray::number(i) + "\n");
    body += "--b--";
    const DecodedBatch d = MultipartBatchCodec().decode(batchOf(3).request, multipart("b"), body);
    QVERIFY2(d.error.isEmpty(), qPrintable(d.error));
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(d.items[size_t(i)].index, i);
        QCOMPARE(d.items[size_t(i)].body, QByteArray::number(i));
    }
}

void TestMultipartBatchCodec::atomicGroupsBecomeChangeSets()
{
    // Items 1 and 2 are one group, item 3 another: two change sets around a call alone, each a
    // multipart/mixed part of its own boundary, its members with their Content-IDs.
    Batch b = batchOf(4);
    b.request.items[1].group = 0;
    b.request.items[2].group = 0;
    b.request.items[3].group = 1;
    const QByteArray body = MultipartBatchCodec().encode(b.request).body;
    QCOMPARE(body.count("Content-Type: multipart/mixed; boundary=changeset_7_"), 2);
    const qsizetype set = body.indexOf("boundary=changeset_7_0_");
    QVERIFY(set > body.indexOf("GET users/0 HTTP/1.1"));
    QVERIFY(body.indexOf("GET users/1 HTTP/1.1") > set);
    QVERIFY(body.indexOf("GET users/2 HTTP/1.1") > body.indexOf("GET users/1 HTTP/1.1"));
    QVERIFY(body.indexOf("--changeset_7_0_0--") > body.indexOf("GET users/2 HTTP/1.1"));
    QVERIFY(body.indexOf("--changeset_7_0_0--") < body.indexOf("GET users/3 HTTP/1.1"));
    QVERIFY(body.contains("Content-ID: <item-2>"));
    // An answer in the same shape reads back member by member, by position too.
    QByteArray answer = crlf(
        "--b\nContent-Type: application/http\n\nHTTP/1.1 200 OK\n\nzero\n"
        "--b\nContent-Type: multipart/mixed; boundary=cs\n\n"
        "--cs\nContent-Type: application/http\n\nHTTP/1.1 200 OK\n\none\n"
        "--cs\nContent-Type: application/http\n\nHTTP/1.1 200 OK\n\ntwo\n--cs--\n"
        "--b\nContent-Type: multipart/mixed; boundary=cs2\n\n"
        "--cs2\nContent-Type: application/http\n\nHTTP/1.1 200 OK\n\nthree\n--cs2--\n--b--\n");
    const DecodedBatch d = MultipartBatchCodec().decode(b.request, multipart("b"), answer);
    QVERIFY2(d.error.isEmpty(), qPrintable(d.error));
    QCOMPARE(d.items.size(), size_t(4));
    const char *const bodies[] = {"zero", "one", "two", "three"};
    for (int i = 0; i < 4; ++i) {
        QCOMPARE(d.items[size_t(i)].index, i);
        QCOMPARE(d.items[size_t(i)].body, QByteArray(bodies[i]));
    }
}

void TestMultipartBatchCodec::aFailedChangeSetAnsweredWithoutContentId()
{
    // OData 4.0: a change set that failed is answered by one response in its place. Without a
    // Content-ID it stands for the set's first member; the call after it keeps its own answer.
    Batch b = batchOf(3);
    b.request.items[0].group = 0;
    b.request.items[1].group = 0;
    const QByteArray answer
        = crlf("--b\nContent-Type: application/http\n\nHTTP/1.1 400 Bad Request\n\nno\n"
               "--b\nContent-Type: application/http\n\nHTTP/1.1 200 OK\n\nalone\n--b--\n");
    const DecodedBatch d = MultipartBatchCodec().decode(b.request, multipart("b"), answer);
    QVERIFY2(d.error.isEmpty(), qPrintable(d.error));
    QCOMPARE(d.items.size(), size_t(2));
    QCOMPARE(d.items[0].index, 0);
    QCOMPARE(d.items[0].status, 400);
    QCOMPARE(d.items[1].index, 2);
    QCOMPARE(d.items[1].body, QByteArray("alone"));
}

void TestMultipartBatchCodec::bodiesAreByteExact()
{
    // Binary, CR and LF inside, and trailing line breaks that belong to the body.
    QByteArray binary;
    for (int i = 0; i < 256; ++i)
        binary += char(i);
    binary += "\r\n\r\n--not-the-boundary\r\n";
    const QByteArray body
        = "--b\r\nContent-Type: application/http\r\nContent-ID: <response-item-0>\r\n\r\n"
          "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n\r\n"
        + binary + "\r\n--b--\r\n";
    const DecodedBatch d = MultipartBatchCodec().decode(batchOf(1).request, multipart("b"), body);
    QVERIFY2(d.error.isEmpty(), qPrintable(d.error));
    QCOMPARE(d.items[0].body, binary);
}

void TestMultipartBatchCodec::malformedAnswers_data()
{
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("error");
    const QByteArray part = crlf(
        "--b\nContent-Type: application/http\nContent-ID: <item-0>\n\nHTTP/1.1 200 OK\n\n{}\n");
    QTest::newRow("not multipart")
        << QByteArray("application/json") << QByteArray("{}")
        << QStringLiteral(
               "batch answer has content type \"application/json\", not multipart/mixed");
    QTest::newRow("no content type")
        << QByteArray() << part
        << QStringLiteral("batch answer has content type \"\", not multipart/mixed");
    QTest::newRow("no boundary") << QByteArray("multipart/mixed") << part
                                 << QStringLiteral("batch answer's content type has no boundary");
    QTest::newRow("wrong boundary") << QByteArray("multipart/mixed; boundary=zz") << part
                                    << QStringLiteral("no part starts with the boundary \"zz\"");
    QTest::newRow("no close delimiter")
        << QByteArray("multipart/mixed; boundary=b") << part
        << QStringLiteral("part 1 is not closed: the close delimiter \"--b--\" is missing "
                          "(truncated answer?)");
    QTest::newRow("truncated in a delimiter")
        << QByteArray("multipart/mixed; boundary=b") << QByteArray(part + "--b")
        << QStringLiteral("the body ends inside a delimiter line (no close delimiter \"--b--\")");
    QTest::newRow("empty body") << QByteArray("multipart/mixed; boundary=b") << QByteArray()
                                << QStringLiteral("no part starts with the boundary \"b\"");
    QTest::newRow("part without end of headers")
        << QByteArray("multipart/mixed; boundary=b")
        << crlf("--b\nContent-Type: application/http\n--b--\n")
        << QStringLiteral("part 1 has no end of headers");
    QTest::newRow("header without a name")
        << QByteArray("multipart/mixed; boundary=b")
        << crlf("--b\nnot a header\n\nHTTP/1.1 200 OK\n\n\n--b--\n")
        << QStringLiteral("part 1: a header line has no name: \"not a header\"");
    QTest::newRow("change set without boundary")
        << QByteArray("multipart/mixed; boundary=b")
        << crlf("--b\nContent-Type: multipart/mixed\n\nx\n--b--\n")
        << QStringLiteral("a change set has no boundary");
    QTest::newRow("truncated change set")
        << QByteArray("multipart/mixed; boundary=b")
        << crlf("--b\nContent-Type: multipart/mixed; boundary=c\n\n--c\nContent-Type: "
                "application/http\n\nHTTP/1.1 200 OK\n\n\n--b--\n")
        << QStringLiteral("change set: part 1 is not closed: the close delimiter \"--c--\" is "
                          "missing (truncated answer?)");
    QTest::newRow("huge boundary")
        << QByteArray("multipart/mixed; boundary=" + QByteArray(71, 'x')) << part
        << QStringLiteral("batch answer's boundary is longer than 70 characters");
}

void TestMultipartBatchCodec::malformedAnswers()
{
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, body);
    QFETCH(QString, error);
    HttpHeaders headers;
    if (!contentType.isEmpty())
        headers.append({"Content-Type", contentType});
    const DecodedBatch d = MultipartBatchCodec().decode(batchOf(2).request, headers, body);
    QCOMPARE(d.error, error);
    QVERIFY(d.items.empty()); // nothing of a broken envelope is trusted
}

void TestMultipartBatchCodec::badPartsFailOnlyThemselves()
{
    const QByteArray body = crlf(
        "--b\nContent-Type: application/http\nContent-ID: <item-0>\n\nHTTP/1.1 200 OK\n\nok\n"
        "--b\nContent-Type: text/plain\nContent-ID: <item-1>\n\nhello\n"
        "--b\nContent-Type: application/http\nContent-ID: <item-2>\n\nHTTP/1.1 abc\n\n\n"
        "--b\nContent-Type: application/http\nContent-ID: <item-3>\n\nHTTP/1.1 200 "
        "OK\nContent-Length: 99\n\nshort\n"
        "--b\nContent-Type: application/http\nContent-ID: <other-4>\n\nHTTP/1.1 200 OK\n\n\n"
        "--b--\n");
    const DecodedBatch d = MultipartBatchCodec().decode(batchOf(5).request, multipart("b"), body);
    QVERIFY2(d.error.isEmpty(), qPrintable(d.error));
    QCOMPARE(d.items.size(), size_t(5));
    QCOMPARE(d.items[0].status, 200);
    QCOMPARE(d.items[1].problem,
             QStringLiteral("part 2 has content type \"text/plain\", not application/http"));
    QCOMPARE(d.items[2].problem, QStringLiteral("not an HTTP response: \"HTTP/1.1 abc\""));
    QCOMPARE(d.items[3].problem,
             QStringLiteral("body is shorter than its Content-Length 99 (5 bytes)"));
    QCOMPARE(d.items[4].index, -1); // an id that was never sent

    const DecodedBatch n = MultipartBatchCodec().decode(
        batchOf(1).request, multipart("b"),
        crlf("--b\nContent-Type: application/http\nContent-ID: <item-0>\n\nHTTP/1.1 200 "
             "OK\nContent-Length: lots\n\nbody\n--b--\n"));
    QCOMPARE(n.items.at(0).problem,
             QStringLiteral("Content-Length \"lots\" is not a number of bytes"));
    QCOMPARE(d.items[4].id, QStringLiteral("<other-4>"));
}

void TestMultipartBatchCodec::headersCannotSmuggleLines()
{
    // A CR or LF in a caller's header would end the line and let the rest pose as another
    // request inside the part; the caller's Content-Length and Host would contradict ours.
    Batch b = batchOf(1);
    b.specs[0].headers = {{"X-Note", "a\r\n\r\nGET /evil HTTP/1.1"},
                          {"Content-Length", "999"},
                          {"Host", "elsewhere.example"}};
    const QByteArray body = MultipartBatchCodec().encode(b.request).body;
    QVERIFY2(!body.contains("\nGET /evil"), body.constData());
    QVERIFY(body.contains("X-Note: a    GET /evil HTTP/1.1\r\n"));
    QVERIFY(!body.contains("999"));
    QVERIFY(!body.contains("elsewhere"));
    QCOMPARE(body.count("GET "), 2); // the call's request line, and the smuggled text inline
}

void TestMultipartBatchCodec::headerParameters()
{
    QCOMPARE(MultipartBatchCodec::headerParameter("multipart/mixed; boundary=\"a b\"", "boundary"),
             QByteArray("a b"));
    QCOMPARE(
        MultipartBatchCodec::headerParameter("multipart/mixed;charset=x;Boundary=q", "boundary"),
        QByteArray("q"));
    QCOMPARE(MultipartBatchCodec::headerParameter("multipart/mixed", "boundary"), QByteArray());
}

namespace {

QByteArray twoPartAnswer()
{
    return crlf(
        "--b\nContent-Type: application/http\nContent-ID: <response-item-0>\n\nHTTP/1.1 200 OK\n"
        "Content-Type: application/json\n\n{\"id\":0}\n"
        "--b\nContent-Type: application/http\nContent-ID: <response-item-1>\n\nHTTP/1.1 404 Not "
        "Found\n\n\n"
        "--b--\n");
}

} // namespace

void TestMultipartBatchCodec::everyTruncationIsAnError()
{
    const QByteArray whole = twoPartAnswer();
    const qsizetype complete = whole.indexOf("--b--") + 5; // the close delimiter read in full
    const Batch b = batchOf(2);
    QVERIFY(MultipartBatchCodec().decode(b.request, multipart("b"), whole).error.isEmpty());
    for (qsizetype size = 0; size < complete; ++size) {
        const DecodedBatch d
            = MultipartBatchCodec().decode(b.request, multipart("b"), whole.left(size));
        QVERIFY2(!d.error.isEmpty(),
                 qPrintable(QStringLiteral("a %1-byte prefix decoded as a success").arg(size)));
        QVERIFY(d.items.empty());
    }
}

void TestMultipartBatchCodec::randomDamageNeverCrashes()
{
    // Not a fuzzer, a smoke test of totality: damaged answers give items or an error, and
    // every item is either a real answer or has status 0.
    const QByteArray whole = twoPartAnswer();
    QRandomGenerator random(42);
    const Batch b = batchOf(2);
    for (int round = 0; round < 20000; ++round) {
        const QByteArray damaged = randomlyDamaged(whole, random);
        const DecodedBatch d = MultipartBatchCodec().decode(b.request, multipart("b"), damaged);
        QVERIFY(d.error.isEmpty() || d.items.empty());
        for (const ItemResult &item : d.items)
            QVERIFY(item.status == 0 || (item.status >= 100 && item.status <= 599));
    }
}

QTEST_GUILESS_MAIN(TestMultipartBatchCodec)
#include "tst_multipartbatchcodec.moc"
