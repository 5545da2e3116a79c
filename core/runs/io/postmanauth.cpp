// SPDX-License-Identifier: BSD-3-Clause
#include "runs/io/postmanauth.h"
#include "runs/runstr.h"

#include <QJsonArray>
#include <QJsonValue>

namespace batchlab {

namespace {

QString valueText(const QJsonValue &value)
{
    return value.isString() ? value.toString() : value.toVariant().toString();
}

QJsonObject param(const QString &key, const QString &value)
{
    return {{QStringLiteral("key"), key}, {QStringLiteral("value"), value}, {QStringLiteral("type"), QStringLiteral("string")}};
}

} // namespace

QString PostmanAuth::parameter(const QJsonObject &auth, const QString &type, const QString &key)
{
    const QJsonValue params = auth.value(type);
    if (params.isArray()) {
        for (const QJsonValue &p : params.toArray()) {
            const QJsonObject o = p.toObject();
            if (o.value(QStringLiteral("key")).toString() == key)
                return valueText(o.value(QStringLiteral("value")));
        }
        return {};
    }
    return valueText(params.toObject().value(key));
}

PostmanAuth::Applied PostmanAuth::apply(const QJsonObject &auth)
{
    Applied out;
    const QString type = auth.value(QStringLiteral("type")).toString();
    if (type.isEmpty() || type == QLatin1String("noauth"))
        return out;
    if (type == QLatin1String("bearer")) {
        out.header = {QStringLiteral("Authorization"),
                      QStringLiteral("Bearer ") + parameter(auth, type, QStringLiteral("token"))};
    } else if (type == QLatin1String("basic")) {
        const QString user = parameter(auth, type, QStringLiteral("username"));
        const QString password = parameter(auth, type, QStringLiteral("password"));
        const QString pair = user + u':' + password;
        if (pair.contains(QLatin1String("{{"))) {
            // Base64 of "{{user}}:{{password}}" would send the braces: the value is only known
            // when the variables are, and Batchlab substitutes text, it does not encode it.
            out.note = RunsTr::tr("basic auth from variables (%1) was not turned into an Authorization "
                                  "header: add \"Authorization: Basic <base64 of user:password>\" yourself")
                           .arg(pair);
        } else {
            out.header = {QStringLiteral("Authorization"),
                          QStringLiteral("Basic ") + QString::fromLatin1(pair.toUtf8().toBase64())};
        }
    } else if (type == QLatin1String("apikey")) {
        const QString key = parameter(auth, type, QStringLiteral("key"));
        const QString value = parameter(auth, type, QStringLiteral("value"));
        const QString in = parameter(auth, type, QStringLiteral("in"));
        if (key.isEmpty())
            out.note = RunsTr::tr("API key auth without a key name was left out");
        else if (in == QLatin1String("query"))
            out.query = {key, value};
        else
            out.header = {key, value};
    } else {
        out.note = RunsTr::tr("%1 auth is not supported and was skipped").arg(type);
    }
    return out;
}

QJsonObject PostmanAuth::fromAuthorization(const QString &value)
{
    static const QLatin1String bearer("Bearer "), basic("Basic ");
    if (value.startsWith(bearer)) {
        const QString token = value.mid(bearer.size());
        if (token.isEmpty() || token.contains(u' '))
            return {};
        return {{QStringLiteral("type"), QStringLiteral("bearer")},
                {QStringLiteral("bearer"), QJsonArray{param(QStringLiteral("token"), token)}}};
    }
    if (value.startsWith(basic)) {
        const QByteArray encoded = value.mid(basic.size()).toLatin1();
        const auto decoded = QByteArray::fromBase64Encoding(encoded, QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded)
            return {};
        const QString pair = QString::fromUtf8(*decoded);
        const qsizetype colon = pair.indexOf(u':');
        // Only what the importer rebuilds to the very same header.
        if (colon < 0 || pair.contains(QLatin1String("{{"))
            || QString::fromLatin1(pair.toUtf8().toBase64()) != QString::fromLatin1(encoded))
            return {};
        return {{QStringLiteral("type"), QStringLiteral("basic")},
                {QStringLiteral("basic"), QJsonArray{param(QStringLiteral("username"), pair.left(colon)),
                                                     param(QStringLiteral("password"), pair.mid(colon + 1))}}};
    }
    return {};
}

} // namespace batchlab
