// SPDX-License-Identifier: BSD-3-Clause
// PostmanExporter: the shape the v2.1 schema wants, secrets left out unless asked for, and
// export → import giving back the same set for every sample set and for seeded random ones;
// where Node and the npm packages of tests/interop/postman/ are here, the exported files
// pass the official schema (ajv) and load in the postman-collection SDK.

#include "runs/io/interchange.h"
#include "runs/io/postmanexporter.h"
#include "runs/io/postmanimporter.h"
#include "sandbox/sandboxserver.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace batchlab;

namespace {

const QString kNodeDir = QStringLiteral(BATCHLAB_SOURCE "/tests/interop/postman");
const QStringList kSamples{QStringLiteral("user-fanout"), QStringLiteral("mixed-crud"), QStringLiteral("flaky-backend"),
                           QStringLiteral("jsonrpc-calls"), QStringLiteral("order-change-set")};

RequestSet sample(const QString &name)
{
    RequestSet set;
    FileError error;
    RequestSetFile::load(QStringLiteral(BATCHLAB_SOURCE "/resources/sets/%1.batchlab.json").arg(name), &set, &error);
    return set;
}

QString pick(QRandomGenerator &random, const QStringList &from)
{
    return from.at(qsizetype(random.bounded(quint32(from.size()))));
}

QString randomText(QRandomGenerator &random, int most)
{
    static const QString alphabet = QStringLiteral("abcXYZ019 -_.~:/?&=#{}\"'\\é€");
    QString out;
    for (int n = int(random.bounded(most + 1)); n > 0; --n)
        out += alphabet.at(qsizetype(random.bounded(quint32(alphabet.size()))));
    return out;
}

/// A set with what a user may put in one: every URL shape, headers (credentials among them),
/// bodies, variables secret or not, ids and dependencies, checks, settings and a target.
RequestSet randomSet(quint32 seed)
{
    QRandomGenerator random(seed);
    RequestSet set;
    set.name = QStringLiteral("random %1").arg(seed);
    if (random.bounded(2))
        set.description = randomText(random, 40);
    for (int i = int(random.bounded(4)); i > 0; --i)
        set.variables.append({QStringLiteral("v%1").arg(i), randomText(random, 12), random.bounded(3) == 0});
    const QStringList urls{QStringLiteral("/users/{{v1}}"), QStringLiteral("{{base}}/a/b?x=1&y#frag"),
                           QStringLiteral("https://api.example.com:8443/v1/items/?q=a%20b&flag"),
                           QStringLiteral("http://127.0.0.1/"), QStringLiteral("relative/path?k=")};
    QStringList ids;
    for (int i = int(1 + random.bounded(8)); i > 0; --i) {
        RequestItem item;
        item.name = random.bounded(5) ? QStringLiteral("Folder / call %1").arg(i) : randomText(random, 10);
        item.method = pick(random, {QStringLiteral("GET"), QStringLiteral("POST"), QStringLiteral("PATCH"),
                                    QStringLiteral("DELETE"), QStringLiteral("PROPFIND")});
        item.url = pick(random, urls) + randomText(random, 3).remove(u'#');
        for (int h = int(random.bounded(4)); h > 0; --h)
            item.headers.append({QStringLiteral("X-H%1").arg(h), randomText(random, 8)});
        if (random.bounded(3) == 0) // turned off in the editor or in Postman: they travel off
            item.disabledHeaders.append({QStringLiteral("X-Off"), randomText(random, 6)});
        if (random.bounded(3) == 0)
            item.disabledQuery.append({QStringLiteral("debug"), randomText(random, 4)});
        switch (random.bounded(5)) {
        case 0:
            item.headers.append({QStringLiteral("Authorization"), QStringLiteral("Bearer {{token}}")});
            break;
        case 1:
            item.headers.append({QStringLiteral("Authorization"),
                                 QStringLiteral("Basic ") + QString::fromLatin1(QByteArray("user:pa:ss é").toBase64())});
            break;
        case 2: // not last: stays a plain header
            item.headers.prepend({QStringLiteral("Authorization"), QStringLiteral("Bearer abc")});
            break;
        case 3:
            item.headers.append({QStringLiteral("Authorization"), QStringLiteral("Digest x=1")});
            break;
        default:
            break;
        }
        switch (random.bounded(3)) {
        case 0:
            item.headers.append({QStringLiteral("Content-Type"), QStringLiteral("application/json")});
            item.body = QStringLiteral("{\"a\": [1, 2], \"b\": \"%1\"}").arg(QStringLiteral("{{v1}}"));
            break;
        case 1:
            item.body = randomText(random, 30);
            break;
        default:
            break;
        }
        item.enabled = random.bounded(4) != 0;
        if (random.bounded(2)) {
            item.id = QStringLiteral("r%1").arg(i);
            if (!ids.isEmpty() && random.bounded(2))
                item.dependsOn = {pick(random, ids)};
            ids.append(item.id);
        }
        if (random.bounded(3) == 0)
            item.expect.status = QStringLiteral("2xx");
        set.requests.append(item);
    }
    if (random.bounded(2)) {
        set.batch = BatchConfig{};
        set.batch->maxBatchSize = int(1 + random.bounded(50));
    }
    if (random.bounded(2)) {
        set.target = TargetSpec{};
        if (random.bounded(2)) {
            set.target->kind = TargetSpec::Kind::Url;
            set.target->baseUrl = QStringLiteral("https://example.com/api");
            set.target->headers = {{QStringLiteral("Authorization"), QStringLiteral("Bearer {{token}}")}};
        }
    }
    if (random.bounded(2))
        set.retry = RetryPolicy{};
    if (random.bounded(3) == 0) {
        set.environments = {{QStringLiteral("staging"), {{QStringLiteral("base"), QStringLiteral("https://s"), false}}}};
        set.environment = QStringLiteral("staging");
    }
    return set;
}

ImportResult roundTrip(const RequestSet &set, const ExportOptions &options, QByteArray *exported = nullptr)
{
    QString error;
    const QByteArray data = PostmanExporter().write(set, options, &error);
    if (exported)
        *exported = data;
    if (!error.isEmpty())
        qWarning("export failed: %s", qPrintable(error));
    return PostmanImporter().read(data, QStringLiteral("exported.json"));
}

} // namespace

