// SPDX-License-Identifier: BSD-3-Clause
// What comes in from other tools and goes out to them, at the sizes users bring: a 2 MB HAR
// and a 1.8 MB Postman collection imported (grown from the real Firefox and Wise exports in
// ../shared/captures when they are there, else from generated entries), and the HAR of a
// 100 000-call run's wire written. Each beside its floor measured in the same run: Qt parsing
// (or writing) the same JSON with QJsonDocument, so the ratio says what the importer or
// exporter adds. Then the export as the workbench does it, on a worker thread: how long the
// event loop waits at worst meanwhile (the window must not freeze).
#include "io/wireexportdialog.h"
#include "lagprobe.h"
#include "runs/io/harimporter.h"
#include "runs/io/postmanimporter.h"
#include "runs/io/wireharexporter.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <functional>

using namespace batchlab;
using benchlag::lagWhile;
using benchlag::percentile;

namespace {

constexpr int kRuns = 5;

/// The median time of `kRuns` runs of `work`, in ms.
double medianMs(const std::function<void()> &work)
{
    std::vector<double> ms;
    for (int i = 0; i < kRuns; ++i) {
        QElapsedTimer clock;
        clock.start();
        work();
        ms.push_back(double(clock.nsecsElapsed()) / 1e6);
    }
    std::sort(ms.begin(), ms.end());
    return ms[ms.size() / 2];
}

QJsonObject readJson(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(file.readAll()).object() : QJsonObject();
}

/// A HAR of at least `bytes`: the Firefox capture's entries over and over, or generated ones.
QByteArray bigHar(qint64 bytes, int *entries)
{
    QJsonObject har = readJson(QStringLiteral("/work/shared/captures/har/firefox-111.har"));
    QJsonObject log = har.value(QStringLiteral("log")).toObject();
    QJsonArray seed = log.value(QStringLiteral("entries")).toArray();
    if (seed.isEmpty()) {
        for (int i = 0; i < 50; ++i) {
            seed.append(QJsonObject{
                {QStringLiteral("startedDateTime"), QStringLiteral("2026-12-07T10:00:00.000Z")},
                {QStringLiteral("time"), 12},
                {QStringLiteral("request"), QJsonObject{{QStringLiteral("method"), QStringLiteral("GET")},
                                                        {QStringLiteral("url"), QStringLiteral("https://api.example.test/users/%1?expand=groups").arg(i)},
                                                        {QStringLiteral("httpVersion"), QStringLiteral("HTTP/2")},
                                                        {QStringLiteral("headers"), QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("Accept")}, {QStringLiteral("value"), QStringLiteral("application/json")}}}},
                                                        {QStringLiteral("queryString"), QJsonArray()}, {QStringLiteral("cookies"), QJsonArray()},
                                                        {QStringLiteral("headersSize"), -1}, {QStringLiteral("bodySize"), 0}}},
                {QStringLiteral("response"), QJsonObject{{QStringLiteral("status"), 200},
                                                         {QStringLiteral("content"), QJsonObject{{QStringLiteral("size"), 900}, {QStringLiteral("mimeType"), QStringLiteral("application/json")},
                                                                                                 {QStringLiteral("text"), QString(900, u'x')}}}}},
                {QStringLiteral("timings"), QJsonObject{{QStringLiteral("send"), 0}, {QStringLiteral("wait"), 10}, {QStringLiteral("receive"), 2}}}});
        }
        log = QJsonObject{{QStringLiteral("version"), QStringLiteral("1.2")},
                          {QStringLiteral("creator"), QJsonObject{{QStringLiteral("name"), QStringLiteral("bench")}, {QStringLiteral("version"), QStringLiteral("1")}}}};
    }
    QJsonArray all;
    QByteArray out;
    do {
        for (const QJsonValue &entry : seed)
            all.append(entry);
        log.insert(QStringLiteral("entries"), all);
        out = QJsonDocument(QJsonObject{{QStringLiteral("log"), log}}).toJson(QJsonDocument::Compact);
    } while (out.size() < bytes);
    *entries = int(all.size());
    return out;
}

