// SPDX-License-Identifier: BSD-3-Clause
// What the sandbox's batch endpoints refuse, over real loopback HTTP: malformed multipart
// requests to POST /$batch and POST /batch, too many parts, damaged requests (which must never
// crash the parser), wrong content types and methods other than POST.
#include "sandbox/formats/sandboxmultipartbatch.h"
#include "support/sandboxformathelpers.h"

#include <QRandomGenerator>
#include <QtTest>

using namespace batchlab;
using namespace sandboxformat;

class TestSandboxMultipartErrors : public QObject, private SandboxFixture
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void malformedRequests_data();
    void malformedRequests();
    void tooManyPartsCountsChangeSetItems();
    void damagedRequestsNeverCrash();
    void contentTypes_data();
    void contentTypes();
    void onlyPost_data();
    void onlyPost();
};

void TestSandboxMultipartErrors::init()
{
    QVERIFY(startSandbox());
}

void TestSandboxMultipartErrors::cleanup()
{
    stopSandbox();
}

void TestSandboxMultipartErrors::malformedRequests_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("message");

    const QByteArray multipart("multipart/mixed; boundary=b");
    const QByteArray good = httpPart("GET users/1 HTTP/1.1\r\n");
    const QString odata = QStringLiteral("/$batch");
    const QString google = QStringLiteral("/batch");
    QTest::newRow("no boundary") << odata << QByteArray("multipart/mixed")
                                 << multipartBody({good}, "b") << QStringLiteral("no boundary");
    QTest::newRow("no boundary, google")
        << google << QByteArray("multipart/mixed; charset=utf-8") << multipartBody({good}, "b")
        << QStringLiteral("no boundary");
    QTest::newRow("boundary too long")
        << odata << QByteArray("multipart/mixed; boundary=" + QByteArray(71, 'x'))
        << multipartBody({good}, QByteArray(71, 'x')) << QStringLiteral("longer than 70");
    QTest::newRow("wrong boundary") << odata << multipart << multipartBody({good}, "z")
                                    << QStringLiteral("no delimiter line \"--b\"");
    QTest::newRow("no parts") << odata << multipart << QByteArray("--b--\r\n")
                              << QStringLiteral("batch has no requests");
    QTest::newRow("missing close delimiter")
        << odata << multipart << QByteArray("--b\r\n" + good + "\r\n")
        << QStringLiteral("close delimiter \"--b--\" is missing after part 1");
    QTest::newRow("part not application/http")
        << odata << multipart << multipartBody({good, "Content-Type: text/plain\r\n\r\nhello"}, "b")
        << QStringLiteral("part 2 has content type \"text/plain\", not application/http");
    QTest::newRow("part without content type")
        << google << multipart << multipartBody({good, good, "\r\nGET /users/1"}, "b")
        << QStringLiteral("part 3 has no Content-Type");
    QTest::newRow("part without an empty line")
        << odata << multipart << multipartBody({"Content-Type: application/http"}, "b")
        << QStringLiteral("part 1 has no empty line after its headers");
    QTest::newRow("part header without a name")
        << odata << multipart << multipartBody({"Content-Type application/http\r\n\r\nGET /"}, "b")
        << QStringLiteral("part 1: header line \"Content-Type application/http\" has no name");
    QTest::newRow("bad request line")
        << odata << multipart << multipartBody({good, httpPart("HELLO\r\n\r\n")}, "b")
        << QStringLiteral("part 2: bad request line \"HELLO\"");
    QTest::newRow("bad http version")
        << google << multipart << multipartBody({httpPart("GET /users/1 FTP/1.0\r\n")}, "b")
        << QStringLiteral("part 1: bad request line");
    QTest::newRow("empty request") << odata << multipart << multipartBody({httpPart({})}, "b")
                                   << QStringLiteral("part 1: bad request line \"\"");
    QTest::newRow("bad target") << odata << multipart
                                << multipartBody({httpPart("GET ftp://host/users/1\r\n")}, "b")
                                << QStringLiteral("part 1: bad request target");
    QTest::newRow("body shorter than its Content-Length")
        << odata << multipart
        << multipartBody({httpPart("POST items\r\nContent-Length: 99\r\n\r\n{}")}, "b")
        << QStringLiteral("part 1: the body has 2 bytes, fewer than its Content-Length 99");
    QTest::newRow("bad Content-Length")
        << odata << multipart
        << multipartBody({httpPart("POST items\r\nContent-Length: -1\r\n\r\n{}")}, "b")
        << QStringLiteral("part 1: bad Content-Length \"-1\"");
    QTest::newRow("base64 part")
        << odata << multipart
        << multipartBody(
               {"Content-Type: application/http\r\nContent-Transfer-Encoding: base64\r\n\r\nR0VU"},
               "b")
        << QStringLiteral("part 1 has Content-Transfer-Encoding \"base64\"");
    QTest::newRow("change set without boundary")
        << odata << multipart
        << multipartBody({good, "Content-Type: multipart/mixed\r\n\r\n--c\r\n--c--"}, "b")
        << QStringLiteral("part 2 is a change set without a boundary");
    QTest::newRow("change set not closed")
        << odata << multipart
        << multipartBody({"Content-Type: multipart/mixed; boundary=c\r\n\r\n--c\r\n" + good}, "b")
        << QStringLiteral("the change set in part 1: the close delimiter \"--c--\" is missing");
    QTest::newRow("empty change set")
        << odata << multipart
        << multipartBody({"Content-Type: multipart/mixed; boundary=c\r\n\r\n--c--"}, "b")
        << QStringLiteral("the change set in part 1 has no parts");
    QTest::newRow("bad part in a change set")
        << odata << multipart
        << multipartBody({good,
                          "Content-Type: multipart/mixed; boundary=c\r\n\r\n--c\r\n" + good
                              + "\r\n--c\r\n" + httpPart("GET\r\n") + "\r\n--c--"},
                         "b")
        << QStringLiteral("part 2.2: bad request line \"GET\"");
    QTest::newRow("change set in a change set")
        << odata << multipart
        << multipartBody({"Content-Type: multipart/mixed; boundary=c\r\n\r\n--c\r\n"
                          "Content-Type: multipart/mixed; boundary=d\r\n\r\n--d\r\n"
                          + good + "\r\n--d--\r\n--c--"},
                         "b")
        << QStringLiteral("part 1.1 is a change set inside a change set");
}

