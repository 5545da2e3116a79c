// SPDX-License-Identifier: BSD-3-Clause
#include "sandbox/formats/sandboxjsonbatch.h"
#include "sandbox/sandboxtr.h"

#include <QCoreApplication>
#include <QHash>
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

/// An atomicity group met so far: its atomic unit and the span of its members.
struct AtomicityGroup
{
    int unit;
    qsizetype first;
    qsizetype last;
};

/// Reads `atomicityGroup` and `dependsOn` of requests[index] into `item`: its atomic unit
/// (members adjacent) and its prerequisites (preceding ids, or every member of a preceding
/// group). `groups` and `indexById` hold what the requests before it declared.
bool parseGroupAndDependencies(const QJsonObject &object, qsizetype index,
                               QHash<QString, AtomicityGroup> *groups,
                               const QHash<QString, qsizetype> &indexById,
                               const QSet<QString> &allIds, const QSet<QString> &allGroups,
                               SandboxBatchItem *item, SandboxReply *error)
{
    const QString where = QStringLiteral("requests[%1]").arg(index);
    const QJsonValue group = object.value(QStringLiteral("atomicityGroup"));
    if (!group.isUndefined()) {
        if (!group.isString() || group.toString().isEmpty()) {
            *error = badRequest(SandboxTr::tr("%1.atomicityGroup must be a non-empty string").arg(where));
            return false;
        }
        const QString name = group.toString();
        auto found = groups->find(name);
        if (found == groups->end()) {
            found = groups->insert(name, {int(groups->size()), index, index});
        } else if (found->last != index - 1) {
            // As CAP refuses it ("Atomicity group ID 'g' is not unique"), and OData 4.01 §19.1.
            *error = badRequest(SandboxTr::tr("atomicity group \"%1\" is not adjacent: %2 belongs to it, "
                                              "but requests[%3] before it does not; the members "
                                              "of a group must be adjacent")
                                    .arg(name, where)
                                    .arg(index - 1));
            return false;
        }
        found->last = index;
        item->atomicUnit = found->unit;
        item->atomicityGroup = name;
    }

    const QJsonValue dependsOn = object.value(QStringLiteral("dependsOn"));
    if (dependsOn.isUndefined())
        return true;
    if (!dependsOn.isArray()) {
        *error = badRequest(SandboxTr::tr("%1.dependsOn must be an array of strings").arg(where));
        return false;
    }
    const QJsonArray names = dependsOn.toArray();
    for (qsizetype n = 0; n < names.size(); ++n) {
        const QString name = names.at(n).toString();
        if (!names.at(n).isString() || name.isEmpty()) {
            *error = badRequest(SandboxTr::tr("%1.dependsOn[%2] must be a non-empty string").arg(where).arg(n));
            return false;
        }
        const auto byId = indexById.constFind(name);
        if (byId != indexById.cend()) {
            item->prerequisites.append(*byId);
            continue;
        }
        const auto byGroup = groups->constFind(name);
        if (byGroup != groups->cend() && name == item->atomicityGroup) {
            *error = badRequest(SandboxTr::tr("%1.dependsOn names its own atomicity group \"%2\"").arg(where, name));
            return false;
        }
        if (byGroup != groups->cend()) {
            for (qsizetype member = byGroup->first; member <= byGroup->last; ++member)
                item->prerequisites.append(member);
            continue;
        }
        *error = badRequest(
            allIds.contains(name) || allGroups.contains(name)
                ? SandboxTr::tr("%1.dependsOn names \"%2\", which comes later; dependsOn may name only "
                                "preceding requests or atomicity groups")
                      .arg(where, name)
                : SandboxTr::tr("%1.dependsOn names \"%2\", which is neither the id nor the atomicity "
                                "group of any preceding request")
                      .arg(where, name));
        return false;
    }
    return true;
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

    // Every id and group name, to tell a forward reference in dependsOn from an unknown one.
    QSet<QString> allIds;
    QSet<QString> allGroups;
    for (const QJsonValue &request : array) {
        allIds.insert(request[QStringLiteral("id")].toString());
        allGroups.insert(request[QStringLiteral("atomicityGroup")].toString());
    }
    QHash<QString, AtomicityGroup> groups;
    QHash<QString, qsizetype> indexById;
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
        if (!parseGroupAndDependencies(object, i, &groups, indexById, allIds, allGroups, &item,
                                       error)) {
            return false;
        }
        indexById.insert(item.id, i);
        items->append(std::move(item));
    }
    for (auto it = groups.cbegin(); it != groups.cend(); ++it) {
        if (allIds.contains(it.key())) {
            *error = badRequest(SandboxTr::tr("atomicity group \"%1\" has the name of a request id; "
                                              "group names and ids must differ")
                                    .arg(it.key()));
            return false;
        }
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

QList<SandboxBatchAnswer> SandboxJsonBatch::answersOf(const QList<SandboxBatchItem> &items,
                                                      const SandboxBatchRun &run)
{
    QList<SandboxBatchAnswer> answers;
    answers.reserve(items.size());
    for (qsizetype i = 0; i < items.size(); ++i) {
        if (run.fates.at(i) != SandboxItemFate::NotReached)
            answers.append({items.at(i).id, -1, items.at(i).atomicityGroup, run.replies.at(i)});
    }
    return answers;
}

QByteArray SandboxJsonBatch::encodeResponse(const QList<SandboxBatchAnswer> &answers,
                                            const SandboxAnswerLayout &layout)
{
    QJsonArray responses;
    for (qsizetype position = 0; position < layout.order.size(); ++position) {
        const SandboxBatchAnswer &answer = answers.at(layout.order.at(position));
        const QString id = position == layout.unknownAt ? QStringLiteral("unknown-%1").arg(position)
                                                        : answer.id;
        QJsonObject entry = encodeItem(id, answer.reply);
        if (!answer.atomicityGroup.isEmpty())
            entry.insert(QStringLiteral("atomicityGroup"), answer.atomicityGroup);
        responses.append(entry);
    }
    return QJsonDocument(QJsonObject{{QStringLiteral("responses"), responses}})
        .toJson(QJsonDocument::Compact);
}

} // namespace batchlab
