// SPDX-License-Identifier: BSD-3-Clause
// HarEntry, HarFilter and HarTargetSuggestion: what the HAR import dialog filters by, which
// requests a filter keeps, and the target it suggests, on the real Chrome, Firefox and Charles
// exports in the shared captures and on small HARs written here for each server profile.

#include "runs/io/harfilter.h"
#include "runs/io/harimporter.h"
#include "runs/io/hartargetsuggestion.h"
#include "runs/io/interchange.h"

#include <QFile>
#include <QTemporaryDir>
#include <QUrl>
#include <QtTest>

using namespace batchlab;
using Type = HarEntry::Type;

namespace {

QString capturePath(const QString &name)
{
    return QStringLiteral(BATCHLAB_CAPTURES "/har/") + name;
}

/// A capture read as the dialog reads it: the set and its entries' facts.
struct Capture
{
    ImportResult result;
    QList<HarEntry> entries;
};

Capture readCapture(const QString &name)
{
    Capture capture;
    capture.result = Interchange::importFile(capturePath(name), &capture.entries);
    return capture;
}

QList<Type> typesOf(const QList<HarEntry> &entries)
{
    QList<Type> types;
    for (const HarEntry &e : entries)
        types.append(e.type);
    return types;
}

/// A HAR of the given entries, as JSON text.
QByteArray har(const QByteArray &entries)
{
    return R"({"log": {"version": "1.2", "creator": {"name": "test", "version": "1"}, "entries": )" + entries + "}}";
}

QByteArray entry(const QByteArray &method, const QByteArray &url, const QByteArray &headers = "[]",
                 const QByteArray &body = {})
{
    QByteArray postData;
    if (!body.isEmpty())
        postData = R"(, "postData": {"mimeType": "application/json", "text": )" + body + "}";
    return R"({"startedDateTime": "2026-01-01T00:00:00.000Z", "request": {"method": ")" + method + R"(", "url": ")" +
           url + R"(", "headers": )" + headers + postData + R"(}, "response": {"status": 200, "content": {"mimeType": "application/json"}}})";
}

HarTargetSuggestion suggestAll(const QByteArray &data)
{
    QList<HarEntry> entries;
    const ImportResult result = HarImporter().read(data, {}, &entries);
    if (!result.ok() || entries.size() != result.set.requests.size())
        return {};
    return HarTargetSuggestion::from(result.set.requests, entries, HarFilter().select(entries));
}

} // namespace

class TestHarFilter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void typeOf_data();
    void typeOf();
    void statusClasses();
    void chromeCapture();
    void firefoxCapture();
    void charlesCapture();
    void applyKeepsThePickedAndRestartsTheClock();
    void suggestsTheMostCommonOriginOfThePicked();
    void profileFromTraffic_data();
    void profileFromTraffic();
    void profileComesFromTheBaseOriginOnly();
    void applyingASuggestion();
    void otherFormatsGetNoEntries();
};

void TestHarFilter::initTestCase()
{
    if (!QFile::exists(capturePath(QStringLiteral("chrome-webinspector.har"))))
        QSKIP("no HAR captures in " BATCHLAB_CAPTURES "/har");
}

