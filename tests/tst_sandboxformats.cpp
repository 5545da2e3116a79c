// The sandbox's other batch formats over real loopback HTTP: multipart/mixed as OData 4.0
// (POST /$batch) and as Google APIs (POST /batch), and JSON-RPC 2.0 (POST /rpc); every fault
// of a SandboxBehavior in every format, and the client's multipart codec against the server.
#include "httptestclient.h"
#include "multipartbatchcodec.h"
#include "sandboxmultipartbatch.h"
#include "sandboxserver.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSet>
#include <QtTest>

#include <memory>

using namespace batchlab;

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

QByteArray valueOf(const HttpHeaders &headers, QByteArrayView name)
{
    for (const auto &[key, value] : headers) {
        if (name.compare(key, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QByteArray boundaryOf(const QByteArray &contentType)
{
    return MultipartBatchCodec::headerParameter(contentType, "boundary");
}

/// One part of a multipart answer. The HTTP fields are set for application/http parts, the
/// nested parts for a change set.
struct Part
{
    HttpHeaders headers;
    int status = 0;
    QByteArray statusLine;
    HttpHeaders httpHeaders;
    QByteArray body;
    QList<Part> nested;
};

/// Reads an answer written exactly as the server must write it: CRLF line ends, a
/// Content-Length on every response, a close delimiter. False, with the reason, otherwise.
bool readMultipart(const QByteArray &body, const QByteArray &boundary, QList<Part> *parts,
                   QString *problem)
{
    const QByteArray delimiter = "--" + boundary;
    if (boundary.isEmpty() || !body.startsWith(QByteArray(delimiter + "\r\n"))) {
        *problem = QStringLiteral("does not start with its delimiter");
        return false;
    }
    qsizetype at = delimiter.size() + 2;
    while (true) {
        const qsizetype end = body.indexOf(QByteArray("\r\n" + delimiter), at);
        if (end < 0) {
            *problem = QStringLiteral("no delimiter after a part");
            return false;
        }
        const QByteArray raw = body.mid(at, end - at);
        const qsizetype headerEnd = raw.indexOf("\r\n\r\n");
        if (headerEnd < 0) {
            *problem = QStringLiteral("a part without an empty line");
            return false;
        }
        Part part;
        for (const QByteArray &line : raw.left(headerEnd).split('\n')) {
            const qsizetype colon = line.indexOf(':');
            part.headers.append({line.left(colon), line.mid(colon + 1).trimmed()});
        }
        const QByteArray content = raw.mid(headerEnd + 4);
        const QByteArray type = valueOf(part.headers, "content-type");
        if (type.startsWith("multipart/mixed")) {
            if (!readMultipart(content, boundaryOf(type), &part.nested, problem))
                return false;
        } else {
            const qsizetype lineEnd = content.indexOf("\r\n");
            part.statusLine = content.left(lineEnd);
            part.status = part.statusLine.split(' ').value(1).toInt();
            const qsizetype headEnd = content.indexOf("\r\n\r\n");
            if (lineEnd < 0 || headEnd < 0) {
                *problem = QStringLiteral("a response without an empty line");
                return false;
            }
            for (const QByteArray &line :
                 content.mid(lineEnd + 2, headEnd - lineEnd - 2).split('\n')) {
                const qsizetype colon = line.indexOf(':');
                part.httpHeaders.append({line.left(colon), line.mid(colon + 1).trimmed()});
            }
            part.body = content.mid(headEnd + 4);
            bool ok = false;
            if (valueOf(part.httpHeaders, "content-length").toLongLong(&ok) != part.body.size()
                || !ok) {
                *problem = QStringLiteral("a Content-Length that is not the body's");
                return false;
            }
        }
        parts->append(part);
        at = end + 2 + delimiter.size();
        if (body.mid(at, 2) == "--")
            return true;
        if (body.mid(at, 2) != "\r\n") {
            *problem = QStringLiteral("a delimiter line with more on it");
            return false;
        }
        at += 2;
    }
}

QList<Part> flatten(const QList<Part> &parts)
{
    QList<Part> flat;
    for (const Part &part : parts) {
        if (part.nested.isEmpty())
            flat.append(part);
        else
            flat.append(flatten(part.nested));
    }
    return flat;
}

QByteArray httpPart(const QByteArray &request, const QByteArray &contentId = {})
{
    QByteArray part = "Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n";
    if (!contentId.isEmpty())
        part += "Content-ID: " + contentId + "\r\n";
    return part + "\r\n" + request;
}

QByteArray multipartBody(const QByteArrayList &parts, const QByteArray &boundary)
{
    QByteArray body;
    for (const QByteArray &part : parts)
        body += "--" + boundary + "\r\n" + part + "\r\n";
    return body + "--" + boundary + "--\r\n";
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

QJsonObject user(int id)
{
    return {{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
            {QStringLiteral("method"), QStringLiteral("users.get")},
            {QStringLiteral("params"), QJsonObject{{QStringLiteral("id"), id}}}};
}

QJsonObject withId(QJsonObject call, const QJsonValue &id)
{
    call.insert(QStringLiteral("id"), id);
    return call;
}

QByteArray compact(const QJsonArray &array)
{
    return QJsonDocument(array).toJson(QJsonDocument::Compact);
}

/// One answer of a batch in any format, for what must hold in every format. `id` is the id
/// as the client sent it ("3"), `rawId` as the answer carries it ("<response-3>").
struct Answer
{
    QString id;
    QString rawId;
    int status = 0;
    QByteArray retryAfter;
};

/// The batch formats the tests run over, each with its endpoint.
const QStringList kFormats{QStringLiteral("json"), QStringLiteral("odata"),
                           QStringLiteral("google"), QStringLiteral("rpc")};

QString endpointOf(const QString &format)
{
    if (format == u"google")
        return QStringLiteral("/batch");
    return format == u"rpc" ? QStringLiteral("/rpc") : QStringLiteral("/$batch");
}

} // namespace

class TestSandboxFormats : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    // multipart
    void googleExample();
    void odataChangeSet();
    void lfLineEndsAreTolerated();
    void targets_data();
    void targets();
    void binaryBodiesAreByteExact_data();
    void binaryBodiesAreByteExact();
    void outerHeadersApplyToParts_data();
    void outerHeadersApplyToParts();
    void malformedRequests_data();
    void malformedRequests();
    void tooManyPartsCountsChangeSetItems();
    void damagedRequestsNeverCrash();
    void contentTypes_data();
    void contentTypes();
    void onlyPost_data();
    void onlyPost();
    void codecRoundTrip_data();
    void codecRoundTrip();

    // JSON-RPC
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
    void rpcHasNoBatchLimit();

    // every format
    void formats_data();
    void itemErrors_data() { formats_data(); }
    void itemErrors();
    void throttling_data() { formats_data(); }
    void throttling();
    void wholeBatchFailure_data();
    void wholeBatchFailure();
    void malformedAnswers_data();
    void malformedAnswers();
    void shuffle_data() { formats_data(); }
    void shuffle();
    void sameSeedSameBytes_data() { formats_data(); }
    void sameSeedSameBytes();
    void latencyAndDrop_data() { formats_data(); }
    void latencyAndDrop();
    void countersByRoute();
    void indexListsTheEndpoints();

private:
    QUrl url(const QString &path) const;
    HttpResult post(const QString &path, const QByteArray &body, const QByteArray &contentType,
                    const QList<QPair<QByteArray, QByteArray>> &extraHeaders = {});
    HttpResult multipart(const QString &path, const QByteArray &body,
                         const QByteArray &boundary = QByteArrayLiteral("b"));
    HttpResult rpc(const QByteArray &body);
    QList<Part> partsOf(const HttpResult &result);
    /// A batch of n GETs with ids "0".."n-1", alternating users and items.
    HttpResult batchOfGets(const QString &format, int n);
    bool readAnswers(const QString &format, const HttpResult &result, QList<Answer> *answers,
                     QString *problem);
    QString itemRoute(const QString &format, int i) const;

    std::unique_ptr<SandboxServer> m_server;
    std::unique_ptr<HttpTestClient> m_client;
};

void TestSandboxFormats::init()
{
    m_server = std::make_unique<SandboxServer>();
    QVERIFY(m_server->start());
    m_client = std::make_unique<HttpTestClient>();
}

void TestSandboxFormats::cleanup()
{
    m_client.reset();
    m_server.reset();
}

QUrl TestSandboxFormats::url(const QString &path) const
{
    QUrl url = m_server->url();
    const qsizetype query = path.indexOf(u'?');
    url.setPath(path.left(query));
    if (query >= 0)
        url.setQuery(path.mid(query + 1));
    return url;
}

HttpResult TestSandboxFormats::post(const QString &path, const QByteArray &body,
                                    const QByteArray &contentType,
                                    const QList<QPair<QByteArray, QByteArray>> &extraHeaders)
{
    QList<QPair<QByteArray, QByteArray>> headers = extraHeaders;
    headers.append({"Content-Type", contentType});
    return m_client->send("POST", url(path), body, headers);
}

HttpResult TestSandboxFormats::multipart(const QString &path, const QByteArray &body,
                                         const QByteArray &boundary)
{
    return post(path, body, "multipart/mixed; boundary=" + boundary);
}

HttpResult TestSandboxFormats::rpc(const QByteArray &body)
{
    return post(QStringLiteral("/rpc"), body, "application/json");
}

QList<Part> TestSandboxFormats::partsOf(const HttpResult &result)
{
    QList<Part> parts;
    QString problem;
    const bool ok
        = readMultipart(result.body, boundaryOf(result.header("content-type")), &parts, &problem);
    if (!ok)
        qWarning() << "unreadable multipart answer:" << problem << result.body.left(400);
    return parts;
}

QString TestSandboxFormats::itemRoute(const QString &format, int i) const
{
    if (format == u"rpc")
        return i % 2 ? QStringLiteral("rpc items.get") : QStringLiteral("rpc users.get");
    return i % 2 ? QStringLiteral("GET /items/{id}") : QStringLiteral("GET /users/{id}");
}

HttpResult TestSandboxFormats::batchOfGets(const QString &format, int n)
{
    auto path = [](int i) {
        return i % 2 ? QStringLiteral("/items/%1").arg(i % 500 + 1)
                     : QStringLiteral("/users/%1").arg(i % 1000 + 1);
    };
    if (format == u"json") {
        QJsonArray requests;
        for (int i = 0; i < n; ++i) {
            requests.append(QJsonObject{{QStringLiteral("id"), QString::number(i)},
                                        {QStringLiteral("method"), QStringLiteral("GET")},
                                        {QStringLiteral("url"), path(i)}});
        }
        return post(QStringLiteral("/$batch"),
                    QJsonDocument(QJsonObject{{QStringLiteral("requests"), requests}})
                        .toJson(QJsonDocument::Compact),
                    "application/json");
    }
    if (format == u"rpc") {
        QJsonArray calls;
        for (int i = 0; i < n; ++i) {
            QJsonObject call = user(i % 2 ? i % 500 + 1 : i % 1000 + 1);
            if (i % 2)
                call.insert(QStringLiteral("method"), QStringLiteral("items.get"));
            calls.append(withId(call, QString::number(i)));
        }
        return rpc(compact(calls));
    }
    QByteArrayList parts;
    for (int i = 0; i < n; ++i) {
        parts.append(httpPart("GET " + path(i).toUtf8() + " HTTP/1.1\r\n",
                              '<' + QByteArray::number(i) + '>'));
    }
    return multipart(endpointOf(format), multipartBody(parts, "b"));
}

bool TestSandboxFormats::readAnswers(const QString &format, const HttpResult &result,
                                     QList<Answer> *answers, QString *problem)
{
    if (format == u"json" || format == u"rpc") {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(result.body, &error);
        if (error.error != QJsonParseError::NoError) {
            *problem = error.errorString();
            return false;
        }
        const QJsonArray items = format == u"json"
            ? doc.object().value(QStringLiteral("responses")).toArray()
            : doc.array();
        for (const QJsonValue &item : items) {
            Answer answer;
            answer.id = answer.rawId = item[QStringLiteral("id")].toString();
            if (format == u"json") {
                answer.status = item[QStringLiteral("status")].toInt();
                answer.retryAfter = item[QStringLiteral("headers")][QStringLiteral("retry-after")]
                                        .toString()
                                        .toLatin1();
            } else if (item.toObject().contains(QStringLiteral("result"))) {
                answer.status = 200;
            } else {
                const QJsonValue data = item[QStringLiteral("error")][QStringLiteral("data")];
                answer.status = data[QStringLiteral("status")].toInt();
                if (data.toObject().contains(QStringLiteral("retryAfter")))
                    answer.retryAfter
                        = QByteArray::number(data[QStringLiteral("retryAfter")].toInt());
            }
            answers->append(answer);
        }
        return true;
    }
    QList<Part> parts;
    if (!readMultipart(result.body, boundaryOf(result.header("content-type")), &parts, problem))
        return false;
    for (const Part &part : flatten(parts)) {
        Answer answer;
        answer.rawId = QString::fromLatin1(valueOf(part.headers, "content-id"));
        answer.id = answer.rawId;
        answer.id.remove(u'<').remove(u'>').remove(QStringLiteral("response-"));
        answer.status = part.status;
        answer.retryAfter = valueOf(part.httpHeaders, "retry-after");
        answers->append(answer);
    }
    return true;
}

// --- multipart ---------------------------------------------------------------------------

void TestSandboxFormats::googleExample()
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

void TestSandboxFormats::odataChangeSet()
{
    // OData 4.0 §11.7: a plain part, a change set that creates and updates, and a part that
    // reads what the change set created, by absolute URL.
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
                                 "POST /items HTTP/1.1\n"
                                 "Content-Type: application/json\n"
                                 "\n"
                                 "{\"name\":\"new\"}\n"
                                 "--changeset_77162fcd\n"
                                 "Content-Type: application/http\n"
                                 "Content-Transfer-Encoding: binary\n"
                                 "Content-ID: 2\n"
                                 "\n"
                                 "PATCH /items/3 HTTP/1.1\n"
                                 "Content-Type: application/json\n"
                                 "Content-Length: 11\n"
                                 "\n"
                                 "{\"stock\":9}\n"
                                 "--changeset_77162fcd--\n"
                                 "--batch_36522ad7\n"
                                 "Content-Type: application/http\n"
                                 "\n"
                                 "GET "
                                 + m_server->url().toString().toUtf8()
                                 + "/items/501?x=y HTTP/1.1\n"
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

void TestSandboxFormats::lfLineEndsAreTolerated()
{
    const QByteArray body = "preamble\n"
                            "--b\n"
                            "Content-Type: application/http\n"
                            "Content-ID: <a>\n"
                            "\n"
                            "GET /users/7 HTTP/1.1\n"
                            "\n"
                            "--b\n"
                            "Content-Type: multipart/mixed; boundary=\"c\"\n"
                            "\n"
                            "--c\n"
                            "Content-Type: application/http\n"
                            "\n"
                            "POST /echo HTTP/1.1\n"
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

void TestSandboxFormats::targets_data()
{
    QTest::addColumn<QString>("target");
    QTest::addColumn<QString>("query");

    QTest::newRow("absolute") << QStringLiteral("%1/echo?x=1") << QStringLiteral("1");
    QTest::newRow("absolute, another host")
        << QStringLiteral("https://api.example.test/echo?x=2") << QStringLiteral("2");
    QTest::newRow("absolute path") << QStringLiteral("/echo?x=3") << QStringLiteral("3");
    QTest::newRow("relative to the service root")
        << QStringLiteral("echo?x=4") << QStringLiteral("4");
    QTest::newRow("no query") << QStringLiteral("echo") << QString();
    QTest::newRow("encoded query")
        << QStringLiteral("/echo?x=a%20b%26c") << QStringLiteral("a b&c");
}

void TestSandboxFormats::targets()
{
    QFETCH(QString, target);
    QFETCH(QString, query);
    if (target.contains(u"%1"))
        target = target.arg(m_server->url().toString());
    const HttpResult result
        = multipart(QStringLiteral("/$batch"),
                    multipartBody({httpPart("GET " + target.toUtf8() + " HTTP/1.1\r\n")}, "b"));
    QCOMPARE(result.status, 200);
    const QList<Part> parts = partsOf(result);
    QCOMPARE(parts.size(), 1);
    QCOMPARE(parts[0].status, 200);
    const QJsonObject echo = QJsonDocument::fromJson(parts[0].body).object();
    QCOMPARE(echo[QStringLiteral("path")].toString(), QStringLiteral("/echo"));
    QCOMPARE(echo[QStringLiteral("query")][QStringLiteral("x")].toString(), query);
}

void TestSandboxFormats::binaryBodiesAreByteExact_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("contentLength");
    QTest::newRow("$batch, Content-Length") << QStringLiteral("/$batch") << true;
    QTest::newRow("$batch, to the end of the part") << QStringLiteral("/$batch") << false;
    QTest::newRow("batch, Content-Length") << QStringLiteral("/batch") << true;
}

void TestSandboxFormats::binaryBodiesAreByteExact()
{
    QFETCH(QString, path);
    QFETCH(bool, contentLength);
    const QByteArray binary = binaryBody();
    QVERIFY(!QString::fromUtf8(binary).toUtf8().startsWith(binary)); // not UTF-8
    QByteArray request = "POST /echo?raw=1 HTTP/1.1\r\nContent-Type: application/octet-stream\r\n";
    if (contentLength)
        request += "Content-Length: " + QByteArray::number(binary.size()) + "\r\n";
    request += "\r\n" + binary;
    const QByteArray boundary = "request_boundary_7f3a";
    QVERIFY(!binary.contains(boundary));
    const HttpResult result = multipart(
        path,
        multipartBody({httpPart(request, "<bin>"), httpPart("GET /users/1\r\n", "<u>")}, boundary),
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

void TestSandboxFormats::outerHeadersApplyToParts_data()
{
    QTest::addColumn<QString>("path");
    QTest::newRow("$batch") << QStringLiteral("/$batch");
    QTest::newRow("batch") << QStringLiteral("/batch");
}

void TestSandboxFormats::outerHeadersApplyToParts()
{
    QFETCH(QString, path);
    const QByteArray body
        = multipartBody({httpPart("GET /echo HTTP/1.1\r\n", "<1>"),
                         httpPart("GET /echo HTTP/1.1\r\nX-Probe: inner\r\n", "<2>")},
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

void TestSandboxFormats::malformedRequests_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("message");

    const QByteArray multipart("multipart/mixed; boundary=b");
    const QByteArray good = httpPart("GET /users/1 HTTP/1.1\r\n");
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
        << multipartBody({httpPart("POST /items\r\nContent-Length: 99\r\n\r\n{}")}, "b")
        << QStringLiteral("part 1: the body has 2 bytes, fewer than its Content-Length 99");
    QTest::newRow("bad Content-Length")
        << odata << multipart
        << multipartBody({httpPart("POST /items\r\nContent-Length: -1\r\n\r\n{}")}, "b")
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

void TestSandboxFormats::malformedRequests()
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

void TestSandboxFormats::tooManyPartsCountsChangeSetItems()
{
    SandboxBehavior behavior;
    behavior.maxBatchItems = 3;
    QVERIFY(m_server->setBehavior(behavior));
    const QByteArray good = httpPart("GET /users/1 HTTP/1.1\r\n");
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

void TestSandboxFormats::damagedRequestsNeverCrash()
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
    QVERIFY(SandboxMultipartBatch::parseRequest("multipart/mixed; boundary=b", whole, outer, 0,
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
        if (SandboxMultipartBatch::parseRequest("multipart/mixed; boundary=b", damaged, outer, 10,
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

void TestSandboxFormats::contentTypes_data()
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

void TestSandboxFormats::contentTypes()
{
    QFETCH(QString, path);
    QFETCH(QByteArray, contentType);
    QFETCH(int, status);
    QFETCH(QString, message);
    const QByteArray body = contentType.startsWith("application/json")
        ? QByteArray(R"({"requests":[{"id":"1","method":"GET","url":"/users/1"}]})")
        : multipartBody({httpPart("GET /users/1 HTTP/1.1\r\n")}, "b");
    const HttpResult result = post(path, body, contentType);
    QCOMPARE(result.status, status);
    if (status == 415) {
        const QString text
            = result.json()[QStringLiteral("error")][QStringLiteral("message")].toString();
        QVERIFY2(text.contains(message), qPrintable(text));
        QCOMPARE(m_server->counters().rejected, 1);
    }
}

void TestSandboxFormats::onlyPost_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::newRow("GET /batch") << QByteArray("GET") << QStringLiteral("/batch");
    QTest::newRow("GET /rpc") << QByteArray("GET") << QStringLiteral("/rpc");
    QTest::newRow("PUT /rpc") << QByteArray("PUT") << QStringLiteral("/rpc");
    QTest::newRow("DELETE /$batch") << QByteArray("DELETE") << QStringLiteral("/$batch");
}

void TestSandboxFormats::onlyPost()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    const HttpResult result = m_client->send(method, url(path));
    QCOMPARE(result.status, 405);
    QCOMPARE(result.header("Allow"), QByteArray("POST"));
    QVERIFY(
        !result.json()[QStringLiteral("error")][QStringLiteral("message")].toString().isEmpty());
}

void TestSandboxFormats::codecRoundTrip_data()
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

void TestSandboxFormats::codecRoundTrip()
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

    const MultipartBatchCodec codec;
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

// --- JSON-RPC ----------------------------------------------------------------------------

void TestSandboxFormats::rpcSpecificationBatch()
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

void TestSandboxFormats::rpcInvalidElements_data()
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

void TestSandboxFormats::rpcInvalidElements()
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

void TestSandboxFormats::rpcEmptyArray()
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

void TestSandboxFormats::rpcParseError()
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

void TestSandboxFormats::rpcAllNotifications()
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

void TestSandboxFormats::rpcSingleCall()
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

void TestSandboxFormats::rpcIdsAreEchoed_data()
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

void TestSandboxFormats::rpcIdsAreEchoed()
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

void TestSandboxFormats::rpcUnknownMethod()
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

void TestSandboxFormats::rpcBadParams_data()
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

void TestSandboxFormats::rpcBadParams()
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

void TestSandboxFormats::rpcResourceAnswers()
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

void TestSandboxFormats::rpcHasNoBatchLimit()
{
    SandboxBehavior behavior;
    behavior.maxBatchItems = 2;
    QVERIFY(m_server->setBehavior(behavior));
    QList<Answer> answers;
    QString problem;
    QVERIFY2(readAnswers(QStringLiteral("rpc"), batchOfGets(QStringLiteral("rpc"), 5), &answers,
                         &problem),
             qPrintable(problem));
    QCOMPARE(answers.size(), 5);
    QCOMPARE(batchOfGets(QStringLiteral("odata"), 5).status, 400); // while multipart has one
}

// --- every format ------------------------------------------------------------------------

void TestSandboxFormats::formats_data()
{
    QTest::addColumn<QString>("format");
    for (const QString &format : kFormats)
        QTest::newRow(qPrintable(format)) << format;
}

void TestSandboxFormats::itemErrors()
{
    QFETCH(QString, format);
    SandboxBehavior behavior;
    behavior.itemErrorRate = 1.0;
    behavior.itemErrorStatus = 503;
    QVERIFY(m_server->setBehavior(behavior));
    const HttpResult result = batchOfGets(format, 6);
    QCOMPARE(result.status, 200);
    QList<Answer> answers;
    QString problem;
    QVERIFY2(readAnswers(format, result, &answers, &problem), qPrintable(problem));
    QCOMPARE(answers.size(), 6);
    for (const Answer &answer : answers)
        QCOMPARE(answer.status, 503);
    const SandboxCounters counters = m_server->counters();
    QCOMPARE(counters.itemErrors, 6);
    QCOMPARE(counters.batchItems, 6);
    QCOMPARE(counters.batchRequests, 1);
    QCOMPARE(counters.itemsByRoute.value(itemRoute(format, 0)), 3);
    QCOMPARE(counters.itemsByRoute.value(itemRoute(format, 1)), 3);
}

void TestSandboxFormats::throttling()
{
    QFETCH(QString, format);
    SandboxBehavior behavior;
    behavior.throttleRate = 1.0;
    behavior.retryAfterSeconds = 7;
    QVERIFY(m_server->setBehavior(behavior));
    const HttpResult result = batchOfGets(format, 3);
    QCOMPARE(result.status, 200);
    QList<Answer> answers;
    QString problem;
    QVERIFY2(readAnswers(format, result, &answers, &problem), qPrintable(problem));
    QCOMPARE(answers.size(), 3);
    for (const Answer &answer : answers) {
        QCOMPARE(answer.status, 429);
        QCOMPARE(answer.retryAfter, QByteArray("7"));
    }
    QCOMPARE(m_server->counters().throttled, 3);
    QCOMPARE(m_server->counters().itemErrors, 0);
}

void TestSandboxFormats::wholeBatchFailure_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<int>("status");
    for (const QString &format : kFormats) {
        for (int status : {500, 503, 429})
            QTest::addRow("%s %d", qPrintable(format), status) << format << status;
    }
}

void TestSandboxFormats::wholeBatchFailure()
{
    QFETCH(QString, format);
    QFETCH(int, status);
    SandboxBehavior behavior;
    behavior.batchFailureRate = 1.0;
    behavior.batchFailureStatus = status;
    behavior.retryAfterSeconds = 4;
    QVERIFY(m_server->setBehavior(behavior));
    const HttpResult result = batchOfGets(format, 4);
    QCOMPARE(result.status, status);
    QVERIFY(
        !result.json()[QStringLiteral("error")][QStringLiteral("message")].toString().isEmpty());
    QCOMPARE(result.header("Retry-After"), status == 429 ? QByteArray("4") : QByteArray());
    const SandboxCounters counters = m_server->counters();
    QCOMPARE(counters.failedBatches, 1);
    QCOMPARE(counters.batchItems, 4); // received and counted, never run
    QCOMPARE(counters.rejected, 0);
}

void TestSandboxFormats::malformedAnswers_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<MalformKind>("kind");
    for (const QString &format : kFormats) {
        for (MalformKind kind : {MalformKind::BadJson, MalformKind::MissingId,
                                 MalformKind::DuplicateId, MalformKind::UnknownId}) {
            QTest::addRow("%s %s", qPrintable(format), qPrintable(malformKindName(kind)))
                << format << kind;
        }
    }
}

void TestSandboxFormats::malformedAnswers()
{
    QFETCH(QString, format);
    QFETCH(MalformKind, kind);
    SandboxBehavior behavior;
    behavior.malformedRate = 1.0;
    behavior.malformKind = kind;
    behavior.seed = 99;
    QVERIFY(m_server->setBehavior(behavior));
    const HttpResult result = batchOfGets(format, 5);
    QCOMPARE(result.status, 200);
    QCOMPARE(m_server->counters().malformed, 1);

    QList<Answer> answers;
    QString problem;
    const bool readable = readAnswers(format, result, &answers, &problem);
    if (kind == MalformKind::BadJson) {
        QVERIFY2(!readable, result.body.constData());
        if (format == u"odata" || format == u"google") {
            // The client's decoder sees it too, and trusts nothing of it.
            BatchRequest request;
            const DecodedBatch decoded
                = MultipartBatchCodec().decode(request, result.headers, result.body);
            QVERIFY(!decoded.error.isEmpty());
        }
        return;
    }
    QVERIFY2(readable, qPrintable(problem));
    QStringList ids;
    for (const Answer &answer : answers)
        ids.append(answer.id);
    const QSet<QString> expected{QStringLiteral("0"), QStringLiteral("1"), QStringLiteral("2"),
                                 QStringLiteral("3"), QStringLiteral("4")};
    const QSet<QString> got(ids.cbegin(), ids.cend());
    switch (kind) {
    case MalformKind::MissingId:
        QCOMPARE(ids.size(), 4);
        QCOMPARE(got.size(), 4);
        QVERIFY(expected.contains(got));
        break;
    case MalformKind::DuplicateId:
        QCOMPARE(ids.size(), 6);
        QCOMPARE(got, expected);
        break;
    case MalformKind::UnknownId: {
        QCOMPARE(ids.size(), 5);
        const QSet<QString> unknown = got - expected;
        QCOMPARE(unknown.size(), 1);
        const QString id = *unknown.cbegin();
        QVERIFY2(id.startsWith(QStringLiteral("unknown-")), qPrintable(id));
        const QString raw = answers.at(ids.indexOf(id)).rawId;
        if (format == u"odata")
            QCOMPARE(raw, QStringLiteral("<") + id + u'>');
        else if (format == u"google")
            QCOMPARE(raw, QStringLiteral("<response-") + id + u'>');
        else
            QCOMPARE(raw, id);
        break;
    }
    default:
        QFAIL("unexpected kind");
    }
}

void TestSandboxFormats::shuffle()
{
    QFETCH(QString, format);
    QStringList inOrder;
    for (int i = 0; i < 30; ++i)
        inOrder.append(QString::number(i));
    auto order = [&] {
        QList<Answer> answers;
        QString problem;
        if (!readAnswers(format, batchOfGets(format, 30), &answers, &problem))
            qWarning() << problem;
        QStringList ids;
        for (const Answer &answer : answers)
            ids.append(answer.id);
        return ids;
    };
    QCOMPARE(order(), inOrder);

    SandboxBehavior behavior;
    behavior.shuffle = true;
    behavior.seed = 5;
    QVERIFY(m_server->setBehavior(behavior));
    const QStringList shuffled = order();
    QVERIFY(shuffled != inOrder);
    QStringList sorted = shuffled;
    std::sort(sorted.begin(), sorted.end(),
              [](const QString &a, const QString &b) { return a.toInt() < b.toInt(); });
    QCOMPARE(sorted, inOrder);
}

void TestSandboxFormats::sameSeedSameBytes()
{
    QFETCH(QString, format);
    SandboxBehavior behavior;
    behavior.itemErrorRate = 0.3;
    behavior.throttleRate = 0.1;
    behavior.malformedRate = 0.5;
    behavior.shuffle = true;
    behavior.seed = 12345;
    auto run = [&] {
        m_server->setBehavior(behavior);
        QByteArrayList bodies;
        for (int i = 0; i < 3; ++i)
            bodies.append(batchOfGets(format, 20).body);
        return bodies;
    };
    const QByteArrayList first = run();
    QCOMPARE(run(), first);
    behavior.seed = 54321;
    QVERIFY(run() != first);
}

void TestSandboxFormats::latencyAndDrop()
{
    QFETCH(QString, format);
    SandboxBehavior behavior;
    behavior.latencyMs = 100;
    QVERIFY(m_server->setBehavior(behavior));
    const HttpResult slow = batchOfGets(format, 10);
    QCOMPARE(slow.status, 200);
    QVERIFY2(slow.elapsedMs >= 100 && slow.elapsedMs < 10 * 100,
             qPrintable(QString::number(slow.elapsedMs)));

    behavior.latencyMs = 0;
    behavior.dropRate = 1.0;
    QVERIFY(m_server->setBehavior(behavior));
    m_server->resetCounters();
    const HttpResult dropped = batchOfGets(format, 2);
    QVERIFY(dropped.finished);
    QCOMPARE(dropped.status, 0);
    QVERIFY(m_server->counters().dropped >= 1);
    QCOMPARE(m_server->counters().dropped, m_server->counters().httpRequests);
}

void TestSandboxFormats::countersByRoute()
{
    for (const QString &format : kFormats)
        QCOMPARE(batchOfGets(format, 4).status, 200);
    rpc(R"([{"jsonrpc":"2.0","method":"nope","id":1},{"jsonrpc":"2.0","method":"nope"}])");
    const SandboxCounters counters = m_server->counters();
    QCOMPARE(counters.httpRequests, 5);
    QCOMPARE(counters.batchRequests, 5);
    QCOMPARE(counters.batchItems, 18);
    QCOMPARE(counters.requestsByRoute.value(QStringLiteral("POST /$batch")), 2);
    QCOMPARE(counters.requestsByRoute.value(QStringLiteral("POST /batch")), 1);
    QCOMPARE(counters.requestsByRoute.value(QStringLiteral("POST /rpc")), 2);
    QCOMPARE(counters.itemsByRoute.value(QStringLiteral("GET /users/{id}")), 6);
    QCOMPARE(counters.itemsByRoute.value(QStringLiteral("GET /items/{id}")), 6);
    QCOMPARE(counters.itemsByRoute.value(QStringLiteral("rpc users.get")), 2);
    QCOMPARE(counters.itemsByRoute.value(QStringLiteral("rpc items.get")), 2);
    QCOMPARE(counters.itemsByRoute.value(QStringLiteral("rpc nope")), 2);
    qint64 sum = 0;
    for (qint64 n : counters.itemsByRoute)
        sum += n;
    QCOMPARE(sum, counters.batchItems);
}

void TestSandboxFormats::indexListsTheEndpoints()
{
    const HttpResult result = m_client->send("GET", url(QStringLiteral("/")));
    QCOMPARE(result.status, 200);
    QStringList routes;
    for (const QJsonValue &route : result.json()[QStringLiteral("routes")].toArray())
        routes.append(route.toString());
    const QString all = routes.join(u'\n');
    QVERIFY2(all.contains(QStringLiteral("POST /$batch (multipart/mixed")), qPrintable(all));
    QVERIFY2(all.contains(QStringLiteral("POST /batch (multipart/mixed")), qPrintable(all));
    QVERIFY2(all.contains(QStringLiteral("POST /rpc (JSON-RPC 2.0")), qPrintable(all));
}

QTEST_GUILESS_MAIN(TestSandboxFormats)
#include "tst_sandboxformats.moc"
