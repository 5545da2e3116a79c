// SPDX-License-Identifier: BSD-3-Clause
// End to end: 1 000 GETs against the sandbox (20 ms latency, its own thread), batched through
// RequestQueue (maxBatchSize 50) versus plain QNetworkAccessManager GETs, in the same run.
#include "engine/requestqueue.h"
#include "sandbox/sandboxserver.h"
#include "telemetry/telemetry.h"
#include "transport/networktransport.h"
#include "wire/jsonbatchcodec.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QThread>

#include <algorithm>
#include <cmath>
#include <cstdio>

using namespace batchlab;

namespace {

constexpr int kCalls = 1000;
constexpr int kLatencyMs = 20;
constexpr int kBatchSize = 50;
constexpr int kRounds = 5;

QUrl userUrl(const QUrl &base, int i)
{
    QUrl url = base;
    url.setPath(QStringLiteral("/users/%1").arg(i % 1000 + 1));
    return url;
}

double plainRun(const QUrl &base)
{
    QNetworkAccessManager nam;
    int finished = 0;
    QElapsedTimer clock;
    clock.start();
    for (int i = 0; i < kCalls; ++i) {
        QNetworkReply *reply = nam.get(QNetworkRequest(userUrl(base, i)));
        QObject::connect(reply, &QNetworkReply::finished, reply, [reply, &finished] {
            if (reply->error() != QNetworkReply::NoError)
                qFatal("plain GET failed: %s", qPrintable(reply->errorString()));
            ++finished;
            reply->deleteLater();
        });
    }
    while (finished < kCalls)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    return double(clock.nsecsElapsed()) / 1e6;
}

double batchedRun(const QUrl &base)
{
    QNetworkAccessManager nam;
    NetworkTransport transport(&nam, std::make_unique<JsonBatchCodec>());
    Telemetry telemetry;
    BatchConfig config;
    config.maxBatchSize = kBatchSize;
    RequestQueue queue(&transport, &telemetry, config);
    int ok = 0;
    QElapsedTimer clock;
    clock.start();
    for (int i = 0; i < kCalls; ++i)
        queue.enqueue(RequestSpec::get(userUrl(base, i)),
                      [&ok](const ApiResult &r) { ok += r.ok(); });
    while (telemetry.counters().settled() < kCalls)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    const double ms = double(clock.nsecsElapsed()) / 1e6;
    if (ok != kCalls)
        qFatal("batched run: only %d of %d calls succeeded", ok, kCalls);
    return ms;
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
    // The server gets its own thread, as a real server would be another process.
    QThread serverThread;
    serverThread.start();
    auto *server = new SandboxServer;
    server->moveToThread(&serverThread);
    QUrl base;
    QMetaObject::invokeMethod(
        server,
        [server, &base] {
            SandboxBehavior behavior;
            behavior.latencyMs = kLatencyMs;
            server->setBehavior(behavior);
            server->start();
            base = server->url();
        },
        Qt::BlockingQueuedConnection);

    std::vector<double> plain, batched;
    for (int round = 0; round < kRounds; ++round) {
        plain.push_back(plainRun(base));
        batched.push_back(batchedRun(base));
    }
    qint64 httpRequests = 0;
    QMetaObject::invokeMethod(
        server,
        [server, &httpRequests] {
            httpRequests = server->counters().httpRequests;
            delete server;
        },
        Qt::BlockingQueuedConnection);
    serverThread.quit();
    serverThread.wait();

    const double ideal = std::ceil(double(kCalls) / kBatchSize / 6) * kLatencyMs;
    const double plainMs = median(plain);
    const double batchedMs = median(batched);
    std::printf("end to end: %d GETs, sandbox latency %d ms, median of %d rounds (%lld HTTP "
                "requests served)\n",
                kCalls, kLatencyMs, kRounds, httpRequests);
    std::printf("  plain QNetworkAccessManager: %8.1f ms\n", plainMs);
    std::printf("  batched (maxBatchSize %d):   %8.1f ms\n", kBatchSize, batchedMs);
    std::printf("  batched is %.1fx faster; ideal ceil(%d/%d/6) x %d ms = %.0f ms, batched / ideal "
                "= %.2f\n",
                plainMs / batchedMs, kCalls, kBatchSize, kLatencyMs, ideal, batchedMs / ideal);
    return 0;
}
