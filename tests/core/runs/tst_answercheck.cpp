// SPDX-License-Identifier: BSD-3-Clause
// AnswerCheck, JsonPath and Expectation: a request's expectations checked on answers.
#include "runs/answercheck.h"
#include "runs/expectation.h"
#include "runs/jsonpath.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

Q_DECLARE_METATYPE(batchlab::JsonCheck)

using namespace batchlab;

namespace {

const QByteArray kBody = R"({"value": [{"id": 7, "name": "Ada Lovelace", "tags": ["a", "b"]},
                                       {"id": 8, "name": null}],
                             "count": 2, "ok": true, "nested": {"deep": {"x": 1.5}}})";

ApiResult answer(int status, const QByteArray &body)
{
    ApiResult result;
    result.response.status = status;
    result.response.body = body;
    return result;
}

ApiResult httpError(int status, const QByteArray &body)
{
    ApiResult result;
    result.error.kind = ErrorKind::Http;
    result.error.status = status;
    result.error.body = body;
    return result;
}

JsonCheck check(const char *path, JsonCheck::Op op, QJsonValue value = QJsonValue(QJsonValue::Undefined))
{
    return {QLatin1String(path), op, value};
}

Expectation expectJson(const JsonCheck &c)
{
    Expectation e;
    e.json = {c};
    return e;
}

} // namespace

class TestAnswerCheck : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void pathFinds_data();
    void pathFinds();
    void pathRefusesMalformed_data();
    void pathRefusesMalformed();
    void operators_data();
    void operators();
    void brokenChecksSayWhatWasFound();
    void statusCodesClassesAndLists_data();
    void statusCodesClassesAndLists();
    void statusOfAFailedCallIsItsErrorsAndNoAnswerBreaksIt();
    void latencyBound();
    void notJsonBreaksJsonChecks();
    void emptyExpectationChecksNothing();
    void problemsOfChecks();
};

void TestAnswerCheck::pathFinds_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QJsonValue>("expected"); // undefined = nothing found

    const QJsonValue none(QJsonValue::Undefined);
    QTest::newRow("member") << QStringLiteral("count") << QJsonValue(2);
    QTest::newRow("index then member") << QStringLiteral("value[0].id") << QJsonValue(7);
    QTest::newRow("dollar-dot") << QStringLiteral("$.value[1].id") << QJsonValue(8);
    QTest::newRow("nested") << QStringLiteral("nested.deep.x") << QJsonValue(1.5);
    QTest::newRow("two indexes") << QStringLiteral("value[0].tags[1]") << QJsonValue(QStringLiteral("b"));
    QTest::newRow("null is found") << QStringLiteral("value[1].name") << QJsonValue(QJsonValue::Null);
    QTest::newRow("past the end") << QStringLiteral("value[2].id") << none;
    QTest::newRow("missing member") << QStringLiteral("value[0].email") << none;
    QTest::newRow("index into object") << QStringLiteral("nested[0]") << none;
    QTest::newRow("member of array") << QStringLiteral("value.id") << none;
    QTest::newRow("member of scalar") << QStringLiteral("count.x") << none;
}

void TestAnswerCheck::pathFinds()
{
    QFETCH(QString, path);
    QFETCH(QJsonValue, expected);
    QString error;
    const JsonPath parsed = JsonPath::parse(path, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const std::optional<QJsonValue> found = parsed.find(QJsonDocument::fromJson(kBody).object());
    if (expected.isUndefined()) {
        QVERIFY(!found);
    } else {
        QVERIFY(found);
        QCOMPARE(*found, expected);
    }
    // The root of an array document.
    const QJsonArray array{1, 2, 3};
    QCOMPARE(*JsonPath::parse(QStringLiteral("$[2]")).find(array), QJsonValue(3));
    QCOMPARE(*JsonPath::parse(QStringLiteral("$")).find(array), QJsonValue(array));
    QVERIFY(JsonPath::parse(QString()).isRoot());
}

void TestAnswerCheck::pathRefusesMalformed_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("reason");
    QTest::newRow("unclosed") << QStringLiteral("value[0") << QStringLiteral("character 6: \"[\" is not closed");
    QTest::newRow("not a number") << QStringLiteral("value[x]") << QStringLiteral("character 7: expected an index");
    QTest::newRow("negative") << QStringLiteral("value[-1]") << QStringLiteral("character 7: expected an index");
    QTest::newRow("empty index") << QStringLiteral("value[]") << QStringLiteral("character 7: expected an index");
    QTest::newRow("double dot") << QStringLiteral("a..b") << QStringLiteral("character 3: expected a name before");
    QTest::newRow("trailing dot") << QStringLiteral("a.") << QStringLiteral("character 2: expected a name after");
    QTest::newRow("leading dot") << QStringLiteral(".a") << QStringLiteral("character 1: expected a name before");
    QTest::newRow("stray bracket") << QStringLiteral("a]") << QStringLiteral("character 2: \"]\" without \"[\"");
    QTest::newRow("after bracket") << QStringLiteral("a[0]b") << QStringLiteral("character 5: expected \".\" or \"[\"");
    QTest::newRow("dollar then name") << QStringLiteral("$a") << QStringLiteral("character 2: expected \".\" or \"[\"");
}