class TestPostmanExport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void isListed();
    void shapeIsTheSchemas();
    void secretsStayOutUnlessAsked();
    void variablesResolvedWhenAsked();
    void samplesComeBackTheSame_data();
    void samplesComeBackTheSame();
    void randomSetsComeBackTheSame();
    void postmansToolsAcceptTheExports();
    void newmanRunsAnExportAgainstTheSandbox();
};

void TestPostmanExport::isListed()
{
    QVERIFY(Interchange::exporter(QStringLiteral("postman")));
    QCOMPARE(Interchange::exporter(QStringLiteral("postman"))->suffix(), QStringLiteral(".postman_collection.json"));
    QString error;
    const QByteArray data = PostmanExporter().write(sample(QStringLiteral("mixed-crud")), {}, &error);
    QCOMPARE(Interchange::importerFor(data)->format(), QStringLiteral("postman"));
}

void TestPostmanExport::shapeIsTheSchemas()
{
    RequestSet set;
    set.name = QStringLiteral("shape");
    RequestItem item;
    item.name = QStringLiteral("Orders / create");
    item.method = QStringLiteral("POST");
    item.url = QStringLiteral("https://api.example.com:8443/v1/orders?expand=lines&dry#top");
    item.headers = {{QStringLiteral("Content-Type"), QStringLiteral("application/json")},
                    {QStringLiteral("Authorization"), QStringLiteral("Bearer {{token}}")}};
    item.body = QStringLiteral("{\"n\": 1}");
    set.requests = {item};
    item.url = QStringLiteral("{{base}}/x");
    item.headers = {{QStringLiteral("Authorization"), QStringLiteral("Bearer {{token}}")}, {QStringLiteral("X-A"), QStringLiteral("1")}};
    item.body.clear();
    set.requests.append(item);
    QString error;
    const QJsonObject root = QJsonDocument::fromJson(PostmanExporter().write(set, {}, &error)).object();
    QVERIFY(error.isEmpty());
    QCOMPARE(root.value(QStringLiteral("info")).toObject().value(QStringLiteral("schema")).toString(),
             QStringLiteral("https://schema.getpostman.com/json/collection/v2.1.0/collection.json"));
    QVERIFY(!root.contains(QStringLiteral("variable"))); // nothing to keep: no `batchlab` variable
    const QJsonObject first = root.value(QStringLiteral("item")).toArray().at(0).toObject().value(QStringLiteral("request")).toObject();
    const QJsonObject url = first.value(QStringLiteral("url")).toObject();
    QCOMPARE(url.value(QStringLiteral("raw")).toString(), QStringLiteral("https://api.example.com:8443/v1/orders?expand=lines&dry#top"));
    QCOMPARE(url.value(QStringLiteral("protocol")).toString(), QStringLiteral("https"));
    QCOMPARE(url.value(QStringLiteral("host")).toArray(), QJsonArray({QStringLiteral("api"), QStringLiteral("example"), QStringLiteral("com")}));
    QCOMPARE(url.value(QStringLiteral("port")).toString(), QStringLiteral("8443"));
    QCOMPARE(url.value(QStringLiteral("path")).toArray(), QJsonArray({QStringLiteral("v1"), QStringLiteral("orders")}));
    QCOMPARE(url.value(QStringLiteral("query")).toArray(),
             QJsonArray({QJsonObject{{QStringLiteral("key"), QStringLiteral("expand")}, {QStringLiteral("value"), QStringLiteral("lines")}},
                         QJsonObject{{QStringLiteral("key"), QStringLiteral("dry")}, {QStringLiteral("value"), QJsonValue()}}}));
    QCOMPARE(url.value(QStringLiteral("hash")).toString(), QStringLiteral("top"));
    // The last header maps back to v2.1 array-form auth; the JSON body is marked as JSON.
    const QByteArray bearer = R"({"type": "bearer", "bearer": [{"key": "token", "value": "{{token}}", "type": "string"}]})";
    QCOMPARE(first.value(QStringLiteral("auth")).toObject(), QJsonDocument::fromJson(bearer).object());
    QCOMPARE(first.value(QStringLiteral("header")).toArray().size(), 1);
    QCOMPARE(first.value(QStringLiteral("body")).toObject().value(QStringLiteral("options")).toObject()
                 .value(QStringLiteral("raw")).toObject().value(QStringLiteral("language")).toString(), QStringLiteral("json"));
    // Not the last header: plain headers, and the host variable is one host part.
    const QJsonObject second = root.value(QStringLiteral("item")).toArray().at(1).toObject().value(QStringLiteral("request")).toObject();
    QVERIFY(!second.contains(QStringLiteral("auth")));
    QCOMPARE(second.value(QStringLiteral("header")).toArray().size(), 2);
    QCOMPARE(second.value(QStringLiteral("url")).toObject().value(QStringLiteral("host")).toArray(), QJsonArray({QStringLiteral("{{base}}")}));
    QVERIFY(!second.contains(QStringLiteral("body")));
}

