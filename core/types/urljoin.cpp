// SPDX-License-Identifier: BSD-3-Clause
#include "types/urljoin.h"

namespace batchlab {

QUrl joinUrl(const QUrl &base, const QString &written)
{
    const QUrl relative(written);
    if (!relative.isRelative() || written.startsWith(QStringLiteral("//")))
        return normalizedUrl(base.resolved(relative));
    const QString reference = written.left(written.indexOf(u'#')); // a fragment is not sent
    QUrl url = base;
    const qsizetype query = reference.indexOf(u'?');
    const QString path = reference.left(query);
    if (!path.isEmpty()) {
        QString folder = base.path(QUrl::FullyEncoded);
        if (folder.endsWith(u'/'))
            folder.chop(1);
        url.setPath(folder + (path.startsWith(u'/') ? path : u'/' + path), QUrl::TolerantMode);
    }
    if (query >= 0 || !path.isEmpty())
        url.setQuery(query >= 0 ? reference.mid(query + 1) : QString(), QUrl::TolerantMode);
    url.setFragment(QString());
    return normalizedUrl(url);
}

QUrl normalizedUrl(QUrl url)
{
    const int port = url.port();
    if ((port == 80 && url.scheme() == u"http") || (port == 443 && url.scheme() == u"https"))
        url.setPort(-1);
    return url;
}

} // namespace batchlab
