// SPDX-License-Identifier: BSD-3-Clause
// Retries in the engine, against the sandbox over real HTTP, once per batch wire format.
#include "support/queuerig.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QtTest>

using namespace batchlab;
using namespace std::chrono_literals;

namespace {

RetryPolicy quickRetries(int attempts)
{
    RetryPolicy policy;
    policy.maxAttempts = attempts;
    policy.baseDelay = 5ms;
    policy.maxDelay = 20ms;
    return policy;
}

BatchConfig batchOf(int size)
{
    BatchConfig config;
    config.maxBatchSize = size;
    config.maxDelay = 10ms;
    return config;
}

} // namespace

class TestRetry : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data() { testformats::addRows(); }
    void init() { TESTFORMATS_USE_GLOBAL_ROW(); }
    void onlyFailedItemsTravelAgainTogether();
    void retryAfterIsWaitedFor_data();
    void retryAfterIsWaitedFor();
    void tooLongRetryAfterIsNotWaitedFor();
    void nonIdempotentCallsAreNotRetriedByDefault();
    void wholeBatchTransportFailureRetriesItsCallers();
    void attemptsCountTheFirstCall();
    void budgetStopsARetryStorm();
    void callerDeadlineStillHoldsDuringBackoff();
};

void TestRetry::onlyFailedItemsTravelAgainTogether()
{
    QueueRig rig(batchOf(40));
    rig.queue->setRetryPolicy(quickRetries(2));
    SandboxBehavior flaky;
    flaky.itemErrorRate = 0.3;
    flaky.itemErrorStatus = 503;
    flaky.seed = 4;
    rig.server.setBehavior(flaky);
    for (int i = 1; i <= 40; ++i)
        rig.get(QStringLiteral("/users/%1").arg(i));
    QVERIFY(rig.waitSettled(40));
    const auto flushed = rig.events(EventKind::Flushed);
    const auto retries = rig.events(EventKind::RetryScheduled);
    QCOMPARE(flushed.size(), size_t(2));
    QCOMPARE(flushed[0].value, 40);
    QCOMPARE(flushed[1].reason, FlushReason::Retry);
    // Exactly the failed items, all in one new batch.
    QVERIFY(!retries.empty());
    QCOMPARE(flushed[1].value, int(retries.size()));
    QCOMPARE(rig.server.counters().batchItems, qint64(40 + retries.size()));
    QCOMPARE(rig.server.counters().batchRequests, 2);
    int secondAttempts = 0;
    for (const ApiResult &result : std::as_const(rig.recorder.results)) {
        const int attempt = result.ok() ? result.response.attempt : 2;
        secondAttempts += attempt == 2;
    }
    QVERIFY(secondAttempts >= int(retries.size()) - 1);
}

void TestRetry::retryAfterIsWaitedFor_data()
{
    QTest::addColumn<bool>("wholeBatch");
    QTest::newRow("429 items in a 200 batch") << false;
    QTest::newRow("429 for the whole batch") << true;
}

void TestRetry::retryAfterIsWaitedFor()
{
    QFETCH(bool, wholeBatch);
    QueueRig rig(batchOf(10));
    rig.queue->setRetryPolicy(quickRetries(3));
    SandboxBehavior throttled;
    throttled.retryAfterSeconds = 1;
    if (wholeBatch) {
        throttled.batchFailureRate = 1.0;
        throttled.batchFailureStatus = 429;
    } else {
        throttled.throttleRate = 1.0;
    }
    rig.server.setBehavior(throttled);
    for (int i = 1; i <= 5; ++i)
        rig.get(QStringLiteral("/users/%1").arg(i));
    QVERIFY(waitUntil([&] { return rig.server.counters().httpRequests >= 1; }, 2000));
    rig.server.setBehavior(SandboxBehavior()); // the server recovers at once
    QVERIFY(rig.waitSettled(5, 5000));
    for (const ApiResult &result : std::as_const(rig.recorder.results)) {
        QVERIFY2(result.ok(), qPrintable(result.error.toString()));
        QCOMPARE(result.response.attempt, 2);
    }
    const auto answered = rig.events(EventKind::Answered);
    const auto flushed = rig.events(EventKind::Flushed);
    QCOMPARE(flushed.size(), size_t(2));
    const qint64 waitedMs = (flushed[1].time - answered[0].time) / 1000000;
    QVERIFY2(waitedMs >= 990 && waitedMs < 1500, qPrintable(QString::number(waitedMs)));
}

void TestRetry::tooLongRetryAfterIsNotWaitedFor()
{
    QueueRig rig(batchOf(10));
    RetryPolicy policy = quickRetries(3);
    policy.maxRetryAfter = 2s;
    rig.queue->setRetryPolicy(policy);
    SandboxBehavior throttled;
    throttled.throttleRate = 1.0;
    throttled.retryAfterSeconds = 30;
    rig.server.setBehavior(throttled);
    const quint64 id = rig.get(QStringLiteral("/users/1"));
    QVERIFY(rig.waitSettled(1, 2000));
    QCOMPARE(rig.result(id).error.status, 429);
    QCOMPARE(rig.telemetry.counters().retriesExhausted, 1);
}

