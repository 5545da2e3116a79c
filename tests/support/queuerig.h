// SPDX-License-Identifier: BSD-3-Clause
#pragma once

// The engine wired as in production (RequestQueue -> NetworkTransport -> the running format's
// codec -> QNetworkAccessManager) against a real SandboxServer on loopback, plus a recorder
// that checks every call settles exactly once.

#include "engine/requestqueue.h"
#include "sandbox/sandboxserver.h"
#include "support/testformats.h"
#include "support/testwait.h"
#include "telemetry/telemetry.h"
#include "transport/networktransport.h"
#include "wire/batchcodec.h"

#include <QHash>
#include <QNetworkAccessManager>
#include <QTest>

#include <memory>

struct Recorder
{
    QHash<quint64, batchlab::ApiResult> results;
    QHash<quint64, int> settleCount;
    int doubleSettlements = 0;

    batchlab::Completion completion()
    {
        return [this](const batchlab::ApiResult &result) {
            const quint64 id = result.ok() ? result.response.requestId : result.error.requestId;
            if (++settleCount[id] > 1)
                ++doubleSettlements;
            results.insert(id, result);
        };
    }
    /// A completion for a call whose id is known only after enqueue() returns.
    int settled() const { return int(results.size()); }
};

/// Batch settings with the two knobs the engine tests turn most.
inline batchlab::BatchConfig queueConfig(int maxBatchSize, std::chrono::milliseconds maxDelay)
{
    batchlab::BatchConfig c;
    c.maxBatchSize = maxBatchSize;
    c.maxDelay = maxDelay;
    return c;
}

struct QueueRig
{
    /// `config` is used in the running format (see testformats.h).
    explicit QueueRig(const batchlab::BatchConfig &config = {})
    {
        server.start();
        const batchlab::BatchConfig c = testformats::configured(config);
        transport = std::make_unique<batchlab::NetworkTransport>(
            &nam, batchlab::makeBatchCodec(c.format, c.wireOptions()));
        queue = std::make_unique<batchlab::RequestQueue>(transport.get(), &telemetry, c);
    }

    QUrl url(const QString &path) const
    {
        QUrl u = server.url();
        const qsizetype q = path.indexOf(u'?');
        u.setPath(path.left(q));
        if (q >= 0)
            u.setQuery(path.mid(q + 1));
        return u;
    }
    /// The call a REST path stands for in the running format.
    batchlab::RequestSpec call(const QString &path) const
    {
        return testformats::call(server.url(), path);
    }
    quint64 get(const QString &path, const batchlab::CallOptions &options = {})
    {
        return queue->enqueue(call(path), recorder.completion(), options);
    }
    bool waitSettled(int n, int timeoutMs = 10000)
    {
        return waitUntil([&] { return recorder.settled() >= n; }, timeoutMs);
    }
    const batchlab::ApiResult &result(quint64 id) const
    {
        return recorder.results.find(id).value();
    }
    /// The recorded events of one kind, oldest first.
    std::vector<batchlab::Event> events(batchlab::EventKind kind) const
    {
        std::vector<batchlab::Event> out;
        for (const batchlab::Event &e : telemetry.eventsSince(0)) {
            if (e.kind == kind)
                out.push_back(e);
        }
        return out;
    }

    Recorder recorder; // first: the queue's destructor still settles into it
    batchlab::SandboxServer server;
    QNetworkAccessManager nam;
    batchlab::Telemetry telemetry;
    std::unique_ptr<batchlab::NetworkTransport> transport;
    std::unique_ptr<batchlab::RequestQueue> queue;
};