void TestAnswerCheck::pathRefusesMalformed()
{
    QFETCH(QString, path);
    QFETCH(QString, reason);
    QString error;
    const JsonPath parsed = JsonPath::parse(path, &error);
    QVERIFY2(error.startsWith(reason), qPrintable(error));
    QVERIFY(parsed.isRoot());
}

void TestAnswerCheck::operators_data()
{
    QTest::addColumn<JsonCheck>("check");
    QTest::addColumn<bool>("passes");
    using Op = JsonCheck::Op;
    QTest::newRow("equals number") << check("value[0].id", Op::Equals, 7) << true;
    QTest::newRow("equals 7.0") << check("value[0].id", Op::Equals, 7.0) << true;
    QTest::newRow("equals wrong number") << check("value[0].id", Op::Equals, 8) << false;
    QTest::newRow("equals string vs number") << check("value[0].id", Op::Equals, QStringLiteral("7")) << false;
    QTest::newRow("equals string") << check("value[0].name", Op::Equals, QStringLiteral("Ada Lovelace")) << true;
    QTest::newRow("equals bool") << check("ok", Op::Equals, true) << true;
    QTest::newRow("equals null") << check("value[1].name", Op::Equals, QJsonValue(QJsonValue::Null)) << true;
    QTest::newRow("equals array") << check("value[0].tags", Op::Equals, QJsonArray{QStringLiteral("a"), QStringLiteral("b")}) << true;
    QTest::newRow("equals object") << check("nested.deep", Op::Equals, QJsonObject{{QStringLiteral("x"), 1.5}}) << true;
    QTest::newRow("equals missing") << check("value[5].id", Op::Equals, 7) << false;
    QTest::newRow("exists") << check("count", Op::Exists) << true;
    QTest::newRow("exists null") << check("value[1].name", Op::Exists) << true;
    QTest::newRow("exists missing") << check("value[0].email", Op::Exists) << false;
    QTest::newRow("not exists missing") << check("value[0].email", Op::NotExists) << true;
    QTest::newRow("not exists present") << check("count", Op::NotExists) << false;
    QTest::newRow("contains") << check("value[0].name", Op::Contains, QStringLiteral("Love")) << true;
    QTest::newRow("contains is case-sensitive") << check("value[0].name", Op::Contains, QStringLiteral("love")) << false;
    QTest::newRow("contains on a number") << check("value[0].id", Op::Contains, QStringLiteral("7")) << false;
    QTest::newRow("contains on missing") << check("value[3].name", Op::Contains, QStringLiteral("A")) << false;
}

void TestAnswerCheck::operators()
{
    QFETCH(JsonCheck, check);
    QFETCH(bool, passes);
    QVERIFY2(check.problem().isEmpty(), qPrintable(check.problem()));
    const AnswerCheck checker(expectJson(check));
    QCOMPARE(checker.count(), 1);
    int checked = 0;
    const std::vector<CheckResult> all = checker.check(answer(200, kBody), 3, true, &checked);
    QCOMPARE(checked, 1);
    QCOMPARE(all.size(), size_t(1));
    QCOMPARE(all.front().passed, passes);
    QCOMPARE(all.front().check, check.toString());
    // Without `all`, only the broken ones.
    QCOMPARE(checker.check(answer(200, kBody), 3).size(), size_t(passes ? 0 : 1));
}

void TestAnswerCheck::brokenChecksSayWhatWasFound()
{
    using Op = JsonCheck::Op;
    Expectation e;
    e.status = QStringLiteral("2xx");
    e.json = {check("value[0].id", Op::Equals, 8), check("count", Op::NotExists),
              check("value[0].name", Op::Contains, QStringLiteral("Hopper")), check("$.missing", Op::Exists)};
    e.maxLatencyMs = 250;
    const AnswerCheck checker(e);
    QCOMPARE(checker.count(), 6);
    const std::vector<CheckResult> broken = checker.check(httpError(404, kBody), 312);
    QStringList texts;
    for (const CheckResult &r : broken)
        texts.append(r.toString());
    QCOMPARE(texts, QStringList({QStringLiteral("expected status 2xx, got 404"),
                                 QStringLiteral("value[0].id: expected 8, got 7"),
                                 QStringLiteral("count: expected no value, found 2"),
                                 QStringLiteral("value[0].name: expected text containing \"Hopper\", got \"Ada Lovelace\""),
                                 QStringLiteral("$.missing: expected a value, found none"),
                                 QStringLiteral("took 312 ms, bound 250 ms")}));
}

