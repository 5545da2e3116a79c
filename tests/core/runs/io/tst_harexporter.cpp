// SPDX-License-Identifier: BSD-3-Clause
// HarExporter: what it writes meets Chrome's HAR import conditions (interchange.md 1(b)) and
// comes back through HarImporter as the set it was, for every sample set and for seeded random
// ones; credentials stay out unless asked for. har-validator checks the same exports from
// node (tests/interop/harvalidator/validate.sh runs writeExportsForValidator).

#include "runs/io/harexporter.h"
#include "runs/io/harimporter.h"
#include "runs/io/interchange.h"
#include "runs/requestsetfile.h"
#include "types/urljoin.h"
#include "support/harchecks.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSet>
#include <QtTest>

using namespace batchlab;

namespace {

QList<QPair<QString, RequestSet>> sampleSets()
{
    QList<QPair<QString, RequestSet>> sets;
    const QDir dir(QStringLiteral(BATCHLAB_SOURCE "/resources/sets"));
    for (const QString &name : dir.entryList({QStringLiteral("*.batchlab.json")}, QDir::Files, QDir::Name)) {
        RequestSet set;
        FileError error;
        if (!RequestSetFile::load(dir.filePath(name), &set, &error))
            qFatal("%s", qPrintable(error.toString()));
        sets.append({name, set});
    }
    return sets;
}

/// Up to `maxLength` characters of `alphabet`, whole code points (the emoji is two UTF-16 units).
QString randomText(QRandomGenerator &random, int maxLength, const QString &alphabet)
{
    const QList<uint> points = alphabet.toUcs4();
    QString s;
    const int length = int(random.bounded(maxLength + 1));
    for (int i = 0; i < length; ++i) {
        const char32_t point = points.at(int(random.bounded(points.size())));
        s += QString::fromUcs4(&point, 1);
    }
    return s;
}

/// A set of requests to absolute URLs (with queries, {{variables}}, non-ASCII), with headers
/// that are neither hop-by-hop nor credentials, bodies of any text, and offsets or none.
RequestSet randomSet(quint32 seed)
{
    QRandomGenerator random(seed);
    const QString word = QStringLiteral("abcxyzAZ019-_.~");
    const QString anything = QStringLiteral("abc xyz{}[]\"\\/:,;=&?%+#\n\té€😀<>'");
    static const QStringList methods{QStringLiteral("GET"), QStringLiteral("POST"), QStringLiteral("PUT"),
                                     QStringLiteral("PATCH"), QStringLiteral("DELETE"), QStringLiteral("OPTIONS")};
    RequestSet set;
    set.name = QStringLiteral("random %1").arg(seed);
    const bool timed = random.bounded(2) == 1;
    const int count = 1 + int(random.bounded(12));
    for (int i = 0; i < count; ++i) {
        RequestItem item;
        item.method = methods.at(int(random.bounded(methods.size())));
        item.name = randomText(random, 12, anything);
        const QString host = QStringLiteral("h%1.example").arg(random.bounded(3));
        QString path = QStringLiteral("/") + randomText(random, 8, word) + QStringLiteral("/ü");
        if (random.bounded(3) == 0)
            path += QStringLiteral("/{{id}}");
        item.url = QStringLiteral("https://") + host + (random.bounded(2) ? QStringLiteral(":8443") : QString()) + path;
        if (random.bounded(2))
            item.url += QStringLiteral("?a=") + randomText(random, 5, word) + QStringLiteral("&b=%20x");
        const int headers = int(random.bounded(4));
        for (int h = 0; h < headers; ++h)
            item.headers.append({QStringLiteral("X-H") + randomText(random, 4, QStringLiteral("abc")),
                                 randomText(random, 10, word + u' ')});
        if (random.bounded(2)) {
            item.body = randomText(random, 40, anything);
            if (!item.body.isEmpty() && random.bounded(2))
                item.headers.append({QStringLiteral("Content-Type"), QStringLiteral("application/json")});
        }
        if (timed)
            item.atMs = i == 0 ? 0 : qint64(random.bounded(100000));
        set.requests.append(item);
    }
    return set;
}

QByteArray exported(const RequestSet &set, bool secrets = true)
{
    ExportOptions options;
    options.includeSecrets = secrets;
    QString error;
    const QByteArray data = HarExporter().write(set, options, &error);
    if (data.isEmpty())
        qWarning("%s", qPrintable(error));
    return data;
}

/// What HAR keeps of a set: the calls, their names and offsets, their URLs made absolute.
void compareRoundTrip(const RequestSet &set, const RequestSet &back)
{
    QCOMPARE(back.requests.size(), set.requests.size());
    const QUrl base = HarExporter::baseUrlOf(set);
    // Entries all at one instant carry no timing: offsets come back only where they differ.
    QSet<qint64> times;
    for (const RequestItem &item : set.requests)
        times.insert(item.atMs.value_or(0));
    const bool timed = times.size() > 1;
    for (qsizetype i = 0; i < set.requests.size(); ++i) {
        const RequestItem &a = set.requests.at(i);
        const RequestItem &b = back.requests.at(i);
        QCOMPARE(b.method, a.method.toUpper());
        QCOMPARE(QUrl(b.url), joinUrl(base, a.url));
        QCOMPARE(b.headers, a.headers);
        QCOMPARE(b.body, a.body);
        QCOMPARE(b.name, a.name.isEmpty() ? b.name : a.name);
        QCOMPARE(b.atMs, timed ? std::optional<qint64>(a.atMs.value_or(0)) : std::nullopt);
    }
}

} // namespace