void TestPostmanExport::secretsStayOutUnlessAsked()
{
    RequestSet set = sample(QStringLiteral("user-fanout"));
    set.variables = {{QStringLiteral("token"), QStringLiteral("s3cret"), true}, {QStringLiteral("base"), QStringLiteral("http://b"), false}};
    QByteArray data;
    ImportResult back = roundTrip(set, {}, &data);
    QVERIFY(!data.contains("s3cret"));
    QCOMPARE(back.set.variables, (QList<Variable>{{QStringLiteral("token"), QString(), true},
                                                  {QStringLiteral("base"), QStringLiteral("http://b"), false}}));
    ExportOptions withSecrets;
    withSecrets.includeSecrets = true;
    back = roundTrip(set, withSecrets, &data);
    QVERIFY(data.contains("s3cret"));
    QCOMPARE(back.set.variables, set.variables);
    // Resolving fills no secret: its {{name}} stays.
    set.requests.first().headers = {{QStringLiteral("Authorization"), QStringLiteral("Bearer {{token}}")}};
    ExportOptions resolve;
    resolve.resolveVariables = true;
    roundTrip(set, resolve, &data);
    QVERIFY2(!data.contains("s3cret") && data.contains("{{token}}"), data.constData());
}

void TestPostmanExport::variablesResolvedWhenAsked()
{
    RequestSet set;
    set.name = QStringLiteral("resolved");
    set.variables = {{QStringLiteral("base"), QStringLiteral("http://h:1"), false}, {QStringLiteral("id"), QStringLiteral("7"), false}};
    RequestItem item;
    item.url = QStringLiteral("{{base}}/users/{{id}}");
    item.headers = {{QStringLiteral("X-Id"), QStringLiteral("{{id}}")}};
    item.body = QStringLiteral("id={{id}}");
    set.requests = {item};
    ExportOptions resolve;
    resolve.resolveVariables = true;
    const ImportResult resolved = roundTrip(set, resolve);
    QCOMPARE(resolved.set.requests.value(0).url, QStringLiteral("http://h:1/users/7"));
    QCOMPARE(resolved.set.requests.value(0).headers.value(0).second, QStringLiteral("7"));
    QCOMPARE(resolved.set.requests.value(0).body, QStringLiteral("id=7"));
    QCOMPARE(roundTrip(set, {}).set.requests.value(0).url, item.url); // kept by default
}

