// SPDX-License-Identifier: BSD-3-Clause
// A request's `expect` in the request-set file: written only when used (version 4), read
// back equal, and refused with the field and line when malformed.
#include "runs/requestsetfile.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace batchlab;

namespace {

RequestSet plainSet()
{
    RequestSet set;
    set.name = QStringLiteral("checked");
    for (int i = 1; i <= 4; ++i) {
        RequestItem item;
        item.name = QStringLiteral("user %1").arg(i);
        item.url = QStringLiteral("/users/%1").arg(i);
        set.requests.append(item);
    }
    return set;
}

int versionOf(const QByteArray &text)
{
    return QJsonDocument::fromJson(text).object().value(QStringLiteral("version")).toInt();
}

/// A file whose request 3 has `expect` with `json` in its place (JSON text).
QByteArray fileWithExpect(const char *expect)
{
    RequestSet set = plainSet();
    set.requests[3].expect.status = QStringLiteral("2xx");
    QByteArray text = RequestSetFile::serialize(set);
    const QByteArray written = R"("expect": {
                "status": "2xx"
            })";
    Q_ASSERT(text.contains(written));
    return text.replace(written, QByteArray(QByteArray("\"expect\": ") + expect));
}

} // namespace

class TestExpectationJson : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTrip();
    void writtenOnlyWhenUsed();
    void malformed_data();
    void malformed();
};

void TestExpectationJson::roundTrip()
{
    RequestSet set = plainSet();
    Expectation &e = set.requests[1].expect;
    e.status = QStringLiteral("200,204");
    e.maxLatencyMs = 250;
    e.json = {{QStringLiteral("value[0].id"), JsonCheck::Op::Equals, 7},
              {QStringLiteral("$.meta"), JsonCheck::Op::Equals, QJsonObject{{QStringLiteral("a"), QJsonArray{1, true}}}},
              {QStringLiteral("name"), JsonCheck::Op::Contains, QStringLiteral("Ada")},
              {QStringLiteral("error"), JsonCheck::Op::NotExists, {}},
              {QStringLiteral("id"), JsonCheck::Op::Exists, {}}};
    set.requests[2].expect.json = {{QStringLiteral("deleted"), JsonCheck::Op::Equals, QJsonValue(QJsonValue::Null)}};
    const QByteArray text = RequestSetFile::serialize(set);
    QCOMPARE(versionOf(text), 4);
    QVERIFY(text.contains(R"("op": "notExists")"));
    RequestSet read;
    FileError error;
    QVERIFY2(RequestSetFile::parse(text, &read, &error), qPrintable(error.toString()));
    QCOMPARE(read.requests, set.requests);
    QCOMPARE(RequestSetFile::serialize(read), text);
}

void TestExpectationJson::writtenOnlyWhenUsed()
{
    const QByteArray text = RequestSetFile::serialize(plainSet());
    QCOMPARE(versionOf(text), 1);
    QVERIFY(!text.contains("expect"));
    RequestSet set = plainSet();
    set.requests[0].expect.maxLatencyMs = 100;
    QCOMPARE(versionOf(RequestSetFile::serialize(set)), 4);
}

void TestExpectationJson::malformed_data()
{
    QTest::addColumn<QByteArray>("expect");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("message");
    QTest::newRow("not an object") << QByteArray("[]") << QStringLiteral("requests[3].expect")
                                   << QStringLiteral("expected an object");
    QTest::newRow("bad status") << QByteArray(R"({"status": "2xx,abc"})") << QStringLiteral("requests[3].expect.status")
                                << QStringLiteral("\"abc\" is not a status: use a code (200), a class (2xx) or a list (200,204)");
    QTest::newRow("status not text") << QByteArray(R"({"status": 200})") << QStringLiteral("requests[3].expect.status")
                                     << QStringLiteral("expected a string");
    QTest::newRow("latency zero") << QByteArray(R"({"maxLatencyMs": 0})") << QStringLiteral("requests[3].expect.maxLatencyMs")
                                  << QStringLiteral("expected a whole number from 1 to 2147483647");
    QTest::newRow("json not array") << QByteArray(R"({"json": {}})") << QStringLiteral("requests[3].expect.json")
                                    << QStringLiteral("expected an array of {path, op, value}");
    QTest::newRow("bad path") << QByteArray(R"({"json": [{"path": "a", "op": "exists"}, {"path": "value[x]", "op": "exists"}]})")
                              << QStringLiteral("requests[3].expect.json[1].path")
                              << QStringLiteral("character 7: expected an index (0, 1, 2…) in brackets");
    QTest::newRow("no path") << QByteArray(R"({"json": [{"op": "exists"}]})")
                             << QStringLiteral("requests[3].expect.json[0].path") << QStringLiteral("missing");
    QTest::newRow("bad op") << QByteArray(R"({"json": [{"path": "a", "op": "matches"}]})")
                            << QStringLiteral("requests[3].expect.json[0].op")
                            << QStringLiteral("expected one of equals, exists, notExists, contains");
    QTest::newRow("no op") << QByteArray(R"({"json": [{"path": "a"}]})")
                           << QStringLiteral("requests[3].expect.json[0].op") << QStringLiteral("missing");
    QTest::newRow("equals without value") << QByteArray(R"({"json": [{"path": "a", "op": "equals"}]})")
                                          << QStringLiteral("requests[3].expect.json[0].value")
                                          << QStringLiteral("\"equals\" needs a JSON value");
    QTest::newRow("contains a number") << QByteArray(R"({"json": [{"path": "a", "op": "contains", "value": 3}]})")
                                       << QStringLiteral("requests[3].expect.json[0].value")
                                       << QStringLiteral("\"contains\" needs text (a JSON string)");
    QTest::newRow("exists with value") << QByteArray(R"({"json": [{"path": "a", "op": "exists", "value": 3}]})")
                                       << QStringLiteral("requests[3].expect.json[0].value")
                                       << QStringLiteral("\"exists\" takes no value");
}

void TestExpectationJson::malformed()
{
    QFETCH(QByteArray, expect);
    QFETCH(QString, field);
    QFETCH(QString, message);
    const QByteArray text = fileWithExpect(expect.constData());
    RequestSet set = plainSet();
    const RequestSet before = set;
    FileError error;
    QVERIFY(!RequestSetFile::parse(text, &set, &error));
    QCOMPARE(error.field, field);
    QCOMPARE(error.message, message);
    QCOMPARE(set.requests, before.requests);
    // The line is the one `expect` was written on (all of it on one line here).
    const QList<QByteArray> lines = text.split('\n');
    QVERIFY(error.line > 0 && error.line <= lines.size());
    QVERIFY2(lines.at(error.line - 1).contains("\"expect\""), lines.at(error.line - 1).constData());
    QVERIFY(error.toString().startsWith(QStringLiteral("%1:").arg(error.line)));
}

QTEST_GUILESS_MAIN(TestExpectationJson)
#include "tst_expectationjson.moc"