class TestHarExporter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void isChosenByFormat();
    void samplesRoundTrip();
    void randomSetsRoundTrip();
    void meetsChromeImportConditions();
    void chromeRulesCatchWhatTheyShould();
    void secretsAreLeftOutByDefault();
    void formsCarryTextAndParams();
    void aUrlThatCannotBeAbsoluteIsRefused();
    void writeExportsForValidator();
};

void TestHarExporter::isChosenByFormat()
{
    const Exporter *exporter = Interchange::exporter(QStringLiteral("har"));
    QVERIFY(exporter);
    QCOMPARE(exporter->suffix(), QStringLiteral(".har"));
}

void TestHarExporter::samplesRoundTrip()
{
    const auto sets = sampleSets();
    QVERIFY(sets.size() >= 5);
    for (const auto &[name, set] : sets) {
        const QByteArray data = exported(set);
        QVERIFY2(!data.isEmpty(), qPrintable(name));
        QCOMPARE(Interchange::importerFor(data)->format(), QStringLiteral("har"));
        const ImportResult back = HarImporter().read(data, name);
        QVERIFY2(back.ok(), qPrintable(back.error.toString()));
        QVERIFY(back.skipped.isEmpty());
        compareRoundTrip(set, back.set);
        if (QTest::currentTestFailed())
            qWarning("in %s", qPrintable(name));
    }
}

void TestHarExporter::randomSetsRoundTrip()
{
    for (quint32 seed = 1; seed <= 300; ++seed) {
        const RequestSet set = randomSet(seed);
        const QByteArray data = exported(set);
        QVERIFY(!data.isEmpty());
        const ImportResult back = HarImporter().read(data, {});
        QVERIFY2(back.ok(), qPrintable(back.error.toString()));
        compareRoundTrip(set, back.set);
        if (QTest::currentTestFailed()) {
            qWarning("seed %u", seed);
            return;
        }
    }
}

void TestHarExporter::meetsChromeImportConditions()
{
    QList<RequestSet> sets;
    for (const auto &named : sampleSets())
        sets.append(named.second);
    for (quint32 seed = 1; seed <= 50; ++seed)
        sets.append(randomSet(seed));
    for (const RequestSet &set : std::as_const(sets)) {
        const QStringList problems = chromeRefusals(exported(set, false));
        QVERIFY2(problems.isEmpty(), qPrintable(set.name + QStringLiteral(": ") + problems.join(u'\n')));
    }
}

void TestHarExporter::chromeRulesCatchWhatTheyShould()
{
    // The check itself can fail: a Firefox cached entry's gaps and a body without text.
    const QByteArray firefoxLike = R"({"log": {"creator": {}, "pages": [{"startedDateTime": "2024-01-01T00:00:00.000Z",
        "id": "p", "title": "", "pageTimings": {}}], "entries": [{"startedDateTime": "2024-01-01T00:00:00.000Z", "time": 1,
        "request": {"headersSize": -1, "bodySize": 0, "postData": {"mimeType": "a/b", "params": []}},
        "response": {"status": 200, "bodySize": 0, "content": {}}, "timings": {}}]}})";
    const QStringList problems = chromeRefusals(firefoxLike);
    QVERIFY(problems.contains(QStringLiteral("entries[0].response.headersSize: Casting to number results in NaN")));
    QVERIFY(problems.contains(QStringLiteral("entries[0].content.size: Casting to number results in NaN")));
    QVERIFY(problems.contains(QStringLiteral("entries[0].timings.send: Casting to number results in NaN")));
    QVERIFY(problems.contains(QStringLiteral("entries[0].request.postData.text: missing, shown as \"undefined\"")));
    QCOMPARE(problems.size(), 6);
}

