// SPDX-License-Identifier: BSD-3-Clause
#include "runs/io/harexporter.h"
#include "runs/runstr.h"
#include "types/urljoin.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTimeZone>
#include <QUrl>
#include <QUrlQuery>

namespace batchlab {

namespace {

/// The page's start: a fixed instant, so that the same set always exports the same bytes
/// (entries keep their offsets from it, which is all a HAR's times mean here).
const QDateTime &pageStart()
{
    static const QDateTime start(QDate(2000, 1, 1), QTime(0, 0), QTimeZone::utc());
    return start;
}

QString isoTime(const QDateTime &t)
{
    return t.toString(Qt::ISODateWithMs);
}

QJsonArray nameValues(const QList<QPair<QString, QString>> &pairs)
{
    QJsonArray out;
    for (const auto &[name, value] : pairs)
        out.append(QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("value"), value}});
    return out;
}

QString headerValue(const QList<QPair<QString, QString>> &headers, const QString &name)
{
    for (const auto &[n, v] : headers) {
        if (n.compare(name, Qt::CaseInsensitive) == 0)
            return v;
    }
    return {};
}

} // namespace

QString HarExporter::format() const
{
    return QStringLiteral("har");
}

QString HarExporter::name() const
{
    return RunsTr::tr("HAR 1.2");
}

QString HarExporter::suffix() const
{
    return QStringLiteral(".har");
}

bool HarExporter::isSecretHeader(const QString &name)
{
    static const QRegularExpression secret(
        QStringLiteral("^(authorization|proxy-authorization|cookie|set-cookie)$|api[-_]?key|token|secret|"
                       "password|passwd|session|signature|credential|^x-auth"),
        QRegularExpression::CaseInsensitiveOption);
    return secret.match(name.trimmed()).hasMatch();
}

QUrl HarExporter::baseUrlOf(const RequestSet &set)
{
    if (set.target && set.target->kind == TargetSpec::Kind::Url && !set.target->baseUrl.isEmpty()) {
        const QUrl base(set.substitute(set.target->baseUrl));
        if (base.isValid() && !base.isRelative())
            return base;
    }
    // The sandbox listens on a port chosen when it starts: the HAR names the host only.
    return QUrl(QStringLiteral("http://localhost"));
}

