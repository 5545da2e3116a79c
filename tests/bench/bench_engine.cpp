// SPDX-License-Identifier: BSD-3-Clause
// Engine overhead: 1 000 000 calls through RequestQueue (maxBatchSize 50, 10% duplicates) with
// an in-process transport; nanoseconds and heap allocations per call, from enqueue to settle,
// for the callback path and the QFuture path. Beside them, in the same run, a reference: one
// bare QPromise/QFuture pair per call, so the ratio holds on a machine of any speed.
#include "allocationcounter.h"
#include "client/apiclient.h"
#include "engine/requestqueue.h"
#include "inprocesstransport.h"
#include "telemetry/telemetry.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QPromise>
#include <QRegularExpression>

#include <algorithm>
#include <cstdio>

using namespace batchlab;

namespace {

constexpr int kCalls = 1000000;
constexpr int kChunk = 10000;
constexpr int kRuns = 5;

/// kChunk specs: 90% distinct URLs, every tenth a repeat of the one before it.
std::vector<RequestSpec> makeSpecs()
{
    std::vector<RequestSpec> specs;
    specs.reserve(kChunk);
    for (int i = 0; i < kChunk; ++i) {
        const int id = (i % 10 == 9) ? i - 1 : i;
        specs.push_back(
            RequestSpec::get(QUrl(QStringLiteral("http://127.0.0.1:8080/users/%1").arg(id))));
    }
    return specs;
}

struct Result
{
    double nsPerCall = 0;
    double allocationsPerCall = 0;
    qint64 httpRequests = 0;
    qint64 dedupHits = 0;
};

template<typename EnqueueChunk>
Result runEngine(const std::vector<RequestSpec> &specs, EnqueueChunk enqueueChunk)
{
    InProcessTransport transport;
    Telemetry telemetry;
    BatchConfig config;
    config.maxBatchSize = 50;
    config.maxDelay = std::chrono::milliseconds(0);
    RequestQueue queue(&transport, &telemetry, config);

    const long long allocationsBefore = bench::allocations();
    QElapsedTimer clock;
    clock.start();
    for (int done = 0; done < kCalls; done += kChunk) {
        enqueueChunk(queue, specs);
        while (queue.pendingCalls() > 0)
            QCoreApplication::processEvents();
    }
    const qint64 ns = clock.nsecsElapsed();
    const long long allocations = bench::allocations() - allocationsBefore;
    const TelemetryCounters counters = telemetry.counters();
    if (counters.settled() != kCalls || counters.succeeded != kCalls)
        qFatal("engine bench: %lld of %d calls succeeded", counters.succeeded, kCalls);
    return {double(ns) / kCalls, double(allocations) / kCalls, counters.httpRequests,
            counters.dedupHits};
}

/// The whole ApiClient pipeline over the same transport: cache (every call a miss that is then
/// stored, with LRU eviction), dedup, breaker, queue, retry policy, all on.
Result runClient(const std::vector<RequestSpec> &specs, bool cache)
{
    InProcessTransport transport;
    ClientConfig config;
    config.batch.maxBatchSize = 50;
    config.batch.maxDelay = std::chrono::milliseconds(0);
    config.cache.enabled = cache;
    ApiClient client(QUrl(QStringLiteral("http://127.0.0.1:8080")), config, nullptr, nullptr,
                     &transport);
    const long long allocationsBefore = bench::allocations();
    QElapsedTimer clock;
    clock.start();
    for (int done = 0; done < kCalls; done += kChunk) {
        for (const RequestSpec &spec : specs)
            client.send(spec, {}, [](const ApiResult &) {});
        while (client.queue()->pendingCalls() > 0)
            QCoreApplication::processEvents();
        client.cache()->clear(); // every chunk misses again
    }
    const qint64 ns = clock.nsecsElapsed();
    const TelemetryCounters counters = client.telemetry()->counters();
    if (counters.succeeded != kCalls)
        qFatal("client bench: %lld of %d calls succeeded", counters.succeeded, kCalls);
    return {double(ns) / kCalls, double(bench::allocations() - allocationsBefore) / kCalls,
            counters.httpRequests, counters.dedupHits};
}

/// The reference: a QPromise/QFuture pair made, resolved and read per call.
Result runPromisePairs()
{
    const long long allocationsBefore = bench::allocations();
    QElapsedTimer clock;
    clock.start();
    long long sum = 0;
    for (int i = 0; i < kCalls; ++i) {
        QPromise<int> promise;
        QFuture<int> future = promise.future();
        promise.start();
        promise.addResult(i);
        promise.finish();
        sum += future.result();
    }
    const qint64 ns = clock.nsecsElapsed();
    if (sum == 42)
        std::puts("");
    return {double(ns) / kCalls, double(bench::allocations() - allocationsBefore) / kCalls, 0, 0};
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    // `bench_engine callback` runs the callback path only, for profiling.
    const bool callbackOnly = argc > 1 && QByteArrayView(argv[1]) == "callback";
    if (argc > 1 && QByteArrayView(argv[1]) == "client") { // for profiling
        std::printf("client: %.1f ns/call\n", runClient(makeSpecs(), true).nsPerCall);
        return 0;
    }
    const std::vector<RequestSpec> specs = makeSpecs();
    const auto callbackChunk = [](RequestQueue &queue, const std::vector<RequestSpec> &chunk) {
        for (const RequestSpec &spec : chunk)
            queue.enqueue(spec, [](const ApiResult &) {});
    };
    std::vector<QFuture<ApiResponse>> futures;
    futures.reserve(kChunk);
    const auto futureChunk
        = [&futures](RequestQueue &queue, const std::vector<RequestSpec> &chunk) {
              futures.clear();
              for (const RequestSpec &spec : chunk)
                  futures.push_back(queue.enqueue(spec));
          };

    // Interleaved, so that the machine's mood shifts every series alike.
    std::vector<double> callbackNs, futureNs, pairNs, callbackRatio, futureRatio, clientNs,
        clientRatio, bareClientNs, bareClientRatio;
    Result callback, future, pair, client, bareClient;
    for (int run = 0; run < kRuns; ++run) {
        callback = runEngine(specs, callbackChunk);
        callbackNs.push_back(callback.nsPerCall);
        if (callbackOnly)
            continue;
        client = runClient(specs, true);
        bareClient = runClient(specs, false);
        clientNs.push_back(client.nsPerCall);
        clientRatio.push_back(client.nsPerCall / callback.nsPerCall);
        bareClientNs.push_back(bareClient.nsPerCall);
        bareClientRatio.push_back(bareClient.nsPerCall / callback.nsPerCall);
        future = runEngine(specs, futureChunk);
        pair = runPromisePairs();
        futureNs.push_back(future.nsPerCall);
        pairNs.push_back(pair.nsPerCall);
        callbackRatio.push_back(callback.nsPerCall / pair.nsPerCall);
        futureRatio.push_back(future.nsPerCall / pair.nsPerCall);
    }

    std::printf("engine: %d calls, maxBatchSize 50, 10%% duplicates, in-process transport; median "
                "of %d runs\n",
                kCalls, kRuns);
    std::printf("  callback path:        %7.1f ns/call  %5.2f allocations/call  (%lld HTTP "
                "requests, %lld dedup hits)\n",
                median(callbackNs), callback.allocationsPerCall, callback.httpRequests,
                callback.dedupHits);
    if (callbackOnly)
        return 0;
    std::printf("  QFuture path:         %7.1f ns/call  %5.2f allocations/call\n", median(futureNs),
                future.allocationsPerCall);
    std::printf(
        "  ApiClient, all layers on:  %7.1f ns/call  %5.2f allocations/call  = %.2fx the engine\n",
        median(clientNs), client.allocationsPerCall, median(clientRatio));
    std::printf(
        "  ApiClient, cache off:      %7.1f ns/call  %5.2f allocations/call  = %.2fx the engine\n",
        median(bareClientNs), bareClient.allocationsPerCall, median(bareClientRatio));
    std::printf("  reference, one bare QPromise/QFuture pair: %7.1f ns  %5.2f allocations\n",
                median(pairNs), pair.allocationsPerCall);
    std::printf("  callback path = %.2fx a bare QPromise/QFuture pair; QFuture path = %.2fx\n",
                median(callbackRatio), median(futureRatio));

    // The other reference: DataLoader on Node, when Node is installed.
    QProcess dataloader;
    dataloader.start(QStringLiteral(BATCHLAB_DATALOADER_SCRIPT), {});
    dataloader.waitForFinished(600000);
    const QString line = QString::fromUtf8(dataloader.readAllStandardOutput()).trimmed();
    std::printf("  %s\n", qPrintable(line));
    const QRegularExpressionMatch ns
        = QRegularExpression(QStringLiteral("([0-9.]+) ns/key")).match(line);
    if (ns.hasMatch())
        std::printf("  callback path is %.1fx faster than DataLoader per call\n",
                    ns.captured(1).toDouble() / median(callbackNs));
    return 0;
}
