// SPDX-License-Identifier: BSD-3-Clause
// Fuzz target: JsonBatchCodec::decode over any answer, and an encode → answer → decode round
// trip. Input format: see fuzzsupport.h. Seeds: tests/fixtures/fuzz/jsonbatch/.
#include "fuzzsupport.h"
#include "wire/itemtarget.h"
#include "wire/jsonbatchcodec.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace batchlab;
using namespace batchlab::fuzz;

namespace {

void checkDecode(const FuzzCase &input)
{
    const BatchRequest batch = makeBatch(input.itemCount, input.notificationMask);
    const DecodedBatch decoded = JsonBatchCodec().decode(batch, input.headers, input.body);
    checkCommon(batch, decoded);
    for (const ItemResult &item : decoded.items) {
        // An index comes from the id we sent for that call and from nothing else.
        FUZZ_CHECK("index-from-id", item.index < 0 || item.id == QString::number(item.index),
                   describe(item));
    }
}

/// The content types a round trip's calls carry, by how OData 4.01 carries their bodies.
enum class BodyKind { Json, Text, Binary };

BodyKind kindOf(const RequestSpec &spec)
{
    const QByteArray type = headerValue(spec.headers, "content-type");
    if (type.isEmpty() || type.contains("json"))
        return BodyKind::Json;
    return type.startsWith("text/") ? BodyKind::Text : BodyKind::Binary;
}

/// The body an answer that echoes `spec`'s body in its content type decodes to: JSON
/// normalised, text as UTF-8, anything else byte for byte.
QByteArray echoed(const RequestSpec &spec)
{
    switch (kindOf(spec)) {
    case BodyKind::Json: {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(spec.body, &error);
        if (error.error == QJsonParseError::NoError && (doc.isObject() || doc.isArray()))
            return doc.toJson(QJsonDocument::Compact);
        return QString::fromUtf8(spec.body).toUtf8();
    }
    case BodyKind::Text:
        return QString::fromUtf8(spec.body).toUtf8();
    case BodyKind::Binary:
        break;
    }
    return spec.body;
}

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

/// Encodes a random batch, checks the request, answers it in any order echoing every body in
/// its content type, and checks that each call gets its own status and body back.
void checkRoundTrip(const QByteArray &random)
{
    Bytes bytes(random);
    std::vector<RequestSpec> specs;
    const BatchRequest batch = randomBatch(bytes, &specs);
    const int count = int(batch.items.size());
    WireOptions options;
    options.itemUrls = bytes.flag() ? ItemUrls::Absolute
                                    : (bytes.flag() ? ItemUrls::AbsolutePath : ItemUrls::Relative);
    options.continueOnError = bytes.flag();
    const JsonBatchCodec codec(options);

    const EncodedRequest encoded = codec.encode(batch);
    FUZZ_CHECK("encode-envelope",
               encoded.url == batch.endpoint
                   && headerValue(encoded.headers, "content-type") == "application/json",
               encoded.url.toEncoded());
    const QJsonArray requests = QJsonDocument::fromJson(encoded.body)
                                    .object()
                                    .value(QStringLiteral("requests"))
                                    .toArray();
    FUZZ_CHECK("encode-count", requests.size() == count, encoded.body);
    for (int i = 0; i < count; ++i) {
        const QJsonObject request = requests.at(i).toObject();
        const RequestSpec &spec = specs[size_t(i)];
        const QString url
            = QString::fromUtf8(itemTarget(spec.url, batch.endpoint, options.itemUrls));
        FUZZ_CHECK("encode-item",
                   request.value(QStringLiteral("id")) == QString::number(i)
                       && request.value(QStringLiteral("method"))
                           == QString::fromLatin1(spec.method)
                       && request.value(QStringLiteral("url")) == url
                       && request.contains(QStringLiteral("body")) == !spec.body.isEmpty(),
                   compact(request));
    }

    static const int statuses[] = {200, 201, 204, 400, 404, 424, 429, 503};
    const std::vector<int> order = shuffled(bytes, count);
    std::vector<int> status(static_cast<size_t>(count));
    QJsonArray responses;
    for (const int i : order) {
        const QJsonObject request = requests.at(i).toObject();
        status[size_t(i)] = statuses[bytes.below(8)];
        QJsonObject headers{{QStringLiteral("x-item"), QString::number(i)}};
        const QJsonObject sent = request.value(QStringLiteral("headers")).toObject();
        for (auto it = sent.constBegin(); it != sent.constEnd(); ++it) {
            if (it.key().compare(QLatin1String("content-type"), Qt::CaseInsensitive) == 0)
                headers.insert(QStringLiteral("content-type"), it.value());
        }
        QJsonObject response{{QStringLiteral("id"), QString::number(i)},
                             {QStringLiteral("status"), status[size_t(i)]},
                             {QStringLiteral("headers"), headers}};
        if (request.contains(QStringLiteral("body")))
            response.insert(QStringLiteral("body"), request.value(QStringLiteral("body")));
        responses.append(response);
    }
    const QByteArray answer
        = QJsonDocument(QJsonObject{{QStringLiteral("responses"), responses}})
              .toJson(bytes.flag() ? QJsonDocument::Compact : QJsonDocument::Indented);
    const DecodedBatch decoded
        = codec.decode(batch, {{"Content-Type", "application/json; charset=utf-8"}}, answer);
    FUZZ_CHECK("roundtrip-ok", decoded.error.isEmpty() && int(decoded.items.size()) == count,
               decoded.error.toUtf8() + " in " + answer);
    for (const ItemResult &item : decoded.items) {
        const bool known = item.index >= 0 && item.index < count;
        FUZZ_CHECK("roundtrip-item",
                   known && item.problem.isEmpty() && item.status == status[size_t(item.index)]
                       && headerValue(item.headers, "X-Item") == QByteArray::number(item.index),
                   describe(item) + " in " + answer);
        const RequestSpec &spec = specs[size_t(item.index)];
        FUZZ_CHECK("roundtrip-body", item.body == echoed(spec),
                   describe(item) + " sent " + spec.body.toPercentEncoding() + " as \""
                       + headerValue(spec.headers, "content-type") + "\" in " + answer);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const FuzzCase input = parseCase(data, size);
    if (input.roundTrip)
        checkRoundTrip(input.body);
    else
        checkDecode(input);
    return 0;
}
