// SPDX-License-Identifier: BSD-3-Clause
#include "runs/io/harimporter.h"
#include "runs/runstr.h"
#include "types/urljoin.h"

#include <QDateTime>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QUrl>

#include <algorithm>
#include <cmath>

namespace batchlab {

namespace {

QByteArray withoutBom(const QByteArray &data)
{
    return data.startsWith("\xEF\xBB\xBF") ? data.mid(3) : data;
}

/// 1-based line and column of a byte offset, as an editor counts them (columns in bytes).
QPair<int, int> lineColumn(const QByteArray &data, qsizetype offset)
{
    offset = std::clamp<qsizetype>(offset, 0, data.size());
    int line = 1;
    qsizetype lineStart = 0;
    for (qsizetype i = 0; i < offset; ++i) {
        if (data.at(i) == '\n') {
            ++line;
            lineStart = i + 1;
        }
    }
    return {line, int(offset - lineStart) + 1};
}

/// A string field as real exports write it: `null` and absent are empty, numbers are text.
QString text(const QJsonValue &v)
{
    if (v.isString())
        return v.toString();
    if (v.isDouble()) {
        const double d = v.toDouble();
        return d == std::floor(d) && std::abs(d) < 9e15 ? QString::number(qint64(d)) : QString::number(d);
    }
    if (v.isBool())
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    return {};
}

/// Where a URL cannot go: other tools' schemes, inline data and the browser's own pages.
bool isNotHttp(const QString &scheme)
{
    return scheme != QLatin1String("http") && scheme != QLatin1String("https");
}

/// Percent-encoded {{variables}} (an exporter had to encode the braces to write a valid URI)
/// back to what the set had.
QString withVariables(QString url)
{
    static const QRegularExpression encoded(QStringLiteral("%7B%7B([A-Za-z0-9_.:\\-]+)%7D%7D"),
                                            QRegularExpression::CaseInsensitiveOption);
    return url.replace(encoded, QStringLiteral("{{\\1}}"));
}

QString formEncoded(const QJsonArray &params)
{
    QStringList pairs;
    for (const QJsonValue &p : params) {
        const QJsonObject param = p.toObject();
        const auto encode = [](const QString &s) {
            return QString::fromLatin1(QUrl::toPercentEncoding(s)).replace(QStringLiteral("%20"), QStringLiteral("+"));
        };
        pairs.append(encode(text(param.value(QStringLiteral("name")))) + u'=' +
                     encode(text(param.value(QStringLiteral("value")))));
    }
    return pairs.join(u'&');
}

bool hasHeader(const QList<QPair<QString, QString>> &headers, const QString &name)
{
    return std::any_of(headers.cbegin(), headers.cend(),
                       [&](const auto &h) { return h.first.compare(name, Qt::CaseInsensitive) == 0; });
}

QDateTime startOf(const QJsonValue &v)
{
    QDateTime t = QDateTime::fromString(text(v), Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(text(v), Qt::ISODate);
    return t;
}

/// The refusal of a file that is not HAR, with the place of `key` in it when it is there.
ImportResult refused(const QByteArray &data, const QString &file, const QString &field, const QByteArray &key,
                     const QString &message)
{
    ImportResult result;
    result.error.file = file;
    result.error.field = field;
    result.error.message = message;
    const qsizetype at = key.isEmpty() ? 0 : data.indexOf(key);
    const auto [line, column] = lineColumn(data, at < 0 ? 0 : at);
    result.error.line = line;
    result.error.column = column;
    return result;
}

QString originOf(const QUrl &url)
{
    return url.adjusted(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::RemoveUserInfo).toString();
}

QString headerOf(const QJsonObject &message, QLatin1String name)
{
    for (const QJsonValue &h : message.value(QStringLiteral("headers")).toArray()) {
        const QJsonObject header = h.toObject();
        if (text(header.value(QStringLiteral("name"))).trimmed().compare(name, Qt::CaseInsensitive) == 0)
            return text(header.value(QStringLiteral("value")));
    }
    return {};
}

/// What the import dialog filters by, from the parts of the entry the request leaves behind.
HarEntry factsOf(const QJsonObject &entry, const QJsonObject &request, const QJsonObject &response, const QUrl &url,
                 const QString &itemUrl, const QString &method)
{
    HarEntry facts;
    facts.origin = originOf(QUrl(itemUrl)); // as the request has it, as Survey counted before
    facts.host = QUrl(itemUrl).host().toLower();
    facts.method = method;
    // As read() compares it, a double: a status beyond int counts as none.
    const double status = response.value(QStringLiteral("status")).toVariant().toDouble();
    facts.status = status >= 0 && status < 1000 ? int(status) : 0;
    facts.type = HarEntry::typeOf(text(entry.value(QStringLiteral("_resourceType"))),
                                  text(response.value(QStringLiteral("content")).toObject().value(QStringLiteral("mimeType"))),
                                  url, method);
    for (const QJsonObject &message : {request, response}) {
        for (const QLatin1String name : {QLatin1String("OData-Version"), QLatin1String("DataServiceVersion")}) {
            if (facts.odataVersion.isEmpty())
                facts.odataVersion = headerOf(message, name).trimmed();
        }
    }
    return facts;
}

} // namespace

QString HarImporter::format() const
{
    return QStringLiteral("har");
}

QString HarImporter::name() const
{
    return RunsTr::tr("HAR 1.2 and 1.1 (Chrome, Firefox, Safari, Charles, Fiddler…)");
}

bool HarImporter::isHopByHop(const QString &name)
{
    static const QStringList hop{QStringLiteral("connection"),     QStringLiteral("keep-alive"),
                                 QStringLiteral("transfer-encoding"), QStringLiteral("te"),
                                 QStringLiteral("upgrade"),        QStringLiteral("host"),
                                 QStringLiteral("content-length"), QStringLiteral("trailer")};
    const QString lower = name.trimmed().toLower();
    return lower.startsWith(u':') || lower.startsWith(QLatin1String("proxy-")) || hop.contains(lower);
}

int HarImporter::recognizes(const QByteArray &data) const
{
    const QByteArray body = withoutBom(data);
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    if (doc.isObject()) {
        const QJsonObject log = doc.object().value(QStringLiteral("log")).toObject();
        if (log.value(QStringLiteral("entries")).isArray())
            return 100;
        return doc.object().contains(QStringLiteral("log")) ? 60 : 0;
    }
    // Broken JSON that looks like a HAR: this importer says where it breaks.
    const QByteArray head = body.left(4096);
    return head.contains("\"log\"") && (head.contains("\"entries\"") || head.contains("\"creator\"")) ? 40 : 0;
}

ImportResult HarImporter::read(const QByteArray &data, const QString &fileName) const
{
    return read(data, fileName, nullptr);
}

ImportResult HarImporter::read(const QByteArray &raw, const QString &fileName, QList<HarEntry> *entryFacts) const
{
    if (entryFacts)
        entryFacts->clear();
    const QByteArray data = withoutBom(raw);
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(data, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        ImportResult result;
        result.error.file = fileName;
        const auto [line, column] = lineColumn(data, parseError.offset);
        result.error.line = line;
        result.error.column = column;
        result.error.message = RunsTr::tr("not valid JSON: %1").arg(parseError.errorString());
        return result;
    }
    if (!doc.isObject())
        return refused(data, fileName, {}, {}, RunsTr::tr("not a HAR file: expected a JSON object with \"log\""));
    const QJsonValue logValue = doc.object().value(QStringLiteral("log"));
    if (!logValue.isObject())
        return refused(data, fileName, QStringLiteral("log"), logValue.isUndefined() ? QByteArray() : "\"log\"",
                       logValue.isUndefined() ? RunsTr::tr("not a HAR file: \"log\" is missing")
                                              : RunsTr::tr("not a HAR file: \"log\" is not an object"));
    const QJsonObject log = logValue.toObject();
    const QJsonValue entriesValue = log.value(QStringLiteral("entries"));
    if (!entriesValue.isArray())
        return refused(data, fileName, QStringLiteral("log.entries"),
                       entriesValue.isUndefined() ? QByteArray("\"log\"") : QByteArray("\"entries\""),
                       entriesValue.isUndefined() ? RunsTr::tr("not a HAR file: \"log.entries\" is missing")
                                                  : RunsTr::tr("not a HAR file: \"log.entries\" is not an array"));
    const QJsonArray entries = entriesValue.toArray();

    // Pages resolve relative URLs: Chrome and Firefox title a page with its URL.
    QHash<QString, QUrl> pageUrls;
    for (const QJsonValue &p : log.value(QStringLiteral("pages")).toArray()) {
        const QJsonObject page = p.toObject();
        const QUrl url(text(page.value(QStringLiteral("title"))));
        if (url.isValid() && !url.isRelative() && !isNotHttp(url.scheme()))
            pageUrls.insert(text(page.value(QStringLiteral("id"))), url);
    }

    ImportResult result;
    const QJsonObject creator = log.value(QStringLiteral("creator")).toObject();
    result.set.name = QFileInfo(fileName).completeBaseName();
    if (result.set.name.isEmpty())
        result.set.name = RunsTr::tr("Imported HAR");
    const QString tool = QString(text(creator.value(QStringLiteral("name"))) + u' ' +
                                 text(creator.value(QStringLiteral("version"))))
                             .trimmed();
    if (!tool.isEmpty())
        result.set.description = RunsTr::tr("Imported from a HAR written by %1.").arg(tool);

    QList<QDateTime> starts;
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const QString where = RunsTr::tr("entry %1").arg(i + 1);
        const QJsonObject entry = entries.at(i).toObject();
        const QJsonValue requestValue = entry.value(QStringLiteral("request"));
        if (!requestValue.isObject()) {
            result.skipped.append({where, RunsTr::tr("it has no request")});
            continue;
        }
        const QJsonObject request = requestValue.toObject();
        const QJsonObject response = entry.value(QStringLiteral("response")).toObject();
        const QString urlText = text(request.value(QStringLiteral("url"))).trimmed();
        QUrl url(urlText);
        // Compared as a double: a status beyond int (fuzz_har sent 2e69) must not be cast.
        const double status = response.value(QStringLiteral("status")).toVariant().toDouble();
        const QString scheme = url.scheme().toLower();
        if (entry.contains(QStringLiteral("_webSocketMessages")) || status == 101 || scheme == QLatin1String("ws") ||
            scheme == QLatin1String("wss")) {
            result.skipped.append({where, RunsTr::tr("a WebSocket, which a request set cannot replay")});
            continue;
        }
        if (urlText.isEmpty()) {
            result.skipped.append({where, RunsTr::tr("its request has no URL")});
            continue;
        }
        if (url.isRelative()) {
            const QUrl page = pageUrls.value(text(entry.value(QStringLiteral("pageref"))));
            if (!page.isValid() || !url.isValid()) {
                result.skipped.append(
                    {where, RunsTr::tr("the relative URL \"%1\" has no page URL to resolve it against").arg(urlText)});
                continue;
            }
            url = page.resolved(url);
            result.notes.append({where, RunsTr::tr("the relative URL \"%1\" was resolved against its page").arg(urlText)});
        }
        // "http:/x" parses, scheme and path, but names no server to send it to.
        if (!url.isValid() || isNotHttp(url.scheme().toLower()) || url.host().isEmpty()) {
            result.skipped.append({where, RunsTr::tr("\"%1\" is not an HTTP URL").arg(urlText.left(80))});
            continue;
        }
        // Some tools leave the query out of the URL and list it only in queryString.
        const QJsonArray query = request.value(QStringLiteral("queryString")).toArray();
        if (!url.hasQuery() && !query.isEmpty()) {
            QStringList pairs;
            for (const QJsonValue &q : query) {
                const QJsonObject pair = q.toObject();
                pairs.append(QString::fromLatin1(QUrl::toPercentEncoding(text(pair.value(QStringLiteral("name"))))) +
                             u'=' + QString::fromLatin1(QUrl::toPercentEncoding(text(pair.value(QStringLiteral("value"))))));
            }
            url.setQuery(pairs.join(u'&'), QUrl::StrictMode);
        }

        RequestItem item;
        item.method = text(request.value(QStringLiteral("method"))).trimmed().toUpper();
        if (item.method.isEmpty())
            item.method = QStringLiteral("GET");
        // As joinUrl() makes every call's URL (the scheme's default port left out, dot segments
        // resolved as browsers and curl do), so that an import exports and imports unchanged.
        item.url = withVariables(QString::fromUtf8(joinUrl(url, QString::fromUtf8(url.toEncoded())).toEncoded()));
        for (const QJsonValue &h : request.value(QStringLiteral("headers")).toArray()) {
            const QJsonObject header = h.toObject();
            const QString name = text(header.value(QStringLiteral("name"))).trimmed();
            if (!name.isEmpty() && !isHopByHop(name))
                item.headers.append({name, text(header.value(QStringLiteral("value")))});
        }
        const QJsonObject postData = request.value(QStringLiteral("postData")).toObject();
        const QJsonValue bodyText = postData.value(QStringLiteral("text"));
        const QJsonArray params = postData.value(QStringLiteral("params")).toArray();
        if (bodyText.isString() && !bodyText.toString().isEmpty()) {
            item.body = bodyText.toString();
        } else if (!params.isEmpty()) {
            item.body = formEncoded(params);
            const bool files = std::any_of(params.cbegin(), params.cend(), [](const QJsonValue &p) {
                return p.toObject().contains(QStringLiteral("fileName"));
            });
            result.notes.append({where, files ? RunsTr::tr("its form, files included, was rebuilt as URL-encoded fields "
                                                           "(a file's field holds what the HAR had for it)")
                                              : RunsTr::tr("its body was rebuilt from the form's fields, URL-encoded")});
            // The body is URL-encoded now, whatever the form was (multipart in k6's HARs).
            item.headers.removeIf([](const auto &h) {
                return h.first.compare(QLatin1String("Content-Type"), Qt::CaseInsensitive) == 0;
            });
            item.headers.append({QStringLiteral("Content-Type"), QStringLiteral("application/x-www-form-urlencoded")});
        }
        const QString mimeType = text(postData.value(QStringLiteral("mimeType"))).trimmed();
        if (!item.body.isEmpty() && !mimeType.isEmpty() && !hasHeader(item.headers, QStringLiteral("Content-Type")))
            item.headers.append({QStringLiteral("Content-Type"), mimeType});

        // Batchlab's own exports carry the request's name; others get one from what it does.
        item.name = text(request.value(QStringLiteral("comment")));
        if (item.name.isEmpty())
            item.name = item.method + u' ' + (url.path().isEmpty() ? QStringLiteral("/") : url.path());
        if (entryFacts)
            entryFacts->append(factsOf(entry, request, response, url, item.url, item.method));
        result.set.requests.append(item);
        starts.append(startOf(entry.value(QStringLiteral("startedDateTime"))));
    }

