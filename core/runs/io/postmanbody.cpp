// SPDX-License-Identifier: BSD-3-Clause
#include "runs/io/postmanbody.h"
#include "runs/runstr.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUrl>

namespace batchlab {

namespace {

const QLatin1String kBoundary("batchlab-postman-form");

void ensureContentType(RequestItem *out, const QString &type)
{
    if (PostmanBody::headerIndex(out->headers, QStringLiteral("Content-Type")) < 0)
        out->headers.append({QStringLiteral("Content-Type"), type});
}

} // namespace

QString PostmanBody::text(const QJsonValue &value)
{
    return value.isString() ? value.toString() : value.isNull() || value.isUndefined() ? QString() : value.toVariant().toString();
}

QString PostmanBody::formEncode(const QString &s)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(s, QByteArrayLiteral("{}")));
}

bool PostmanBody::isOff(const QJsonObject &o)
{
    return o.value(QStringLiteral("disabled")).toBool() || o.value(QStringLiteral("enabled")) == QJsonValue(false);
}

qsizetype PostmanBody::headerIndex(const QList<QPair<QString, QString>> &headers, const QString &name)
{
    for (qsizetype i = 0; i < headers.size(); ++i) {
        if (headers.at(i).first.compare(name, Qt::CaseInsensitive) == 0)
            return i;
    }
    return -1;
}

void PostmanBody::read(const QJsonObject &body, RequestItem *out, QStringList *disabled, QStringList *notes)
{
    const QString mode = body.value(QStringLiteral("mode")).toString();
    if (mode.isEmpty())
        return;
    if (mode == QLatin1String("raw")) {
        out->body = text(body.value(QStringLiteral("raw")));
        const QString language = body.value(QStringLiteral("options")).toObject().value(QStringLiteral("raw")).toObject().value(QStringLiteral("language")).toString();
        if (language == QLatin1String("json") && !out->body.isEmpty())
            ensureContentType(out, QStringLiteral("application/json"));
    } else if (mode == QLatin1String("urlencoded") || mode == QLatin1String("formdata")) {
        QList<QPair<QString, QString>> fields;
        QStringList contentTypes;
        for (const QJsonValue &p : body.value(mode).toArray()) {
            const QJsonObject part = p.toObject();
            const QString key = text(part.value(QStringLiteral("key")));
            if (isOff(part)) {
                if (!key.isEmpty())
                    disabled->append(RunsTr::tr("form field \"%1\"").arg(key));
                continue;
            }
            if (part.value(QStringLiteral("type")).toString() == QLatin1String("file")) {
                notes->append(RunsTr::tr("file part \"%1\" of the form was left out").arg(key));
                continue;
            }
            if (key.isEmpty() && text(part.value(QStringLiteral("value"))).isEmpty())
                continue;
            fields.append({key, text(part.value(QStringLiteral("value")))});
            contentTypes.append(part.value(QStringLiteral("contentType")).toString());
        }
        const qsizetype type = headerIndex(out->headers, QStringLiteral("Content-Type"));
        const bool urlencoded = mode == QLatin1String("urlencoded")
            || (type >= 0 && out->headers.at(type).second.startsWith(QLatin1String("application/x-www-form-urlencoded")));
        if (urlencoded) {
            if (mode == QLatin1String("formdata"))
                notes->append(RunsTr::tr("form data sent URL-encoded, as its Content-Type header says"));
            QStringList pairs;
            for (const auto &[k, v] : std::as_const(fields))
                pairs.append(formEncode(k) + u'=' + formEncode(v));
            out->body = pairs.join(u'&');
            ensureContentType(out, QStringLiteral("application/x-www-form-urlencoded"));
        } else if (!fields.isEmpty()) {
            QString multipart;
            for (qsizetype i = 0; i < fields.size(); ++i) {
                multipart += QStringLiteral("--%1\r\nContent-Disposition: form-data; name=\"%2\"\r\n").arg(kBoundary, fields.at(i).first);
                if (!contentTypes.at(i).isEmpty())
                    multipart += QStringLiteral("Content-Type: %1\r\n").arg(contentTypes.at(i));
                multipart += QStringLiteral("\r\n") + fields.at(i).second + QStringLiteral("\r\n");
            }
            out->body = multipart + QStringLiteral("--%1--\r\n").arg(kBoundary);
            const QString contentType = QStringLiteral("multipart/form-data; boundary=%1").arg(kBoundary);
            if (type >= 0)
                out->headers[type].second = contentType; // its boundary must be this body's
            else
                out->headers.append({QStringLiteral("Content-Type"), contentType});
        }
    } else if (mode == QLatin1String("graphql")) {
        const QJsonObject graphql = body.value(QStringLiteral("graphql")).toObject();
        QJsonObject payload{{QStringLiteral("query"), graphql.value(QStringLiteral("query")).toString()}};
        const QJsonValue variables = graphql.value(QStringLiteral("variables"));
        if (variables.isString() && !variables.toString().trimmed().isEmpty()) {
            QJsonParseError error;
            const QJsonDocument doc = QJsonDocument::fromJson(variables.toString().toUtf8(), &error);
            if (error.error == QJsonParseError::NoError && doc.isObject()) {
                payload.insert(QStringLiteral("variables"), doc.object());
            } else {
                payload.insert(QStringLiteral("variables"), variables);
                notes->append(RunsTr::tr("the GraphQL variables are not a JSON object and were sent as text"));
            }
        } else if (variables.isObject()) {
            payload.insert(QStringLiteral("variables"), variables);
        } else {
            payload.insert(QStringLiteral("variables"), QJsonObject());
        }
        out->body = QString::fromUtf8(QJsonDocument(payload).toJson(QJsonDocument::Compact));
        ensureContentType(out, QStringLiteral("application/json"));
    } else {
        notes->append(RunsTr::tr("the %1 body was left out").arg(mode));
    }
}

} // namespace batchlab
