// SPDX-License-Identifier: BSD-3-Clause
// The HAR of a run's wire: one entry per HTTP request a real run against the sandbox sent,
// what Chrome's import and har-validator want, credentials out unless asked for, and read back
// into the same run — which RecordPlayer then plays into a telemetry of its own.
// har-validator checks the same files from node (tests/interop/harvalidator/validate.sh).

#include "runs/calldirectory.h"
#include "runs/io/wireharexporter.h"
#include "runs/io/wireharreader.h"
#include "runs/record/recordplayer.h"
#include "runs/record/runrecorder.h"
#include "sandbox/sandboxserver.h"
#include "wire/serverprofile.h"
#include "support/harchecks.h"
#include "transport/wirelog.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QtTest>

using namespace batchlab;
using namespace std::chrono_literals;

namespace {

RequestItem request(const QString &name, const QString &method, const QString &url, const QString &body = {})
{
    RequestItem item;
    item.name = name;
    item.method = method;
    item.url = url;
    item.body = body;
    if (!body.isEmpty())
        item.headers.append({QStringLiteral("Content-Type"), QStringLiteral("application/json")});
    return item;
}

/// Gets, a POST, a 404, names that need escaping, and an item header that is a credential.
RequestSet mixedSet()
{
    RequestSet set;
    set.name = QStringLiteral("mixed \"set\"");
    for (int i = 1; i <= 5; ++i)
        set.requests.push_back(request(QStringLiteral("user %1").arg(i), QStringLiteral("GET"), QStringLiteral("/users/%1").arg(i)));
    set.requests.push_back(request(QStringLiteral("create <b>"), QStringLiteral("POST"), QStringLiteral("/users"),
                                   QStringLiteral("{\"name\":\"Ada\"}")));
    set.requests.push_back(request(QStringLiteral("missing"), QStringLiteral("GET"), QStringLiteral("/users/999999")));
    RequestItem keyed = request(QStringLiteral("keyed"), QStringLiteral("GET"), QStringLiteral("/users/2"));
    keyed.headers.append({QStringLiteral("X-Api-Key"), QStringLiteral("item-key-4711")});
    set.requests.push_back(keyed);
    // On every envelope, as a target's credentials are.
    TargetSpec target;
    target.headers.append({QStringLiteral("Authorization"), QStringLiteral("Bearer envelope-secret-1234")});
    set.target = target;
    return set;
}

} // namespace

class TestWireHar : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void oneEntryPerHttpRequestWithItsCalls_data();
    void oneEntryPerHttpRequestWithItsCalls();
    void readsBackIntoTheSameRun();
    void meetsChromeImportConditions();
    void credentialsAreLeftOutUnlessAsked();
    void longBodiesAreCutWithANote();
    void entriesPerCallAreOptional();
    void playsIntoATelemetryAsTheRunWent();
    void malformedRunsAreRefusedNamingTheField_data();
    void malformedRunsAreRefusedNamingTheField();
    void otherHarsAreNotRuns();
    void writeExportsForValidator();

private:
    RunRecord runOnce(const QString &format, int iterations = 2, int maxBatchSize = 4);
    std::unique_ptr<SandboxServer> m_server;
};

void TestWireHar::init()
{
    m_server = std::make_unique<SandboxServer>();
    QVERIFY(m_server->start());
}

RunRecord TestWireHar::runOnce(const QString &format, int iterations, int maxBatchSize)
{
    ClientConfig config;
    config.cache.enabled = false;
    config.batch.applyProfile(*ServerProfile::find(format == QLatin1String("multipart") ? QStringLiteral("odata-4.0")
                                                                                       : QStringLiteral("odata-4.01")),
                              true);
    config.batch.maxBatchSize = maxBatchSize;
    config.batch.maxDelay = 5ms;
    config.breaker.enabled = false;
    ApiClient client(m_server->url(), config);
    WireLog wire;
    client.setWireLog(&wire);
    Runner runner(&client);
    RunRecorder recorder(&runner, client.telemetry(), &wire);
    QSignalSpy recorded(&recorder, &RunRecorder::recorded);
    if (!runner.start(mixedSet(), m_server->url(), RunPlan{iterations, ArrivalPattern::AllAtOnce, 0, 1}))
        return {};
    if (!recorded.wait(15000))
        return {};
    return *recorder.last();
}

