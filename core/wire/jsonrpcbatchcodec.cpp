// SPDX-License-Identifier: BSD-3-Clause
#include "wire/jsonrpcbatchcodec.h"
#include "wire/wiretr.h"

#include "telemetry/logging.h"
#include "wire/jsonwire.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

#include <cmath>

namespace batchlab {

namespace {

QString version()
{
    return QStringLiteral("2.0");
}

std::optional<int> integer(const QJsonValue &value)
{
    if (!value.isDouble())
        return std::nullopt;
    const double d = value.toDouble();
    if (d != std::floor(d) || d < -2147483648.0 || d > 2147483647.0)
        return std::nullopt;
    return int(d);
}

void readError(const QJsonValue &value, ItemResult *item)
{
    if (!value.isObject()) {
        item->problem = WireTr::tr("\"error\" is not an object");
        return;
    }
    const QJsonObject error = value.toObject();
    const std::optional<int> code = integer(error.value(QStringLiteral("code")));
    const QJsonValue message = error.value(QStringLiteral("message"));
    if (!code) {
        item->problem = WireTr::tr("\"error.code\" is not an integer");
        return;
    }
    if (!message.isString()) {
        item->problem = WireTr::tr("\"error.message\" is not a string");
        return;
    }
    item->rpcCode = code;
    item->rpcMessage = message.toString();
    item->body = jsonwire::text(error);
    item->headers = {{QByteArrayLiteral("content-type"), QByteArrayLiteral("application/json")}};
    // An HTTP status in `data` says what kind of failure this is, so that retry and the
    // circuit breaker treat a throttled or failed call as they would over plain HTTP.
    const QJsonObject data = error.value(QStringLiteral("data")).toObject();
    const std::optional<int> status = integer(data.value(QStringLiteral("status")));
    // Only failure statuses: an error object is never a success, whatever its data says.
    if (status && *status >= 400 && *status <= 599)
        item->status = *status;
    const std::optional<int> retryAfter = integer(data.value(QStringLiteral("retryAfter")));
    if (retryAfter && *retryAfter >= 0)
        item->headers.append({QByteArrayLiteral("retry-after"), QByteArray::number(*retryAfter)});
}

/// JSON-RPC has no place for a call's own headers; say so once per header name instead of
/// dropping them silently. Headers for the whole request are the target's
/// (ApiClient::setTargetHeaders), which the transport sends.
void warnAboutDroppedHeaders(const RequestSpec &spec)
{
    thread_local QSet<QByteArray> warned; // once per thread: sweeps may encode on several
    for (const auto &[name, value] : spec.headers) {
        const QByteArray lower = name.toLower();
        if (lower == JsonRpcBatchCodec::kNotificationHeader || lower == "content-type" || warned.contains(lower))
            continue;
        warned.insert(lower);
        qCWarning(lcCodec).noquote() << "JSON-RPC has no per-call headers:" << QString::fromLatin1(name)
                                     << "is not sent; put headers for every request on the target";
    }
}

/// Whether `text` is one JSON value, a scalar included (QJsonDocument takes only arrays and
/// objects at the top).
bool isOneJsonValue(const QByteArray &text)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson('[' + text + ']', &error);
    return error.error == QJsonParseError::NoError && doc.array().size() == 1;
}

/// Error objects the server sent with `"id": null` because it could not read a call's id (or
/// would not: jayson does so for a call with string params) go to the calls left without an
/// answer: one each, in order, when they are as many; otherwise every such call gets the first
/// of them, the server's own words about what it could not read.
void attributeNullIdErrors(const BatchRequest &request, const std::vector<bool> &nullId,
                           std::vector<ItemResult> *items)
{
    std::vector<int> unanswered;
    std::vector<bool> answered(request.items.size(), false);
    for (const ItemResult &item : *items) {
        if (item.index >= 0)
            answered[size_t(item.index)] = true;
    }
    for (const OutgoingItem &item : request.items) {
        if (!answered[size_t(item.index)] && !JsonRpcBatchCodec::isNotification(*item.spec))
            unanswered.push_back(item.index);
    }
    std::vector<size_t> errors;
    for (size_t i = 0; i < items->size(); ++i) {
        if (nullId[i] && (*items)[i].rpcCode && (*items)[i].problem.isEmpty())
            errors.push_back(i);
    }
    if (errors.empty() || unanswered.empty())
        return;
    if (errors.size() == unanswered.size()) {
        for (size_t k = 0; k < errors.size(); ++k) {
            ItemResult &item = (*items)[errors[k]];
            item.index = unanswered[k];
            item.id = QString::number(item.index);
        }
        return;
    }
    const ItemResult first = (*items)[errors.front()];
    for (size_t k = errors.size(); k-- > 0;)
        items->erase(items->begin() + qsizetype(errors[k]));
    for (int index : unanswered) {
        ItemResult &item = items->emplace_back(first);
        item.index = index;
        item.id = QString::number(index);
    }
}

/// One element of the answer; `position` names it when it has no usable id.
ItemResult readResponse(const QJsonValue &value, qsizetype position, const BatchRequest &request,
                        const QByteArray &rawResult)
{
    ItemResult item;
    item.id = QStringLiteral("responses[%1]").arg(position);
    if (!value.isObject()) {
        item.id += WireTr::tr(" (not an object)");
        return item;
    }
    const QJsonObject object = value.toObject();
    const QJsonValue id = object.value(QStringLiteral("id"));
    const QJsonValue error = object.value(QStringLiteral("error"));
    if (id.isString()) {
        item.id = id.toString();
        item.index = jsonwire::itemIndex(item.id, int(request.items.size()));
        // A notification was sent without an id: an answer naming its index answers nothing.
        if (item.index >= 0
            && JsonRpcBatchCodec::isNotification(*request.items[size_t(item.index)].spec))
            item.index = -1;
    } else if (id.isDouble()) {
        item.id
            = QString::fromUtf8(jsonwire::text(id)) + WireTr::tr(" (a number; the ids sent were strings)");
    } else if (id.isNull()) {
        const QJsonObject e = error.toObject();
        item.id = e.isEmpty()
            ? QStringLiteral("null")
            : WireTr::tr("null (error %1: %2)")
                  .arg(QString::fromUtf8(jsonwire::text(e.value(QStringLiteral("code")))),
                       e.value(QStringLiteral("message")).toString());
    }
    if (object.value(QStringLiteral("jsonrpc")) != QJsonValue(version())) {
        item.problem = WireTr::tr("it lacks \"jsonrpc\": \"2.0\"");
        return item;
    }
    const bool hasResult = object.contains(QStringLiteral("result"));
    const bool hasError = object.contains(QStringLiteral("error"));
    if (hasResult == hasError) {
        item.problem = hasResult ? WireTr::tr("it has both \"result\" and \"error\"")
                                 : WireTr::tr("it has neither \"result\" nor \"error\"");
        return item;
    }
    if (hasError) {
        readError(error, &item);
        return item;
    }
    item.status = 200;
    item.headers = {{QByteArrayLiteral("content-type"), QByteArrayLiteral("application/json")}};
    const QJsonValue result = object.value(QStringLiteral("result"));
    const bool structured = result.isObject() || result.isArray() || result.isDouble();
    item.body = structured && !rawResult.isNull() ? rawResult : jsonwire::text(result);
    return item;
}

} // namespace

