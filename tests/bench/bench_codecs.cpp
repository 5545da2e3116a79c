// SPDX-License-Identifier: BSD-3-Clause
// The batch codecs alone: encode, decode and both for a 50-item batch of realistic calls (40
// GET /users/N, 10 POST with a small JSON body) and its answer of 50 JSON users of about 100
// bytes, in each codec's wire format. Items per second and heap allocations per item, median of
// several runs. Beside each, in the same run, a floor: what the bare parsing or writing of the
// same bytes costs (QJsonDocument for the JSON formats, a naive split on the boundary or a
// concatenation of the same parts for multipart), so the ratio says what the codec adds.
#include "allocationcounter.h"
#include "wire/jsonbatchcodec.h"
#include "wire/jsonrpcbatchcodec.h"
#include "wire/multipartbatchcodec.h"

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

constexpr int kItems = 50;
constexpr int kRuns = 9;
constexpr qint64 kRunNs = 150'000'000; // per run, after calibration

/// A user as a directory API returns it: about 100 bytes of JSON.
QJsonObject user(int id)
{
    return {{QStringLiteral("id"), QString::number(id)},
            {QStringLiteral("displayName"), QStringLiteral("User %1").arg(id)},
            {QStringLiteral("mail"), QStringLiteral("user%1@example.test").arg(id)},
            {QStringLiteral("jobTitle"), QStringLiteral("Engineer")},
            {QStringLiteral("accountEnabled"), true}};
}

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

bool isPost(int i)
{
    return i % 5 == 4;
}