void TestWireHar::oneEntryPerHttpRequestWithItsCalls_data()
{
    QTest::addColumn<QString>("format");
    QTest::newRow("json") << QStringLiteral("json");
    QTest::newRow("multipart") << QStringLiteral("multipart");
}

void TestWireHar::oneEntryPerHttpRequestWithItsCalls()
{
    QFETCH(QString, format);
    const RunRecord record = runOnce(format);
    QCOMPARE(record.calls.size(), size_t(16));
    QVERIFY(!record.batches.empty());
    const QJsonObject log = QJsonDocument::fromJson(WireHarExporter::write(record, {.includeSecrets = true})).object()
                                .value(QStringLiteral("log")).toObject();
    const QJsonArray entries = log.value(QStringLiteral("entries")).toArray();
    QCOMPARE(entries.size(), qsizetype(record.batches.size()));
    QCOMPARE(entries.size(), m_server->counters().httpRequests);
    int carried = 0;
    QString previousStart;
    for (const QJsonValue &value : entries) {
        const QJsonObject entry = value.toObject();
        const QJsonObject marks = entry.value(QStringLiteral("_batchlab")).toObject();
        const RecordedBatch *b = record.batch(marks.value(QStringLiteral("batch")).toString().toULongLong());
        QVERIFY(b);
        QVERIFY(entry.value(QStringLiteral("startedDateTime")).toString() >= previousStart);
        previousStart = entry.value(QStringLiteral("startedDateTime")).toString();
        QCOMPARE(marks.value(QStringLiteral("flushReason")).toString(), flushReasonName(b->reason));
        QCOMPARE(entry.value(QStringLiteral("time")).toDouble(), std::round((b->answeredNs - b->sentNs) / 1000.0) / 1000.0);
        const QJsonObject request = entry.value(QStringLiteral("request")).toObject();
        QCOMPARE(request.value(QStringLiteral("method")).toString(), QString::fromLatin1(b->wire->method));
        QCOMPARE(request.value(QStringLiteral("postData")).toObject().value(QStringLiteral("text")).toString().toUtf8(),
                 b->wire->requestBody);
        QCOMPARE(entry.value(QStringLiteral("response")).toObject().value(QStringLiteral("status")).toInt(), b->httpStatus);
        QCOMPARE(entry.value(QStringLiteral("response")).toObject().value(QStringLiteral("content")).toObject()
                     .value(QStringLiteral("text")).toString().toUtf8(),
                 b->wire->responseBody);
        const QJsonArray items = marks.value(QStringLiteral("items")).toArray();
        QCOMPARE(items.size(), qsizetype(b->items.size()));
        for (const QJsonValue &item : items) {
            const RecordedCall *call = record.call(item.toObject().value(QStringLiteral("id")).toString().toULongLong());
            QVERIFY(call);
            QCOMPARE(item.toObject().value(QStringLiteral("name")).toString(), call->name);
            carried += 1 + int(item.toObject().value(QStringLiteral("sharers")).toArray().size());
        }
    }
    QCOMPARE(carried, 16);
    const QJsonObject run = log.value(QStringLiteral("_batchlab")).toObject();
    QCOMPARE(run.value(QStringLiteral("calls")).toArray().size(), 16);
    QCOMPARE(log.value(QStringLiteral("pages")).toArray().at(0).toObject().value(QStringLiteral("title")).toString(),
             QStringLiteral("Run 1 · mixed \"set\""));
}

