// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QString>
#include <QUrl>

namespace batchlab {

/// The URL a call names when it is written relative to a base URL. The base is a folder,
/// whatever its last character, because that is what a base URL such as
/// `https://graph.microsoft.com/v1.0` means: "/me" and "me" both give `…/v1.0/me` (RFC 3986
/// resolution would drop "v1.0"). A reference with a scheme or an authority ("//host/…") stands
/// for itself; one that is only a query ("?page=2") keeps the base's path. The client, the
/// runner and the workbench all build calls with it, so a call's de-duplication and cache key
/// is the same whichever of them made it.
QUrl joinUrl(const QUrl &base, const QString &reference);

/// `url` with what does not change its meaning taken out where that is free: the scheme's
/// default port (`http://h:80/a` is `http://h/a`). QUrl already lower-cases scheme and host.
QUrl normalizedUrl(QUrl url);

} // namespace batchlab