/// A collection of at least `bytes`: the Wise collection's folders over and over.
QByteArray bigCollection(qint64 bytes, int *requests)
{
    QJsonObject collection = readJson(QStringLiteral("/work/shared/captures/postman/wise-payouts.v2.1.postman_collection.json"));
    QJsonArray seed = collection.value(QStringLiteral("item")).toArray();
    if (seed.isEmpty()) {
        collection = QJsonObject{{QStringLiteral("info"), QJsonObject{{QStringLiteral("name"), QStringLiteral("bench")},
                                                                      {QStringLiteral("schema"), QStringLiteral("https://schema.getpostman.com/json/collection/v2.1.0/collection.json")}}}};
        for (int i = 0; i < 20; ++i) {
            seed.append(QJsonObject{{QStringLiteral("name"), QStringLiteral("Create quote %1").arg(i)},
                                    {QStringLiteral("request"), QJsonObject{{QStringLiteral("method"), QStringLiteral("POST")},
                                                                            {QStringLiteral("url"), QStringLiteral("{{baseUrl}}/v3/profiles/{{profileId}}/quotes")},
                                                                            {QStringLiteral("header"), QJsonArray{QJsonObject{{QStringLiteral("key"), QStringLiteral("Content-Type")}, {QStringLiteral("value"), QStringLiteral("application/json")}}}},
                                                                            {QStringLiteral("body"), QJsonObject{{QStringLiteral("mode"), QStringLiteral("raw")}, {QStringLiteral("raw"), QString(1500, u'y')}}}}}});
        }
    }
    QJsonArray all;
    QByteArray out;
    int round = 0;
    do {
        // Each copy in a folder of its own: names stay apart, as in a collection grown by hand.
        all.append(QJsonObject{{QStringLiteral("name"), QStringLiteral("copy %1").arg(++round)}, {QStringLiteral("item"), seed}});
        collection.insert(QStringLiteral("item"), all);
        out = QJsonDocument(collection).toJson(QJsonDocument::Indented);
    } while (out.size() < bytes);
    *requests = -1;
    return out;
}