void TestHarExporter::secretsAreLeftOutByDefault()
{
    RequestSet set;
    set.variables = {{QStringLiteral("token"), QStringLiteral("s3cr3t"), true}, {QStringLiteral("id"), QStringLiteral("7"), false}};
    RequestItem item;
    item.url = QStringLiteral("https://a.example/users/{{id}}");
    item.headers = {{QStringLiteral("Authorization"), QStringLiteral("Bearer {{token}}")},
                    {QStringLiteral("Cookie"), QStringLiteral("sid=1")},
                    {QStringLiteral("X-Api-Key"), QStringLiteral("k-123")},
                    {QStringLiteral("X-Request-Token"), QStringLiteral("t-1")},
                    {QStringLiteral("Accept"), QStringLiteral("application/json")},
                    {QStringLiteral("X-Echo"), QStringLiteral("{{token}}")}};
    set.requests.append(item);

    ExportOptions options;
    options.resolveVariables = true;
    QString error;
    const QByteArray sanitized = HarExporter().write(set, options, &error);
    QVERIFY(!sanitized.isEmpty());
    for (const char *secret : {"s3cr3t", "Authorization", "Cookie", "k-123", "t-1"})
        QVERIFY2(!sanitized.contains(secret), secret);
    const RequestItem back = HarImporter().read(sanitized, {}).set.requests.value(0);
    QCOMPARE(back.url, QStringLiteral("https://a.example/users/7"));
    QCOMPARE(back.headers, (QList<QPair<QString, QString>>{{QStringLiteral("Accept"), QStringLiteral("application/json")},
                                                            {QStringLiteral("X-Echo"), QStringLiteral("{{token}}")}}));

    options.includeSecrets = true;
    const QByteArray full = HarExporter().write(set, options, &error);
    const RequestItem all = HarImporter().read(full, {}).set.requests.value(0);
    QCOMPARE(all.headers.size(), 6);
    QCOMPARE(all.headers.at(0).second, QStringLiteral("Bearer s3cr3t"));
}

void TestHarExporter::formsCarryTextAndParams()
{
    RequestSet set;
    RequestItem item;
    item.method = QStringLiteral("POST");
    item.url = QStringLiteral("https://a.example/form");
    item.headers = {{QStringLiteral("Content-Type"), QStringLiteral("application/x-www-form-urlencoded")}};
    item.body = QStringLiteral("a+b=c%26d&e=");
    set.requests.append(item);
    const QJsonObject post = QJsonDocument::fromJson(exported(set)).object()[QStringLiteral("log")][QStringLiteral("entries")][0]
                                 [QStringLiteral("request")][QStringLiteral("postData")].toObject();
    QCOMPARE(post.value(QStringLiteral("text")).toString(), item.body);
    QCOMPARE(post.value(QStringLiteral("mimeType")).toString(), QStringLiteral("application/x-www-form-urlencoded"));
    const QJsonArray params = post.value(QStringLiteral("params")).toArray();
    QCOMPARE(params.size(), 2);
    QCOMPARE(params.at(0).toObject().value(QStringLiteral("name")).toString(), QStringLiteral("a b"));
    QCOMPARE(params.at(0).toObject().value(QStringLiteral("value")).toString(), QStringLiteral("c&d"));
}

void TestHarExporter::aUrlThatCannotBeAbsoluteIsRefused()
{
    RequestSet set;
    RequestItem item;
    item.name = QStringLiteral("odd");
    item.url = QStringLiteral("ftp://files.example/x");
    set.requests.append(item);
    QString error;
    QVERIFY(HarExporter().write(set, {}, &error).isEmpty());
    QVERIFY2(error.contains(QStringLiteral("request 1 (\"odd\")")), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("HTTP")), qPrintable(error));
}

void TestHarExporter::writeExportsForValidator()
{
    const QString out = qEnvironmentVariable("BATCHLAB_HAR_OUT");
    if (out.isEmpty())
        QSKIP("BATCHLAB_HAR_OUT not set: run by tests/interop/harvalidator/validate.sh");
    const auto write = [&](const QString &name, const QByteArray &data) {
        QFile file(QDir(out).filePath(name));
        QVERIFY(file.open(QIODevice::WriteOnly));
        QCOMPARE(file.write(data), data.size());
    };
    for (const auto &[name, set] : sampleSets()) {
        write(name + QStringLiteral(".har"), exported(set, false));
        write(name + QStringLiteral(".secrets.har"), exported(set, true));
    }
    for (quint32 seed = 1; seed <= 50; ++seed)
        write(QStringLiteral("random-%1.har").arg(seed), exported(randomSet(seed)));
}

QTEST_GUILESS_MAIN(TestHarExporter)
#include "tst_harexporter.moc"
