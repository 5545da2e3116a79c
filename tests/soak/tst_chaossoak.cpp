// SPDX-License-Identifier: BSD-3-Clause
// The chaos soak: many calls through ApiClient against the sandbox over loopback, with every
// fault of the sandbox mixed and both the faults and the client's settings (the wire format
// included) changed live at random points. Whatever happens, every call settles exactly once,
// what telemetry counted agrees with what the callers saw, and nothing stays behind in the
// queue. Under the asan preset the same run also proves that nothing leaks.
//
//   BATCHLAB_SOAK_CALLS  how many calls (default 20 000, about 10 s; the asan preset sets 100 000)
//   BATCHLAB_SOAK_SEED   the seed of every draw (default: a new one, printed, to replay a run)
#include "client/apiclient.h"
#include "engine/requestqueue.h"
#include "sandbox/sandboxserver.h"
#include "soak/chaosplan.h"
#include "support/testwait.h"
#include "telemetry/telemetry.h"

#include <QElapsedTimer>
#include <QtTest>

#include <array>
#include <vector>

using namespace batchlab;
using namespace std::chrono_literals;

namespace {

constexpr int kDefaultCalls = 20000;
/// At most this many calls unsettled at once; the driver waits for the rest to catch up.
constexpr int kMostOutstanding = 1500;
/// Every call settles at most chaos::kLongestDeadline after it was made; this leaves room for
/// a machine slowed down by sanitizers and other work.
constexpr int kSettleWithinMs = int(chaos::kLongestDeadline.count()) * 10;

int soakCalls()
{
    bool ok = false;
    const int calls = qEnvironmentVariableIntValue("BATCHLAB_SOAK_CALLS", &ok);
    return ok && calls > 0 ? calls : kDefaultCalls;
}

quint64 soakSeed()
{
    bool ok = false;
    const quint64 seed = qEnvironmentVariable("BATCHLAB_SOAK_SEED").toULongLong(&ok);
    return ok ? seed : QRandomGenerator::global()->generate64();
}

/// Settings to start from: short deadlines and backoffs, as every config drawn later has.
ClientConfig startingConfig()
{
    ClientConfig config;
    config.batch.maxBatchSize = 20;
    config.batch.maxDelay = 5ms;
    config.batch.timeout = 2000ms;
    config.batch.attemptTimeout = 800ms;
    config.retry.baseDelay = 5ms;
    config.retry.maxDelay = 100ms;
    config.retry.maxRetryAfter = 1000ms;
    config.breaker.window = 500ms;
    config.breaker.openDuration = 50ms;
    config.breaker.maxOpenDuration = 500ms;
    config.breaker.probeTimeout = 500ms;
    config.breaker.maxPause = 1000ms;
    config.cache.defaultTtl = 300ms;
    return config;
}

/// What the callers saw: how often each call settled and how.
struct Ledger
{
    std::vector<quint64> ids; ///< request id per call, from send(); 0 for QFuture calls
    std::vector<quint8> settles; ///< times each call's completion ran
    std::vector<QByteArray> calls; ///< what each call was, to name the ones that go wrong
    qint64 settled = 0;
    qint64 doubles = 0; ///< completions that ran a second time: must stay 0
    qint64 wrongIds = 0; ///< results that named another request id: must stay 0
    qint64 succeeded = 0;
    qint64 cached = 0;
    qint64 deduplicated = 0;
    qint64 plain = 0;
    qint64 retried = 0; ///< succeeded after more than one attempt
    std::array<qint64, kErrorKindCount> failures{};
    QStringList oddities; ///< the first few of the above, said in words

    void settle(qsizetype call, const ApiResult &result)
    {
        if (++settles[size_t(call)] > 1) {
            ++doubles;
            note(QStringLiteral("call %1 settled again: %2").arg(call).arg(describe(result)));
            return;
        }
        ++settled;
        const quint64 id = result.ok() ? result.response.requestId : result.error.requestId;
        if (ids[size_t(call)] != 0 && id != ids[size_t(call)]) {
            ++wrongIds;
            note(QStringLiteral("call %1 (request %2) got the result of request %3")
                     .arg(call)
                     .arg(ids[size_t(call)])
                     .arg(id));
        }
        if (!result.ok()) {
            ++failures.at(size_t(result.error.kind));
            return;
        }
        ++succeeded;
        cached += result.response.cached;
        deduplicated += result.response.deduplicated;
        plain += result.response.plain;
        retried += result.response.attempt > 1;
    }

