// SPDX-License-Identifier: BSD-3-Clause
// Fuzz target: JsonRpcBatchCodec::decode over any answer, and an encode → answer → decode round
// trip. Input format: see fuzzsupport.h; "3!4 application/json" is a batch of three calls whose
// third (bit 2) is a notification. Seeds: tests/fixtures/fuzz/jsonrpcbatch/.
#include "fuzzsupport.h"
#include "wire/jsonrpcbatchcodec.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace batchlab;
using namespace batchlab::fuzz;

namespace {

bool isNotification(const BatchRequest &batch, int index)
{
    return JsonRpcBatchCodec::isNotification(*batch.items[size_t(index)].spec);
}

void checkDecode(const FuzzCase &input)
{
    const BatchRequest batch = makeBatch(input.itemCount, input.notificationMask);
    const DecodedBatch decoded = JsonRpcBatchCodec().decode(batch, input.headers, input.body);
    checkCommon(batch, decoded);
    if (!decoded.error.isEmpty())
        return;
    std::vector<int> notificationAnswers(batch.items.size(), 0);
    for (const ItemResult &item : decoded.items) {
        if (item.index < 0 || item.index >= int(batch.items.size()))
            continue;
        if (isNotification(batch, item.index)) {
            // A notification gets no answer from the server: the codec settles it itself.
            FUZZ_CHECK("notification-settled",
                       item.id == QLatin1String("notification") && item.status == 204
                           && item.problem.isEmpty() && !item.rpcCode,
                       describe(item));
            ++notificationAnswers[size_t(item.index)];
            continue;
        }
        FUZZ_CHECK("index-from-id", item.id == QString::number(item.index), describe(item));
        if (item.rpcCode) {
            // An error object fails its call: with no status (Rpc), or with the HTTP failure
            // status its data names; never a success.
            FUZZ_CHECK("rpc-error-is-error",
                       item.problem.isEmpty()
                           && (item.status == 0 || (item.status >= 400 && item.status <= 599)),
                       describe(item));
        } else {
            // Strict: a matched answer is a result, an error object, or says why it is neither.
            FUZZ_CHECK("status-or-problem",
                       !item.problem.isEmpty() || (item.status >= 100 && item.status <= 599),
                       describe(item));
        }
    }
    for (int i = 0; i < int(batch.items.size()); ++i) {
        FUZZ_CHECK("notification-once",
                   !isNotification(batch, i) || notificationAnswers[size_t(i)] == 1,
                   "notification " + QByteArray::number(i) + " settled "
                       + QByteArray::number(notificationAnswers[size_t(i)]) + " times");
    }
}

/// JSON text of any value, the way a server would write it.
QByteArray jsonText(const QJsonValue &value)
{
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return wrapped.mid(1, wrapped.size() - 2);
}

/// `text` as Qt's JSON parser reads it back once written: Qt 6.4 drops U+FEFF even inside a
/// string, so a method name starting with one is sent whole but read back without it here.
QString throughQtJson(const QString &text)
{
    const QJsonObject object{{QStringLiteral("v"), text}};
    return QJsonDocument::fromJson(QJsonDocument(object).toJson(QJsonDocument::Compact))
        .object()
        .value(QStringLiteral("v"))
        .toString();
}

struct Expected
{
    bool error = false;
    int status = 0;
    int code = 0;
    QString message;
    int retryAfter = -1;
    QByteArray body;
};

/// Encodes a random batch (some calls notifications, a single call possibly plain), checks the
/// request, answers every call that has an id with a result or an error object in any order,
/// and checks what each call gets.
void checkRoundTrip(const QByteArray &random)
{
    Bytes bytes(random);
    std::vector<RequestSpec> specs;
    BatchRequest batch = randomBatch(bytes, &specs, true);
    const int count = int(batch.items.size());
    batch.plain = count == 1 && bytes.flag();
    const JsonRpcBatchCodec codec;

    const EncodedRequest encoded = codec.encode(batch);
    const QJsonDocument doc = QJsonDocument::fromJson(encoded.body);
    FUZZ_CHECK("encode-envelope",
               encoded.url == batch.endpoint
                   && headerValue(encoded.headers, "content-type") == "application/json"
                   && (batch.plain ? doc.isObject() : doc.isArray()),
               encoded.body);
    const QJsonArray calls = batch.plain ? QJsonArray{doc.object()} : doc.array();
    FUZZ_CHECK("encode-count", calls.size() == count, encoded.body);
    for (int i = 0; i < count; ++i) {
        const QJsonObject call = calls.at(i).toObject();
        const RequestSpec &spec = specs[size_t(i)];
        const bool notification = JsonRpcBatchCodec::isNotification(spec);
        const QJsonDocument params = QJsonDocument::fromJson(spec.body);
        const bool structured = params.isObject() || params.isArray();
        const QJsonValue expectedParams
            = params.isObject() ? QJsonValue(params.object()) : QJsonValue(params.array());
        FUZZ_CHECK("encode-call",
                   call.value(QStringLiteral("jsonrpc")) == QLatin1String("2.0")
                       && call.value(QStringLiteral("method")) == throughQtJson(JsonRpcBatchCodec::methodOf(spec))
                       && (notification ? !call.contains(QStringLiteral("id"))
                                        : call.value(QStringLiteral("id")) == QString::number(i))
                       && call.contains(QStringLiteral("params")) == !spec.body.isEmpty()
                       && (!structured || call.value(QStringLiteral("params")) == expectedParams),
                   QJsonDocument(call).toJson(QJsonDocument::Compact));
    }

    std::vector<Expected> expected(static_cast<size_t>(count));
    QJsonArray responses;
    const std::vector<int> order = shuffled(bytes, count);
    for (const int i : order) {
        if (JsonRpcBatchCodec::isNotification(specs[size_t(i)]))
            continue;
        Expected &e = expected[size_t(i)];
        QJsonObject response{{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                             {QStringLiteral("id"), QString::number(i)}};
        const QString text = QString::fromUtf8(bytes.take(16));
        switch (bytes.below(5)) {
        case 0: { // an error object, perhaps with an HTTP status and a Retry-After in `data`
            e.error = true;
            static const int codes[] = {-32700, -32600, -32601, -32602, -32603, -32000, 1, 429};
            e.code = codes[bytes.below(8)];
            e.message = text;
            QJsonObject error{{QStringLiteral("code"), e.code},
                              {QStringLiteral("message"), e.message}};
            if (bytes.flag()) {
                static const int statuses[] = {404, 429, 503, 200, 302, 99, 600};
                const int status = statuses[bytes.below(7)];
                e.status = status >= 400 && status <= 599 ? status : 0;
                QJsonObject data{{QStringLiteral("status"), status}};
                if (bytes.flag()) {
                    e.retryAfter = bytes.below(120);
                    data.insert(QStringLiteral("retryAfter"), e.retryAfter);
                }
                error.insert(QStringLiteral("data"), data);
            }
            e.body = QJsonDocument(error).toJson(QJsonDocument::Compact);
            response.insert(QStringLiteral("error"), error);
            break;
        }
        case 1: { // the params echoed
            const QJsonDocument params = QJsonDocument::fromJson(specs[size_t(i)].body);
            const QJsonValue result = params.isObject() ? QJsonValue(params.object())
                : params.isArray()                      ? QJsonValue(params.array())
                                                        : QJsonValue(text);
            response.insert(QStringLiteral("result"), result);
            e.body = jsonText(result);
            break;
        }
        case 2:
            response.insert(QStringLiteral("result"),
                            QJsonObject{{QStringLiteral("id"), i}, {QStringLiteral("name"), text}});
            e.body = jsonText(response.value(QStringLiteral("result")));
            break;
        case 3:
            response.insert(QStringLiteral("result"), QJsonValue::Null);
            e.body = "null";
            break;
        default:
            response.insert(QStringLiteral("result"), i * 10 + 1);
            e.body = QByteArray::number(i * 10 + 1);
            break;
        }
        if (!e.error)
            e.status = 200;
        responses.append(response);
    }
    QByteArray answer;
    if (responses.isEmpty()) // only notifications: the server answers nothing at all
        answer = bytes.flag() ? QByteArray() : QByteArray("\r\n");
    else if (responses.size() == 1 && bytes.flag())
        answer = QJsonDocument(responses.first().toObject()).toJson(QJsonDocument::Compact);
    else
        answer = QJsonDocument(responses).toJson(bytes.flag() ? QJsonDocument::Compact
                                                              : QJsonDocument::Indented);

    const DecodedBatch decoded
        = codec.decode(batch, {{"Content-Type", "application/json"}}, answer);
    FUZZ_CHECK("roundtrip-ok", decoded.error.isEmpty() && int(decoded.items.size()) == count,
               decoded.error.toUtf8() + " in " + answer);
    std::vector<int> seen(static_cast<size_t>(count), 0);
    for (const ItemResult &item : decoded.items) {
        FUZZ_CHECK("roundtrip-index", item.index >= 0 && item.index < count,
                   describe(item) + " in " + answer);
        ++seen[size_t(item.index)];
        const Expected &e = expected[size_t(item.index)];
        if (JsonRpcBatchCodec::isNotification(specs[size_t(item.index)])) {
            FUZZ_CHECK("roundtrip-notification", item.status == 204 && item.problem.isEmpty(),
                       describe(item));
            continue;
        }
        const bool ok = item.problem.isEmpty() && item.status == e.status
            && bool(item.rpcCode) == e.error && (!e.error || *item.rpcCode == e.code)
            && (!e.error || item.rpcMessage == e.message) && item.body == e.body
            && headerValue(item.headers, "retry-after")
                == (e.retryAfter >= 0 ? QByteArray::number(e.retryAfter) : QByteArray());
        FUZZ_CHECK("roundtrip-item", ok, describe(item) + " in " + answer);
    }
    for (int i = 0; i < count; ++i)
        FUZZ_CHECK("roundtrip-once", seen[size_t(i)] == 1,
                   "call " + QByteArray::number(i) + " answered "
                       + QByteArray::number(seen[size_t(i)]) + " times in " + answer);
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
