// SPDX-License-Identifier: BSD-3-Clause
// RunRecorder over real runs against the sandbox: every call and every HTTP request of the
// run, as the telemetry and the sandbox counted them, with the exchanges as they went.
#include "runs/record/runrecorder.h"
#include "sandbox/sandboxserver.h"
#include "transport/wirelog.h"

#include <QSignalSpy>
#include <QtTest>

#include "support/recordedruns.h"

#include <set>

using namespace batchlab;
using namespace std::chrono_literals;
using recordedruns::get;
using recordedruns::usersSet;

class TestRunRecorder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void everyCallAndEveryHttpRequestIsRecorded();
    void eachBatchKeepsItsExchangeAndItsItems();
    void identicalCallsAreSharersOfOneItem();
    void failuresAndRetriesAreNamed();
    void bodiesPastTheBudgetAreLeftOutAndCounted();
    void aSecondRunReplacesTheFirst();

private:
    RunRecord run(const RequestSet &set, const ClientConfig &config, int iterations,
                  qint64 wireBudget = RunRecorder::kDefaultWireBudget);
    std::unique_ptr<SandboxServer> m_server;
    RunSummary m_summary;
};

void TestRunRecorder::init()
{
    m_server = std::make_unique<SandboxServer>();
    QVERIFY(m_server->start());
}

RunRecord TestRunRecorder::run(const RequestSet &set, const ClientConfig &config, int iterations,
                               qint64 wireBudget)
{
    ApiClient client(m_server->url(), config);
    WireLog wire;
    client.setWireLog(&wire);
    Runner runner(&client);
    RunRecorder recorder(&runner, client.telemetry(), &wire);
    recorder.setWireBudget(wireBudget);
    QSignalSpy recorded(&recorder, &RunRecorder::recorded);
    QString error;
    if (!runner.start(set, m_server->url(), RunPlan{iterations, ArrivalPattern::AllAtOnce, 0, 1}, &error)) {
        qWarning() << error;
        return {};
    }
    if (!recorded.wait(15000) || !recorder.last())
        return {};
    m_summary = runner.history().back();
    return *recorder.last();
}