void TestWireHar::readsBackIntoTheSameRun()
{
    const RunRecord record = runOnce(QStringLiteral("json"), 3);
    RunRecord back;
    FileError error;
    QVERIFY2(WireHarReader::read(WireHarExporter::write(record, {.includeSecrets = true}), &back, &error),
             qPrintable(error.toString()));
    QCOMPARE(back.summary.number, record.summary.number);
    QCOMPARE(back.summary.setName, record.summary.setName);
    QCOMPARE(back.summary.plan, record.summary.plan);
    QCOMPARE(back.summary.counters.httpRequests, record.summary.counters.httpRequests);
    QCOMPARE(back.summary.counters.latency.p90, record.summary.counters.latency.p90);
    QCOMPARE(back.requests, record.requests);
    QCOMPARE(back.calls.size(), record.calls.size());
    const auto near = [](qint64 a, qint64 b) { return std::abs(a - b) <= 1000; }; // µs in the file
    for (size_t i = 0; i < record.calls.size(); ++i) {
        const RecordedCall &a = record.calls[i];
        const RecordedCall &b = back.calls[i];
        QCOMPARE(b.id, a.id);
        QCOMPARE(b.row, a.row);
        QCOMPARE(b.name, a.name);
        QCOMPARE(b.method, a.method);
        QCOMPARE(b.url, a.url);
        QCOMPARE(b.batchId, a.batchId);
        QCOMPARE(b.flushReason, a.flushReason);
        QCOMPARE(b.attempts, a.attempts);
        QCOMPARE(b.status, a.status);
        QCOMPARE(b.error, a.error);
        QCOMPARE(b.errorText, a.errorText);
        QVERIFY(near(b.sentNs, a.sentNs));
        QVERIFY(near(b.settledNs, a.settledNs));
        QVERIFY(near(b.queueWaitNs, a.queueWaitNs));
        QCOMPARE(b.bytes, a.bytes);
        QCOMPARE(b.sharedWith, a.sharedWith);
        QCOMPARE(b.shared, a.shared);
        QCOMPARE(b.plain, a.plain);
    }
    QCOMPARE(back.batches.size(), record.batches.size());
    for (const RecordedBatch &a : record.batches) {
        const RecordedBatch *b = back.batch(a.id);
        QVERIFY(b);
        QCOMPARE(b->key, a.key);
        QCOMPARE(b->reason, a.reason);
        QCOMPARE(b->plain, a.plain);
        QCOMPARE(b->size, a.size);
        QCOMPARE(b->httpStatus, a.httpStatus);
        QVERIFY(near(b->flushedNs, a.flushedNs));
        QVERIFY(near(b->sentNs, a.sentNs));
        QVERIFY(near(b->answeredNs, a.answeredNs));
        QCOMPARE(b->items.size(), a.items.size());
        for (size_t k = 0; k < a.items.size(); ++k) {
            QCOMPARE(b->items[k].callId, a.items[k].callId);
            QCOMPARE(b->items[k].status, a.items[k].status);
            QCOMPARE(b->items[k].sharers, a.items[k].sharers);
        }
        QVERIFY(b->wire);
        QCOMPARE(b->wire->url, a.wire->url);
        QCOMPARE(b->wire->requestBody, a.wire->requestBody);
        QCOMPARE(b->wire->responseBody, a.wire->responseBody);
        QCOMPARE(b->wire->requestHeaders, a.wire->requestHeaders);
    }
}

void TestWireHar::meetsChromeImportConditions()
{
    const RunRecord record = runOnce(QStringLiteral("multipart"));
    for (const bool perCall : {false, true}) {
        const QStringList problems = chromeRefusals(WireHarExporter::write(record, {.entryPerCall = perCall}));
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
    }
}

void TestWireHar::credentialsAreLeftOutUnlessAsked()
{
    for (const QString &format : {QStringLiteral("json"), QStringLiteral("multipart")}) {
        const RunRecord record = runOnce(format, 1);
        bool itemKeySent = false;
        for (const RecordedBatch &b : record.batches)
            itemKeySent = itemKeySent || b.wire->requestBody.contains("item-key-4711");
        QVERIFY2(itemKeySent, "the item's X-Api-Key travels inside the envelope");
        const QByteArray sanitized = WireHarExporter::write(record);
        QVERIFY(!sanitized.contains("envelope-secret-1234"));
        QVERIFY2(!sanitized.contains("item-key-4711"), qPrintable(format));
        QVERIFY(sanitized.contains("[redacted]"));
        QVERIFY(sanitized.contains("\"sanitized\":true"));
        const QByteArray whole = WireHarExporter::write(record, {.includeSecrets = true});
        QVERIFY(whole.contains("envelope-secret-1234"));
        QVERIFY(whole.contains("item-key-4711"));
    }
}