QByteArray HarExporter::write(const RequestSet &original, const ExportOptions &options, QString *error) const
{
    RequestSet set = original;
    if (!options.includeSecrets) {
        // Secret values never reach the file: their {{names}} stay as they are.
        set.variables.removeIf([](const Variable &v) { return v.secret; });
        for (Environment &environment : set.environments)
            environment.variables.removeIf([](const Variable &v) { return v.secret; });
    }
    const auto resolved = [&](const QString &s) { return options.resolveVariables ? set.substitute(s) : s; };
    const QUrl base = baseUrlOf(set);

    QJsonArray entries;
    for (qsizetype i = 0; i < set.requests.size(); ++i) {
        const RequestItem &item = set.requests.at(i);
        const QUrl url = joinUrl(base, resolved(item.url));
        const QString scheme = url.scheme().toLower();
        if (!url.isValid() || url.host().isEmpty() || (scheme != QLatin1String("http") && scheme != QLatin1String("https"))) {
            if (error)
                *error = RunsTr::tr("request %1 (\"%2\"): \"%3\" does not make an absolute HTTP URL")
                             .arg(i + 1)
                             .arg(item.name, item.url);
            return {};
        }
        QList<QPair<QString, QString>> headers;
        for (const auto &[name, value] : item.headers) {
            if (options.includeSecrets || !isSecretHeader(name))
                headers.append({name, resolved(value)});
        }
        QList<QPair<QString, QString>> query;
        for (const auto &[name, value] : QUrlQuery(url).queryItems(QUrl::FullyDecoded))
            query.append({name, value});

        const QString body = resolved(item.body);
        const QByteArray bodyBytes = body.toUtf8();
        QJsonObject request{{QStringLiteral("method"), item.method.toUpper()},
                            {QStringLiteral("url"), QString::fromUtf8(url.toEncoded())},
                            {QStringLiteral("httpVersion"), QStringLiteral("HTTP/1.1")},
                            {QStringLiteral("cookies"), QJsonArray()},
                            {QStringLiteral("headers"), nameValues(headers)},
                            {QStringLiteral("queryString"), nameValues(query)},
                            {QStringLiteral("headersSize"), -1},
                            {QStringLiteral("bodySize"), qint64(bodyBytes.size())}};
        if (!item.name.isEmpty())
            request.insert(QStringLiteral("comment"), item.name);
        if (!body.isEmpty()) {
            // `text` always: Chrome shows a missing one as the string "undefined".
            // Empty when the request says nothing: an importer would otherwise add a header.
            const QString mimeType = headerValue(headers, QStringLiteral("Content-Type"));
            QJsonObject postData{{QStringLiteral("mimeType"), mimeType}, {QStringLiteral("text"), body}};
            if (mimeType.startsWith(QLatin1String("application/x-www-form-urlencoded"), Qt::CaseInsensitive)) {
                QJsonArray params;
                for (const auto &[name, value] : QUrlQuery(QString(body).replace(u'+', u' ')).queryItems(QUrl::FullyDecoded))
                    params.append(QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("value"), value}});
                postData.insert(QStringLiteral("params"), params);
            }
            request.insert(QStringLiteral("postData"), postData);
        }
        // The set has no answers: an unsent request's response, as the HAR checklists want it.
        const QJsonObject response{{QStringLiteral("status"), 0},
                                   {QStringLiteral("statusText"), QString()},
                                   {QStringLiteral("httpVersion"), QStringLiteral("HTTP/1.1")},
                                   {QStringLiteral("cookies"), QJsonArray()},
                                   {QStringLiteral("headers"), QJsonArray()},
                                   {QStringLiteral("content"),
                                    QJsonObject{{QStringLiteral("size"), 0}, {QStringLiteral("mimeType"), QStringLiteral("x-unknown")}}},
                                   {QStringLiteral("redirectURL"), QString()},
                                   {QStringLiteral("headersSize"), -1},
                                   {QStringLiteral("bodySize"), -1}};
        const QJsonObject timings{{QStringLiteral("blocked"), -1}, {QStringLiteral("dns"), -1},
                                  {QStringLiteral("connect"), -1}, {QStringLiteral("ssl"), -1},
                                  {QStringLiteral("send"), 0},     {QStringLiteral("wait"), 0},
                                  {QStringLiteral("receive"), 0}};
        entries.append(QJsonObject{{QStringLiteral("pageref"), QStringLiteral("page_1")},
                                   {QStringLiteral("startedDateTime"), isoTime(pageStart().addMSecs(item.atMs.value_or(0)))},
                                   {QStringLiteral("time"), 0},
                                   {QStringLiteral("request"), request},
                                   {QStringLiteral("response"), response},
                                   {QStringLiteral("cache"), QJsonObject()},
                                   {QStringLiteral("timings"), timings}});
    }
    const QJsonObject page{{QStringLiteral("startedDateTime"), isoTime(pageStart())},
                           {QStringLiteral("id"), QStringLiteral("page_1")},
                           {QStringLiteral("title"), set.name.isEmpty() ? base.toString() : set.name},
                           {QStringLiteral("pageTimings"),
                            QJsonObject{{QStringLiteral("onContentLoad"), -1}, {QStringLiteral("onLoad"), -1}}}};
    QString version = QCoreApplication::applicationVersion();
    if (version.isEmpty())
        version = QStringLiteral("0");
    const QJsonObject log{{QStringLiteral("version"), QStringLiteral("1.2")},
                          {QStringLiteral("creator"),
                           QJsonObject{{QStringLiteral("name"), QStringLiteral("Batchlab")}, {QStringLiteral("version"), version}}},
                          {QStringLiteral("pages"), QJsonArray{page}},
                          {QStringLiteral("entries"), entries}};
    return QJsonDocument(QJsonObject{{QStringLiteral("log"), log}}).toJson(QJsonDocument::Indented);
}

} // namespace batchlab
