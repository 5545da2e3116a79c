// SPDX-License-Identifier: BSD-3-Clause
// RetryPolicy: which failures are retried, backoff bounds for every jitter, Retry-After; the
// RetryScheduler's budget.
#include "resilience/retrypolicy.h"
#include "resilience/retryscheduler.h"

#include <QRandomGenerator>
#include <QtTest>

using namespace batchlab;
using namespace std::chrono_literals;

class TestRetryPolicy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void retriable_data();
    void retriable();
    void backoffStaysInBounds_data();
    void backoffStaysInBounds();
    void backoffNeverOverflows();
    void retryAfter_data();
    void retryAfter();
    void validation();
    void budgetRefillsAfterALiveCapacityChange();
};

void TestRetryPolicy::retriable_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("cause");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<bool>("expected");
    const auto row = [](const char *name, ErrorKind kind, ErrorKind cause, int status,
                        const char *method, bool expected) {
        QTest::newRow(name) << int(kind) << int(cause) << status << QByteArray(method) << expected;
    };
    row("network GET", ErrorKind::Network, ErrorKind::Network, 0, "GET", true);
    row("timeout GET", ErrorKind::Timeout, ErrorKind::Timeout, 0, "GET", true);
    row("503 GET", ErrorKind::Http, ErrorKind::Http, 503, "GET", true);
    row("429 PUT", ErrorKind::Http, ErrorKind::Http, 429, "PUT", true);
    row("408 DELETE", ErrorKind::Http, ErrorKind::Http, 408, "DELETE", true);
    row("404 GET", ErrorKind::Http, ErrorKind::Http, 404, "GET", false);
    row("501 GET", ErrorKind::Http, ErrorKind::Http, 501, "GET", false);
    row("503 POST", ErrorKind::Http, ErrorKind::Http, 503, "POST", false);
    row("503 PATCH", ErrorKind::Http, ErrorKind::Http, 503, "PATCH", false);
    row("batch failed by 502", ErrorKind::BatchFailed, ErrorKind::Http, 502, "GET", true);
    row("batch failed by reset", ErrorKind::BatchFailed, ErrorKind::Network, 0, "GET", true);
    row("batch unreadable", ErrorKind::BatchFailed, ErrorKind::Protocol, 200, "GET", false);
    row("protocol", ErrorKind::Protocol, ErrorKind::Protocol, 0, "GET", false);
    row("cancelled", ErrorKind::Cancelled, ErrorKind::Cancelled, 0, "GET", false);
    row("circuit open", ErrorKind::CircuitOpen, ErrorKind::CircuitOpen, 0, "GET", false);
}

void TestRetryPolicy::retriable()
{
    QFETCH(int, kind);
    QFETCH(int, cause);
    QFETCH(int, status);
    QFETCH(QByteArray, method);
    QFETCH(bool, expected);
    ApiError error;
    error.kind = ErrorKind(kind);
    error.cause = ErrorKind(cause);
    error.status = status;
    QCOMPARE(RetryPolicy().isRetriable(error, method), expected);
    RetryPolicy optIn;
    optIn.retryNonIdempotent = true;
    if (method == "POST" || method == "PATCH")
        QVERIFY(optIn.isRetriable(error, method));
}

void TestRetryPolicy::backoffStaysInBounds_data()
{
    QTest::addColumn<int>("jitter");
    QTest::newRow("none") << int(Jitter::None);
    QTest::newRow("full") << int(Jitter::Full);
    QTest::newRow("equal") << int(Jitter::Equal);
    QTest::newRow("decorrelated") << int(Jitter::Decorrelated);
}

void TestRetryPolicy::backoffStaysInBounds()
{
    QFETCH(int, jitter);
    RetryPolicy policy; // 500 ms, x2, cap 10 s
    policy.jitter = Jitter(jitter);
    QRandomGenerator random(7);
    std::chrono::milliseconds previous = policy.baseDelay;
    double sum = 0;
    for (int i = 0; i < 10000; ++i) {
        const int next = 2 + i % 8;
        const qint64 exponential = qMin<qint64>(10000, 500LL << (next - 2));
        const qint64 delay = policy.backoff(next, previous, random).count();
        switch (policy.jitter) {
        case Jitter::None:
            QCOMPARE(delay, exponential);
            break;
        case Jitter::Full:
            QVERIFY(delay >= 0 && delay <= exponential);
            break;
        case Jitter::Equal:
            QVERIFY(delay >= exponential / 2 && delay <= exponential);
            break;
        case Jitter::Decorrelated:
            QVERIFY(delay >= 500 && delay <= 10000);
            QVERIFY(delay <= qMax<qint64>(500, previous.count() * 3));
            break;
        }
        previous = std::chrono::milliseconds(delay);
        sum += double(delay);
    }
    if (policy.jitter == Jitter::Full)
        QVERIFY(sum > 0); // it does jitter, not always zero
}