void TestWireHar::longBodiesAreCutWithANote()
{
    const RunRecord record = runOnce(QStringLiteral("json"), 1);
    const QJsonArray entries = QJsonDocument::fromJson(WireHarExporter::write(record, {.maxBodyBytes = 20}))
                                   .object().value(QStringLiteral("log")).toObject().value(QStringLiteral("entries")).toArray();
    bool cut = false;
    for (const QJsonValue &entry : entries) {
        const QJsonObject content = entry.toObject().value(QStringLiteral("response")).toObject().value(QStringLiteral("content")).toObject();
        QVERIFY(content.value(QStringLiteral("text")).toString().toUtf8().size() <= 20);
        if (content.value(QStringLiteral("size")).toInt() > 20) {
            cut = true;
            QVERIFY2(content.value(QStringLiteral("comment")).toString().contains(QStringLiteral("20 of")),
                     qPrintable(content.value(QStringLiteral("comment")).toString()));
        }
    }
    QVERIFY(cut);
}

void TestWireHar::entriesPerCallAreOptional()
{
    const RunRecord record = runOnce(QStringLiteral("json"), 1);
    const QByteArray har = WireHarExporter::write(record, {.entryPerCall = true});
    const QJsonArray entries = QJsonDocument::fromJson(har).object().value(QStringLiteral("log")).toObject()
                                   .value(QStringLiteral("entries")).toArray();
    QCOMPARE(entries.size(), qsizetype(record.batches.size() + record.calls.size()));
    int calls = 0;
    for (const QJsonValue &entry : entries) {
        const QJsonObject marks = entry.toObject().value(QStringLiteral("_batchlab")).toObject();
        if (!marks.contains(QStringLiteral("call")))
            continue;
        const RecordedCall *call = record.call(marks.value(QStringLiteral("call")).toString().toULongLong());
        QVERIFY(call);
        QCOMPARE(entry.toObject().value(QStringLiteral("response")).toObject().value(QStringLiteral("status")).toInt(), call->status);
        ++calls;
    }
    QCOMPARE(calls, 8);
    RunRecord back;
    FileError error;
    QVERIFY2(WireHarReader::read(har, &back, &error), qPrintable(error.toString()));
    QCOMPARE(back.batches.size(), record.batches.size()); // the calls' entries are not batches
}

void TestWireHar::playsIntoATelemetryAsTheRunWent()
{
    const RunRecord recorded = runOnce(QStringLiteral("json"), 3);
    RunRecord record;
    QVERIFY(WireHarReader::read(WireHarExporter::write(recorded), &record, nullptr));
    Telemetry telemetry;
    CallDirectory calls;
    RecordPlayer::play(record, &telemetry, &calls);
    const TelemetryCounters counters = telemetry.counters();
    const TelemetryCounters &original = recorded.summary.counters;
    QCOMPARE(counters.calls, original.calls);
    QCOMPARE(counters.succeeded, original.succeeded);
    QCOMPARE(counters.failed, original.failed);
    QCOMPARE(counters.httpRequests, original.httpRequests);
    QCOMPARE(counters.batches, original.batches);
    QCOMPARE(counters.dedupHits, original.dedupHits);
    QCOMPARE(counters.items, original.items);
    QCOMPARE(counters.flushesByReason, original.flushesByReason);
    QCOMPARE(counters.failuresByKind, original.failuresByKind);
    // Percentiles from the same latencies, to the histogram's resolution.
    QVERIFY(std::abs(counters.latency.p50 - original.latency.p50) <= original.latency.p50 / 10 + 1000);

    const std::vector<Event> events = RecordPlayer::events(record, &telemetry);
    QVERIFY(std::is_sorted(events.begin(), events.end(), [](const Event &a, const Event &b) { return a.time < b.time; }));
    QCOMPARE(calls.size(), int(record.calls.size()));
    for (const RecordedCall &c : record.calls) {
        const CallRecord *r = calls.find(c.id);
        QVERIFY(r);
        QCOMPARE(calls.label(*r).name, c.name);
        QCOMPARE(calls.sentSinceRunStart(*r), c.sentNs);
        QCOMPARE(r->durationNs, c.latencyNs());
        QCOMPARE(calls.errorText(c.id), c.errorText);
    }
}