void TestAnswerCheck::statusCodesClassesAndLists_data()
{
    QTest::addColumn<QString>("status");
    QTest::addColumn<int>("code");
    QTest::addColumn<bool>("passes");
    QTest::newRow("code") << QStringLiteral("200") << 200 << true;
    QTest::newRow("other code") << QStringLiteral("200") << 201 << false;
    QTest::newRow("class") << QStringLiteral("2xx") << 204 << true;
    QTest::newRow("class upper") << QStringLiteral("2XX") << 299 << true;
    QTest::newRow("class misses") << QStringLiteral("2xx") << 301 << false;
    QTest::newRow("4xx") << QStringLiteral("4xx") << 404 << true;
    QTest::newRow("list") << QStringLiteral("200,204") << 204 << true;
    QTest::newRow("list misses") << QStringLiteral("200, 204") << 201 << false;
    QTest::newRow("list of both") << QStringLiteral("2xx, 304") << 304 << true;
}

void TestAnswerCheck::statusCodesClassesAndLists()
{
    QFETCH(QString, status);
    QFETCH(int, code);
    QFETCH(bool, passes);
    QVERIFY(Expectation::statusProblem(status).isEmpty());
    Expectation e;
    e.status = status;
    const std::vector<CheckResult> results = AnswerCheck(e).check(answer(code, {}), 1, true);
    QCOMPARE(results.size(), size_t(1));
    QCOMPARE(results.front().passed, passes);
}

void TestAnswerCheck::statusOfAFailedCallIsItsErrorsAndNoAnswerBreaksIt()
{
    Expectation e;
    e.status = QStringLiteral("4xx");
    QVERIFY(AnswerCheck(e).check(httpError(404, {}), 1).empty());
    ApiResult refused;
    refused.error.kind = ErrorKind::CircuitOpen;
    const std::vector<CheckResult> broken = AnswerCheck(e).check(refused, 0);
    QCOMPARE(broken.size(), size_t(1));
    QCOMPARE(broken.front().toString(), QStringLiteral("expected status 4xx, got no answer (circuit-open)"));
}

void TestAnswerCheck::latencyBound()
{
    Expectation e;
    e.maxLatencyMs = 100;
    const AnswerCheck checker(e);
    QVERIFY(checker.check(answer(200, {}), 99).empty());
    QCOMPARE(checker.check(answer(200, {}), 100).size(), size_t(1)); // below the bound, not at it
    int checked = -1;
    QVERIFY(checker.check(answer(200, {}), -1, true, &checked).empty()); // unknown: not checked
    QCOMPARE(checked, 0);
}

void TestAnswerCheck::notJsonBreaksJsonChecks()
{
    const AnswerCheck checker(expectJson(check("id", JsonCheck::Op::NotExists)));
    std::vector<CheckResult> broken = checker.check(answer(200, "<html>"), 1);
    QCOMPARE(broken.size(), size_t(1));
    QCOMPARE(broken.front().toString(), QStringLiteral("id: the answer is not JSON"));
    broken = checker.check(answer(204, {}), 1);
    QCOMPARE(broken.front().toString(), QStringLiteral("id: the answer has no body"));
}

void TestAnswerCheck::emptyExpectationChecksNothing()
{
    const Expectation e;
    QVERIFY(e.isEmpty());
    const AnswerCheck checker(e);
    QVERIFY(checker.isEmpty());
    int checked = -1;
    QVERIFY(checker.check(httpError(500, "x"), 99999, true, &checked).empty());
    QCOMPARE(checked, 0);
}

void TestAnswerCheck::problemsOfChecks()
{
    QCOMPARE(Expectation::statusProblem(QStringLiteral("2xx,abc")),
             QStringLiteral("\"abc\" is not a status: use a code (200), a class (2xx) or a list (200,204)"));
    QVERIFY(!Expectation::statusProblem(QStringLiteral("600")).isEmpty());
    QVERIFY(!Expectation::statusProblem(QStringLiteral("2x")).isEmpty());
    QVERIFY(!Expectation::statusProblem(QStringLiteral("200,")).isEmpty());
    QVERIFY(check("a[", JsonCheck::Op::Exists).problem().startsWith(QStringLiteral("path: character 2")));
    QCOMPARE(check("a", JsonCheck::Op::Equals).problem(), QStringLiteral("value: \"equals\" needs a JSON value"));
    QCOMPARE(check("a", JsonCheck::Op::Contains, 3).problem(),
             QStringLiteral("value: \"contains\" needs text (a JSON string)"));
    // A check with a problem checks nothing rather than breaking every answer.
    Expectation e;
    e.json = {check("a[", JsonCheck::Op::Exists), check("count", JsonCheck::Op::Exists)};
    QCOMPARE(AnswerCheck(e).count(), 1);
}

QTEST_GUILESS_MAIN(TestAnswerCheck)
#include "tst_answercheck.moc"