void TestHarFilter::typeOf_data()
{
    QTest::addColumn<QString>("resourceType");
    QTest::addColumn<QString>("mimeType");
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("method");
    QTest::addColumn<Type>("type");
    const QString none;
    const QString get = QStringLiteral("GET");
    // Chrome's own word wins over the MIME type (a JSON answer fetched by a <script> is a script).
    QTest::newRow("chrome fetch") << "fetch" << "text/html" << "https://a.test/x" << get << Type::Fetch;
    QTest::newRow("chrome xhr") << "xhr" << none << "https://a.test/x.png" << get << Type::Fetch;
    QTest::newRow("chrome script") << "script" << "application/json" << "https://a.test/x" << get << Type::Script;
    QTest::newRow("chrome texttrack") << "texttrack" << none << "https://a.test/x" << get << Type::Media;
    QTest::newRow("chrome preflight") << "preflight" << none << "https://a.test/x" << "OPTIONS" << Type::Other;
    QTest::newRow("svg is an image") << none << "image/svg+xml" << "https://a.test/x" << get << Type::Image;
    QTest::newRow("js mime") << none << "text/javascript; charset=utf-8" << "https://a.test/x" << get << Type::Script;
    QTest::newRow("css mime") << none << "text/css" << "https://a.test/x" << get << Type::Stylesheet;
    QTest::newRow("woff2 mime") << none << "font/woff2" << "https://a.test/x" << get << Type::Font;
    QTest::newRow("video") << none << "video/mp4" << "https://a.test/x" << get << Type::Media;
    QTest::newRow("html") << none << "text/html" << "https://a.test/" << get << Type::Document;
    QTest::newRow("json") << none << "application/json" << "https://a.test/x.js" << get << Type::Fetch;
    QTest::newRow("odata json") << none << "application/json;odata.metadata=minimal" << "https://a.test/x" << get
                                << Type::Fetch;
    QTest::newRow("batch answer") << none << "multipart/mixed; boundary=b" << "https://a.test/$batch" << "POST"
                                  << Type::Fetch;
    // No MIME type (or one that says nothing): the extension.
    QTest::newRow("x-unknown .woff") << none << "x-unknown" << "https://a.test/f.woff?v=2" << get << Type::Font;
    QTest::newRow("no mime .js") << none << none << "https://a.test/app.min.js" << get << Type::Script;
    QTest::newRow("no mime .json") << none << none << "https://a.test/data.json" << get << Type::Fetch;
    QTest::newRow("a dot in a folder") << none << none << "https://a.test/v1.2/users" << get << Type::Other;
    QTest::newRow("no mime POST") << none << none << "https://a.test/value-pairs" << "POST" << Type::Fetch;
}

void TestHarFilter::typeOf()
{
    QFETCH(QString, resourceType);
    QFETCH(QString, mimeType);
    QFETCH(QString, url);
    QFETCH(QString, method);
    QFETCH(Type, type);
    QCOMPARE(HarEntry::typeOf(resourceType, mimeType, QUrl(url), method), type);
}

void TestHarFilter::statusClasses()
{
    HarEntry e;
    QCOMPARE(e.statusClass(), 0);
    e.status = 204;
    QCOMPARE(e.statusClass(), 2);
    e.status = 599;
    QCOMPARE(e.statusClass(), 5);
    e.status = 600;
    QCOMPARE(e.statusClass(), 0);
    QCOMPARE(HarEntry::statusClassName(3), QStringLiteral("3xx"));
    QCOMPARE(HarEntry::statusClassName(0), QStringLiteral("no response"));
}

void TestHarFilter::chromeCapture()
{
    const Capture c = readCapture(QStringLiteral("chrome-webinspector.har"));
    QVERIFY(c.result.ok());
    QCOMPARE(c.entries.size(), c.result.set.requests.size());
    QCOMPARE(c.entries.size(), 3);
    // Chrome's _resourceType: the page, a navigation that never got an answer, the logo.
    QCOMPARE(typesOf(c.entries), (QList<Type>{Type::Document, Type::Document, Type::Image}));
    QCOMPARE(c.entries.at(0).status, 304);
    QCOMPARE(c.entries.at(1).status, 0);
    QCOMPARE(c.entries.at(2).status, 200);
    QCOMPARE(c.entries.at(0).host, QStringLiteral("mitmproxy.org"));
    QCOMPARE(c.entries.at(2).host, QStringLiteral("www.google.com"));
    QCOMPARE(c.entries.at(2).origin, QStringLiteral("https://www.google.com"));
    QCOMPARE(c.entries.at(2).method, QStringLiteral("GET"));

    HarFilter filter;
    QCOMPARE(filter.select(c.entries), (QList<int>{0, 1, 2}));
    filter.dropStatic = true;
    QCOMPARE(filter.select(c.entries), (QList<int>{0, 1}));
    filter.hiddenHosts.insert(QStringLiteral("www.google.com"));
    QCOMPARE(filter.select(c.entries), (QList<int>{0}));
    filter = {};
    filter.hiddenStatusClasses = {0};
    QCOMPARE(filter.select(c.entries), (QList<int>{0, 2}));
    filter.hiddenStatusClasses = {3};
    QCOMPARE(filter.select(c.entries), (QList<int>{1, 2}));
    filter = {};
    filter.hiddenTypes = {Type::Document};
    QCOMPARE(filter.select(c.entries), (QList<int>{2}));
    filter.hiddenMethods = {QStringLiteral("GET")};
    QVERIFY(filter.select(c.entries).isEmpty());
}

