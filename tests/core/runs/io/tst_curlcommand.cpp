// SPDX-License-Identifier: BSD-3-Clause
// CurlCommand, Copy as cURL: every byte string comes back from the shell as it went in; a real
// batch sent to the sandbox (JSON $batch, multipart, JSON-RPC), copied from the WireLog and run
// by the real curl, reaches the sandbox as the same bytes (start line, the headers the
// transport set, body) through a relay that records both; a request of a set copied as Send
// sends it does too; credentials are hidden unless asked; a body the log cut is refused.
#include "client/apiclient.h"
#include "runs/io/curlcommand.h"
#include "runs/singlesend.h"
#include "sandbox/sandboxserver.h"
#include "support/testformats.h"
#include "support/wirerelay.h"
#include "transport/wirelog.h"

#include <QFuture>
#include <QProcess>
#include <QStandardPaths>
#include <QtTest>

#include <chrono>

using namespace batchlab;
using namespace std::chrono_literals;

namespace {

const QByteArray kPlaceholder = QByteArrayLiteral("HIDDEN");
/// Run before a copied line: curl without its meter, the answer dropped.
const QString kQuietCurl = QStringLiteral("curl() { command curl -sS -o /dev/null \"$@\"; }\n");

CurlCommand::Hiding hidingAuthorization()
{
    return {[](QByteArrayView name) { return name.compare("authorization", Qt::CaseInsensitive) == 0; },
            kPlaceholder};
}

/// Runs `script` with bash, keeping the event loop turning (the sandbox and the relay answer
/// on this thread); its standard output, or a null array when it failed.
QByteArray runBash(const QString &script, QByteArray *errors = nullptr)
{
    QProcess process;
    process.start(QStandardPaths::findExecutable(QStringLiteral("bash")), {QStringLiteral("-c"), script});
    if (!process.waitForStarted())
        return {};
    QElapsedTimer clock;
    clock.start();
    while (process.state() != QProcess::NotRunning && clock.elapsed() < 20000)
        QTest::qWait(5);
    if (errors)
        *errors = process.readAllStandardError();
    if (process.state() != QProcess::NotRunning || process.exitCode() != 0)
        return {};
    const QByteArray out = process.readAllStandardOutput();
    return out.isNull() ? QByteArray("") : out;
}

/// The headers of a request head (after its start line), names lower-cased.
HttpHeaders headersOf(const QByteArray &head)
{
    HttpHeaders out;
    const QList<QByteArray> lines = head.split('\n');
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            out.append({line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed()});
    }
    return out;
}

QByteArray startLine(const QByteArray &head)
{
    return head.left(head.indexOf("\r\n"));
}

/// What curl sent is what Batchlab sent: start line, body, every header Batchlab's transport
/// set, and nothing else but the headers each client adds on its own (Host, User-Agent,
/// Accept; Content-Length is compared).
void compareRequests(const testsupport::WireRelay::Message &byBatchlab, const testsupport::WireRelay::Message &byCurl,
                     const HttpHeaders &transportSet, const QString &line)
{
    const QByteArray what = "\nline:\n" + line.toUtf8() + "\nBatchlab:\n" + byBatchlab.head + "\ncurl:\n" + byCurl.head;
    QVERIFY2(startLine(byCurl.head) == startLine(byBatchlab.head), what.constData());
    QVERIFY2(byCurl.body == byBatchlab.body, what.constData());
    const HttpHeaders curlHeaders = headersOf(byCurl.head);
    const HttpHeaders ourHeaders = headersOf(byBatchlab.head);
    QStringList expected{QStringLiteral("host"), QStringLiteral("user-agent"), QStringLiteral("accept")};
    for (const auto &[name, value] : transportSet) {
        QVERIFY2(headerValue(curlHeaders, name) == value, QByteArray(name + what).constData());
        expected.append(QString::fromLatin1(name.toLower()));
    }
    QVERIFY2(headerValue(curlHeaders, "content-type") == headerValue(ourHeaders, "content-type"), what.constData());
    if (!byBatchlab.body.isEmpty()) {
        QVERIFY2(headerValue(curlHeaders, "content-length") == headerValue(ourHeaders, "content-length"), what.constData());
        expected.append(QStringLiteral("content-length"));
    }
    for (const auto &[name, value] : curlHeaders)
        QVERIFY2(expected.contains(QString::fromLatin1(name)), QByteArray("curl added " + name + what).constData());
}

