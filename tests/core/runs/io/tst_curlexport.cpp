// SPDX-License-Identifier: BSD-3-Clause
// CurlExporter: what it writes reads back as the same requests (the project's sample sets and
// seeded random ones), keeps secrets out unless asked, and, run by the real curl against the
// sandbox, sends what Batchlab itself sends for the same request.
#include "client/apiclient.h"
#include "runs/io/curlexporter.h"
#include "runs/io/curlimporter.h"
#include "runs/requestsetfile.h"
#include "runs/singlesend.h"
#include "sandbox/sandboxserver.h"

#include <QDir>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace batchlab;

using Headers = QList<QPair<QString, QString>>;

namespace {

/// The requests an export of `set` must import back as: the enabled ones, their variables
/// resolved when asked, the target's headers first (those the request does not set itself).
QList<RequestItem> expectedBack(const RequestSet &set, bool resolve)
{
    QList<RequestItem> out;
    const Headers target = set.target ? set.target->headers : Headers{};
    for (const RequestItem &item : set.requests) {
        if (!item.enabled)
            continue;
        RequestItem back;
        const auto text = [&](const QString &value) { return resolve ? set.substitute(value) : value; };
        back.method = text(item.method);
        back.url = text(item.url);
        back.body = text(item.body);
        for (const auto &[name, value] : target) {
            bool own = false;
            for (const auto &header : item.headers)
                own = own || header.first.compare(name, Qt::CaseInsensitive) == 0;
            if (!own)
                back.headers.append({text(name), text(value)});
        }
        for (const auto &[name, value] : item.headers)
            back.headers.append({text(name), text(value)});
        out.append(back);
    }
    return out;
}

QList<RequestItem> comparable(const QList<RequestItem> &items)
{
    QList<RequestItem> out;
    for (RequestItem item : items) {
        RequestItem kept;
        kept.method = item.method;
        kept.url = item.url;
        kept.headers = item.headers;
        kept.body = item.body;
        out.append(kept);
    }
    return out;
}

QString describe(const QList<RequestItem> &items)
{
    QString out;
    for (const RequestItem &item : items) {
        out += item.method + u' ' + item.url + u'\n';
        for (const auto &[name, value] : item.headers)
            out += QStringLiteral("  %1: %2\n").arg(name, value);
        out += QStringLiteral("  body <%1>\n").arg(item.body);
    }
    return out;
}

QString randomText(QRandomGenerator &random, int maxLength, bool lineBreaks)
{
    // What breaks quoting: quotes, backslashes, $, backquotes, globs, spaces, non-ASCII.
    static const QStringList alphabet = QStringLiteral("a b c X Y Z 0 1 9 ' \" \\ $ ` ! * ? [ ] { & = ; | # % ~ - _ . : / ( ) < > \u00e9 \u4e2d \U0001F600")
                                            .split(u' ') + QStringList{QStringLiteral(" ")};
    const int length = int(random.bounded(maxLength + 1));
    QString out;
    for (int i = 0; i < length; ++i) {
        if (lineBreaks && random.bounded(20) == 0)
            out += random.bounded(2) ? QStringLiteral("\n") : QStringLiteral("\r\n");
        else
            out += alphabet.at(random.bounded(alphabet.size()));
    }
    out.replace(QStringLiteral("{{"), QStringLiteral("{"));
    return out;
}

RequestSet randomSet(quint32 seed)
{
    QRandomGenerator random(seed);
    RequestSet set;
    set.name = QStringLiteral("random %1").arg(seed);
    set.variables = {{QStringLiteral("host"), QStringLiteral("api.example")},
                     {QStringLiteral("token"), QStringLiteral("s3cr'et"), true}};
    static const QStringList methods{QStringLiteral("GET"), QStringLiteral("POST"), QStringLiteral("PUT"),
                                     QStringLiteral("PATCH"), QStringLiteral("DELETE"), QStringLiteral("HEAD"),
                                     QStringLiteral("OPTIONS"), QStringLiteral("post")};
    const int count = 1 + int(random.bounded(6));
    for (int i = 0; i < count; ++i) {
        RequestItem item;
        item.enabled = random.bounded(8) != 0;
        item.method = methods.at(random.bounded(methods.size()));
        const QString path = QStringLiteral("/p") + randomText(random, 12, false);
        switch (random.bounded(3)) {
        case 0: item.url = path; break;
        case 1: item.url = QStringLiteral("https://{{host}}") + path; break;
        default: item.url = QStringLiteral("http://x.example:81") + path + QStringLiteral("?q={{token}}"); break;
        }
        const int headers = int(random.bounded(4));
        for (int h = 0; h < headers; ++h) {
            const QString value = randomText(random, 10, false).trimmed();
            item.headers.append({QStringLiteral("X-H%1").arg(h), random.bounded(4) ? value : QStringLiteral("Bearer {{token}}")});
        }
        if (random.bounded(2))
            item.body = randomText(random, 40, true) + (random.bounded(3) ? QString() : QStringLiteral("{{host}}"));
        set.requests.append(item);
    }
    if (random.bounded(2)) {
        TargetSpec target;
        target.kind = TargetSpec::Kind::Url;
        target.baseUrl = QStringLiteral("https://base.example/v1");
        target.headers = {{QStringLiteral("Authorization"), QStringLiteral("Bearer {{token}}")}};
        set.target = target;
    }
    return set;
}

ClientConfig noCache()
{
    ClientConfig config;
    config.cache.enabled = false;
    return config;
}

} // namespace