void TestSandboxMultipartErrors::malformedRequests()
{
    QFETCH(QString, path);
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, body);
    QFETCH(QString, message);

    const HttpResult result = post(path, body, contentType);
    QVERIFY(result.finished);
    QCOMPARE(result.status, 400);
    // The same error shape as every other refusal of the sandbox.
    const QJsonObject error = result.json()[QStringLiteral("error")].toObject();
    QCOMPARE(error[QStringLiteral("code")].toString(), QStringLiteral("BadRequest"));
    const QString text = error[QStringLiteral("message")].toString();
    QVERIFY2(text.contains(message), qPrintable(text));
    const SandboxCounters counters = m_server->counters();
    QCOMPARE(counters.batchRequests, 1);
    QCOMPARE(counters.rejected, 1);
    QCOMPARE(counters.batchItems, 0);
    QVERIFY(counters.itemsByRoute.isEmpty());
    QCOMPARE(m_client->send("GET", url(QStringLiteral("/users/1"))).status, 200);
}

void TestSandboxMultipartErrors::tooManyPartsCountsChangeSetItems()
{
    SandboxBehavior behavior;
    behavior.maxBatchItems = 3;
    QVERIFY(m_server->setBehavior(behavior));
    const QByteArray good = httpPart("GET users/1 HTTP/1.1\r\n");
    const QByteArray changeSet = "Content-Type: multipart/mixed; boundary=c\r\n\r\n"
        + multipartBody({good, good}, "c").chopped(2); // the close delimiter ends the part
    QCOMPARE(multipart(QStringLiteral("/$batch"), multipartBody({good, changeSet}, "b")).status,
             200);
    const HttpResult result
        = multipart(QStringLiteral("/batch"), multipartBody({good, good, changeSet}, "b"));
    QCOMPARE(result.status, 400);
    const QString text
        = result.json()[QStringLiteral("error")][QStringLiteral("message")].toString();
    QVERIFY2(text.contains(QStringLiteral("batch has 4 requests; this server accepts at most 3")),
             qPrintable(text));
    QCOMPARE(m_server->counters().rejected, 1);
    QCOMPARE(m_server->counters().batchItems, 3);
}

