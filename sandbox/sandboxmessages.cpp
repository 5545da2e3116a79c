// SPDX-License-Identifier: BSD-3-Clause
#include "sandbox/sandboxmessages.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace batchlab {

SandboxReply SandboxReply::json(int status, const QJsonValue &value)
{
    SandboxReply reply;
    reply.status = status;
    reply.headers.append(
        {QByteArrayLiteral("content-type"), QByteArrayLiteral("application/json")});
    reply.body = value.isArray() ? QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact)
                                 : QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
    return reply;
}

SandboxReply SandboxReply::error(int status, const QString &code, const QString &message)
{
    return json(status,
                QJsonObject{{QStringLiteral("error"),
                             QJsonObject{{QStringLiteral("code"), code},
                                         {QStringLiteral("message"), message}}}});
}

QByteArray SandboxReply::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (name.compare(key, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QByteArray SandboxReply::reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 202:
        return "Accepted";
    case 204:
        return "No Content";
    case 304:
        return "Not Modified";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 409:
        return "Conflict";
    case 413:
        return "Payload Too Large";
    case 415:
        return "Unsupported Media Type";
    case 424:
        return "Failed Dependency";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    default:
        return status < 400 ? "OK" : "Error";
    }
}

} // namespace batchlab