class TestCurlExport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void writesSafeMinimalCommands();
    void secretsStayOutUnlessAsked();
    void aNulCannotBeExported();
    void sampleSetsComeBackEqual_data();
    void sampleSetsComeBackEqual();
    void randomSetsComeBackEqual();
    void realCurlSendsWhatBatchlabSends();
    void importedLinesSendWhatRealCurlSends();
};

void TestCurlExport::writesSafeMinimalCommands()
{
    RequestSet set;
    set.name = QStringLiteral("s");
    RequestItem get;
    get.url = QStringLiteral("https://h.example/a?x=[1]");
    get.headers = {{QStringLiteral("X-Q"), QStringLiteral("it's")}, {QStringLiteral("X-Empty"), QString()}};
    RequestItem post;
    post.method = QStringLiteral("POST");
    post.url = QStringLiteral("https://h.example/b");
    post.body = QStringLiteral("a'b");
    RequestItem put = post;
    put.method = QStringLiteral("PUT");
    put.enabled = true;
    RequestItem off = get;
    off.enabled = false;
    set.requests = {get, post, put, off};
    QString error;
    const QString text = QString::fromUtf8(CurlExporter().write(set, {}, &error));
    QVERIFY(error.isEmpty());
    QCOMPARE(text,
             QStringLiteral("#!/bin/sh\n# s: exported by Batchlab\n"
                            "\ncurl 'https://h.example/a?x=[1]' \\\n  --globoff \\\n  -H 'X-Q: it'\\''s' \\\n  -H 'X-Empty;'\n"
                            "\ncurl 'https://h.example/b' \\\n  -H 'Content-Type:' \\\n  --data-raw 'a'\\''b'\n"
                            "\ncurl 'https://h.example/b' \\\n  -X 'PUT' \\\n  -H 'Content-Type:' \\\n  --data-raw 'a'\\''b'\n"));
}

void TestCurlExport::secretsStayOutUnlessAsked()
{
    RequestSet set;
    set.variables = {{QStringLiteral("user"), QStringLiteral("ann")}, {QStringLiteral("token"), QStringLiteral("t0p"), true}};
    RequestItem item;
    item.url = QStringLiteral("/u/{{user}}");
    item.headers = {{QStringLiteral("Authorization"), QStringLiteral("Bearer {{token}}")}};
    set.requests = {item};
    const QString kept = QString::fromUtf8(CurlExporter().write(set, {}, nullptr));
    QVERIFY2(kept.contains(QLatin1String("\nuser='ann'\n")) && kept.contains(QLatin1String("\ntoken=''")), qPrintable(kept));
    QVERIFY2(kept.contains(QLatin1String("\"${BATCHLAB_BASE}\"'/u/'\"${user}\"")), qPrintable(kept));
    QVERIFY(!kept.contains(QLatin1String("t0p")));
    const QString secrets = QString::fromUtf8(CurlExporter().write(set, {false, true}, nullptr));
    QVERIFY2(secrets.contains(QLatin1String("\ntoken='t0p'\n")), qPrintable(secrets));
    const QString resolved = QString::fromUtf8(CurlExporter().write(set, {true, false}, nullptr));
    QVERIFY2(resolved.contains(QLatin1String("'/u/ann'")) && !resolved.contains(QLatin1String("user=")), qPrintable(resolved));
    QVERIFY2(!resolved.contains(QLatin1String("t0p")), qPrintable(resolved)); // resolving fills no secret
}

