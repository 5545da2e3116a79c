// SPDX-License-Identifier: BSD-3-Clause
// The log dock's model under load: 1 000 000 events appended in chunks of 10 000 to
// EventLogModel behind an EventFilterProxy with a filter on; time per chunk.
#include "log/eventfilterproxy.h"
#include "log/eventlogmodel.h"
#include "telemetry/telemetry.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <algorithm>
#include <cstdio>

using namespace batchlab;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    constexpr int kEvents = 1000000;
    constexpr int kChunk = 10000;
    Telemetry telemetry;
    telemetry.setCapacity(kChunk * 2);
    EventLogModel model(&telemetry);
    EventFilterProxy proxy;
    proxy.setSourceModel(&model);
    proxy.setStatusClass(EventFilterProxy::StatusClass::Failed);
    proxy.setText(QStringLiteral("timeout"));
    const quint32 key = telemetry.internKey(QStringLiteral("http://127.0.0.1:8080/$batch"));
    const EventKind kinds[] = {EventKind::Enqueued, EventKind::Flushed, EventKind::Sent, EventKind::Answered,
                               EventKind::Settled, EventKind::Failed};
    std::vector<double> chunkMs;
    quint64 id = 0;
    for (int done = 0; done < kEvents; done += kChunk) {
        for (int i = 0; i < kChunk; ++i, ++id) {
            const EventKind kind = kinds[id % 6];
            telemetry.record({telemetry.now(), id, id / 50, 1000, 10, key, qint16(kind == EventKind::Failed ? 504 : 200),
                              kind, kind == EventKind::Failed ? ErrorKind::Timeout : ErrorKind::None, FlushReason::Size});
        }
        QElapsedTimer clock;
        clock.start();
        model.fetchNew();
        chunkMs.push_back(double(clock.nsecsElapsed()) / 1e6);
    }
    std::sort(chunkMs.begin(), chunkMs.end());
    std::printf("event log: %d events in chunks of %d, filter on (failed + \"timeout\"), retention %d\n", kEvents,
                kChunk, model.retention());
    std::printf("  per chunk: median %.2f ms, p99 %.2f ms, max %.2f ms  (%d rows in the model, %d shown)\n",
                chunkMs[chunkMs.size() / 2], chunkMs[chunkMs.size() * 99 / 100], chunkMs.back(), model.rowCount(),
                proxy.rowCount());
    std::printf("  a 60 Hz frame is 16.7 ms: a chunk costs %.0f%% of one\n", 100 * chunkMs[chunkMs.size() / 2] / 16.7);
    return 0;
}