    void note(const QString &what)
    {
        if (oddities.size() < 10)
            oddities.append(what);
    }

    static QString describe(const ApiResult &result)
    {
        return result.ok() ? QStringLiteral("ok %1").arg(result.response.status)
                           : result.error.toString();
    }

    qint64 unsettled() const { return qint64(settles.size()) - settled; }

    /// The first few calls before `end` that never settled, by index and what they were.
    QString unsettledCalls(qsizetype end = -1) const
    {
        QStringList named;
        const size_t last = end < 0 ? settles.size() : size_t(end);
        for (size_t i = 0; i < last && named.size() < 10; ++i) {
            if (settles[i] == 0)
                named.append(QStringLiteral("call %1 (request %2): %3")
                                 .arg(i)
                                 .arg(ids[i])
                                 .arg(QString::fromUtf8(calls[i])));
        }
        return named.join(u'\n');
    }
};

/// What the telemetry of every client so far counted: a client replaced mid-run takes its
/// Telemetry with it, so its counts are added here first.
struct Counted
{
    qint64 calls = 0;
    qint64 succeeded = 0;
    qint64 failed = 0;
    std::array<qint64, kErrorKindCount> failuresByKind{};
    qint64 httpRequests = 0, batches = 0, retries = 0, dedupHits = 0, cacheHits = 0;
    qint64 breakerRejections = 0, breakerTransitions = 0;

    void add(const TelemetryCounters &c)
    {
        calls += c.calls;
        succeeded += c.succeeded;
        failed += c.failed;
        httpRequests += c.httpRequests;
        batches += c.batches;
        retries += c.retries;
        dedupHits += c.dedupHits;
        cacheHits += c.cacheHits;
        breakerRejections += c.breakerRejections;
        breakerTransitions += c.breakerTransitions;
        for (size_t kind = 0; kind < failuresByKind.size(); ++kind)
            failuresByKind.at(kind) += c.failuresByKind.at(kind);
    }
};

} // namespace

class TestChaosSoak : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyCallSettlesOnceAndNothingStaysBehind();
};