QString JsonRpcBatchCodec::methodOf(const RequestSpec &spec)
{
    const QString path = spec.url.path(QUrl::FullyDecoded);
    return path.mid(path.lastIndexOf(u'/') + 1);
}

bool JsonRpcBatchCodec::isNotification(const RequestSpec &spec)
{
    return headerValue(spec.headers, kNotificationHeader).toLower() == "true";
}

EncodedRequest JsonRpcBatchCodec::encode(const BatchRequest &request) const
{
    QByteArray calls;
    for (const OutgoingItem &item : request.items) {
        const RequestSpec &spec = *item.spec;
        warnAboutDroppedHeaders(spec);
        QJsonObject call{{QStringLiteral("jsonrpc"), version()},
                         {QStringLiteral("method"), methodOf(spec)}};
        if (!isNotification(spec))
            call.insert(QStringLiteral("id"), QString::number(item.index));
        // Params go as the JSON the caller wrote: structured, as the spec asks, or a bare
        // string or number for the server to refuse in its own words, as it would sent alone.
        // Text that is not JSON goes as a string.
        const bool structured = !spec.body.isEmpty() && isOneJsonValue(spec.body);
        if (!spec.body.isEmpty() && !structured)
            call.insert(QStringLiteral("params"), QString::fromUtf8(spec.body));
        QByteArray text = QJsonDocument(call).toJson(QJsonDocument::Compact);
        // Structured params are spliced in as text: through QJsonValue their numbers would
        // become doubles.
        if (structured) {
            text.chop(1);
            text += ",\"params\":" + jsonwire::compact(spec.body) + '}';
        }
        if (!calls.isEmpty())
            calls += ',';
        calls += text;
    }
    EncodedRequest encoded;
    encoded.url = request.endpoint;
    encoded.headers = {{QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json")},
                       {QByteArrayLiteral("Accept"), QByteArrayLiteral("application/json")}};
    encoded.body = request.plain && request.items.size() == 1 ? calls : '[' + calls + ']';
    return encoded;
}

DecodedBatch JsonRpcBatchCodec::decode(const BatchRequest &request, const HttpHeaders &headers,
                                       const QByteArray &body) const
{
    DecodedBatch decoded;
    const auto notifications
        = std::count_if(request.items.cbegin(), request.items.cend(),
                        [](const OutgoingItem &item) { return isNotification(*item.spec); });
    const auto expected = qsizetype(request.items.size()) - notifications;

    if (body.trimmed().isEmpty()) {
        // The spec's answer to a batch of notifications only: nothing at all.
        if (expected > 0)
            decoded.error = WireTr::tr("the batch answer is empty, but %n call(s) expected a response",
                                       nullptr, int(expected));
    } else {
        const std::optional<QJsonDocument> answer
            = jsonwire::readAnswer(headers, body, &decoded.error);
        if (!answer)
            return decoded;
        const QJsonDocument &doc = *answer;
        QJsonArray responses;
        if (doc.isArray()) {
            responses = doc.array();
        } else {
            const QJsonObject object = doc.object();
            const QJsonValue error = object.value(QStringLiteral("error"));
            // A single error without an id answers the request as a whole: the spec's
            // parse error, or an invalid (for instance empty) batch.
            if (object.value(QStringLiteral("id")).isNull() && error.isObject()) {
                const QJsonObject e = error.toObject();
                decoded.error
                    = WireTr::tr("the server refused the batch: JSON-RPC error %1: %2")
                          .arg(QString::fromUtf8(jsonwire::text(e.value(QStringLiteral("code")))),
                               e.value(QStringLiteral("message")).toString());
                return decoded;
            }
            // One object answers a single call; some servers also answer a batch of one so.
            responses.append(object);
        }
        // Results as the server wrote them, so that numbers keep every digit.
        const QList<QByteArray> raw = jsonwire::rawMembers(doc.isArray() ? body : '[' + body + ']',
                                                           QByteArrayView(), "result");
        decoded.items.reserve(size_t(responses.size() + notifications));
        std::vector<bool> nullId;
        nullId.reserve(size_t(responses.size()));
        for (qsizetype i = 0; i < responses.size(); ++i) {
            decoded.items.push_back(
                readResponse(responses.at(i), i, request,
                             raw.size() == responses.size() ? raw.at(i) : QByteArray()));
            nullId.push_back(responses.at(i).toObject().value(QStringLiteral("id")).isNull());
        }
        attributeNullIdErrors(request, nullId, &decoded.items);
    }
    if (!decoded.error.isEmpty())
        return decoded;
    for (const OutgoingItem &item : request.items) {
        if (!isNotification(*item.spec))
            continue;
        ItemResult &answer = decoded.items.emplace_back();
        answer.index = item.index;
        answer.id = QStringLiteral("notification");
        answer.status = 204;
    }
    return decoded;
}

} // namespace batchlab