void TestHarFilter::firefoxCapture()
{
    const Capture c = readCapture(QStringLiteral("firefox-111.har"));
    QVERIFY(c.result.ok());
    QCOMPARE(c.entries.size(), 14);
    // Firefox writes no _resourceType: the types come from the answers' MIME types.
    const QList<Type> expected{Type::Document, Type::Image,    Type::Image,    Type::Image, Type::Image,
                               Type::Image,    Type::Script,   Type::Script,   Type::Script, Type::Document,
                               Type::Document, Type::Fetch,    Type::Fetch,    Type::Image};
    QCOMPARE(typesOf(c.entries), expected);
    HarFilter filter;
    filter.dropStatic = true;
    // The page, its two GitHub button frames, the S3 listing and the stats JSON.
    QCOMPARE(filter.select(c.entries), (QList<int>{0, 9, 10, 11, 12}));
    filter.hiddenHosts = {QStringLiteral("mitmproxy.org")};
    QCOMPARE(filter.select(c.entries), (QList<int>{11}));
    filter = {};
    filter.hiddenStatusClasses = {2};
    QCOMPARE(filter.select(c.entries), (QList<int>{0, 9, 10, 12})); // the 304s
}

void TestHarFilter::charlesCapture()
{
    const Capture c = readCapture(QStringLiteral("charles-proxy.har"));
    QVERIFY(c.result.ok());
    QCOMPARE(c.entries.size(), 1);
    QCOMPARE(c.entries.at(0).type, Type::Document);
    QCOMPARE(c.entries.at(0).status, 200);
    QCOMPARE(c.entries.at(0).origin, QStringLiteral("https://mitmproxy.org"));
    HarFilter filter;
    filter.dropStatic = true;
    QCOMPARE(filter.select(c.entries), QList<int>{0});
    filter.hiddenMethods = {QStringLiteral("GET")};
    QVERIFY(filter.select(c.entries).isEmpty());
}

void TestHarFilter::applyKeepsThePickedAndRestartsTheClock()
{
    const Capture c = readCapture(QStringLiteral("firefox-111.har"));
    QVERIFY(c.result.ok());
    const QList<RequestItem> &all = c.result.set.requests;
    QVERIFY(all.at(11).atMs.value_or(0) > 0);
    QVERIFY(all.at(12).atMs.value_or(0) > 0);
    HarFilter filter;
    filter.hiddenHosts = {QStringLiteral("mitmproxy.org")};
    filter.hiddenStatusClasses = {3};
    QCOMPARE(filter.select(c.entries), QList<int>{11});
    filter.hiddenStatusClasses.clear();
    filter.dropStatic = true;
    filter.hiddenHosts.clear();
    filter.hiddenTypes = {Type::Document};
    const RequestSet picked = filter.apply(c.result.set, c.entries);
    QCOMPARE(picked.requests.size(), 2);
    QCOMPARE(picked.requests.at(0).url, all.at(11).url);
    QCOMPARE(picked.requests.at(1).url, all.at(12).url);
    // The first kept request is the new start; the gaps between the kept ones stay.
    const qint64 start = std::min(*all.at(11).atMs, *all.at(12).atMs);
    QCOMPARE(picked.requests.at(0).atMs, std::optional<qint64>(*all.at(11).atMs - start));
    QCOMPARE(picked.requests.at(1).atMs, std::optional<qint64>(*all.at(12).atMs - start));
    QCOMPARE(picked.name, c.result.set.name);
    QCOMPARE(picked.description, c.result.set.description);
    // The default filter changes nothing.
    QCOMPARE(HarFilter().apply(c.result.set, c.entries).requests, all);
}