bool haveTools()
{
    return !QStandardPaths::findExecutable(QStringLiteral("curl")).isEmpty()
        && !QStandardPaths::findExecutable(QStringLiteral("bash")).isEmpty();
}

} // namespace

class TestCurlCommand : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void wordsGiveTheBytesBack_data();
    void wordsGiveTheBytesBack();
    void aCutBodyIsRefused();
    void credentialsAreHiddenUnlessAsked();
    void theBatchAsSentIsSentAgain_data();
    void theBatchAsSentIsSentAgain();
    void aRequestIsCopiedAsSendSendsIt();
};

void TestCurlCommand::wordsGiveTheBytesBack_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("plain");
    QTest::newRow("empty") << QByteArray("") << true;
    QTest::newRow("text") << QByteArray("{\"a\": [1, 2]}") << true;
    QTest::newRow("quotes and shell") << QByteArray("it's \"q\" $HOME `x` \\n ${y} !1") << true;
    QTest::newRow("utf-8") << QByteArray("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80") << true;
    QTest::newRow("crlf") << QByteArray("--b\r\nContent-Type: a\r\n\r\nx\r\n--b--\r\n") << false;
    QTest::newRow("tab and newline") << QByteArray("a\tb\nc") << false;
    QTest::newRow("control") << QByteArray("\x01\x1f\x7f" "1f") << false;
    QTest::newRow("invalid utf-8") << QByteArray("\xff\xfe\xc3(\xe2\x82 x'\\") << false;
    QTest::newRow("escape then hex digits") << QByteArray("\x1b" "abcdef0123\xc0\xaf") << false;
    QTest::newRow("bidi control") << QByteArray("a\xe2\x80\xae" "b") << false;
}

void TestCurlCommand::wordsGiveTheBytesBack()
{
    QFETCH(QByteArray, bytes);
    QFETCH(bool, plain);
    if (QStandardPaths::findExecutable(QStringLiteral("bash")).isEmpty())
        QSKIP("bash is not installed");
    const QString word = CurlCommand::word(bytes);
    QCOMPARE(word.startsWith(u'\''), plain);
    QVERIFY(!word.contains(QChar(0)));
    // Through the clipboard: as text, so every byte must survive QString.
    QCOMPARE(runBash(QStringLiteral("printf %s ") + word), bytes);
}

void TestCurlCommand::aCutBodyIsRefused()
{
    WireLog log;
    log.setMaxBodyBytes(10);
    log.sent(1, "POST", QUrl(QStringLiteral("http://127.0.0.1:1/$batch")), {{"Content-Type", "application/json"}},
             QByteArray(25, 'x'));
    QString error;
    QVERIFY(CurlCommand::forExchange(*log.find(1), {}, &error).isEmpty());
    QVERIFY2(error.contains(QLatin1String("10")) && error.contains(QLatin1String("25")), qPrintable(error));

    log.setMaxBodyBytes(100);
    log.sent(2, "POST", QUrl(QStringLiteral("http://127.0.0.1:1/$batch")), {{"Content-Type", "application/json"}},
             QByteArray(25, 'x'));
    QVERIFY(!CurlCommand::forExchange(*log.find(2), {}, &error).isEmpty());
    QVERIFY(error.isEmpty());
}