void TestPostmanExport::samplesComeBackTheSame_data()
{
    QTest::addColumn<QString>("name");
    for (const QString &name : kSamples)
        QTest::newRow(qPrintable(name)) << name;
}

void TestPostmanExport::samplesComeBackTheSame()
{
    QFETCH(QString, name);
    const RequestSet set = sample(name);
    QVERIFY(!set.requests.isEmpty());
    const ImportResult back = roundTrip(set, {});
    QVERIFY2(back.ok(), qPrintable(back.summary()));
    QVERIFY(back.skipped.isEmpty());
    QCOMPARE(QString::fromUtf8(RequestSetFile::serialize(back.set)), QString::fromUtf8(RequestSetFile::serialize(set)));
    QCOMPARE(back.set.requests, set.requests);
    QCOMPARE(back.set.variables, set.variables);
}

void TestPostmanExport::randomSetsComeBackTheSame()
{
    ExportOptions withSecrets;
    withSecrets.includeSecrets = true;
    for (quint32 seed = 1; seed <= 200; ++seed) {
        const RequestSet set = randomSet(seed);
        RequestSet valid;
        FileError error;
        QVERIFY2(RequestSetFile::parse(RequestSetFile::serialize(set), &valid, &error), qPrintable(error.toString()));
        const ImportResult back = roundTrip(set, withSecrets);
        QVERIFY2(back.ok(), qPrintable(back.summary()));
        QCOMPARE(QString::fromUtf8(RequestSetFile::serialize(back.set)), QString::fromUtf8(RequestSetFile::serialize(set)));
        QCOMPARE(back.set.requests, set.requests);
        QCOMPARE(back.set.variables, set.variables);
    }
}

namespace {

/// Why Postman's tools cannot run here, or empty when they can.
QString toolsUnavailable()
{
    if (QStandardPaths::findExecutable(QStringLiteral("node")).isEmpty())
        return QStringLiteral("no Postman tools check: node not found");
    if (!QFile::exists(kNodeDir + QStringLiteral("/node_modules/.batchlab-install-stamp")))
        return QStringLiteral("no Postman tools check: their npm packages are not installed; run %1/setup.sh").arg(kNodeDir);
    return {};
}

} // namespace