void TestHarFilter::suggestsTheMostCommonOriginOfThePicked()
{
    const Capture chrome = readCapture(QStringLiteral("chrome-webinspector.har"));
    HarFilter filter;
    HarTargetSuggestion s = HarTargetSuggestion::from(chrome.result.set.requests, chrome.entries, filter.select(chrome.entries));
    QCOMPARE(s.baseUrl, QStringLiteral("https://www.google.com"));
    QVERIFY(s.profile.isEmpty()); // a web page: no batch server recognized
    QVERIFY(s.reason.isEmpty());
    // Without the logo, one each: the first seen.
    filter.dropStatic = true;
    s = HarTargetSuggestion::from(chrome.result.set.requests, chrome.entries, filter.select(chrome.entries));
    QCOMPARE(s.baseUrl, QStringLiteral("https://mitmproxy.org"));

    const Capture firefox = readCapture(QStringLiteral("firefox-111.har"));
    filter = {};
    s = HarTargetSuggestion::from(firefox.result.set.requests, firefox.entries, filter.select(firefox.entries));
    QCOMPARE(s.baseUrl, QStringLiteral("https://mitmproxy.org"));
    filter.hiddenHosts = {QStringLiteral("mitmproxy.org")};
    s = HarTargetSuggestion::from(firefox.result.set.requests, firefox.entries, filter.select(firefox.entries));
    QCOMPARE(s.baseUrl, QStringLiteral("https://s3-us-west-2.amazonaws.com"));
    filter.hiddenMethods = {QStringLiteral("GET")};
    s = HarTargetSuggestion::from(firefox.result.set.requests, firefox.entries, filter.select(firefox.entries));
    QVERIFY(s.isEmpty());
    QVERIFY(s.profile.isEmpty());
}