void TestCurlCommand::credentialsAreHiddenUnlessAsked()
{
    WireExchange exchange;
    exchange.method = "POST";
    exchange.url = QUrl(QStringLiteral("http://127.0.0.1:1/$batch"));
    exchange.requestHeaders = {{"Authorization", "Bearer s3cret"}, {"Content-Type", "application/json"}};
    exchange.requestBody = "{}";
    exchange.requestBytes = 2;
    QString error;
    const QString hidden = CurlCommand::forExchange(exchange, hidingAuthorization(), &error);
    QVERIFY(!hidden.contains(QLatin1String("s3cret")));
    QVERIFY(hidden.contains(QLatin1String("-H 'Authorization: HIDDEN'")));
    QVERIFY(hidden.contains(QLatin1String("-H 'Content-Type: application/json'")));
    QVERIFY(CurlCommand::forExchange(exchange, {}, &error).contains(QLatin1String("-H 'Authorization: Bearer s3cret'")));

    // A request of a set: its secret variables too, wherever they are used.
    RequestSet set;
    set.variables = {{QStringLiteral("key"), QStringLiteral("k3y"), true}, {QStringLiteral("id"), QStringLiteral("7")}};
    RequestItem item;
    item.url = QStringLiteral("/items/{{id}}?key={{key}}");
    item.headers = {{QStringLiteral("Authorization"), QStringLiteral("Bearer t0ken")}};
    set.requests = {item};
    const QUrl base(QStringLiteral("http://127.0.0.1:1"));
    const QString masked = CurlCommand::forRequest(set, 0, base, hidingAuthorization(), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(!masked.contains(QLatin1String("k3y")) && !masked.contains(QLatin1String("t0ken")));
    QVERIFY(masked.contains(QLatin1String("/items/7?key=HIDDEN")));
    const QString shown = CurlCommand::forRequest(set, 0, base, {}, &error);
    QVERIFY(shown.contains(QLatin1String("k3y")) && shown.contains(QLatin1String("t0ken")));
    QVERIFY(CurlCommand::forRequest(set, 3, base, {}, &error).isEmpty());
    QVERIFY(!error.isEmpty());
}

void TestCurlCommand::theBatchAsSentIsSentAgain_data()
{
    QTest::addColumn<QString>("profile");
    QTest::newRow("json $batch") << QStringLiteral("odata-4.01");
    QTest::newRow("multipart") << QStringLiteral("odata-4.0");
    QTest::newRow("json-rpc") << QStringLiteral("jsonrpc");
}

void TestCurlCommand::theBatchAsSentIsSentAgain()
{
    QFETCH(QString, profile);
    if (!haveTools())
        QSKIP("curl or bash is not installed (installer/install-deps.sh installs them)");
    testformats::running() = ServerProfile::find(profile);
    QVERIFY(testformats::running());
    SandboxServer sandbox;
    QVERIFY(sandbox.start());
    testsupport::WireRelay relay(sandbox.url());
    ClientConfig config;
    config.batch.maxDelay = 10ms;
    config.retry.maxAttempts = 1;
    config.cache.enabled = false;
    config.batch = testformats::configured(config.batch);
    ApiClient client(relay.url(), config);
    client.setTargetHeaders({{"Authorization", "Bearer wire-s3cret 'q' $x"}, {"X-Tenant", "caf\xc3\xa9"}});
    WireLog log;
    client.setWireLog(&log);
    std::vector<QFuture<ApiResponse>> calls;
    for (const char *path : {"/users/1", "/users/2?q=a%20b", "/items/3"})
        calls.push_back(client.send(testformats::call(client.baseUrl(), QString::fromLatin1(path))));
    // A write with a body that needs every kind of quoting.
    RequestSpec write = testformats::call(client.baseUrl(), QStringLiteral("/items/9"));
    if (!testformats::isJsonRpc()) {
        write.method = "PUT";
        write.headers = {{"Content-Type", "application/json"}};
        write.body = "{\"name\": \"O'Brien \\\"q\\\" $HOME\", \"s\": \"caf\xc3\xa9\\n\", \"t\": \"\\t\"}";
    }
    calls.push_back(client.send(write));
    for (const QFuture<ApiResponse> &call : calls)
        QTRY_VERIFY_WITH_TIMEOUT(call.isFinished(), 10000);
    quint64 batchId = 0;
    for (const QFuture<ApiResponse> &call : calls) {
        try {
            batchId = std::max(batchId, call.result().batchId);
        } catch (const ApiException &) {
        }
    }
    QVERIFY(batchId != 0);
    const std::optional<WireExchange> exchange = log.find(batchId);
    QVERIFY(exchange && exchange->answered);
    QCOMPARE(relay.requests().size(), 1); // one envelope carried them all

    QString error;
    const QString line = CurlCommand::forExchange(*exchange, {}, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(line.contains(QLatin1String("--data-binary")));
    QByteArray errors;
    QVERIFY2(!runBash(kQuietCurl + line, &errors).isNull(), qPrintable(line + QString::fromUtf8(errors)));
    const QList<testsupport::WireRelay::Message> requests = relay.requests();
    QCOMPARE(requests.size(), 2);
    compareRequests(requests.at(0), requests.at(1), exchange->requestHeaders, line);
    if (profile == QLatin1String("odata-4.0")) // the boundary went with it
        QVERIFY(headerValue(headersOf(requests.at(1).head), "content-type").contains("boundary="));
}

void TestCurlCommand::aRequestIsCopiedAsSendSendsIt()
{
    if (!haveTools())
        QSKIP("curl or bash is not installed (installer/install-deps.sh installs them)");
    SandboxServer sandbox;
    QVERIFY(sandbox.start());
    RequestSet set;
    set.variables = {{QStringLiteral("id"), QStringLiteral("7")}, {QStringLiteral("token"), QStringLiteral("t'0k$"), true}};
    set.environments = {{QStringLiteral("staging"), {{QStringLiteral("id"), QStringLiteral("8")}}}};
    set.environment = QStringLiteral("staging");
    set.target = TargetSpec{};
    set.target->headers = {{QStringLiteral("Authorization"), QStringLiteral("Bearer {{token}}")},
                           {QStringLiteral("X-Target"), QStringLiteral("from {{id}}")}};
    const auto add = [&](const char *method, const QString &url, const QList<QPair<QString, QString>> &headers,
                         const QString &body) {
        RequestItem item;
        item.method = QString::fromLatin1(method);
        item.url = url;
        item.headers = headers;
        item.body = body;
        set.requests.append(item);
    };
    add("GET", QStringLiteral("/echo?a=1&b=x%20y&c={{id}}"), {{QStringLiteral("X-Quote"), QStringLiteral("it's \"q\" $HOME `x`")}}, {});
    add("POST", QStringLiteral("/echo"), {{QStringLiteral("Content-Type"), QStringLiteral("application/json")},
                                          {QStringLiteral("X-Target"), QStringLiteral("mine")}},
        QStringLiteral("{\"name\": \"O'Brien\", \"n\": {{id}}, \"s\": \"\u00e9\\n\"}"));
    add("PUT", QStringLiteral("/echo"), {{QStringLiteral("Content-Type"), QStringLiteral("text/plain")}},
        QStringLiteral("line 1\r\nline 2 'x' \\ $y") + QChar(0) + QStringLiteral("after a NUL\r\n"));
    add("PATCH", QStringLiteral("/echo"), {{QStringLiteral("Content-Type"), QStringLiteral("text/plain")}},
        QString(100 * 1024, u'z') + QStringLiteral("'end'")); // through a pipe: too long for an argument
    add("DELETE", QStringLiteral("/echo/{{id}}"), {}, {});
    add("POST", QStringLiteral("/echo"), {}, QStringLiteral("no type given")); // curl would add a form's

    for (int row = 0; row < set.requests.size(); ++row) {
        // A relay and a client of its own per request: curl's connection first, then Batchlab's.
        testsupport::WireRelay relay(sandbox.url());
        ClientConfig config;
        config.cache.enabled = false;
        ApiClient client(relay.url(), config);
        SingleSend send(&client);
        int answers = 0;
        connect(&send, &SingleSend::answered, this, [&] { ++answers; });
        QString error;
        const QString line = CurlCommand::forRequest(set, row, relay.url(), {}, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QByteArray errors;
        QVERIFY2(!runBash(kQuietCurl + line, &errors).isNull(),
                 qPrintable(line.left(2000) + QString::fromUtf8(errors)));
        QVERIFY2(send.send(set, row, relay.url(), &error), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(answers > 0, 10000);
        const QList<testsupport::WireRelay::Message> requests = relay.requests();
        QCOMPARE(requests.size(), 2);
        // The transport set the call's headers and the target's (one of each name).
        HttpHeaders transportSet = {{"authorization", "Bearer t'0k$"},
                                    {"x-target", row == 1 ? QByteArray("mine") : QByteArray("from 8")}};
        for (const auto &[name, value] : set.requests.at(row).headers) {
            if (name != u"X-Target")
                transportSet.append({name.toLower().toLatin1(), value.toUtf8()});
        }
        compareRequests(requests.at(1), requests.at(0), transportSet, line.left(2000));
        if (QTest::currentTestFailed())
            return;
    }
}

QTEST_GUILESS_MAIN(TestCurlCommand)
#include "tst_curlcommand.moc"