void TestPostmanExport::postmansToolsAcceptTheExports()
{
    if (const QString why = toolsUnavailable(); !why.isEmpty())
        QSKIP(qPrintable(why));
    QTemporaryDir dir;
    QStringList files;
    auto save = [&](const QString &name, const RequestSet &set) {
        QString error;
        QFile file(dir.filePath(name + QStringLiteral(".postman_collection.json")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(PostmanExporter().write(set, {}, &error));
        files.append(file.fileName());
    };
    for (const QString &name : kSamples)
        save(name, sample(name));
    for (quint32 seed = 1; seed <= 20; ++seed)
        save(QStringLiteral("random-%1").arg(seed), randomSet(seed));
    QProcess node;
    node.setProcessChannelMode(QProcess::MergedChannels);
    node.start(QStringLiteral("node"), QStringList{kNodeDir + QStringLiteral("/check-collections.js")} + files);
    QVERIFY(node.waitForFinished(120000));
    const QString out = QString::fromUtf8(node.readAll());
    // Only what failed: QVERIFY2 cuts long messages.
    const QStringList failed = out.split(u'\n').filter(QRegularExpression(QStringLiteral("^(FAIL|\\S*Error)")));
    QVERIFY2(node.exitCode() == 0, qPrintable(failed.isEmpty() ? out : failed.join(u'\n')));
    QCOMPARE(out.count(QStringLiteral("OK ")), files.size());
}

void TestPostmanExport::newmanRunsAnExportAgainstTheSandbox()
{
    if (const QString why = toolsUnavailable(); !why.isEmpty())
        QSKIP(qPrintable(why));
    SandboxServer sandbox;
    QVERIFY(sandbox.start());
    RequestSet set;
    set.name = QStringLiteral("newman");
    set.variables = {{QStringLiteral("base"), sandbox.url().toString(), false}, {QStringLiteral("token"), QStringLiteral("t0"), true}};
    auto add = [&](const QString &method, const QString &url, const QList<QPair<QString, QString>> &headers, const QString &body) {
        RequestItem item;
        item.name = method + u' ' + url;
        item.method = method;
        item.url = url;
        item.headers = headers;
        item.body = body;
        set.requests.append(item);
    };
    add(QStringLiteral("GET"), QStringLiteral("{{base}}/users/3"), {}, {});
    add(QStringLiteral("POST"), QStringLiteral("{{base}}/echo?x=1&y"),
        {{QStringLiteral("Content-Type"), QStringLiteral("application/json")}, {QStringLiteral("Authorization"), QStringLiteral("Bearer {{token}}")}},
        QStringLiteral("{\"n\": 1}"));
    add(QStringLiteral("POST"), QStringLiteral("{{base}}/items"), {{QStringLiteral("Content-Type"), QStringLiteral("application/json")}},
        QStringLiteral("{\"name\": \"a\"}"));
    add(QStringLiteral("GET"), QStringLiteral("{{base}}/status/404"), {}, {});
    ExportOptions withSecrets;
    withSecrets.includeSecrets = true;
    QString error;
    QTemporaryDir dir;
    QFile file(dir.filePath(QStringLiteral("run.postman_collection.json")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(PostmanExporter().write(set, withSecrets, &error));
    file.close();
    const QString report = dir.filePath(QStringLiteral("report.json"));
    QProcess newman;
    newman.setProcessChannelMode(QProcess::MergedChannels);
    newman.start(QStringLiteral("node"), {kNodeDir + QStringLiteral("/node_modules/newman/bin/newman.js"), QStringLiteral("run"),
                                          file.fileName(), QStringLiteral("--reporters"), QStringLiteral("json"),
                                          QStringLiteral("--reporter-json-export"), report});
    // The sandbox answers on this thread's event loop while newman runs.
    QTRY_VERIFY_WITH_TIMEOUT(newman.state() == QProcess::NotRunning, 120000);
    const QString out = QString::fromUtf8(newman.readAll());
    QVERIFY2(newman.exitStatus() == QProcess::NormalExit && newman.exitCode() == 0, qPrintable(out));
    QFile json(report);
    QVERIFY(json.open(QIODevice::ReadOnly));
    const QJsonArray executions = QJsonDocument::fromJson(json.readAll()).object().value(QStringLiteral("run")).toObject()
                                      .value(QStringLiteral("executions")).toArray();
    QCOMPARE(executions.size(), 4);
    QList<int> codes;
    for (const QJsonValue &e : executions)
        codes.append(e.toObject().value(QStringLiteral("response")).toObject().value(QStringLiteral("code")).toInt());
    QCOMPARE(codes, (QList<int>{200, 200, 201, 404}));
    // The echo saw the bearer auth newman built from the exported v2.1 auth, and the body.
    QByteArray echoed;
    const QJsonObject stream = executions.at(1).toObject().value(QStringLiteral("response")).toObject().value(QStringLiteral("stream")).toObject();
    for (const QJsonValue &byte : stream.value(QStringLiteral("data")).toArray())
        echoed.append(char(byte.toInt()));
    const QJsonObject echo = QJsonDocument::fromJson(echoed).object();
    QVERIFY2(echo.value(QStringLiteral("headers")).toObject().value(QStringLiteral("authorization")).toString() == QStringLiteral("Bearer t0"),
             echoed.constData());
    QVERIFY2(echo.value(QStringLiteral("body")).toObject() == QJsonObject({{QStringLiteral("n"), 1}}), echoed.constData());
}

QTEST_GUILESS_MAIN(TestPostmanExport)
#include "tst_postmanexport.moc"
