// SPDX-License-Identifier: BSD-3-Clause
// HarImporter on real exports (Chrome, Firefox, Charles, Insomnia, k6 in the shared captures)
// and on inputs written here for each way a HAR goes wrong.

#include "runs/io/harimporter.h"
#include "runs/io/interchange.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace batchlab;

namespace {

QString capturesDir()
{
    return QStringLiteral(BATCHLAB_CAPTURES "/har");
}

QByteArray readCapture(const QString &name)
{
    QFile file(capturesDir() + u'/' + name);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

qsizetype entryCount(const QByteArray &data)
{
    QByteArray json = data.startsWith("\xEF\xBB\xBF") ? data.mid(3) : data;
    return QJsonDocument::fromJson(json).object().value(QStringLiteral("log")).toObject().value(QStringLiteral("entries")).toArray().size();
}

bool hasHeader(const RequestItem &item, const QString &name)
{
    return std::any_of(item.headers.cbegin(), item.headers.cend(),
                       [&](const auto &h) { return h.first.compare(name, Qt::CaseInsensitive) == 0; });
}

/// A HAR of the given entries, as JSON text.
QByteArray har(const QByteArray &entries, const QByteArray &pages = "[]")
{
    return R"({"log": {"version": "1.2", "creator": {"name": "test", "version": "1"}, "pages": )" + pages +
           R"(, "entries": )" + entries + "}}";
}

} // namespace

class TestHarImporter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyCaptureAccountsForEveryEntry();
    void chromeCapture();
    void k6FormsAreRebuilt();
    void lenientInput();
    void skippedEntries();
    void relativeUrls();
    void arrivalOffsets();
    void surveyCountsOrigins();
    void malformed_data();
    void malformed();
    void recognizesByContent();
};

void TestHarImporter::everyCaptureAccountsForEveryEntry()
{
    const QStringList files = QDir(capturesDir()).entryList({QStringLiteral("*.har")}, QDir::Files, QDir::Name);
    if (files.isEmpty())
        QSKIP("no HAR captures in " BATCHLAB_CAPTURES "/har");
    for (const QString &name : files) {
        const QByteArray data = readCapture(name);
        QVERIFY2(!data.isEmpty(), qPrintable(name));
        QCOMPARE(Interchange::importerFor(data)->format(), QStringLiteral("har"));
        const ImportResult result = HarImporter().read(data, name);
        QVERIFY2(result.ok(), qPrintable(name + u' ' + result.error.toString()));
        QVERIFY2(entryCount(data) > 0, qPrintable(name));
        QCOMPARE(result.set.requests.size() + result.skipped.size(), entryCount(data));
        for (const RequestItem &item : result.set.requests) {
            QVERIFY2(QUrl(item.url).scheme().startsWith(QLatin1String("http")), qPrintable(item.url));
            for (const auto &header : item.headers)
                QVERIFY2(!HarImporter::isHopByHop(header.first), qPrintable(name + u' ' + header.first));
        }
    }
}

void TestHarImporter::chromeCapture()
{
    const QByteArray data = readCapture(QStringLiteral("chrome-webinspector.har"));
    if (data.isEmpty())
        QSKIP("no Chrome capture");
    const ImportResult result = HarImporter().read(data, QStringLiteral("chrome-webinspector.har"));
    QVERIFY(result.ok());
    QCOMPARE(result.set.requests.size(), 3);
    QCOMPARE(result.set.name, QStringLiteral("chrome-webinspector"));
    const RequestItem &first = result.set.requests.at(0);
    QCOMPARE(first.method, QStringLiteral("GET"));
    QCOMPARE(first.url, QStringLiteral("https://mitmproxy.org/"));
    QCOMPARE(first.name, QStringLiteral("GET /"));
    QVERIFY(first.body.isEmpty());
    QVERIFY(!hasHeader(first, QStringLiteral(":authority")));
    QVERIFY(!hasHeader(first, QStringLiteral(":path")));
    QVERIFY(hasHeader(first, QStringLiteral("user-agent")));
    QVERIFY(hasHeader(first, QStringLiteral("if-none-match")));
    QCOMPARE(first.headers.size(), 21 - 4);
    const RequestItem &logo = result.set.requests.at(2);
    QCOMPARE(logo.url, QStringLiteral("https://www.google.com/images/branding/googlelogo/2x/googlelogo_light_color_272x92dp.png"));
    QCOMPARE(logo.name, QStringLiteral("GET /images/branding/googlelogo/2x/googlelogo_light_color_272x92dp.png"));
    QVERIFY(hasHeader(logo, QStringLiteral("x-client-data")));
    // Three captures months apart: offsets from the first entry.
    QCOMPARE(first.atMs, std::optional<qint64>(0));
    QVERIFY(logo.atMs.value_or(0) > 0);
}

