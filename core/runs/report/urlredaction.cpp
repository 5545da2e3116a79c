// SPDX-License-Identifier: BSD-3-Clause
#include "runs/report/urlredaction.h"
#include "runs/io/harexporter.h"

#include <QUrl>

namespace batchlab {

bool UrlRedaction::isSecretName(QStringView name)
{
    const QString lower = name.trimmed().toString().toLower();
    // Short names that are credentials in a query but too common as parts of header names:
    // Google's ?key=, Azure SAS's sig=, ?auth=, ?pwd=, ?pass=.
    static const QStringList exact{QStringLiteral("key"), QStringLiteral("sig"), QStringLiteral("auth"),
                                   QStringLiteral("pwd"), QStringLiteral("pass"), QStringLiteral("code")};
    return exact.contains(lower) || HarExporter::isSecretHeader(lower);
}

QString UrlRedaction::redacted(const QString &url)
{
    const qsizetype schemeEnd = url.indexOf(QLatin1String("://"));
    QString out = url;
    // The user info's password: scheme://user:password@host/…
    if (schemeEnd > 0) {
        const qsizetype authorityStart = schemeEnd + 3;
        qsizetype authorityEnd = out.size();
        for (const QChar end : {u'/', u'?', u'#'}) {
            const qsizetype at = out.indexOf(end, authorityStart);
            if (at >= 0)
                authorityEnd = std::min(authorityEnd, at);
        }
        const qsizetype atSign = out.lastIndexOf(u'@', authorityEnd - 1);
        if (atSign >= authorityStart) {
            const qsizetype colon = out.indexOf(u':', authorityStart);
            if (colon >= 0 && colon < atSign)
                out.replace(colon + 1, atSign - colon - 1, kMask);
        }
    }
    const qsizetype query = out.indexOf(u'?');
    if (query < 0)
        return out;
    const qsizetype fragment = out.indexOf(u'#', query);
    const qsizetype end = fragment < 0 ? out.size() : fragment;
    // Parameter by parameter, text untouched but for the secret values: QUrlQuery would
    // re-encode the rest and the URL would no longer be the one that was sent.
    QString result = out.left(query + 1);
    qsizetype at = query + 1;
    while (at <= end) {
        qsizetype next = out.indexOf(u'&', at);
        if (next < 0 || next > end)
            next = end;
        const QStringView pair = QStringView(out).mid(at, next - at);
        const qsizetype equals = pair.indexOf(u'=');
        const QString name = QUrl::fromPercentEncoding(pair.left(equals < 0 ? pair.size() : equals).toUtf8())
                                 .replace(u'+', u' ');
        if (equals >= 0 && equals + 1 < pair.size() && isSecretName(name))
            result += pair.left(equals + 1) + kMask;
        else
            result += pair;
        if (next < end)
            result += u'&';
        at = next + 1;
    }
    result += QStringView(out).mid(end);
    return result;
}

} // namespace batchlab