void TestRetry::nonIdempotentCallsAreNotRetriedByDefault()
{
    QueueRig rig(batchOf(10));
    rig.queue->setRetryPolicy(quickRetries(3));
    SandboxBehavior failing;
    failing.itemErrorRate = 1.0;
    rig.server.setBehavior(failing);
    const auto post = [&rig](const CallOptions &options) {
        return rig.queue->enqueue(
            RequestSpec{"POST", rig.url(QStringLiteral("/echo")), {}, "{}", {}},
            rig.recorder.completion(), options);
    };
    const quint64 plainPost = post({});
    QVERIFY(rig.waitSettled(1));
    QCOMPARE(rig.result(plainPost).error.status, 500);
    QCOMPARE(rig.server.counters().batchItems, 1);

    CallOptions optIn;
    auto policy = std::make_shared<RetryPolicy>(quickRetries(3));
    policy->retryNonIdempotent = true;
    optIn.retry = policy;
    const quint64 retriedPost = post(optIn);
    QVERIFY(rig.waitSettled(2));
    QCOMPARE(rig.result(retriedPost).error.status, 500);
    QCOMPARE(rig.server.counters().batchItems, 1 + 3);
}

void TestRetry::wholeBatchTransportFailureRetriesItsCallers()
{
    QueueRig rig(batchOf(10));
    rig.queue->setRetryPolicy(quickRetries(2));
    SandboxBehavior dropping;
    dropping.dropRate = 1.0;
    rig.server.setBehavior(dropping);
    for (int i = 1; i <= 4; ++i)
        rig.get(QStringLiteral("/users/%1").arg(i));
    QVERIFY(waitUntil([&] { return rig.telemetry.counters().retries == 4; }, 3000));
    rig.server.setBehavior(SandboxBehavior());
    QVERIFY(rig.waitSettled(4));
    for (const ApiResult &result : std::as_const(rig.recorder.results))
        QVERIFY2(result.ok(), qPrintable(result.error.toString()));
    const auto flushed = rig.events(EventKind::Flushed);
    QCOMPARE(flushed.size(), size_t(2));
    QCOMPARE(flushed[1].value, 4);
}

void TestRetry::attemptsCountTheFirstCall()
{
    QueueRig rig(batchOf(10));
    rig.queue->setRetryPolicy(quickRetries(3));
    const quint64 id = rig.get(QStringLiteral("/status/503"));
    QVERIFY(rig.waitSettled(1));
    QCOMPARE(rig.result(id).error.status, 503);
    QCOMPARE(rig.server.counters().batchItems, 3); // three attempts in all, not four
    QCOMPARE(rig.telemetry.counters().retries, 2);
    QCOMPARE(rig.telemetry.counters().retriesExhausted, 1);
}

void TestRetry::budgetStopsARetryStorm()
{
    // An outage: every batch fails. Count what reaches the server with and without a budget.
    const auto itemsDuringOutage = [](bool useBudget) {
        QueueRig rig(batchOf(10));
        RetryPolicy policy = quickRetries(5);
        policy.useBudget = useBudget;
        policy.budgetCapacity = 50; // ten retries of cost 5
        rig.queue->setRetryPolicy(policy);
        SandboxBehavior outage;
        outage.batchFailureRate = 1.0;
        outage.batchFailureStatus = 503;
        rig.server.setBehavior(outage);
        for (int i = 1; i <= 100; ++i)
            rig.get(QStringLiteral("/users/%1").arg(i));
        if (!rig.waitSettled(100, 10000))
            return qint64(-1);
        return rig.server.counters().batchItems;
    };
    const qint64 without = itemsDuringOutage(false);
    const qint64 with = itemsDuringOutage(true);
    qInfo() << "items the server received during the outage: without budget" << without << "with"
            << with;
    QCOMPARE(without, 500); // 100 calls x 5 attempts
    QCOMPARE(with, 110); // 100 first attempts + 10 retries the budget allowed
}

void TestRetry::callerDeadlineStillHoldsDuringBackoff()
{
    QueueRig rig(batchOf(10));
    RetryPolicy slow = quickRetries(3);
    slow.baseDelay = 2s;
    slow.maxDelay = 5s;
    slow.jitter = Jitter::None;
    rig.queue->setRetryPolicy(slow);
    CallOptions options;
    options.timeout = 300ms;
    const quint64 id = rig.get(QStringLiteral("/status/500"), options);
    QVERIFY(rig.waitSettled(1, 2000));
    QCOMPARE(rig.result(id).error.kind, ErrorKind::Timeout);
    QCOMPARE(rig.queue->waitingRetries(), 0);
    QCOMPARE(rig.queue->pendingCalls(), 0);
}

QTEST_GUILESS_MAIN(TestRetry)
#include "tst_retry.moc"
