// SPDX-License-Identifier: BSD-3-Clause
// Run reports of a 100 000-call run (2 000 HTTP requests of 50, 5% failed): each writer's
// time, median of several runs. Beside CSV, in the same run, a floor: appending the very
// same bytes, line by line, to a QByteArray (what a writer cannot go below); beside JSON,
// the obvious way, a QJsonDocument of the same calls, so the ratio says what writing the
// calls without a DOM saves.
#include "runs/report/csvreportwriter.h"
#include "runs/report/htmlreportwriter.h"
#include "runs/report/jsonreportwriter.h"
#include "runs/report/junitreportwriter.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cstdio>
#include <functional>

using namespace batchlab;

namespace {

constexpr int kCalls = 100'000;
constexpr int kRuns = 5;

RunRecord makeRecord()
{
    RunRecord record;
    record.summary.number = 1;
    record.summary.setName = QStringLiteral("bench");
    record.summary.startedAt = QDateTime::currentDateTimeUtc();
    for (int r = 0; r < 100; ++r)
        record.requests.append(QStringLiteral("get user %1").arg(r));
    for (int i = 0; i < kCalls; ++i) {
        RecordedCall c;
        c.id = quint64(i + 1);
        c.row = i % 100;
        c.name = record.requests.at(c.row);
        c.method = "GET";
        c.url = QStringLiteral("http://127.0.0.1:8080/v1.0/users/%1?select=id,displayName").arg(1000 + c.row);
        c.batchId = quint64(i / 50 + 1);
        c.attempts = 1;
        c.sentNs = qint64(i) * 20'000;
        c.queueWaitNs = 3'000'000 + (i % 50) * 10'000;
        c.settledNs = c.sentNs + 20'000'000 + (i % 997) * 7'000;
        c.bytes = 120;
        if (i % 20 == 7) {
            c.status = 503;
            c.error = ErrorKind::Http;
            c.errorText = QStringLiteral("HTTP 503 Service Unavailable");
        } else {
            c.status = 200;
        }
        record.calls.push_back(c);
    }
    for (int b = 0; b < kCalls / 50; ++b) {
        RecordedBatch batch;
        batch.id = quint64(b + 1);
        batch.key = QStringLiteral("http://127.0.0.1:8080 /v1.0/$batch");
        batch.reason = FlushReason::Size;
        batch.size = 50;
        batch.flushedNs = qint64(b) * 1'000'000;
        batch.sentNs = batch.flushedNs + 10'000;
        batch.answeredNs = batch.sentNs + 20'000'000;
        batch.httpStatus = 200;
        for (int i = 0; i < 50; ++i)
            batch.items.push_back({quint64(b * 50 + i + 1), 200, ErrorKind::None, false, {}});
        record.batches.push_back(std::move(batch));
    }
    record.summary.counters.calls = kCalls;
    record.summary.counters.succeeded = kCalls - kCalls / 20;
    record.summary.counters.failed = kCalls / 20;
    record.summary.counters.httpRequests = kCalls / 50;
    record.summary.counters.batches = kCalls / 50;
    record.summary.counters.items = kCalls;
    record.durationNs = record.calls.back().settledNs;
    return record;
}

double medianMs(const std::function<qsizetype()> &work, qsizetype *bytes)
{
    std::vector<double> ms;
    for (int run = 0; run < kRuns; ++run) {
        QElapsedTimer clock;
        clock.start();
        *bytes = work();
        ms.push_back(double(clock.nsecsElapsed()) / 1e6);
    }
    std::sort(ms.begin(), ms.end());
    return ms[ms.size() / 2];
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const RunRecord record = makeRecord();
    QString error;
    qsizetype bytes = 0;
    std::printf("reports: %d calls in %d HTTP requests, 5%% failed; median of %d runs\n", kCalls, kCalls / 50, kRuns);

    const double csv = medianMs([&] { return CsvReportWriter().write(record, {}, &error).size(); }, &bytes);
    const QList<QByteArray> lines = CsvReportWriter().write(record, {}, &error).split('\n');
    qsizetype floorBytes = 0;
    const double csvFloor = medianMs([&] {
        QByteArray out;
        for (const QByteArray &line : lines) {
            out += line;
            out += '\n';
        }
        return out.size();
    }, &floorBytes);
    std::printf("  CSV:        %8.1f ms  %6.1f MB\n", csv, double(bytes) / 1e6);
    std::printf("  reference, the same bytes appended line by line to a QByteArray: %.1f ms; CSV = %.1fx that\n",
                csvFloor, csv / std::max(0.001, csvFloor));

    const double json = medianMs([&] { return JsonReportWriter().write(record, {}, &error).size(); }, &bytes);
    std::printf("  JSON:       %8.1f ms  %6.1f MB\n", json, double(bytes) / 1e6);
    qsizetype domBytes = 0;
    const double dom = medianMs([&] {
        QJsonArray calls;
        for (const RecordedCall &c : record.calls) {
            calls.append(QJsonObject{{QStringLiteral("id"), double(c.id)}, {QStringLiteral("request"), c.row},
                                     {QStringLiteral("name"), c.name}, {QStringLiteral("method"), QString::fromLatin1(c.method)},
                                     {QStringLiteral("url"), c.url}, {QStringLiteral("batch"), double(c.batchId)},
                                     {QStringLiteral("attempts"), c.attempts}, {QStringLiteral("status"), c.status},
                                     {QStringLiteral("sentMs"), double(c.sentNs) / 1e6},
                                     {QStringLiteral("settledMs"), double(c.settledNs) / 1e6},
                                     {QStringLiteral("latencyMs"), double(c.latencyNs()) / 1e6},
                                     {QStringLiteral("queueWaitMs"), double(c.queueWaitNs) / 1e6},
                                     {QStringLiteral("shared"), c.shared}, {QStringLiteral("cached"), c.cached}});
        }
        return QJsonDocument(QJsonObject{{QStringLiteral("calls"), calls}}).toJson().size();
    }, &domBytes);
    std::printf("  reference, the calls as a QJsonDocument (fewer fields): %.1f ms; JSON = %.2fx that\n", dom,
                json / std::max(0.001, dom));
    const double junit = medianMs([&] { return JUnitReportWriter().write(record, {}, &error).size(); }, &bytes);
    std::printf("  JUnit XML:  %8.1f ms  %6.2f MB\n", junit, double(bytes) / 1e6);
    const double html = medianMs([&] { return HtmlReportWriter().write(record, {}, &error).size(); }, &bytes);
    std::printf("  HTML:       %8.1f ms  %6.2f MB\n", html, double(bytes) / 1e6);
    return 0;
}
