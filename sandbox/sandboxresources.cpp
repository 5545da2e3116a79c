// SPDX-License-Identifier: BSD-3-Clause
#include "sandbox/sandboxresources.h"
#include "sandbox/sandboxtr.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

namespace batchlab {

namespace {

SandboxReply methodNotAllowed(const SandboxCall &call, const char *allowed)
{
    SandboxReply reply = SandboxReply::error(
        405, QStringLiteral("MethodNotAllowed"),
        SandboxTr::tr("%1 is not allowed on %2; allowed: %3")
            .arg(QString::fromLatin1(call.method), call.path, QLatin1String(allowed)));
    reply.headers.append({QByteArrayLiteral("allow"), QByteArray(allowed)});
    return reply;
}

/// A positive decimal id, or -1.
int parseId(QStringView text)
{
    bool ok = false;
    const int id = text.toInt(&ok);
    return ok && id > 0 ? id : -1;
}

/// Parses a JSON object body; on failure, `error` holds a 400 reply that says why.
bool parseObjectBody(const SandboxCall &call, QJsonObject *object, SandboxReply *error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(call.body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = SandboxReply::error(400, QStringLiteral("BadRequest"),
                                     SandboxTr::tr("body is not JSON: %1 at offset %2")
                                         .arg(parseError.errorString())
                                         .arg(parseError.offset));
        return false;
    }
    if (!doc.isObject()) {
        *error = SandboxReply::error(400, QStringLiteral("BadRequest"),
                                     SandboxTr::tr("body must be a JSON object"));
        return false;
    }
    *object = doc.object();
    return true;
}

QJsonObject userObject(int id)
{
    static const char *const first[] = {"Ada",    "Grace",   "Alan", "Edsger",   "Barbara",
                                        "Donald", "Frances", "Ken",  "Margaret", "Dennis"};
    static const char *const last[] = {"Lovelace", "Hopper", "Turing",   "Dijkstra", "Liskov",
                                       "Knuth",    "Allen",  "Thompson", "Hamilton", "Ritchie"};
    const QString name = QLatin1String(first[id % 10]) + u' ' + QLatin1String(last[(id / 10) % 10]);
    return {{QStringLiteral("id"), id},
            {QStringLiteral("name"), name},
            {QStringLiteral("email"), QStringLiteral("user%1@example.test").arg(id)}};
}

} // namespace

SandboxReply SandboxResources::handle(const SandboxCall &call)
{
    const QList<QStringView> segments = QStringView(call.path).split(u'/', Qt::SkipEmptyParts);
    const auto count = segments.size();

    if (count == 0)
        return call.method == "GET" ? index() : methodNotAllowed(call, "GET");
    const QStringView head = segments.first();
    if (head == u"users") {
        if (call.method != "GET")
            return methodNotAllowed(call, "GET");
        if (count == 1)
            return users(call);
        if (count == 2)
            return user(segments.at(1));
    } else if (head == u"items") {
        if (count == 1)
            return call.method == "POST" ? createItem(call) : methodNotAllowed(call, "POST");
        if (count == 2)
            return item(call, segments.at(1));
    } else if (head == u"echo" && count == 1) {
        return echo(call);
    } else if (head == u"status" && count == 2) {
        return call.method == "GET" ? status(segments.at(1)) : methodNotAllowed(call, "GET");
    }
    return SandboxReply::error(404, QStringLiteral("NotFound"),
                               SandboxTr::tr("no resource at %1").arg(call.path));
}

void SandboxResources::reset()
{
    m_items.reset();
}

SandboxReply SandboxResources::index() const
{
    const char *const routes[] = {"GET /users?page=&pageSize=",
                                  "GET /users/{id}",
                                  "POST /items",
                                  "GET|PUT|PATCH|DELETE /items/{id}",
                                  "ANY /echo (?raw: the body back byte for byte)",
                                  "GET /status/{code}",
                                  "POST /$batch (JSON batch, as Microsoft Graph and OData 4.01)",
                                  "POST /$batch (multipart/mixed batch, as OData 4.0)",
                                  "POST /batch (multipart/mixed batch, as Google APIs)",
                                  "POST /rpc (JSON-RPC 2.0: users.get, items.get, echo, status)"};
    QJsonArray list;
    for (const char *route : routes)
        list.append(QLatin1String(route));
    return SandboxReply::json(
        200,
        QJsonObject{{QStringLiteral("name"), QStringLiteral("Batchlab sandbox")},
                    {QStringLiteral("routes"), list}});
}

SandboxReply SandboxResources::users(const SandboxCall &call) const
{
    const QString pageText = call.query.queryItemValue(QStringLiteral("page"));
    const QString sizeText = call.query.queryItemValue(QStringLiteral("pageSize"));
    const int page = pageText.isEmpty() ? 1 : parseId(pageText);
    const int pageSize = sizeText.isEmpty() ? 10 : parseId(sizeText);
    if (page < 1 || pageSize < 1 || pageSize > 100) {
        return SandboxReply::error(400, QStringLiteral("BadRequest"),
                                   SandboxTr::tr("page must be >= 1 and pageSize between 1 and 100"));
    }
    QJsonArray list;
    // In 64 bits: a page far past the end must give an empty list, not an overflow.
    const qint64 first = (qint64(page) - 1) * pageSize + 1;
    const qint64 last = qMin<qint64>(qint64(page) * pageSize, kUserCount);
    for (qint64 id = first; id <= last; ++id)
        list.append(userObject(int(id)));
    return SandboxReply::json(200,
                              QJsonObject{{QStringLiteral("page"), page},
                                          {QStringLiteral("pageSize"), pageSize},
                                          {QStringLiteral("total"), kUserCount},
                                          {QStringLiteral("users"), list}});
}

SandboxReply SandboxResources::user(QStringView idText) const
{
    const int id = parseId(idText);
    if (id < 1 || id > kUserCount) {
        return SandboxReply::error(404, QStringLiteral("NotFound"),
                                   SandboxTr::tr("no user %1").arg(idText.toString()));
    }
    return SandboxReply::json(200, userObject(id));
}

SandboxReply SandboxResources::item(const SandboxCall &call, QStringView idText)
{
    const int id = parseId(idText);
    if (call.method != "GET" && call.method != "PUT" && call.method != "PATCH"
        && call.method != "DELETE") {
        return methodNotAllowed(call, "GET, PUT, PATCH, DELETE");
    }
    if (!m_items.contains(id)) {
        return SandboxReply::error(404, QStringLiteral("NotFound"),
                                   SandboxTr::tr("no item %1").arg(idText.toString()));
    }
    if (call.method == "GET")
        return SandboxReply::json(200, m_items.object(id));
    if (call.method == "DELETE") {
        m_items.remove(id);
        SandboxReply reply;
        reply.status = 204;
        return reply;
    }
    QJsonObject body;
    SandboxReply error;
    if (!parseObjectBody(call, &body, &error))
        return error;
    QJsonObject updated = call.method == "PUT" ? QJsonObject() : m_items.object(id);
    for (auto it = body.constBegin(); it != body.constEnd(); ++it)
        updated.insert(it.key(), it.value());
    updated.insert(QStringLiteral("id"), id);
    m_items.put(id, updated);
    return SandboxReply::json(200, updated);
}

SandboxReply SandboxResources::createItem(const SandboxCall &call)
{
    QJsonObject body;
    SandboxReply error;
    if (!parseObjectBody(call, &body, &error))
        return error;
    const int id = m_items.create(body);
    SandboxReply reply = SandboxReply::json(201, m_items.object(id));
    reply.headers.append({QByteArrayLiteral("location"), "/items/" + QByteArray::number(id)});
    return reply;
}

SandboxReply SandboxResources::echo(const SandboxCall &call) const
{
    // JSON cannot carry arbitrary bytes, so `raw` answers with the body itself: it is how a
    // batch format is shown to be binary-safe in both directions.
    if (call.query.hasQueryItem(QStringLiteral("raw"))) {
        SandboxReply reply;
        QByteArray type;
        for (const auto &[name, value] : call.headers) {
            if (name.compare("content-type", Qt::CaseInsensitive) == 0)
                type = value;
        }
        reply.headers.append(
            {QByteArrayLiteral("content-type"),
             type.isEmpty() ? QByteArrayLiteral("application/octet-stream") : type});
        reply.body = call.body;
        return reply;
    }
    QJsonObject headers;
    for (const auto &[name, value] : call.headers)
        headers.insert(QString::fromLatin1(name).toLower(), QString::fromLatin1(value));
    QJsonObject query;
    for (const auto &[key, value] : call.query.queryItems(QUrl::FullyDecoded))
        query.insert(key, value);
    // A JSON body comes back as JSON, anything else as text.
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(call.body, &parseError);
    QJsonValue body = QString::fromUtf8(call.body);
    if (parseError.error == QJsonParseError::NoError)
        body = doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
    return SandboxReply::json(
        200,
        QJsonObject{{QStringLiteral("method"), QString::fromLatin1(call.method)},
                    {QStringLiteral("path"), call.path},
                    {QStringLiteral("query"), query},
                    {QStringLiteral("headers"), headers},
                    {QStringLiteral("body"), body}});
}

SandboxReply SandboxResources::status(QStringView codeText) const
{
    const int code = parseId(codeText);
    if (code < 200 || code > 599) {
        return SandboxReply::error(400, QStringLiteral("BadRequest"),
                                   SandboxTr::tr("status must be between 200 and 599"));
    }
    if (code == 204 || code == 304) {
        SandboxReply reply;
        reply.status = code;
        return reply;
    }
    if (code >= 400) {
        return SandboxReply::error(code, QStringLiteral("Status%1").arg(code),
                                   SandboxTr::tr("answered with status %1, as asked").arg(code));
    }
    return SandboxReply::json(code, QJsonObject{{QStringLiteral("status"), code}});
}

} // namespace batchlab