    // Offsets only when they say something: all entries at one instant is no timing at all.
    QDateTime first;
    for (const QDateTime &t : std::as_const(starts)) {
        if (t.isValid() && (!first.isValid() || t < first))
            first = t;
    }
    const bool timed = std::any_of(starts.cbegin(), starts.cend(),
                                   [&](const QDateTime &t) { return t.isValid() && t != first; });
    for (qsizetype i = 0; timed && i < starts.size(); ++i) {
        if (starts.at(i).isValid())
            result.set.requests[i].atMs = first.msecsTo(starts.at(i));
    }
    return result;
}

HarImporter::Survey HarImporter::survey(const QByteArray &data)
{
    Survey survey;
    const ImportResult result = HarImporter().read(data, {}, &survey.requests);
    survey.error = result.error;
    if (!result.ok())
        return survey;
    survey.imported = int(result.set.requests.size());
    survey.entries = survey.imported + int(result.skipped.size());
    QHash<QString, int> index;
    for (const HarEntry &entry : std::as_const(survey.requests)) {
        const QString &origin = entry.origin;
        if (const auto it = index.constFind(origin); it != index.cend()) {
            ++survey.origins[*it].second;
        } else {
            index.insert(origin, int(survey.origins.size()));
            survey.origins.append({origin, 1});
        }
    }
    // Most first; among equals, the first seen (stable).
    std::stable_sort(survey.origins.begin(), survey.origins.end(),
                     [](const auto &a, const auto &b) { return a.second > b.second; });
    if (!survey.origins.isEmpty())
        survey.suggestedBaseUrl = survey.origins.first().first;
    return survey;
}

} // namespace batchlab