void TestHarFilter::profileFromTraffic_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QString>("baseUrl");
    QTest::addColumn<QString>("profile");
    QTest::addColumn<QString>("batchPath");

    const QByteArray json = R"([{"name": "Content-Type", "value": "application/json"}])";
    const QByteArray multipart = R"([{"name": "Content-Type", "value": "multipart/mixed; boundary=b"}])";
    QTest::newRow("OData JSON batch")
        << har("[" + entry("GET", "https://svc.test/odata/People") + "," +
               entry("POST", "https://svc.test/odata/$batch", json, R"("{\"requests\": []}")") + "]")
        << "https://svc.test" << "odata-4.01" << "/odata/$batch";
    QTest::newRow("OData multipart batch")
        << har("[" + entry("POST", "https://svc.test/sap/opu/odata/x/$batch", multipart, R"("--b--")") + "]")
        << "https://svc.test" << "odata-4.0" << "/sap/opu/odata/x/$batch";
    QTest::newRow("OData 4.0 metadata")
        << har("[" + entry("GET", "https://svc.test/api/$metadata", R"([{"name": "OData-Version", "value": "4.0"}])") +
               "," + entry("GET", "https://svc.test/api/People") + "]")
        << "https://svc.test" << "odata-4.0" << "/api/$batch";
    QTest::newRow("OData 4.01 headers")
        << har("[" + entry("GET", "https://svc.test/api/People", R"([{"name": "OData-Version", "value": "4.01"}])") + "]")
        << "https://svc.test" << "odata-4.01" << "/$batch";
    QTest::newRow("Graph")
        << har("[" + entry("GET", "https://graph.microsoft.com/v1.0/me") + "," +
               entry("POST", "https://graph.microsoft.com/v1.0/$batch", json, R"("{\"requests\": []}")") + "]")
        << "https://graph.microsoft.com" << "graph" << "/v1.0/$batch";
    QTest::newRow("Graph, no batch seen")
        << har("[" + entry("GET", "https://graph.microsoft.com/v1.0/me") + "]")
        << "https://graph.microsoft.com" << "graph" << "/v1.0/$batch";
    QTest::newRow("Google batch")
        << har("[" + entry("POST", "https://www.googleapis.com/batch/drive/v3", multipart, R"("--b--")") + "]")
        << "https://www.googleapis.com" << "google" << "/batch/drive/v3";
    QTest::newRow("Gmail batch")
        << har("[" + entry("POST", "https://gmail.googleapis.com/batch/gmail/v1", multipart, R"("--b--")") + "]")
        << "https://gmail.googleapis.com" << "gmail" << "/batch/gmail/v1";
    QTest::newRow("googleapis, no batch")
        << har("[" + entry("GET", "https://www.googleapis.com/drive/v3/files") + "]")
        << "https://www.googleapis.com" << "" << "";
    QTest::newRow("JSON-RPC")
        << har("[" + entry("POST", "https://rpc.test/api/rpc", json,
                           R"("{\"jsonrpc\": \"2.0\", \"method\": \"sum\", \"id\": 1}")") + "]")
        << "https://rpc.test" << "jsonrpc" << "/api/rpc";
    QTest::newRow("plain REST")
        << har("[" + entry("GET", "https://api.test/users") + "," +
               entry("POST", "https://api.test/users", json, R"("{\"name\": \"a\"}")") + "]")
        << "https://api.test" << "" << "";
}

void TestHarFilter::profileFromTraffic()
{
    QFETCH(QByteArray, data);
    QFETCH(QString, baseUrl);
    QFETCH(QString, profile);
    QFETCH(QString, batchPath);
    const HarTargetSuggestion s = suggestAll(data);
    QCOMPARE(s.baseUrl, baseUrl);
    QCOMPARE(s.profile, profile);
    QCOMPARE(s.batchPath, batchPath);
    QCOMPARE(s.reason.isEmpty(), profile.isEmpty());
}

void TestHarFilter::profileComesFromTheBaseOriginOnly()
{
    // The page's own traffic is most; the one OData batch elsewhere names another server.
    const QByteArray data = har("[" + entry("GET", "https://site.test/a") + "," + entry("GET", "https://site.test/b") +
                                "," + entry("POST", "https://svc.test/$batch") + "]");
    HarTargetSuggestion s = suggestAll(data);
    QCOMPARE(s.baseUrl, QStringLiteral("https://site.test"));
    QVERIFY(s.profile.isEmpty());
    QList<HarEntry> entries;
    const ImportResult result = HarImporter().read(data, {}, &entries);
    HarFilter filter;
    filter.hiddenHosts = {QStringLiteral("site.test")};
    s = HarTargetSuggestion::from(result.set.requests, entries, filter.select(entries));
    QCOMPARE(s.baseUrl, QStringLiteral("https://svc.test"));
    QCOMPARE(s.profile, QStringLiteral("odata-4.0")); // no JSON body, no version: the multipart one
}

void TestHarFilter::applyingASuggestion()
{
    RequestSet set;
    HarTargetSuggestion none;
    none.applyTo(&set);
    QVERIFY(!set.target);

    HarTargetSuggestion web;
    web.baseUrl = QStringLiteral("https://site.test");
    web.applyTo(&set);
    QVERIFY(set.target);
    QCOMPARE(set.target->kind, TargetSpec::Kind::Url);
    QCOMPARE(set.target->baseUrl, QStringLiteral("https://site.test"));
    QCOMPARE(set.target->profile, TargetSpec().profile); // nothing recognized: left as it was
    QCOMPARE(set.target->batchPath, TargetSpec().batchPath);

    const HarTargetSuggestion graph =
        suggestAll(har("[" + entry("POST", "https://graph.microsoft.com/beta/$batch") + "]"));
    graph.applyTo(&set);
    QCOMPARE(set.target->baseUrl, QStringLiteral("https://graph.microsoft.com"));
    QCOMPARE(set.target->profile, QStringLiteral("graph"));
    QCOMPARE(set.target->batchPath, QStringLiteral("/beta/$batch"));
}

void TestHarFilter::otherFormatsGetNoEntries()
{
    QList<HarEntry> entries{HarEntry{}};
    const ImportResult result = Interchange::importFile(capturePath(QStringLiteral("insomnia-export.har")), &entries);
    QVERIFY(result.ok());
    QCOMPARE(entries.size(), result.set.requests.size()); // a HAR still: one each
    QTemporaryDir dir;
    QFile curl(dir.filePath(QStringLiteral("call.sh")));
    QVERIFY(curl.open(QIODevice::WriteOnly));
    curl.write("curl https://api.test/users -H 'Accept: application/json'\n");
    curl.close();
    entries = {HarEntry{}};
    QVERIFY(Interchange::importFile(curl.fileName(), &entries).ok());
    QVERIFY(entries.isEmpty());
}

QTEST_GUILESS_MAIN(TestHarFilter)
#include "tst_harfilter.moc"