void TestChaosSoak::everyCallSettlesOnceAndNothingStaysBehind()
{
    const int total = soakCalls();
    const quint64 seed = soakSeed();
    const QString replay = QStringLiteral(" (replay: BATCHLAB_SOAK_SEED=%1 BATCHLAB_SOAK_CALLS=%2)")
                               .arg(seed)
                               .arg(total);
    qInfo().noquote() << "chaos soak:" << total << "calls, seed" << seed;
    QRandomGenerator random(seed);

    // The ledger outlives the client: destroying a client settles what is left, and the
    // callbacks write here.
    Ledger ledger;
    ledger.ids.resize(size_t(total));
    ledger.settles.resize(size_t(total));
    ledger.calls.resize(size_t(total));
    SandboxServer server;
    QVERIFY(server.start());
    SandboxBehavior faults = chaos::randomFaults(random);
    QVERIFY(server.setBehavior(faults));
    ClientConfig start = startingConfig();
    start.batch.applyProfile(*ServerProfile::find(chaos::profileIds().at(
                                 random.bounded(int(chaos::profileIds().size())))),
                             true);
    auto client = std::make_unique<ApiClient>(server.url(), start);

    QSet<int> formats{int(start.batch.format)};
    int configChanges = 0, faultChanges = 0, outages = 0, cancelled = 0, replaced = 0;
    Counted counted; // by the clients replaced so far
    std::vector<qsizetype> toCancel;
    QElapsedTimer clock;
    clock.start();

    qsizetype sent = 0;
    while (sent < total) {
        // Live changes between bursts, as a user at the workbench makes them.
        if (chaos::oneIn(random, 12)) {
            const bool down = chaos::oneIn(random, 8);
            outages += down;
            ++faultChanges;
            faults = down ? chaos::outage(random, faults) : chaos::randomFaults(random);
            QVERIFY(server.setBehavior(faults));
        }
        if (chaos::oneIn(random, 8)) {
            const ClientConfig next = chaos::randomConfig(random, client->config());
            QVERIFY2(client->setConfig(next), qPrintable(replay));
            formats.insert(int(next.batch.format));
            ++configChanges;
        }
        if (chaos::oneIn(random, 50))
            client->queue()->flush();
        if (chaos::oneIn(random, 100))
            server.releaseHungRequests();
        if (chaos::oneIn(random, 200))
            client->cache()->clear();
        if (chaos::oneIn(random, 400)) {
            // The client goes away with calls queued, in flight and waiting to retry: each of
            // them settles then, once, as cancelled. Its telemetry goes with it, so what it
            // counted is kept first, and the calls it had not settled are added as the
            // cancellations they became.
            const TelemetryCounters before = client->telemetry()->counters();
            const qint64 settledBefore = ledger.settled;
            const qint64 cancelledBefore = ledger.failures.at(size_t(ErrorKind::Cancelled));
            const ClientConfig config = client->config();
            client.reset();
            const qint64 atTheEnd = ledger.settled - settledBefore;
            QVERIFY2(ledger.settled == sent,
                     qPrintable(QStringLiteral("a destroyed client left %1 calls unsettled, "
                                               "among them\n%2")
                                    .arg(sent - ledger.settled)
                                    .arg(ledger.unsettledCalls(sent))
                                + replay));
            QVERIFY2(atTheEnd == before.calls - before.settled()
                         && atTheEnd
                             == ledger.failures.at(size_t(ErrorKind::Cancelled)) - cancelledBefore,
                     qPrintable(QStringLiteral("a destroyed client had %1 calls unsettled; %2 "
                                               "settled as it went")
                                    .arg(before.calls - before.settled())
                                    .arg(atTheEnd)
                                + replay));
            counted.add(before);
            counted.failed += atTheEnd;
            counted.failuresByKind.at(size_t(ErrorKind::Cancelled)) += atTheEnd;
            client = std::make_unique<ApiClient>(server.url(), config);
            toCancel.clear(); // request ids are the old client's
            ++replaced;
        }
        if (!toCancel.empty() && chaos::oneIn(random, 3)) {
            const size_t pick = size_t(random.bounded(int(toCancel.size())));
            cancelled += client->queue()->cancel(ledger.ids[size_t(toCancel[pick])]);
            toCancel.erase(toCancel.begin() + qsizetype(pick));
        }

        const qsizetype burst = qMin<qsizetype>(total - sent, chaos::between(random, 1, 40));
        for (qsizetype i = 0; i < burst; ++i, ++sent) {
            chaos::PlannedCall call = chaos::randomCall(random, *client);
            ledger.calls[size_t(sent)] = chaos::describe(call);
            if (call.future) {
                client->send(std::move(call.spec), call.options)
                    .then([&ledger, sent](QFuture<ApiResponse> done) {
                        ApiResult result;
                        try {
                            result.response = done.result();
                        } catch (const ApiException &e) {
                            result.error = e.error();
                        }
                        ledger.settle(sent, result);
                    });
                continue;
            }
            ledger.ids[size_t(sent)] = client->send(
                std::move(call.spec), call.options,
                [&ledger, sent](const ApiResult &result) { ledger.settle(sent, result); });
            if (call.cancel == chaos::PlannedCall::Cancel::AtOnce)
                cancelled += client->queue()->cancel(ledger.ids[size_t(sent)]);
            else if (call.cancel == chaos::PlannedCall::Cancel::Later)
                toCancel.push_back(sent);
        }

        // Mostly a few milliseconds between bursts; now and then a lull, in which breakers
        // half-open, retries fire and the cache goes stale with little traffic.
        waitUntil([] { return false; },
                  chaos::oneIn(random, 50) ? chaos::between(random, 50, 300)
                                           : chaos::between(random, 0, 6));
        // Every call has a deadline, so the backlog always drains.
        QVERIFY2(waitUntil([&] { return sent - ledger.settled < kMostOutstanding; },
                           kSettleWithinMs),
                 qPrintable(QStringLiteral("%1 calls unsettled for %2 ms, among them\n%3")
                                .arg(sent - ledger.settled)
                                .arg(kSettleWithinMs)
                                .arg(ledger.unsettledCalls(sent))
                            + replay));
    }
    const qint64 sendingMs = clock.elapsed();

    const bool allSettled = waitUntil([&] { return ledger.unsettled() == 0; }, kSettleWithinMs);
    QVERIFY2(ledger.oddities.isEmpty(), qPrintable(ledger.oddities.join(u'\n') + replay));
    QVERIFY2(allSettled, qPrintable(QStringLiteral("%1 calls never settled, among them\n%2")
                                        .arg(ledger.unsettled())
                                        .arg(ledger.unsettledCalls())
                                    + replay));
    const qint64 settlingMs = clock.elapsed();
    // Batches whose callers all gave up end at their attempt timeout; retry waves whose
    // callers all left are dropped when they fire. Then the queue holds nothing.
    RequestQueue *queue = client->queue();
    const auto empty = [queue] {
        return queue->pendingCalls() == 0 && queue->queuedItems() == 0
            && queue->inFlightBatches() == 0 && queue->waitingRetries() == 0;
    };
    QVERIFY2(waitUntil(empty, 10000),
             qPrintable(QStringLiteral("left behind: %1 pending calls, %2 queued items, %3 "
                                       "batches in flight, %4 waiting retries")
                            .arg(queue->pendingCalls())
                            .arg(queue->queuedItems())
                            .arg(queue->inFlightBatches())
                            .arg(queue->waitingRetries())
                        + replay));

    QCOMPARE(ledger.doubles, 0);
    QCOMPARE(ledger.wrongIds, 0);
    QCOMPARE(ledger.settled, qint64(total));
    counted.add(client->telemetry()->counters());
    QCOMPARE(counted.calls, qint64(total));
    QCOMPARE(counted.succeeded + counted.failed, qint64(total));
    QCOMPARE(counted.succeeded, ledger.succeeded);
    for (int kind = 0; kind < kErrorKindCount; ++kind)
        QVERIFY2(counted.failuresByKind.at(size_t(kind)) == ledger.failures.at(size_t(kind)),
                 qPrintable(QStringLiteral("%1: telemetry counted %2, callers saw %3")
                                .arg(errorKindName(ErrorKind(kind)))
                                .arg(counted.failuresByKind.at(size_t(kind)))
                                .arg(ledger.failures.at(size_t(kind)))
                            + replay));

    // Destroying the client now settles nothing more: nothing was left to settle.
    client.reset();
    QCOMPARE(ledger.doubles, 0);
    QCOMPARE(ledger.settled, qint64(total));
    server.releaseHungRequests();

    QStringList kinds;
    for (int kind = 1; kind < kErrorKindCount; ++kind)
        kinds.append(errorKindName(ErrorKind(kind)) + u' '
                     + QString::number(ledger.failures.at(size_t(kind))));
    const double seconds = double(settlingMs) / 1000.0;
    qInfo().noquote() << total << "calls settled in" << seconds << "s (the last one sent at"
                      << double(sendingMs) / 1000.0 << "s):" << qRound64(double(total) / seconds)
                      << "calls/s, seed" << seed;
    qInfo().noquote() << "  ok" << ledger.succeeded << "( cached" << ledger.cached << "shared"
                      << ledger.deduplicated << "plain" << ledger.plain << "after a retry"
                      << ledger.retried << ")";
    qInfo().noquote() << "  failed" << counted.failed << ":" << kinds.join(QStringLiteral(", "));
    const Counted &c = counted;
    qInfo().noquote() << " " << c.httpRequests << "HTTP requests (" << c.batches << "batches ),"
                      << c.retries << "retries," << c.dedupHits << "dedup joins,"
                      << c.cacheHits << "cache hits," << c.breakerRejections
                      << "breaker rejections," << c.breakerTransitions << "breaker transitions";
    qInfo().noquote() << " " << configChanges << "config changes (" << formats.size()
                      << "formats )," << faultChanges << "fault changes (" << outages
                      << "outages )," << cancelled << "cancelled," << replaced
                      << "clients replaced";

    // The run was chaos, not a quiet day: the faults and changes above really happened (in
    // a run of a few thousand calls or more; a short one proves only the checks above).
    if (total < 2000)
        return;
    QVERIFY2(ledger.succeeded > 0 && c.retries > 0 && c.dedupHits > 0 && ledger.cached > 0,
             qPrintable(replay));
    QVERIFY2(configChanges > 0 && faultChanges > 0 && cancelled > 0, qPrintable(replay));
}

QTEST_GUILESS_MAIN(TestChaosSoak)
#include "tst_chaossoak.moc"
