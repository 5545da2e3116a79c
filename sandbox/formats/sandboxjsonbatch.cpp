// SPDX-License-Identifier: BSD-3-Clause
#include "sandbox/formats/sandboxjsonbatch.h"
#include "sandbox/sandboxtr.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QSet>
#include <QUrl>

namespace batchlab {

namespace {

SandboxReply badRequest(const QString &message)
{
    return SandboxReply::error(400, QStringLiteral("BadRequest"), message);
}

bool isJsonContentType(const QByteArray &contentType)
{
    return contentType.startsWith("application/json") || contentType.contains("+json");
}

/// OData 4.01: bodies of types that are neither JSON nor text travel base64url-encoded.
bool isBinaryContentType(QByteArray contentType)
{
    contentType = contentType.toLower();
    return !contentType.isEmpty() && !isJsonContentType(contentType)
        && !contentType.startsWith("text/") && !contentType.contains("xml")
        && !contentType.startsWith("application/x-www-form-urlencoded");
}

QByteArray headerIn(const HttpHeaders &headers, QByteArrayView name)
{
    for (const auto &[key, value] : headers) {
        if (name.compare(key, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

} // namespace

bool SandboxJsonBatch::parseRequest(const QByteArray &body, int maxItems,
                                    QList<SandboxBatchItem> *items, SandboxReply *error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = badRequest(SandboxTr::tr("batch body is not JSON: %1 at offset %2")
                                .arg(parseError.errorString())
                                .arg(parseError.offset));
        return false;
    }
    const QJsonValue requests = doc.object().value(QStringLiteral("requests"));
    if (!doc.isObject() || !requests.isArray()) {
        *error = badRequest(SandboxTr::tr("batch body must be an object with a \"requests\" array"));
        return false;
    }
    const QJsonArray array = requests.toArray();
    if (array.isEmpty()) {
        *error = badRequest(SandboxTr::tr("batch has no requests"));
        return false;
    }
    if (maxItems > 0 && array.size() > maxItems) {
        *error = badRequest(SandboxTr::tr("batch has %1 requests; this server accepts at most %2 (its batch limit)")
                                .arg(array.size())
                                .arg(maxItems));
        return false;
    }

    QSet<QString> seenIds;
    items->reserve(array.size());
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString where = QStringLiteral("requests[%1]").arg(i);
        if (!array.at(i).isObject()) {
            *error = badRequest(SandboxTr::tr("%1 is not an object").arg(where));
            return false;
        }
        const QJsonObject object = array.at(i).toObject();
        const QJsonValue id = object.value(QStringLiteral("id"));
        const QJsonValue method = object.value(QStringLiteral("method"));
        const QJsonValue url = object.value(QStringLiteral("url"));
        if (!id.isString() || id.toString().isEmpty()) {
            *error = badRequest(SandboxTr::tr("%1.id is missing or not a string").arg(where));
            return false;
        }
        // Ids are case-insensitive in Microsoft Graph.
        if (seenIds.contains(id.toString().toLower())) {
            *error = badRequest(SandboxTr::tr("%1.id \"%2\" is used twice").arg(where, id.toString()));
            return false;
        }
        seenIds.insert(id.toString().toLower());
        if (!method.isString() || method.toString().isEmpty()) {
            *error = badRequest(SandboxTr::tr("%1.method is missing or not a string").arg(where));
            return false;
        }
        if (!url.isString() || url.toString().isEmpty()) {
            *error = badRequest(SandboxTr::tr("%1.url is missing or not a string").arg(where));
            return false;
        }
        const QJsonValue headers = object.value(QStringLiteral("headers"));
        if (!headers.isUndefined() && !headers.isObject()) {
            *error = badRequest(SandboxTr::tr("%1.headers must be an object").arg(where));
            return false;
        }

        SandboxBatchItem item;
        item.id = id.toString();
        item.call.method = method.toString().toUpper().toLatin1();
        const QUrl parsed(url.toString());
        QString path = parsed.path(QUrl::FullyDecoded);
        if (!path.startsWith(u'/'))
            path.prepend(u'/');
        item.call.path = path;
        item.call.query = QUrlQuery(parsed);
        const QJsonObject headerObject = headers.toObject();
        for (auto it = headerObject.constBegin(); it != headerObject.constEnd(); ++it)
            item.call.headers.append({it.key().toLatin1(), it.value().toString().toLatin1()});
        const QJsonValue itemBody = object.value(QStringLiteral("body"));
        if (itemBody.isObject())
            item.call.body = QJsonDocument(itemBody.toObject()).toJson(QJsonDocument::Compact);
        else if (itemBody.isArray())
            item.call.body = QJsonDocument(itemBody.toArray()).toJson(QJsonDocument::Compact);
        else if (itemBody.isString()
                 && isBinaryContentType(headerIn(item.call.headers, "content-type"))) {
            const QByteArray text = itemBody.toString().toLatin1();
            const bool urlSafe = !text.contains('+') && !text.contains('/');
            const auto bytes = QByteArray::fromBase64Encoding(
                text,
                (urlSafe ? QByteArray::Base64UrlEncoding : QByteArray::Base64Encoding)
                    | QByteArray::AbortOnBase64DecodingErrors);
            if (!bytes) {
                *error = badRequest(
                    SandboxTr::tr("%1.body is not base64, as its content type requires").arg(where));
                return false;
            }
            item.call.body = *bytes;
        } else if (itemBody.isString())
            item.call.body = itemBody.toString().toUtf8();
        items->append(std::move(item));
    }
    return true;
}

QJsonObject SandboxJsonBatch::encodeItem(const QString &id, const SandboxReply &reply)
{
    QJsonObject object{{QStringLiteral("id"), id}, {QStringLiteral("status"), reply.status}};
    QJsonObject headers;
    for (const auto &[name, value] : reply.headers)
        headers.insert(QString::fromLatin1(name).toLower(), QString::fromLatin1(value));
    if (!headers.isEmpty())
        object.insert(QStringLiteral("headers"), headers);
    if (!reply.body.isEmpty()) {
        const QJsonDocument doc = QJsonDocument::fromJson(reply.body);
        if (isJsonContentType(reply.header("content-type")) && !doc.isNull())
            object.insert(QStringLiteral("body"),
                          doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object()));
        else if (isBinaryContentType(reply.header("content-type")))
            object.insert(QStringLiteral("body"),
                          QString::fromLatin1(reply.body.toBase64(
                              QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals)));
        else
            object.insert(QStringLiteral("body"), QString::fromUtf8(reply.body));
    }
    return object;
}

QByteArray SandboxJsonBatch::encodeResponse(const QList<SandboxBatchItem> &items,
                                            const QList<SandboxReply> &replies,
                                            const SandboxAnswerLayout &layout)
{
    QJsonArray responses;
    for (qsizetype position = 0; position < layout.order.size(); ++position) {
        const qsizetype index = layout.order.at(position);
        const QString id = position == layout.unknownAt ? QStringLiteral("unknown-%1").arg(position)
                                                        : items.at(index).id;
        responses.append(encodeItem(id, replies.at(index)));
    }
    return QJsonDocument(QJsonObject{{QStringLiteral("responses"), responses}})
        .toJson(QJsonDocument::Compact);
}

} // namespace batchlab