void TestSandboxMultipartErrors::damagedRequestsNeverCrash()
{
    // Not a fuzzer, a smoke test of totality, without HTTP to afford many rounds: a damaged
    // request gives items or a 400 that says why, never a crash.
    const QByteArray good = httpPart("POST /items HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}", "<1>");
    const QByteArray whole
        = multipartBody({good,
                         "Content-Type: multipart/mixed; boundary=c\r\n\r\n"
                             + multipartBody({good, httpPart("GET users/1\r\n")}, "c").chopped(2)},
                        "b");
    const HttpHeaders outer{{"Content-Type", "multipart/mixed; boundary=b"}, {"X-Probe", "1"}};
    QList<SandboxBatchItem> items;
    SandboxReply error;
    QVERIFY(SandboxMultipartBatch::parseRequest("multipart/mixed; boundary=b", whole, outer,
                                                SandboxMultipartBatch::Style::Google, 0,
                                                &items, &error));
    QCOMPARE(items.size(), 3);
    QRandomGenerator random(42);
    int refused = 0;
    for (int round = 0; round < 20000; ++round) {
        QByteArray damaged = whole;
        const int edits = 1 + int(random.bounded(4));
        for (int e = 0; e < edits; ++e) {
            const auto at = qsizetype(random.bounded(int(damaged.size()) + 1));
            switch (random.bounded(3)) {
            case 0:
                if (at < damaged.size())
                    damaged[at] = char(random.bounded(256));
                break;
            case 1:
                damaged.remove(at, 1 + qsizetype(random.bounded(8)));
                break;
            default:
                damaged.insert(at, damaged.mid(qsizetype(random.bounded(int(damaged.size()))), 6));
                break;
            }
        }
        items.clear();
        error = SandboxReply();
        if (SandboxMultipartBatch::parseRequest("multipart/mixed; boundary=b", damaged, outer,
                                                SandboxMultipartBatch::Style::Google, 10,
                                                &items, &error)) {
            QVERIFY(!items.isEmpty() && items.size() <= 10);
        } else {
            ++refused;
            QCOMPARE(error.status, 400);
            QVERIFY(!QJsonDocument::fromJson(
                         error.body)[QStringLiteral("error")][QStringLiteral("message")]
                         .toString()
                         .isEmpty());
        }
    }
    QVERIFY(refused > 0);
}

void TestSandboxMultipartErrors::contentTypes_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("message");

    QTest::newRow("$batch text/plain") << QStringLiteral("/$batch") << QByteArray("text/plain")
                                       << 415 << QStringLiteral("not text/plain");
    QTest::newRow("$batch multipart/form-data")
        << QStringLiteral("/$batch") << QByteArray("multipart/form-data; boundary=b") << 415
        << QStringLiteral("multipart/form-data");
    QTest::newRow("batch json") << QStringLiteral("/batch") << QByteArray("application/json") << 415
                                << QStringLiteral("not application/json");
    QTest::newRow("$batch json still json")
        << QStringLiteral("/$batch") << QByteArray("application/json; charset=utf-8") << 200
        << QString();
    QTest::newRow("$batch multipart upper case")
        << QStringLiteral("/$batch") << QByteArray("Multipart/Mixed; Boundary=b") << 200
        << QString();
}

void TestSandboxMultipartErrors::contentTypes()
{
    QFETCH(QString, path);
    QFETCH(QByteArray, contentType);
    QFETCH(int, status);
    QFETCH(QString, message);
    const QByteArray body = contentType.startsWith("application/json")
        ? QByteArray(R"({"requests":[{"id":"1","method":"GET","url":"/users/1"}]})")
        : multipartBody({httpPart("GET users/1 HTTP/1.1\r\n")}, "b");
    const HttpResult result = post(path, body, contentType);
    QCOMPARE(result.status, status);
    if (status == 415) {
        const QString text
            = result.json()[QStringLiteral("error")][QStringLiteral("message")].toString();
        QVERIFY2(text.contains(message), qPrintable(text));
        QCOMPARE(m_server->counters().rejected, 1);
    }
}

void TestSandboxMultipartErrors::onlyPost_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::newRow("GET /batch") << QByteArray("GET") << QStringLiteral("/batch");
    QTest::newRow("GET /rpc") << QByteArray("GET") << QStringLiteral("/rpc");
    QTest::newRow("PUT /rpc") << QByteArray("PUT") << QStringLiteral("/rpc");
    QTest::newRow("DELETE /$batch") << QByteArray("DELETE") << QStringLiteral("/$batch");
}

void TestSandboxMultipartErrors::onlyPost()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    const HttpResult result = m_client->send(method, url(path));
    QCOMPARE(result.status, 405);
    QCOMPARE(result.header("Allow"), QByteArray("POST"));
    QVERIFY(
        !result.json()[QStringLiteral("error")][QStringLiteral("message")].toString().isEmpty());
}

QTEST_GUILESS_MAIN(TestSandboxMultipartErrors)
#include "tst_sandboxmultiparterrors.moc"
