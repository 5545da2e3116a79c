// SPDX-License-Identifier: BSD-3-Clause
#include "wire/jsonbatchcodec.h"
#include "wire/wiretr.h"

#include "wire/itemtarget.h"
#include "wire/jsonwire.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonParseError>

namespace batchlab {

namespace {

/// Types whose bodies travel as JSON strings; any other non-JSON body is binary.
bool isTextType(const QByteArray &contentType)
{
    const QByteArray type = contentType.toLower();
    return type.isEmpty() || type.startsWith("text/") || type.contains("xml")
        || type.startsWith("application/x-www-form-urlencoded")
        || type.startsWith("application/javascript");
}

constexpr auto kBase64Url = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;

/// The JSON text of a body inside the batch: JSON as it is (every digit of its numbers kept),
/// text as a string, anything else base64url.
QByteArray bodyJson(const QByteArray &body, const QByteArray &contentType)
{
    if (jsonwire::isJsonType(contentType)) {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
        if (error.error == QJsonParseError::NoError)
            return jsonwire::compact(body);
    } else if (!isTextType(contentType)) {
        return jsonwire::text(QString::fromLatin1(body.toBase64(kBase64Url)));
    }
    return jsonwire::text(QString::fromUtf8(body));
}

/// A base64 body, in the URL-safe alphabet of OData 4.01 or the plain one of Graph.
std::optional<QByteArray> fromBase64(const QString &text)
{
    const QByteArray bytes = text.toLatin1();
    const bool url = !bytes.contains('+') && !bytes.contains('/');
    const auto decoded = QByteArray::fromBase64Encoding(
        bytes,
        (url ? QByteArray::Base64UrlEncoding : QByteArray::Base64Encoding)
            | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    return *decoded;
}

QByteArray bodyBytes(const QJsonValue &value)
{
    if (value.isString())
        return value.toString().toUtf8();
    if (value.isNull() || value.isUndefined())
        return {};
    return jsonwire::text(value); // objects, arrays, and a bare number or boolean as its text
}

} // namespace

EncodedRequest JsonBatchCodec::encode(const BatchRequest &request) const
{
    QByteArray requests;
    for (const OutgoingItem &item : request.items) {
        const RequestSpec &spec = *item.spec;
        QJsonObject object{{QStringLiteral("id"), QString::number(item.index)},
                           {QStringLiteral("method"), QString::fromLatin1(spec.method)},
                           {QStringLiteral("url"),
                            QString::fromUtf8(
                                itemTarget(spec.url, request.endpoint, m_options.itemUrls))}};
        // Lower-case names: JSON objects are case-sensitive, and OData services look headers up
        // as "content-type" (CAP refuses a text body whose type came as "Content-Type"). A
        // repeated header becomes one, its values joined as RFC 9110 §5.3 allows.
        QJsonObject headers;
        for (const auto &[name, value] : spec.headers) {
            const QString key = QString::fromLatin1(name).toLower();
            const QString text = QString::fromUtf8(value);
            const auto it = headers.find(key);
            if (it == headers.end())
                headers.insert(key, text);
            else
                *it = QString((*it).toString() + QStringLiteral(", ") + text);
        }
        QByteArray body;
        if (!spec.body.isEmpty()) {
            const QByteArray contentType = headerValue(spec.headers, "content-type");
            if (contentType.isEmpty())
                headers.insert(QStringLiteral("content-type"), QStringLiteral("application/json"));
            body = bodyJson(spec.body,
                            contentType.isEmpty() ? QByteArrayLiteral("application/json")
                                                  : contentType);
        }
        if (!headers.isEmpty())
            object.insert(QStringLiteral("headers"), headers);
        // OData 4.01: members of a group are adjacent and take effect all or none; dependsOn
        // names earlier ids, here of the same group.
        if (item.group >= 0)
            object.insert(QStringLiteral("atomicityGroup"), QStringLiteral("g%1").arg(item.group));
        if (!item.dependsOn.empty()) {
            QJsonArray needs;
            for (const int index : item.dependsOn)
                needs.append(QString::number(index));
            object.insert(QStringLiteral("dependsOn"), needs);
        }
        QByteArray text = QJsonDocument(object).toJson(QJsonDocument::Compact);
        // The body is spliced in as text: through QJsonValue its numbers would become doubles.
        if (!body.isEmpty()) {
            text.chop(1);
            text += ",\"body\":" + body + '}';
        }
        if (!requests.isEmpty())
            requests += ',';
        requests += text;
    }
    EncodedRequest encoded;
    encoded.url = request.endpoint;
    encoded.headers = {{QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json")},
                       {QByteArrayLiteral("Accept"), QByteArrayLiteral("application/json")}};
    if (m_options.continueOnError)
        encoded.headers.append({QByteArrayLiteral("Prefer"), QByteArrayLiteral("odata.continue-on-error")});
    encoded.body = "{\"requests\":[" + requests + "]}";
    return encoded;
}

DecodedBatch JsonBatchCodec::decode(const BatchRequest &request, const HttpHeaders &headers,
                                    const QByteArray &body) const
{
    DecodedBatch decoded;
    const std::optional<QJsonDocument> answer = jsonwire::readAnswer(headers, body, &decoded.error);
    if (!answer)
        return decoded;
    const QJsonDocument &doc = *answer;
    const QJsonValue responses = doc.object().value(QStringLiteral("responses"));
    if (!doc.isObject() || !responses.isArray()) {
        decoded.error = WireTr::tr("batch answer has no \"responses\" array");
        return decoded;
    }
    const QJsonArray array = responses.toArray();
    const int count = int(request.items.size());
    decoded.items.reserve(size_t(array.size()));
    // Bodies as the server wrote them, so that numbers keep every digit.
    const QList<QByteArray> raw = jsonwire::rawMembers(body, "responses", "body");
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QJsonObject object = array.at(i).toObject();
        ItemResult item;
        const QJsonValue id = object.value(QStringLiteral("id"));
        item.id = id.isString() ? id.toString() : QStringLiteral("responses[%1]").arg(i);
        item.index = id.isString() ? jsonwire::itemIndex(item.id, count) : -1;
        const QJsonValue status = object.value(QStringLiteral("status"));
        // A status that is not a number makes the item unusable: keep it with status 0 so
        // that its caller fails with a protocol error instead of a made-up success.
        item.status = status.isDouble() ? status.toInt() : 0;
        const QJsonObject itemHeaders = object.value(QStringLiteral("headers")).toObject();
        // A number (a Retry-After of 5, say) is kept as its text, not dropped.
        for (auto it = itemHeaders.constBegin(); it != itemHeaders.constEnd(); ++it) {
            const QJsonValue value = it.value();
            const QByteArray text = value.isString() ? value.toString().toUtf8()
                : value.isDouble() || value.isBool() ? jsonwire::text(value)
                                                     : QByteArray();
            item.headers.append({it.key().toLatin1(), text});
        }
        const QJsonValue itemBody = object.value(QStringLiteral("body"));
        const QByteArray type = headerValue(item.headers, "content-type");
        if (itemBody.isString() && !jsonwire::isJsonType(type) && !isTextType(type)) {
            const std::optional<QByteArray> bytes = fromBase64(itemBody.toString());
            if (bytes)
                item.body = *bytes;
            else
                item.problem = WireTr::tr("its body is not base64, as its content type %1 requires")
                                   .arg(QString::fromLatin1(type));
        } else {
            const bool structured
                = itemBody.isObject() || itemBody.isArray() || itemBody.isDouble();
            item.body = structured && raw.size() == array.size() ? raw.at(i) : bodyBytes(itemBody);
        }
        decoded.items.push_back(std::move(item));
    }
    return decoded;
}

} // namespace batchlab