/// A run of `calls` calls in batches of 20 to a JSON $batch endpoint, every exchange kept.
RunRecord bigRun(int calls)
{
    RunRecord record;
    record.summary.number = 1;
    record.summary.setName = QStringLiteral("bench");
    record.summary.startedAt = QDateTime::currentDateTime();
    record.requests = {QStringLiteral("user")};
    constexpr int kBatch = 20;
    record.calls.reserve(size_t(calls));
    for (int i = 0; i < calls; ++i) {
        RecordedCall c;
        c.id = quint64(i + 1);
        c.row = 0;
        c.name = QStringLiteral("user");
        c.method = "GET";
        c.url = QStringLiteral("http://127.0.0.1:8080/users/%1").arg(i % 500);
        c.batchId = quint64(i / kBatch + 1);
        c.flushReason = FlushReason::Size;
        c.attempts = 1;
        c.status = 200;
        c.sentNs = qint64(i) * 10'000;
        c.queueWaitNs = 2'000'000;
        c.settledNs = c.sentNs + 25'000'000;
        c.bytes = 80;
        record.calls.push_back(std::move(c));
    }
    for (int b = 0; b * kBatch < calls; ++b) {
        RecordedBatch batch;
        batch.id = quint64(b + 1);
        batch.key = QStringLiteral("http://127.0.0.1:8080/$batch");
        batch.reason = FlushReason::Size;
        batch.size = kBatch;
        batch.flushedNs = qint64(b) * kBatch * 10'000 + 2'000'000;
        batch.sentNs = batch.flushedNs;
        batch.answeredNs = batch.sentNs + 23'000'000;
        batch.httpStatus = 200;
        QJsonArray requests;
        QJsonArray responses;
        for (int k = 0; k < kBatch; ++k) {
            const quint64 id = quint64(b * kBatch + k + 1);
            batch.items.push_back({id, 200, ErrorKind::None, false, {}});
            requests.append(QJsonObject{{QStringLiteral("id"), QString::number(k)}, {QStringLiteral("method"), QStringLiteral("GET")},
                                        {QStringLiteral("url"), QStringLiteral("/users/%1").arg(id % 500)}});
            responses.append(QJsonObject{{QStringLiteral("id"), QString::number(k)}, {QStringLiteral("status"), 200},
                                         {QStringLiteral("body"), QJsonObject{{QStringLiteral("id"), double(id % 500)}, {QStringLiteral("name"), QStringLiteral("User %1").arg(id % 500)}}}});
        }
        WireExchange w;
        w.batchId = batch.id;
        w.method = "POST";
        w.url = QUrl(batch.key);
        w.requestHeaders = {{"Content-Type", "application/json"}, {"Authorization", "Bearer secret"}};
        w.requestBody = QJsonDocument(QJsonObject{{QStringLiteral("requests"), requests}}).toJson(QJsonDocument::Compact);
        w.requestBytes = w.requestBody.size();
        w.answered = true;
        w.httpStatus = 200;
        w.responseHeaders = {{"Content-Type", "application/json"}};
        w.responseBody = QJsonDocument(QJsonObject{{QStringLiteral("responses"), responses}}).toJson(QJsonDocument::Compact);
        w.responseBytes = w.responseBody.size();
        batch.wire = std::move(w);
        record.batches.push_back(std::move(batch));
    }
    record.durationNs = record.calls.back().settledNs;
    return record;
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);

    int entries = 0;
    const QByteArray har = bigHar(2 * 1024 * 1024, &entries);
    int imported = 0;
    const double harMs = medianMs([&] { imported = int(HarImporter().read(har, QStringLiteral("big.har")).set.requests.size()); });
    const double harFloorMs = medianMs([&] { (void)QJsonDocument::fromJson(har).object().size(); });
    std::printf("import HAR: %.2f MB, %d entries (%d requests); median of %d\n", double(har.size()) / 1e6, entries, imported, kRuns);
    std::printf("  HarImporter: %.1f ms   reference, QJsonDocument parse of the same bytes: %.1f ms   = %.2fx\n",
                harMs, harFloorMs, harMs / harFloorMs);

    int requests = 0;
    const QByteArray collection = bigCollection(1800 * 1024, &requests);
    const double postmanMs = medianMs([&] { requests = int(PostmanImporter().read(collection, QStringLiteral("big.json")).set.requests.size()); });
    const double postmanFloorMs = medianMs([&] { (void)QJsonDocument::fromJson(collection).object().size(); });
    std::printf("import Postman collection: %.2f MB, %d requests; median of %d\n", double(collection.size()) / 1e6, requests, kRuns);
    std::printf("  PostmanImporter: %.1f ms   reference, QJsonDocument parse of the same bytes: %.1f ms   = %.2fx\n",
                postmanMs, postmanFloorMs, postmanMs / postmanFloorMs);

    const RunRecord run = bigRun(100000);
    QByteArray written;
    std::vector<double> exportMs;
    for (int i = 0; i < 3; ++i) {
        QElapsedTimer clock;
        clock.start();
        written = WireHarExporter::write(run);
        exportMs.push_back(double(clock.nsecsElapsed()) / 1e6);
    }
    std::sort(exportMs.begin(), exportMs.end());
    const QJsonDocument same = QJsonDocument::fromJson(written);
    std::vector<double> floorMs;
    for (int i = 0; i < 3; ++i) {
        QElapsedTimer clock;
        clock.start();
        (void)same.toJson(QJsonDocument::Compact).size();
        floorMs.push_back(double(clock.nsecsElapsed()) / 1e6);
    }
    std::sort(floorMs.begin(), floorMs.end());
    std::printf("export the wire of a run as HAR: 100000 calls, %zu HTTP requests, %.1f MB; median of 3\n",
                run.batches.size(), double(written.size()) / 1e6);
    std::printf("  WireHarExporter: %.0f ms   reference, QJsonDocument writing the same document: %.0f ms   = %.2fx\n",
                exportMs[1], floorMs[1], exportMs[1] / floorMs[1]);

    QTemporaryDir dir;
    bool done = false;
    double totalMs = 0;
    QString error;
    const std::vector<double> lag = lagWhile(
        [&] {
            // As File ▸ Export As does it: off the event loop's thread, the loop running.
            WireExportDialog::write(nullptr, run, {}, dir.filePath(QStringLiteral("run.har")), &error);
            done = true;
        },
        [&] { return !done; }, &totalMs);
    std::printf("  as the workbench exports it (worker thread): %.0f ms; event-loop lag p50 %.2f ms, p99 %.2f ms, "
                "max %.2f ms (the aim is under 50 ms)%s\n",
                totalMs, percentile(lag, 0.5), percentile(lag, 0.99), *std::max_element(lag.begin(), lag.end()),
                error.isEmpty() ? "" : qPrintable(QStringLiteral(" — ") + error));
    return 0;
}