void TestCurlExport::aNulCannotBeExported()
{
    RequestSet set;
    RequestItem item;
    item.url = QStringLiteral("https://h.example/");
    item.body = QString(QChar(0));
    set.requests = {item};
    QString error;
    QVERIFY(CurlExporter().write(set, {}, &error).isEmpty());
    QVERIFY(error.contains(QLatin1String("NUL")));
}

void TestCurlExport::sampleSetsComeBackEqual_data()
{
    QTest::addColumn<QString>("path");
    const QDir dir(QStringLiteral(BATCHLAB_SAMPLE_SETS));
    const QStringList files = dir.entryList({QStringLiteral("*.batchlab.json")}, QDir::Files);
    QVERIFY(!files.isEmpty());
    for (const QString &file : files)
        QTest::newRow(qPrintable(file)) << dir.filePath(file);
}

void TestCurlExport::sampleSetsComeBackEqual()
{
    QFETCH(QString, path);
    RequestSet set;
    FileError fileError;
    QVERIFY2(RequestSetFile::load(path, &set, &fileError), qPrintable(fileError.toString()));
    for (const bool resolve : {false, true}) {
        QString error;
        const QByteArray script = CurlExporter().write(set, {resolve, true}, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const ImportResult back = CurlImporter().read(script, QString());
        QVERIFY2(back.ok(), qPrintable(back.error.toString()));
        QVERIFY(back.skipped.isEmpty());
        const QList<RequestItem> expected = expectedBack(set, resolve);
        QVERIFY2(comparable(back.set.requests) == expected,
                 qPrintable(QString::fromUtf8(script) + QStringLiteral("\n--- got\n") + describe(back.set.requests)
                            + QStringLiteral("--- expected\n") + describe(expected)));
    }
}

void TestCurlExport::randomSetsComeBackEqual()
{
    for (quint32 seed = 1; seed <= 300; ++seed) {
        const RequestSet set = randomSet(seed);
        for (const bool resolve : {false, true}) {
            QString error;
            const QByteArray script = CurlExporter().write(set, {resolve, true}, &error);
            QVERIFY2(error.isEmpty(), qPrintable(error));
            const ImportResult back = CurlImporter().read(script, QString());
            QVERIFY2(back.ok(), qPrintable(QStringLiteral("seed %1: ").arg(seed) + back.error.toString()));
            const QList<RequestItem> expected = expectedBack(set, resolve);
            QVERIFY2(comparable(back.set.requests) == expected,
                     qPrintable(QStringLiteral("seed %1\n").arg(seed) + QString::fromUtf8(script)
                                + QStringLiteral("\n--- got\n") + describe(back.set.requests)
                                + QStringLiteral("--- expected\n") + describe(expected)));
            if (!resolve) {
                QCOMPARE(back.set.variables.size(), set.variables.size());
                QCOMPARE(back.set.variables.at(0).value, set.variables.at(0).value);
            }
        }
    }
}

void TestCurlExport::realCurlSendsWhatBatchlabSends()
{
    const QString curl = QStandardPaths::findExecutable(QStringLiteral("curl"));
    const QString bash = QStandardPaths::findExecutable(QStringLiteral("bash"));
    if (curl.isEmpty() || bash.isEmpty())
        QSKIP("curl or bash is not installed (installer/install-deps.sh installs them)");
    SandboxServer server;
    QVERIFY(server.start());
    ApiClient client(server.url(), noCache());
    SingleSend send(&client);
    QByteArray answer;
    int answers = 0;
    connect(&send, &SingleSend::answered, this, [&](int, const QString &, const ApiResult &result, qint64) {
        answer = result.response.body;
        ++answers;
    });

    RequestSet set;
    set.variables = {{QStringLiteral("id"), QStringLiteral("7")}, {QStringLiteral("token"), QStringLiteral("t'0k$"), true}};
    set.target = TargetSpec{};
    set.target->headers = {{QStringLiteral("X-Target"), QStringLiteral("from {{id}}")}};
    const auto add = [&](const char *method, const QString &url, const Headers &headers, const QString &body) {
        RequestItem item;
        item.method = QString::fromLatin1(method);
        item.url = url;
        item.headers = headers;
        item.body = body;
        set.requests.append(item);
    };
    add("GET", QStringLiteral("/echo?a=1&b=x%20y&c={{id}}"), {{QStringLiteral("X-Quote"), QStringLiteral("it's \"q\" $HOME `x`")}}, {});
    add("POST", QStringLiteral("/echo"), {{QStringLiteral("Content-Type"), QStringLiteral("application/json")}},
        QStringLiteral("{\"name\": \"O'Brien\", \"n\": {{id}}, \"s\": \"\u00e9\\n\"}"));
    add("PUT", QStringLiteral("/echo?raw"), {{QStringLiteral("Authorization"), QStringLiteral("Bearer {{token}}")}},
        QStringLiteral("line 1\nline 2 'x' \\ $y\r\n"));
    add("PATCH", QStringLiteral("/echo"), {{QStringLiteral("Content-Type"), QStringLiteral("text/plain")}, {QStringLiteral("X-Empty"), QString()}},
        QStringLiteral("a=1&b=2"));
    add("DELETE", QStringLiteral("/echo/"), {}, {});
    add("POST", QStringLiteral("/echo"), {}, QStringLiteral("no type given"));

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    for (qsizetype row = 0; row < set.requests.size(); ++row) {
        for (const bool resolve : {false, true}) {
            RequestSet one = set;
            one.requests = {set.requests.at(row)};
            QString error;
            const QByteArray script = CurlExporter().write(one, {resolve, true}, &error);
            QVERIFY2(error.isEmpty(), qPrintable(error));
            QFile file(dir.filePath(QStringLiteral("call.sh")));
            QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
            file.write(script);
            file.close();
            QProcess process;
            QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
            environment.insert(CurlImporter::baseVariable(), server.url().toString());
            process.setProcessEnvironment(environment);
            // The script adds nothing to curl's output but the answer: -s quiets the meter.
            process.start(bash, {QStringLiteral("-c"), QStringLiteral("curl() { command curl -s \"$@\"; }; . ") + file.fileName()});
            QVERIFY(process.waitForStarted());
            // The sandbox answers on this thread: keep its event loop turning while curl runs.
            QTRY_VERIFY_WITH_TIMEOUT(process.state() == QProcess::NotRunning, 10000);
            QCOMPARE(process.exitCode(), 0);
            const QByteArray byCurl = process.readAllStandardOutput();

            const int before = answers;
            QVERIFY2(send.send(set, int(row), server.url(), &error), qPrintable(error));
            QTRY_VERIFY_WITH_TIMEOUT(answers > before, 10000);
            const QByteArray byBatchlab = answer;
            const QString what = QString::fromUtf8(script) + QStringLiteral("\ncurl:     ") + QString::fromUtf8(byCurl)
                + QStringLiteral("\nBatchlab: ") + QString::fromUtf8(byBatchlab);
            if (set.requests.at(row).url.endsWith(QLatin1String("?raw"))) {
                QVERIFY2(byCurl == byBatchlab, qPrintable(what)); // the body, byte for byte
                continue;
            }
            const QJsonObject c = QJsonDocument::fromJson(byCurl).object();
            const QJsonObject b = QJsonDocument::fromJson(byBatchlab).object();
            QVERIFY2(!c.isEmpty() && !b.isEmpty(), qPrintable(what));
            for (const char *key : {"method", "path", "query", "body"})
                QVERIFY2(c.value(QLatin1String(key)) == b.value(QLatin1String(key)), qPrintable(QLatin1String(key) + what));
            // The headers the request names, and those that shape the body.
            // (Content-Length only with a body: Batchlab says 0 where curl says nothing.)
            QStringList names{QStringLiteral("content-type"), QStringLiteral("x-target")};
            if (!set.requests.at(row).body.isEmpty())
                names.append(QStringLiteral("content-length"));
            // An empty header curl sends ("Name;"), but Batchlab's transport drops it on the way
            // out (QNetworkRequest::setRawHeader with an empty value): a gap of the client, not
            // of the export, which keeps what the user wrote. Checked both ways below.
            for (const auto &header : set.requests.at(row).headers) {
                if (!header.second.isEmpty())
                    names.append(header.first.toLower());
            }
            const QJsonObject ch = c.value(QStringLiteral("headers")).toObject();
            const QJsonObject bh = b.value(QStringLiteral("headers")).toObject();
            for (const QString &name : std::as_const(names))
                QVERIFY2(ch.value(name) == bh.value(name), qPrintable(name + what));
            if (row == 3) {
                QCOMPARE(ch.value(QStringLiteral("x-empty")), QJsonValue(QString()));
                QVERIFY(!bh.contains(QStringLiteral("x-empty")));
            }
        }
    }
}

void TestCurlExport::importedLinesSendWhatRealCurlSends()
{
    // The other way: a command line run by curl, and its import sent by Batchlab.
    const QString bash = QStandardPaths::findExecutable(QStringLiteral("bash"));
    if (QStandardPaths::findExecutable(QStringLiteral("curl")).isEmpty() || bash.isEmpty())
        QSKIP("curl or bash is not installed (installer/install-deps.sh installs them)");
    SandboxServer server;
    QVERIFY(server.start());
    ApiClient client(server.url(), noCache());
    SingleSend send(&client);
    QByteArray answer;
    int answers = 0;
    connect(&send, &SingleSend::answered, this, [&](int, const QString &, const ApiResult &result, qint64) {
        answer = result.response.body;
        ++answers;
    });
    const QStringList lines{
        QStringLiteral("curl --data-urlencode 'a=b c&d/\u00e9' --data-urlencode '=x y' -d 'p q' BASE/echo"),
        QStringLiteral("curl --json '{\"a\":' --json ' 1}' BASE/echo"),
        QStringLiteral("curl -G -d q=1 -d 'r=a%20b' 'BASE/echo?x=0'"),
        QStringLiteral("curl -u 'user:pa:ss' -A agent/1 -e https://r.example/ -b 'k=v; k2=v2' BASE/echo"),
        QStringLiteral("curl -X PUT -H 'Content-Type: text/plain' --data-binary $'a\\nb\\t\\'' BASE/echo"),
        QStringLiteral("curl -d a=1 -d b=2 -H \"X-Q: \\\"q\\\"\" BASE/echo"),
    };
    for (QString line : lines) {
        line.replace(QStringLiteral("BASE"), server.url().toString());
        const ImportResult imported = CurlImporter().read(line.toUtf8(), QString());
        QVERIFY2(imported.ok() && imported.set.requests.size() == 1, qPrintable(line + imported.error.toString()));
        QProcess process;
        process.start(bash, {QStringLiteral("-c"), line + QStringLiteral(" -s")});
        QVERIFY(process.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(process.state() == QProcess::NotRunning, 10000);
        QCOMPARE(process.exitCode(), 0);
        const QJsonObject c = QJsonDocument::fromJson(process.readAllStandardOutput()).object();
        const int before = answers;
        QString error;
        QVERIFY2(send.send(imported.set, 0, server.url(), &error), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(answers > before, 10000);
        const QJsonObject b = QJsonDocument::fromJson(answer).object();
        const QString what = line + QStringLiteral("\ncurl:     ") + QString::fromUtf8(QJsonDocument(c).toJson(QJsonDocument::Compact))
            + QStringLiteral("\nBatchlab: ") + QString::fromUtf8(answer);
        QVERIFY2(!c.isEmpty() && !b.isEmpty(), qPrintable(what));
        for (const char *key : {"method", "path", "query", "body"})
            QVERIFY2(c.value(QLatin1String(key)) == b.value(QLatin1String(key)), qPrintable(QLatin1String(key) + what));
        const QJsonObject ch = c.value(QStringLiteral("headers")).toObject();
        const QJsonObject bh = b.value(QStringLiteral("headers")).toObject();
        for (const char *name : {"content-type", "content-length", "authorization", "user-agent", "referer", "cookie", "x-q"}) {
            if (ch.contains(QLatin1String(name)) && QLatin1String(name) != QLatin1String("user-agent"))
                QVERIFY2(ch.value(QLatin1String(name)) == bh.value(QLatin1String(name)), qPrintable(QLatin1String(name) + what));
        }
        if (line.contains(QLatin1String("-A ")))
            QCOMPARE(bh.value(QStringLiteral("user-agent")), ch.value(QStringLiteral("user-agent")));
    }
}

QTEST_GUILESS_MAIN(TestCurlExport)
#include "tst_curlexport.moc"