void TestHarImporter::k6FormsAreRebuilt()
{
    const QByteArray data = readCapture(QStringLiteral("k6-multipart-formdata.har"));
    if (data.isEmpty())
        QSKIP("no k6 capture");
    const ImportResult result = HarImporter().read(data, {});
    QVERIFY(result.ok());
    QCOMPARE(result.set.requests.size(), 5);
    const RequestItem &pairs = result.set.requests.at(0);
    QCOMPARE(pairs.method, QStringLiteral("POST"));
    QCOMPARE(pairs.body, QStringLiteral("hello=world"));
    QVERIFY(pairs.headers.contains(qMakePair(QStringLiteral("Content-Type"), QStringLiteral("application/x-www-form-urlencoded"))));
    QVERIFY(!pairs.headers.contains(qMakePair(QStringLiteral("Content-Type"), QStringLiteral("multipart/form-data; boundary=---boundary"))));
    QVERIFY(!result.notes.isEmpty());
}

void TestHarImporter::lenientInput()
{
    // A BOM, null for strings, numbers as strings, no timings, pages: null, HAR 1.1.
    const QByteArray data = "\xEF\xBB\xBF" + QByteArray(R"({"log": {"version": "1.1", "creator": null, "pages": null,
        "entries": [
          {"startedDateTime": null, "request": {"method": null, "url": "https://a.example/x?q=1", "headers": null,
             "postData": {"mimeType": "text/plain", "text": "hi"}}, "response": {"status": "200"}},
          {"request": {"method": "post", "url": "https://a.example/form", "httpVersion": 2,
             "headers": [{"name": "Host", "value": "a.example"}, {"name": "Content-Length", "value": 7},
                         {"name": "X-N", "value": 5}, {"name": "Proxy-Connection", "value": "x"}, {"name": null}],
             "postData": {"mimeType": "application/x-www-form-urlencoded", "params": [{"name": "a b", "value": "c&d"}, {"name": "n", "value": 2}]}}},
          {"request": {"method": "GET", "url": "https://a.example/q", "queryString": [{"name": "k", "value": "v w"}]}},
          {"request": {"method": "GET", "url": "http://a.example:80/port"}},
          {"request": {"method": "GET", "url": "https://a.example/./a/../b/.?q=1"}}
        ]}})");
    const ImportResult result = HarImporter().read(data, {});
    QVERIFY2(result.ok(), qPrintable(result.error.toString()));
    QCOMPARE(result.set.requests.size(), 5);
    QCOMPARE(result.set.requests.at(0).method, QStringLiteral("GET"));
    QCOMPARE(result.set.requests.at(0).url, QStringLiteral("https://a.example/x?q=1"));
    QCOMPARE(result.set.requests.at(0).body, QStringLiteral("hi"));
    QCOMPARE(result.set.requests.at(0).headers, (QList<QPair<QString, QString>>{{QStringLiteral("Content-Type"), QStringLiteral("text/plain")}}));
    const RequestItem &form = result.set.requests.at(1);
    QCOMPARE(form.method, QStringLiteral("POST"));
    QCOMPARE(form.body, QStringLiteral("a+b=c%26d&n=2"));
    QCOMPARE(form.headers, (QList<QPair<QString, QString>>{{QStringLiteral("X-N"), QStringLiteral("5")},
                                                            {QStringLiteral("Content-Type"), QStringLiteral("application/x-www-form-urlencoded")}}));
    QCOMPARE(result.set.requests.at(2).url, QStringLiteral("https://a.example/q?k=v%20w"));
    // The scheme's default port left out, as every call's URL is (found by fuzz_har: the
    // export dropped it, so the round trip changed the URL).
    QCOMPARE(result.set.requests.at(3).url, QStringLiteral("http://a.example/port"));
    // Dot segments resolved, as joinUrl resolves them for every call (found by fuzz_har: the
    // export resolved them, so the round trip changed the URL).
    QCOMPARE(result.set.requests.at(4).url, QStringLiteral("https://a.example/b/?q=1"));
    for (const RequestItem &item : result.set.requests)
        QVERIFY(!item.atMs); // no times at all
}