void TestRunRecorder::everyCallAndEveryHttpRequestIsRecorded()
{
    const RunRecord record = run(usersSet(7), recordedruns::quickConfig(3, false, true), 4);
    const TelemetryCounters &counters = m_summary.counters;
    QCOMPARE(qint64(record.calls.size()), counters.calls);
    QCOMPARE(counters.calls, 28);
    QCOMPARE(qint64(record.batches.size()), counters.httpRequests);
    QCOMPARE(qint64(record.batches.size()), m_server->counters().httpRequests);
    QCOMPARE(record.requests.size(), 7);
    QCOMPARE(record.requests.at(6), QStringLiteral("user 7"));
    QCOMPARE(record.eventsLost, 0);
    QCOMPARE(record.summary.number, m_summary.number);

    std::array<qint64, kFlushReasonCount> byReason{};
    for (const RecordedBatch &b : record.batches)
        ++byReason[size_t(b.reason)];
    QCOMPARE(byReason, counters.flushesByReason);

    qint64 lastSettled = 0;
    for (const RecordedCall &c : record.calls) {
        QVERIFY2(c.settled(), qPrintable(QString::number(c.id)));
        QCOMPARE(c.status, 200);
        QCOMPARE(c.error, ErrorKind::None);
        QCOMPARE(c.name, record.requests.at(c.row));
        QCOMPARE(c.url, m_server->url().toString() + QStringLiteral("/users/%1").arg(c.row + 1));
        QCOMPARE(c.method, QByteArray("GET"));
        const RecordedBatch *b = record.batch(c.batchId);
        QVERIFY2(b, qPrintable(QStringLiteral("call %1 names batch %2").arg(c.id).arg(c.batchId)));
        QCOMPARE(c.flushReason, b->reason);
        QVERIFY(c.latencyNs() >= 0);
        QVERIFY(c.queueWaitNs >= 0);
        QVERIFY(c.latencyNs() >= c.queueWaitNs);
        lastSettled = std::max(lastSettled, c.settledNs);
    }
    QVERIFY(record.durationNs >= lastSettled);
    QVERIFY(record.durationNs < 15'000'000'000);
}

void TestRunRecorder::eachBatchKeepsItsExchangeAndItsItems()
{
    ClientConfig c = recordedruns::quickConfig(3, false, true);
    c.batch.dedup = DedupScope::Off;
    const RunRecord record = run(usersSet(7), c, 2);
    QCOMPARE(record.calls.size(), size_t(14));
    qint64 carried = 0;
    std::set<quint64> seen;
    for (const RecordedBatch &b : record.batches) {
        QVERIFY(b.flushedNs >= 0);
        QVERIFY(b.sentNs >= b.flushedNs);
        QVERIFY(b.answeredNs >= b.sentNs);
        QCOMPARE(b.httpStatus, 200);
        QCOMPARE(int(b.items.size()), b.size);
        QVERIFY(b.size >= 1 && b.size <= 3);
        QVERIFY(!b.key.isEmpty());
        QVERIFY(b.wire.has_value());
        QCOMPARE(b.wire->batchId, b.id);
        QVERIFY(b.wire->answered);
        QVERIFY(!b.wire->requestCut());
        QVERIFY(!b.wire->responseCut());
        QCOMPARE(b.plain, b.size == 1 && !b.wire->url.path().contains(QLatin1String("batch")));
        for (const RecordedBatch::Item &item : b.items) {
            QVERIFY2(seen.insert(item.callId).second, "a call is an item of one batch only");
            QCOMPARE(item.status, 200);
            const RecordedCall *call = record.call(item.callId);
            QVERIFY(call);
            QCOMPARE(call->batchId, b.id);
            QCOMPARE(call->attempts, 1);
            if (!b.plain) // the envelope names what it carried
                QVERIFY(b.wire->requestBody.contains(call->url.mid(m_server->url().toString().size()).toUtf8()));
        }
        carried += b.size;
    }
    QCOMPARE(carried, 14);
    QCOMPARE(m_server->counters().batchItems + (m_server->counters().httpRequests - m_server->counters().batchRequests), 14);
}

void TestRunRecorder::identicalCallsAreSharersOfOneItem()
{
    // Two iterations of the same GETs sent at once: the second of each joins the first.
    const RunRecord record = run(usersSet(4), recordedruns::quickConfig(10, false, true), 2);
    QCOMPARE(record.calls.size(), size_t(8));
    int items = 0;
    int sharers = 0;
    for (const RecordedBatch &b : record.batches) {
        for (const RecordedBatch::Item &item : b.items) {
            ++items;
            for (const quint64 sharer : item.sharers) {
                ++sharers;
                const RecordedCall *joined = record.call(sharer);
                QVERIFY(joined);
                QVERIFY(joined->shared);
                QCOMPARE(joined->sharedWith, item.callId);
                QCOMPARE(joined->row, record.call(item.callId)->row);
                QCOMPARE(joined->batchId, b.id);
            }
        }
    }
    QCOMPARE(items, 4);
    QCOMPARE(sharers, 4);
    QCOMPARE(qint64(sharers), m_summary.counters.dedupHits);
}

void TestRunRecorder::failuresAndRetriesAreNamed()
{
    SandboxBehavior faults;
    faults.itemErrorRate = 0.4;
    faults.itemErrorStatus = 503;
    faults.seed = 7;
    QVERIFY(m_server->setBehavior(faults));
    RequestSet set = usersSet(6);
    set.requests.push_back(get(QStringLiteral("missing"), QStringLiteral("/users/999999")));
    ClientConfig c = recordedruns::quickConfig(4, false, true);
    c.batch.dedup = DedupScope::Off;
    c.breaker.enabled = false; // else it opens on the 503s and "missing" is never answered
    const RunRecord record = run(set, c, 3);
    QCOMPARE(record.calls.size(), size_t(21));

    int retried = 0;
    for (const RecordedBatch &b : record.batches) {
        for (const RecordedBatch::Item &item : b.items)
            retried += item.retried ? 1 : 0;
    }
    QVERIFY2(retried > 0, "seed 7 fails some items with 503, which are retried");
    QCOMPARE(qint64(retried), m_summary.counters.retries);

    qint64 failed = 0;
    for (const RecordedCall &call : record.calls) {
        int outcomes = 0; // the batches this call was an item of
        for (const RecordedBatch &b : record.batches) {
            outcomes += int(std::count_if(b.items.cbegin(), b.items.cend(),
                                          [&](const RecordedBatch::Item &i) { return i.callId == call.id; }));
        }
        QCOMPARE(call.attempts, outcomes);
        if (call.failed()) {
            ++failed;
            QVERIFY2(!call.errorText.isEmpty(), qPrintable(call.name));
        } else {
            QVERIFY(call.errorText.isEmpty());
        }
        if (call.name == QLatin1String("missing")) {
            QCOMPARE(call.status, 404);
            QCOMPARE(call.error, ErrorKind::Http);
            QVERIFY2(call.errorText.contains(QLatin1String("404")), qPrintable(call.errorText));
        }
    }
    QCOMPARE(failed, m_summary.counters.failed);
}

void TestRunRecorder::bodiesPastTheBudgetAreLeftOutAndCounted()
{
    const RunRecord record = run(usersSet(6), recordedruns::quickConfig(2, false, true), 1, 1);
    QCOMPARE(record.batches.size(), size_t(3));
    QCOMPARE(record.wiresDropped, 3);
    for (const RecordedBatch &b : record.batches) {
        QVERIFY(b.wire.has_value());
        QVERIFY(b.wire->requestBody.isEmpty());
        QVERIFY(b.wire->requestBytes > 0);
        QVERIFY(b.wire->requestCut());
        QCOMPARE(b.wire->httpStatus, 200);
    }
}

void TestRunRecorder::aSecondRunReplacesTheFirst()
{
    ApiClient client(m_server->url(), recordedruns::quickConfig(5, false, true));
    Runner runner(&client);
    RunRecorder recorder(&runner, client.telemetry());
    QSignalSpy recorded(&recorder, &RunRecorder::recorded);
    QVERIFY(!recorder.last());
    QVERIFY(runner.start(usersSet(3), m_server->url(), RunPlan{2, ArrivalPattern::AllAtOnce, 0, 1}));
    QVERIFY(recorded.wait(10000));
    QCOMPARE(recorder.last()->calls.size(), size_t(6));
    const quint64 firstIds = recorder.last()->calls.back().id;
    QVERIFY(runner.start(usersSet(5), m_server->url(), RunPlan{1, ArrivalPattern::AllAtOnce, 0, 1}));
    QVERIFY(recorded.wait(10000));
    QCOMPARE(recorder.last()->calls.size(), size_t(5));
    QVERIFY(recorder.last()->calls.front().id > firstIds);
    QCOMPARE(recorder.last()->summary.number, 2);
    for (const RecordedBatch &b : recorder.last()->batches)
        QVERIFY(!b.wire); // no wire log: no exchanges
}

QTEST_GUILESS_MAIN(TestRunRecorder)
#include "tst_runrecorder.moc"
