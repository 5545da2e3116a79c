// SPDX-License-Identifier: BSD-3-Clause
#include "runs/io/hartargetsuggestion.h"

#include "runs/runstr.h"
#include "wire/serverprofile.h"

#include <QHash>
#include <QRegularExpression>
#include <QUrl>

namespace batchlab {

namespace {

QString headerValue(const RequestItem &item, QLatin1String name)
{
    for (const auto &[key, value] : item.headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

HarTargetSuggestion withProfile(HarTargetSuggestion s, const QString &id, const QString &batchPath,
                                const QString &reason)
{
    s.profile = id;
    const ServerProfile *profile = ServerProfile::find(id);
    s.batchPath = !batchPath.isEmpty() ? batchPath : profile ? profile->batchPath : QString();
    s.reason = reason;
    return s;
}

/// The profile that the requests to one origin look like, tried from the surest sign down.
HarTargetSuggestion guessProfile(HarTargetSuggestion s, const QList<const RequestItem *> &items,
                                 const QList<const HarEntry *> &facts)
{
    const QString host = QUrl(s.baseUrl).host().toLower();
    if (host == QLatin1String("graph.microsoft.com")
        || host.endsWith(QLatin1String(".graph.microsoft.com"))) {
        QString batchPath;
        for (const RequestItem *item : items) {
            const QString path = QUrl(item->url).path();
            if (path.endsWith(QLatin1String("/$batch")))
                batchPath = path;
        }
        return withProfile(s, QStringLiteral("graph"), batchPath,
                           RunsTr::tr("calls to %1").arg(host));
    }
    if (host.endsWith(QLatin1String("googleapis.com"))) {
        for (const RequestItem *item : items) {
            const QString path = QUrl(item->url).path();
            if (path.startsWith(QLatin1String("/batch/gmail")))
                return withProfile(s, QStringLiteral("gmail"), path,
                                   RunsTr::tr("a Gmail batch request"));
            if (path == QLatin1String("/batch") || path.startsWith(QLatin1String("/batch/")))
                return withProfile(s, QStringLiteral("google"), path,
                                   RunsTr::tr("a Google API batch request"));
        }
    }
    // OData: a $batch request says which version by its body (multipart is 4.0, JSON 4.01);
    // otherwise the OData-Version the traffic carried.
    QString odataVersion;
    for (const HarEntry *entry : facts) {
        if (!entry->odataVersion.isEmpty())
            odataVersion = entry->odataVersion.trimmed();
    }
    const auto odataId = [&odataVersion] {
        return odataVersion.startsWith(QLatin1String("4.01")) ? QStringLiteral("odata-4.01")
                                                              : QStringLiteral("odata-4.0");
    };
    for (const RequestItem *item : items) {
        const QString path = QUrl(item->url).path();
        if (!path.endsWith(QLatin1String("/$batch")))
            continue;
        const QString type = headerValue(*item, QLatin1String("Content-Type")).toLower();
        if (type.startsWith(QLatin1String("multipart/")))
            return withProfile(s, QStringLiteral("odata-4.0"), path,
                               RunsTr::tr("a multipart $batch request"));
        if (type.contains(QLatin1String("json")))
            return withProfile(s, QStringLiteral("odata-4.01"), path,
                               RunsTr::tr("a JSON $batch request"));
        return withProfile(s, odataId(), path, RunsTr::tr("a $batch request"));
    }
    for (const RequestItem *item : items) {
        const QString path = QUrl(item->url).path();
        const qsizetype at = path.indexOf(QLatin1String("/$metadata"));
        if (at >= 0)
            return withProfile(s, odataId(), path.left(at) + QStringLiteral("/$batch"),
                               RunsTr::tr("the OData $metadata document"));
    }
    if (!odataVersion.isEmpty())
        return withProfile(s, odataId(), {},
                           RunsTr::tr("OData-Version %1 headers").arg(odataVersion));
    static const QRegularExpression jsonRpc(QStringLiteral("\"jsonrpc\"\\s*:\\s*\"2\\.0\""));
    for (const RequestItem *item : items) {
        if (item->body.contains(jsonRpc))
            return withProfile(s, QStringLiteral("jsonrpc"), QUrl(item->url).path(),
                               RunsTr::tr("a JSON-RPC 2.0 body"));
    }
    return s;
}

} // namespace

HarTargetSuggestion HarTargetSuggestion::from(const QList<RequestItem> &requests,
                                              const QList<HarEntry> &entries,
                                              const QList<int> &picked)
{
    // The most common origin; among equals the first seen, as HarImporter::Survey counts.
    QList<QPair<QString, int>> counts;
    QHash<QString, int> index;
    for (const int i : picked) {
        if (i < 0 || i >= entries.size() || i >= requests.size())
            continue;
        const QString &origin = entries.at(i).origin;
        if (const auto it = index.constFind(origin); it != index.cend()) {
            ++counts[*it].second;
        } else {
            index.insert(origin, int(counts.size()));
            counts.append({origin, 1});
        }
    }
    HarTargetSuggestion s;
    for (const auto &[origin, count] : std::as_const(counts)) {
        if (s.baseUrl.isEmpty() || count > counts.at(index.value(s.baseUrl)).second)
            s.baseUrl = origin;
    }
    if (s.baseUrl.isEmpty())
        return s;
    QList<const RequestItem *> items;
    QList<const HarEntry *> facts;
    for (const int i : picked) {
        if (i >= 0 && i < entries.size() && i < requests.size()
            && entries.at(i).origin == s.baseUrl) {
            items.append(&requests.at(i));
            facts.append(&entries.at(i));
        }
    }
    return guessProfile(s, items, facts);
}

void HarTargetSuggestion::applyTo(RequestSet *set) const
{
    if (isEmpty())
        return;
    TargetSpec target = set->target.value_or(TargetSpec{});
    target.kind = TargetSpec::Kind::Url;
    target.baseUrl = baseUrl;
    if (!profile.isEmpty()) {
        target.profile = profile;
        target.batchPath = batchPath;
    }
    set->target = target;
}

} // namespace batchlab
