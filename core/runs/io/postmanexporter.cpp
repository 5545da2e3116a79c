// SPDX-License-Identifier: BSD-3-Clause
#include "runs/io/postmanexporter.h"
#include "runs/io/postmanauth.h"
#include "runs/io/postmanimporter.h"
#include "runs/runstr.h"
#include "runs/settingsblocks.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <algorithm>

namespace batchlab {

namespace {

/// The parts Postman shows beside `raw`; `raw` stays the truth the importer reads, with the
/// query parameters turned off listed after the others as Postman lists them: `disabled`.
QJsonObject urlObject(const QString &url, const QList<QPair<QString, QString>> &disabledQuery)
{
    QJsonObject out{{QStringLiteral("raw"), url}};
    QString rest = url;
    if (const qsizetype hash = rest.indexOf(u'#'); hash >= 0) {
        out.insert(QStringLiteral("hash"), rest.mid(hash + 1));
        rest.truncate(hash);
    }
    if (const qsizetype q = rest.indexOf(u'?'); q >= 0) {
        QJsonArray query;
        for (const QString &pair : rest.mid(q + 1).split(u'&', Qt::SkipEmptyParts)) {
            const qsizetype eq = pair.indexOf(u'=');
            query.append(QJsonObject{{QStringLiteral("key"), eq < 0 ? pair : pair.left(eq)},
                                     {QStringLiteral("value"), eq < 0 ? QJsonValue() : QJsonValue(pair.mid(eq + 1))}});
        }
        out.insert(QStringLiteral("query"), query);
        rest.truncate(q);
    }
    if (!disabledQuery.isEmpty()) {
        QJsonArray query = out.value(QStringLiteral("query")).toArray();
        for (const auto &[key, value] : disabledQuery)
            query.append(QJsonObject{{QStringLiteral("key"), key}, {QStringLiteral("value"), value}, {QStringLiteral("disabled"), true}});
        out.insert(QStringLiteral("query"), query);
    }
    if (out.value(QStringLiteral("query")).toArray().isEmpty())
        out.remove(QStringLiteral("query"));
    static const QRegularExpression scheme(QStringLiteral("^([A-Za-z][A-Za-z0-9+.-]*)://"));
    if (const QRegularExpressionMatch m = scheme.match(rest); m.hasMatch()) {
        out.insert(QStringLiteral("protocol"), m.captured(1));
        rest = rest.mid(m.capturedLength());
    }
    QString path = rest;
    if (!rest.startsWith(u'/')) { // a host first (or a {{base}} variable standing for it)
        const qsizetype slash = rest.indexOf(u'/');
        QString host = slash < 0 ? rest : rest.left(slash);
        path = slash < 0 ? QString() : rest.mid(slash);
        static const QRegularExpression port(QStringLiteral(":(\\d+)$"));
        if (const QRegularExpressionMatch m = port.match(host); m.hasMatch()) {
            out.insert(QStringLiteral("port"), m.captured(1));
            host.chop(m.capturedLength());
        }
        if (!host.isEmpty())
            out.insert(QStringLiteral("host"), QJsonArray::fromStringList(host.contains(QLatin1String("{{"))
                                                                              ? QStringList{host}
                                                                              : host.split(u'.')));
    }
    if (!path.isEmpty())
        out.insert(QStringLiteral("path"), QJsonArray::fromStringList(path.mid(1).split(u'/')));
    return out;
}

bool needsSettings(const RequestSet &set)
{
    return set.batch || set.target || SettingsBlocks::any(set) || !set.environments.isEmpty()
        || !set.environment.isEmpty()
        || std::any_of(set.variables.cbegin(), set.variables.cend(), [](const Variable &v) { return v.secret; })
        || std::any_of(set.requests.cbegin(), set.requests.cend(), [](const RequestItem &item) {
               return !item.enabled || !item.id.isEmpty() || !item.group.isEmpty() || !item.dependsOn.isEmpty()
                   || !item.expect.isEmpty();
           });
}

/// The set without what the collection itself carries: the native file of what is left.
QString settingsJson(const RequestSet &set)
{
    RequestSet rest = set;
    for (Variable &v : rest.variables)
        v.value.clear();
    for (RequestItem &item : rest.requests) {
        item.name.clear();
        item.url.clear();
        item.headers.clear();
        item.disabledHeaders.clear();
        item.disabledQuery.clear();
        item.body.clear();
    }
    return QString::fromUtf8(QJsonDocument::fromJson(RequestSetFile::serialize(rest)).toJson(QJsonDocument::Compact));
}

QJsonObject requestObject(const RequestItem &item)
{
    QList<QPair<QString, QString>> headers = item.headers;
    QJsonObject auth;
    // Only the last header: the importer appends the auth's header, so the order holds.
    if (!headers.isEmpty() && headers.constLast().first == QLatin1String("Authorization")
        && std::count_if(headers.cbegin(), headers.cend(), [](const auto &h) {
               return h.first.compare(QLatin1String("Authorization"), Qt::CaseInsensitive) == 0;
           }) == 1) {
        auth = PostmanAuth::fromAuthorization(headers.constLast().second);
        if (!auth.isEmpty())
            headers.removeLast();
    }
    QJsonArray header;
    bool json = false;
    for (const auto &[name, value] : std::as_const(headers)) {
        header.append(QJsonObject{{QStringLiteral("key"), name}, {QStringLiteral("value"), value}});
        if (name.compare(QLatin1String("Content-Type"), Qt::CaseInsensitive) == 0 && value.contains(QLatin1String("json")))
            json = true;
    }
    for (const auto &[name, value] : item.disabledHeaders)
        header.append(QJsonObject{{QStringLiteral("key"), name}, {QStringLiteral("value"), value}, {QStringLiteral("disabled"), true}});
    QJsonObject request{{QStringLiteral("method"), item.method},
                        {QStringLiteral("header"), header},
                        {QStringLiteral("url"), urlObject(item.url, item.disabledQuery)}};
    if (!auth.isEmpty())
        request.insert(QStringLiteral("auth"), auth);
    if (!item.body.isEmpty()) {
        QJsonObject body{{QStringLiteral("mode"), QStringLiteral("raw")}, {QStringLiteral("raw"), item.body}};
        if (json) // Postman's editor then shows it as JSON; the header is there already
            body.insert(QStringLiteral("options"),
                        QJsonObject{{QStringLiteral("raw"), QJsonObject{{QStringLiteral("language"), QStringLiteral("json")}}}});
        request.insert(QStringLiteral("body"), body);
    }
    return request;
}

} // namespace

QString PostmanExporter::format() const
{
    return QStringLiteral("postman");
}

QString PostmanExporter::name() const
{
    return RunsTr::tr("Postman collection v2.1");
}

QString PostmanExporter::suffix() const
{
    return QStringLiteral(".postman_collection.json");
}

QByteArray PostmanExporter::write(const RequestSet &set, const ExportOptions &options, QString *error) const
{
    if (error)
        error->clear();
    QJsonObject info{{QStringLiteral("name"), set.name}, {QStringLiteral("schema"), QLatin1String(kSchema)}};
    if (!set.description.isEmpty())
        info.insert(QStringLiteral("description"), set.description);
    const RequestSet values = substitutable(set, options);
    QJsonArray items;
    for (RequestItem item : set.requests) {
        if (options.resolveVariables) {
            item.url = values.substitute(item.url);
            item.body = values.substitute(item.body);
            for (auto &header : item.headers)
                header.second = values.substitute(header.second);
        }
        items.append(QJsonObject{{QStringLiteral("name"), item.name}, {QStringLiteral("request"), requestObject(item)}});
    }
    QJsonArray variables;
    for (const Variable &v : set.variables) {
        const QString value = options.resolveVariables ? values.substitute(v.value) : v.value;
        variables.append(QJsonObject{{QStringLiteral("key"), v.name},
                                     {QStringLiteral("value"), v.secret && !options.includeSecrets ? QString() : value},
                                     {QStringLiteral("type"), QStringLiteral("string")}});
    }
    if (needsSettings(set))
        variables.append(QJsonObject{{QStringLiteral("key"), QLatin1String(PostmanImporter::kSettingsVariable)},
                                     {QStringLiteral("value"), settingsJson(set)},
                                     {QStringLiteral("type"), QStringLiteral("string")}});
    QJsonObject root{{QStringLiteral("info"), info}, {QStringLiteral("item"), items}};
    if (!variables.isEmpty())
        root.insert(QStringLiteral("variable"), variables);
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

} // namespace batchlab