void TestRetryPolicy::backoffNeverOverflows()
{
    RetryPolicy policy;
    policy.jitter = Jitter::None;
    QRandomGenerator random(1);
    QCOMPARE(policy.backoff(100000, 0ms, random), policy.maxDelay);
}

void TestRetryPolicy::retryAfter_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<qint64>("expectedMs");
    QTest::newRow("seconds") << QByteArray("7") << qint64(7000);
    QTest::newRow("zero") << QByteArray("0") << qint64(0);
    QTest::newRow("spaces") << QByteArray(" 3 ") << qint64(3000);
    QTest::newRow("http date") << QByteArray("Sun, 29 Nov 2026 12:00:30 GMT") << qint64(30000);
    QTest::newRow("past date") << QByteArray("Sun, 29 Nov 2026 11:00:00 GMT") << qint64(0);
    QTest::newRow("negative") << QByteArray("-5") << qint64(-1);
    QTest::newRow("garbage") << QByteArray("soon") << qint64(-1);
    QTest::newRow("absent") << QByteArray() << qint64(-1);
    // A hostile value overflowed seconds * 1000 (undefined behaviour); RFC 9111 caps at 2^31 s.
    QTest::newRow("huge") << QByteArray("9223372036854775807") << qint64(2147483648LL * 1000);
}

void TestRetryPolicy::retryAfter()
{
    QFETCH(QByteArray, value);
    QFETCH(qint64, expectedMs);
    const QDateTime now(QDate(2026, 11, 29), QTime(12, 0, 0), Qt::UTC);
    const auto parsed = RetryPolicy::parseRetryAfter(value, now);
    QCOMPARE(parsed ? parsed->count() : -1, expectedMs);
}

void TestRetryPolicy::validation()
{
    QVERIFY(RetryPolicy().validate().isEmpty());
    RetryPolicy zero;
    zero.maxAttempts = 0;
    QVERIFY(zero.validate().contains(QStringLiteral("maxAttempts")));
    RetryPolicy shrinking;
    shrinking.multiplier = 0.5;
    QVERIFY(!shrinking.validate().isEmpty());
}

void TestRetryPolicy::budgetRefillsAfterALiveCapacityChange()
{
    // A full bucket of 100, then the capacity raised to 500 in the settings panel: retries
    // must still be refunded by the successes that follow, or after 20 of them the origin
    // would never retry again.
    RetryScheduler scheduler;
    RetryPolicy policy;
    policy.budgetCapacity = 100;
    policy.baseDelay = 0ms;
    const QString origin = QStringLiteral("http://h");
    const ApiError error{ErrorKind::Http, ErrorKind::None, QString(), 503, {}, 0, 0};
    QVERIFY(scheduler.decide(policy, 1, 0ms, error, "GET", {}, origin).retry);
    scheduler.succeeded(policy, origin, 2, policy.retryCost);
    QCOMPARE(scheduler.budget(origin, policy), 100);
    policy.budgetCapacity = 500;
    for (int i = 0; i < 60; ++i) {
        const RetryScheduler::Decision d = scheduler.decide(policy, 1, 0ms, error, "GET", {}, origin);
        QVERIFY2(d.retry, qPrintable(QStringLiteral("retry %1 refused: %2").arg(i).arg(d.note)));
        scheduler.succeeded(policy, origin, 2, d.cost);
    }
    QCOMPARE(scheduler.budget(origin, policy), 100);
    // And a smaller capacity caps what a bucket holds.
    policy.budgetCapacity = 50;
    QVERIFY(scheduler.decide(policy, 1, 0ms, error, "GET", {}, origin).retry);
    QCOMPARE(scheduler.budget(origin, policy), 45);
}

QTEST_GUILESS_MAIN(TestRetryPolicy)
#include "tst_retrypolicy.moc"