void TestWireHar::malformedRunsAreRefusedNamingTheField_data()
{
    QTest::addColumn<QByteArray>("from");
    QTest::addColumn<QByteArray>("to");
    QTest::addColumn<QString>("field");
    QTest::newRow("not JSON") << QByteArray("\"log\":{") << QByteArray("\"log\":{{") << QString();
    QTest::newRow("newer version") << QByteArray("\"version\":1},\"creator\"")
                                   << QByteArray("\"version\":9},\"creator\"")
                                   << QStringLiteral("log._batchlab.version");
    // The first id in the file is the first call's: the log's `_batchlab` sorts before its entries.
    QTest::newRow("call id") << QByteArray("\"id\":\"1\",") << QByteArray("\"id\":1,")
                             << QStringLiteral("log._batchlab.calls[0].id");
    QTest::newRow("flush reason") << QByteArray("\"flushReason\":\"") << QByteArray("\"flushReason\":\"bogus")
                                  << QStringLiteral(".flushReason");
    QTest::newRow("items") << QByteArray("\"items\":[") << QByteArray("\"items\":3,\"was\":[")
                           << QStringLiteral("._batchlab.items");
    QTest::newRow("summary") << QByteArray("\"plan\":{") << QByteArray("\"plan\":7,\"was\":{")
                             << QStringLiteral("log._batchlab.summary");
}

void TestWireHar::malformedRunsAreRefusedNamingTheField()
{
    QFETCH(QByteArray, from);
    QFETCH(QByteArray, to);
    QFETCH(QString, field);
    static RunRecord record;
    if (record.calls.empty())
        record = runOnce(QStringLiteral("json"), 1);
    QByteArray har = WireHarExporter::write(record);
    QVERIFY2(har.contains(from), from.constData());
    har.replace(har.indexOf(from), from.size(), to);
    RunRecord untouched;
    untouched.requests = {QStringLiteral("kept")};
    FileError error;
    error.file = QStringLiteral("run.har");
    QVERIFY(!WireHarReader::read(har, &untouched, &error));
    QVERIFY(error.isError());
    QCOMPARE(error.file, QStringLiteral("run.har"));
    if (field.isEmpty())
        QVERIFY2(error.line > 0, qPrintable(error.toString()));
    else
        QVERIFY2(error.field.contains(field), qPrintable(error.toString()));
    QCOMPARE(untouched.requests, QStringList{QStringLiteral("kept")});
}

void TestWireHar::otherHarsAreNotRuns()
{
    QFile chrome(QStringLiteral(BATCHLAB_CAPTURES "/har/chrome-webinspector.har"));
    QByteArray other = chrome.open(QIODevice::ReadOnly) ? chrome.readAll() : QByteArray("{\"log\":{\"entries\":[]}}");
    QVERIFY(!WireHarReader::recognizes(other));
    FileError error;
    RunRecord record;
    QVERIFY(!WireHarReader::read(other, &record, &error));
    QCOMPARE(error.field, QStringLiteral("log._batchlab.format"));
}

void TestWireHar::writeExportsForValidator()
{
    const QString out = qEnvironmentVariable("BATCHLAB_HAR_OUT");
    if (out.isEmpty())
        QSKIP("BATCHLAB_HAR_OUT not set: run by tests/interop/harvalidator/validate.sh");
    const auto write = [&](const QString &name, const QByteArray &data) {
        QFile file(QDir(out).filePath(name));
        QVERIFY(file.open(QIODevice::WriteOnly));
        QCOMPARE(file.write(data), data.size());
    };
    for (const QString &format : {QStringLiteral("json"), QStringLiteral("multipart")}) {
        const RunRecord record = runOnce(format);
        write(QStringLiteral("run-%1.har").arg(format), WireHarExporter::write(record));
        write(QStringLiteral("run-%1-calls.har").arg(format), WireHarExporter::write(record, {.includeSecrets = true, .entryPerCall = true}));
    }
}

QTEST_GUILESS_MAIN(TestWireHar)
#include "tst_wirehar.moc"