void TestHarImporter::skippedEntries()
{
    const ImportResult result = HarImporter().read(har(R"([
        {"request": {"method": "GET", "url": "wss://a.example/socket"}},
        {"request": {"method": "GET", "url": "https://a.example/socket"}, "_webSocketMessages": []},
        {"request": {"method": "GET", "url": "https://a.example/up"}, "response": {"status": 101}},
        {"request": {"method": "GET", "url": "data:image/png;base64,AAAA"}},
        {"request": {"method": "GET", "url": "blob:https://a.example/123"}},
        {"request": {"method": "GET", "url": "chrome-extension://abc/x.js"}},
        {"response": {"status": 200}},
        17,
        {"request": {"method": "GET", "url": ""}},
        {"request": {"method": "GET", "url": "https://a.example/kept"}},
        {"request": {"method": "GET", "url": "http:/no-host/x"}},
        {"request": {"method": "GET", "url": "https://a.example/big"}, "response": {"status": 2e69}},
        {"request": {"method": "GET", "url": "https://a.example/up2"}, "response": {"status": "101"}}
    ])"), {});
    QVERIFY(result.ok());
    QCOMPARE(result.set.requests.size(), 2);
    QCOMPARE(result.skipped.size(), 11);
    QVERIFY(result.skipped.at(10).what.contains(QStringLiteral("WebSocket"))); // a status as text
    // Found by fuzz_har: a URL with a scheme and no host imported, and then could not export.
    QVERIFY(result.skipped.at(9).what.contains(QStringLiteral("not an HTTP URL")));
    QCOMPARE(result.skipped.at(0).where, QStringLiteral("entry 1"));
    QVERIFY(result.skipped.at(0).what.contains(QStringLiteral("WebSocket")));
    QVERIFY(result.skipped.at(1).what.contains(QStringLiteral("WebSocket")));
    QVERIFY(result.skipped.at(2).what.contains(QStringLiteral("WebSocket")));
    QVERIFY(result.skipped.at(3).what.contains(QStringLiteral("not an HTTP URL")));
    QVERIFY(result.skipped.at(5).what.contains(QStringLiteral("chrome-extension")));
    QVERIFY(result.skipped.at(6).what.contains(QStringLiteral("no request")));
    QCOMPARE(result.skipped.at(7).where, QStringLiteral("entry 8"));
    QCOMPARE(result.summary(), QStringLiteral("Imported 2 requests, skipped 11."));
}

void TestHarImporter::relativeUrls()
{
    const ImportResult result = HarImporter().read(
        har(R"([{"pageref": "p1", "request": {"method": "GET", "url": "/img/x.gif"}},
                {"pageref": "none", "request": {"method": "GET", "url": "/img/y.gif"}},
                {"request": {"method": "GET", "url": "XML"}}])",
            R"([{"id": "p1", "title": "https://site.example/shop/index.html", "startedDateTime": "2024-01-01T00:00:00Z"}])"),
        {});
    QVERIFY(result.ok());
    QCOMPARE(result.set.requests.size(), 1);
    QCOMPARE(result.set.requests.at(0).url, QStringLiteral("https://site.example/img/x.gif"));
    QCOMPARE(result.skipped.size(), 2);
    QVERIFY(result.skipped.at(0).what.contains(QStringLiteral("relative URL")));
    QCOMPARE(result.notes.size(), 1);
}