/// GET /users/N, and every fifth call a POST creating a user; for JSON-RPC the same calls as
/// users.get / users.create with their params as body.
std::vector<RequestSpec> makeSpecs(bool rpc)
{
    std::vector<RequestSpec> specs;
    for (int i = 0; i < kItems; ++i) {
        const int id = 1000 + i;
        RequestSpec spec;
        if (rpc) {
            spec.method = isPost(i) ? QByteArrayLiteral("POST") : QByteArrayLiteral("GET");
            spec.url = QUrl(isPost(i) ? QStringLiteral("http://127.0.0.1:8080/rpc/users.create")
                                      : QStringLiteral("http://127.0.0.1:8080/rpc/users.get"));
            spec.body = isPost(i)
                ? compact({{QStringLiteral("displayName"), QStringLiteral("User %1").arg(id)},
                           {QStringLiteral("accountEnabled"), true}})
                : compact({{QStringLiteral("id"), QString::number(id)}});
        } else if (isPost(i)) {
            spec.method = QByteArrayLiteral("POST");
            spec.url = QUrl(QStringLiteral("http://127.0.0.1:8080/v1.0/users"));
            spec.headers
                = {{QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json")}};
            spec.body = compact({{QStringLiteral("displayName"), QStringLiteral("User %1").arg(id)},
                                 {QStringLiteral("mailNickname"), QStringLiteral("user%1").arg(id)},
                                 {QStringLiteral("accountEnabled"), true}});
        } else {
            spec = RequestSpec::get(
                QUrl(QStringLiteral("http://127.0.0.1:8080/v1.0/users/%1").arg(id)));
        }
        specs.push_back(std::move(spec));
    }
    return specs;
}

BatchRequest makeBatch(const std::vector<RequestSpec> &specs)
{
    BatchRequest batch;
    batch.batchId = 42;
    batch.endpoint = QUrl(QStringLiteral("http://127.0.0.1:8080/v1.0/$batch"));
    for (int i = 0; i < int(specs.size()); ++i)
        batch.items.push_back({i, &specs[size_t(i)]});
    return batch;
}

/// Graph / OData 4.01: {"responses":[{"id","status","headers","body"}]}.
QByteArray jsonAnswer()
{
    QJsonArray responses;
    for (int i = 0; i < kItems; ++i) {
        responses.append(QJsonObject{
            {QStringLiteral("id"), QString::number(i)},
            {QStringLiteral("status"), isPost(i) ? 201 : 200},
            {QStringLiteral("headers"),
             QJsonObject{{QStringLiteral("content-type"), QStringLiteral("application/json")}}},
            {QStringLiteral("body"), user(1000 + i)}});
    }
    return QJsonDocument(QJsonObject{{QStringLiteral("responses"), responses}})
        .toJson(QJsonDocument::Compact);
}

/// Google / OData 4.0: one application/http response per part, Content-ID response-item-N.
QByteArray multipartAnswer(const QByteArray &boundary, std::vector<QByteArray> *parts)
{
    QByteArray answer;
    for (int i = 0; i < kItems; ++i) {
        const QByteArray body = compact(user(1000 + i));
        const QByteArray part = "Content-Type: application/http\r\nContent-ID: <response-item-"
            + QByteArray::number(i) + ">\r\n\r\nHTTP/1.1 "
            + (isPost(i) ? QByteArray("201 Created") : QByteArray("200 OK"))
            + "\r\nContent-Type: application/json; charset=UTF-8\r\nContent-Length: "
            + QByteArray::number(body.size()) + "\r\n\r\n" + body;
        parts->push_back(part);
        answer += "--" + boundary + "\r\n" + part + "\r\n";
    }
    answer += "--" + boundary + "--\r\n";
    return answer;
}

/// JSON-RPC 2.0: [{"jsonrpc":"2.0","result":…,"id":"N"}].
QByteArray jsonRpcAnswer()
{
    QJsonArray responses;
    for (int i = 0; i < kItems; ++i) {
        responses.append(QJsonObject{{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                                     {QStringLiteral("result"), user(1000 + i)},
                                     {QStringLiteral("id"), QString::number(i)}});
    }
    return QJsonDocument(responses).toJson(QJsonDocument::Compact);
}

/// The floor for multipart decoding: the answer cut at every delimiter, nothing else.
qsizetype naiveSplit(const QByteArray &body, const QByteArray &boundary)
{
    const QByteArray delimiter = "--" + boundary;
    QList<QByteArray> pieces;
    qsizetype from = 0;
    while (true) {
        const qsizetype at = body.indexOf(delimiter, from);
        if (at < 0)
            break;
        pieces.append(body.mid(from, at - from));
        from = at + delimiter.size();
    }
    return pieces.size();
}

/// The floor for multipart encoding: the same parts joined by delimiters.
QByteArray naiveJoin(const std::vector<QByteArray> &parts, const QByteArray &boundary)
{
    QByteArray body;
    for (const QByteArray &part : parts)
        body += "--" + boundary + "\r\n" + part + "\r\n";
    body += "--" + boundary + "--\r\n";
    return body;
}

using Op = std::function<qint64()>;

qint64 g_sink = 0; // keeps results alive so that nothing is optimised away

/// How many calls of `op` (one batch each) take about kRunNs.
qint64 calibrate(const Op &op)
{
    for (qint64 iterations = 1;; iterations *= 2) {
        QElapsedTimer clock;
        clock.start();
        for (qint64 i = 0; i < iterations; ++i)
            g_sink += op();
        const qint64 ns = clock.nsecsElapsed();
        if (ns > kRunNs / 10)
            return std::max<qint64>(1, iterations * kRunNs / ns);
    }
}

struct Run
{
    double nsPerItem = 0;
    double allocationsPerItem = 0;
};

Run run(const Op &op, qint64 iterations)
{
    const long long before = bench::allocations();
    QElapsedTimer clock;
    clock.start();
    for (qint64 i = 0; i < iterations; ++i)
        g_sink += op();
    const auto items = double(iterations * kItems);
    return {double(clock.nsecsElapsed()) / items, double(bench::allocations() - before) / items};
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

struct Measure
{
    double nsPerItem = 0;
    double allocationsPerItem = 0;
    double floorNsPerItem = 0;
    double ratio = 0; ///< median of the per-run ratios
};

/// `op` and its floor in alternating runs, so that both see the same machine; medians of
/// kRuns runs each, and the median of the per-run ratios.
Measure measure(const std::vector<Op> &ops, const std::vector<Op> &floors)
{
    const auto all = [](const std::vector<Op> &list) {
        return Op([&list] {
            qint64 sum = 0;
            for (const Op &op : list)
                sum += op();
            return sum;
        });
    };
    const Op op = all(ops), floor = all(floors);
    const qint64 opIterations = calibrate(op), floorIterations = calibrate(floor);
    std::vector<double> ns, allocations, floorNs, ratios;
    for (int i = 0; i < kRuns; ++i) {
        const Run a = run(op, opIterations);
        const Run b = run(floor, floorIterations);
        ns.push_back(a.nsPerItem);
        allocations.push_back(a.allocationsPerItem);
        floorNs.push_back(b.nsPerItem);
        ratios.push_back(a.nsPerItem / b.nsPerItem);
    }
    return {median(ns), median(allocations), median(floorNs), median(ratios)};
}

void row(const char *codec, const char *operation, const Measure &m, const char *floorName)
{
    std::printf("  %-10s %-14s %9.0f %8.1f %6.1f   %-38s %9.0f %8.1f %6.2fx\n", codec, operation,
                1e9 / m.nsPerItem, m.nsPerItem, m.allocationsPerItem, floorName,
                1e9 / m.floorNsPerItem, m.floorNsPerItem, m.ratio);
}

void report(const char *name, const BatchCodec &codec, const BatchRequest &batch,
            const HttpHeaders &headers, const QByteArray &answer, const Op &encodeFloor,
            const char *encodeFloorName, const Op &decodeFloor, const char *decodeFloorName)
{
    // The answer must decode cleanly, or the numbers would measure an error path.
    const DecodedBatch check = codec.decode(batch, headers, answer);
    int matched = 0;
    for (const ItemResult &item : check.items)
        matched += item.index >= 0 && item.problem.isEmpty() && item.status / 100 == 2;
    if (!check.error.isEmpty() || matched != kItems) {
        std::printf("  %-10s the answer does not decode cleanly (%d of %d items): %s\n", name,
                    matched, kItems, qPrintable(check.error));
        return;
    }
    const Op encode = [&] { return codec.encode(batch).body.size(); };
    const Op decode = [&] { return qint64(codec.decode(batch, headers, answer).items.size()); };
    row(name, "encode", measure({encode}, {encodeFloor}), encodeFloorName);
    row(name, "decode", measure({decode}, {decodeFloor}), decodeFloorName);
    row(name, "encode+decode", measure({encode, decode}, {encodeFloor, decodeFloor}),
        "both floors");
    std::printf("  %-10s request %lld bytes, answer %lld bytes\n", "",
                qlonglong(codec.encode(batch).body.size()), qlonglong(answer.size()));
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    std::printf(
        "codecs: batches of %d calls (%d GET /users/N, %d POST with a JSON body), answers of "
        "%d JSON users of ~100 bytes; median of %d runs\n",
        kItems, kItems - kItems / 5, kItems / 5, kItems, kRuns);
    std::printf("  %-10s %-14s %9s %8s %6s   %-38s %9s %8s %7s\n", "codec", "operation", "items/s",
                "ns/item", "alloc", "floor (same bytes, same run)", "items/s", "ns/item", "ratio");

    const std::vector<RequestSpec> restSpecs = makeSpecs(false);
    const BatchRequest restBatch = makeBatch(restSpecs);
    const HttpHeaders json{{"Content-Type", "application/json"}};

    {
        const JsonBatchCodec codec;
        const QByteArray answer = jsonAnswer();
        const QJsonDocument request = QJsonDocument::fromJson(codec.encode(restBatch).body);
        report(
            "json", codec, restBatch, json, answer,
            [&] { return request.toJson(QJsonDocument::Compact).size(); },
            "QJsonDocument::toJson (same doc)",
            [&] { return qint64(QJsonDocument::fromJson(answer).isObject()); },
            "QJsonDocument::fromJson (same answer)");
    }
    {
        const MultipartBatchCodec codec;
        const QByteArray boundary = "batch_8d9a3c2e";
        std::vector<QByteArray> answerParts;
        const QByteArray answer = multipartAnswer(boundary, &answerParts);
        // The floor of encoding joins the request's own parts, cut out of one encoding.
        const EncodedRequest encoded = codec.encode(restBatch);
        const QByteArray sent = MultipartBatchCodec::headerParameter(
            headerValue(encoded.headers, "content-type"), "boundary");
        std::vector<QByteArray> requestParts;
        const QByteArray delimiter = "--" + sent + "\r\n";
        for (qsizetype at = encoded.body.indexOf(delimiter); at >= 0;) {
            const qsizetype start = at + delimiter.size();
            const qsizetype next = encoded.body.indexOf(QByteArray("\r\n--" + sent), start);
            requestParts.push_back(encoded.body.mid(start, next - start));
            at = encoded.body.indexOf(delimiter, next);
        }
        report(
            "multipart", codec, restBatch,
            {{"Content-Type", "multipart/mixed; boundary=" + boundary}}, answer,
            [&] { return naiveJoin(requestParts, sent).size(); }, "concatenate the same parts",
            [&] { return naiveSplit(answer, boundary); }, "split on the boundary, nothing else");
    }
    {
        const std::vector<RequestSpec> rpcSpecs = makeSpecs(true);
        const BatchRequest rpcBatch = makeBatch(rpcSpecs);
        const JsonRpcBatchCodec codec;
        const QByteArray answer = jsonRpcAnswer();
        const QJsonDocument request = QJsonDocument::fromJson(codec.encode(rpcBatch).body);
        report(
            "jsonrpc", codec, rpcBatch, json, answer,
            [&] { return request.toJson(QJsonDocument::Compact).size(); },
            "QJsonDocument::toJson (same doc)",
            [&] { return qint64(QJsonDocument::fromJson(answer).isArray()); },
            "QJsonDocument::fromJson (same answer)");
    }
    std::printf(
        "  ratio = median over the runs of the codec's time over its floor's (the two run in "
        "turn); alloc = heap allocations per item\n");
    if (g_sink == 42)
        std::puts("");
    return 0;
}
