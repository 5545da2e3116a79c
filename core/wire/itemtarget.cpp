// SPDX-License-Identifier: BSD-3-Clause
#include "wire/itemtarget.h"

namespace batchlab {

QByteArray itemTarget(const QUrl &url, const QUrl &endpoint, ItemUrls style, bool bare)
{
    if (style == ItemUrls::Absolute)
        return url.toEncoded();
    QByteArray target = url.path(QUrl::FullyEncoded).toUtf8();
    if (target.isEmpty())
        target = "/";
    if (style == ItemUrls::Relative) {
        const QString endpointPath = endpoint.path(QUrl::FullyEncoded);
        const QByteArray folder = endpointPath.left(endpointPath.lastIndexOf(u'/') + 1).toUtf8();
        if (target.startsWith(folder)) {
            target = target.mid(folder.size() - 1); // keeps the slash after the folder
            if (bare && target.size() > 1)
                target = target.mid(1);
        }
    }
    if (url.hasQuery())
        target += '?' + url.query(QUrl::FullyEncoded).toUtf8();
    return target;
}

} // namespace batchlab