void TestHarImporter::arrivalOffsets()
{
    const ImportResult result = HarImporter().read(
        har(R"([{"startedDateTime": "2024-05-01T10:00:00.500+02:00", "request": {"method": "GET", "url": "https://a.example/2"}},
                {"startedDateTime": "2024-05-01T08:00:00.250Z", "request": {"method": "GET", "url": "https://a.example/1"}},
                {"startedDateTime": "not a date", "request": {"method": "GET", "url": "https://a.example/3"}}])"),
        {});
    QVERIFY(result.ok());
    QCOMPARE(result.set.requests.at(0).atMs, std::optional<qint64>(250));
    QCOMPARE(result.set.requests.at(1).atMs, std::optional<qint64>(0));
    QCOMPARE(result.set.requests.at(2).atMs, std::nullopt);
}

void TestHarImporter::surveyCountsOrigins()
{
    const HarImporter::Survey survey = HarImporter::survey(
        har(R"([{"request": {"method": "GET", "url": "https://a.example/1"}},
                {"request": {"method": "GET", "url": "https://b.example:8443/1"}},
                {"request": {"method": "GET", "url": "https://b.example:8443/2?x"}},
                {"request": {"method": "GET", "url": "data:,x"}}])"));
    QVERIFY(!survey.error.isError());
    QCOMPARE(survey.entries, 4);
    QCOMPARE(survey.imported, 3);
    QCOMPARE(survey.origins, (QList<QPair<QString, int>>{{QStringLiteral("https://b.example:8443"), 2},
                                                          {QStringLiteral("https://a.example"), 1}}));
    QCOMPARE(survey.suggestedBaseUrl, QStringLiteral("https://b.example:8443"));
    QVERIFY(HarImporter::survey("{").error.isError());
}

void TestHarImporter::malformed_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("message");
    QTest::newRow("truncated") << QByteArray("{\"log\": {\n  \"entries\": [\n    {\"request\": ") << 3 << 17 << QString() << "not valid JSON";
    // Qt's offset is just past the brace that does not belong.
    QTest::newRow("garbage in the middle") << QByteArray("{\"log\": {\"entries\": [\n}\n") << 2 << 2 << QString() << "not valid JSON";
    QTest::newRow("an array") << QByteArray("[1, 2]") << 1 << 1 << QString() << "expected a JSON object";
    QTest::newRow("no log") << QByteArray("{\"info\": {}}") << 1 << 1 << "log" << "\"log\" is missing";
    QTest::newRow("log not an object") << QByteArray("{\n \"log\": []}") << 2 << 2 << "log" << "not an object";
    QTest::newRow("no entries") << QByteArray("{\n\n  \"log\": {\"pages\": []}}") << 3 << 3 << "log.entries" << "\"log.entries\" is missing";
    QTest::newRow("entries not an array") << QByteArray("{\"log\": {\n \"entries\": {}}}") << 2 << 2 << "log.entries" << "not an array";
}

void TestHarImporter::malformed()
{
    QFETCH(QByteArray, data);
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QString, field);
    QFETCH(QString, message);
    const ImportResult result = HarImporter().read(data, QStringLiteral("bad.har"));
    QVERIFY(!result.ok());
    QVERIFY(result.set.requests.isEmpty());
    QCOMPARE(result.error.file, QStringLiteral("bad.har"));
    QCOMPARE(result.error.line, line);
    QCOMPARE(result.error.column, column);
    QCOMPARE(result.error.field, field);
    QVERIFY2(result.error.message.contains(message), qPrintable(result.error.message));
    QVERIFY2(result.error.toString().startsWith(QStringLiteral("bad.har:%1:%2:").arg(line).arg(column)),
             qPrintable(result.error.toString()));
}

void TestHarImporter::recognizesByContent()
{
    const HarImporter importer;
    QCOMPARE(importer.recognizes(har("[]")), 100);
    QVERIFY(importer.recognizes("{\"log\": {\"creator\": {}, \"entries\": [") > 0);
    QCOMPARE(importer.recognizes("{\"format\": \"batchlab.requestset\", \"requests\": []}"), 0);
    QCOMPARE(importer.recognizes("curl https://a.example"), 0);
    QCOMPARE(importer.recognizes(QByteArray()), 0);
}

QTEST_GUILESS_MAIN(TestHarImporter)
#include "tst_harimporter.moc"
