// SPDX-License-Identifier: BSD-3-Clause
#include "runs/io/harentry.h"

#include "runs/runstr.h"

#include <QUrl>

#include <algorithm>
#include <optional>

namespace batchlab {

namespace {

/// Chrome's `_resourceType` values (DevTools' resource types) onto the dialog's few kinds.
std::optional<HarEntry::Type> fromChrome(const QString &resourceType)
{
    using T = HarEntry::Type;
    const QString t = resourceType.trimmed().toLower();
    if (t.isEmpty())
        return std::nullopt;
    if (t == QLatin1String("document"))
        return T::Document;
    if (t == QLatin1String("xhr") || t == QLatin1String("fetch")
        || t == QLatin1String("eventsource"))
        return T::Fetch;
    if (t == QLatin1String("script"))
        return T::Script;
    if (t == QLatin1String("stylesheet"))
        return T::Stylesheet;
    if (t == QLatin1String("image"))
        return T::Image;
    if (t == QLatin1String("font"))
        return T::Font;
    if (t == QLatin1String("media") || t == QLatin1String("texttrack"))
        return T::Media;
    return T::Other; // manifest, ping, preflight, websocket, cspviolationreport…
}

std::optional<HarEntry::Type> fromMimeType(const QString &mimeType)
{
    using T = HarEntry::Type;
    const QString m = mimeType.section(u';', 0, 0).trimmed().toLower();
    if (m.isEmpty() || m == QLatin1String("x-unknown")
        || m == QLatin1String("application/octet-stream"))
        return std::nullopt; // says nothing: Chrome writes x-unknown for a request never answered
    // Images before the +xml rule below: SVG is image/svg+xml.
    if (m.startsWith(QLatin1String("image/")))
        return T::Image;
    if (m.startsWith(QLatin1String("font/")) || m.contains(QLatin1String("font-"))
        || m.contains(QLatin1String("woff")))
        return T::Font;
    if (m.startsWith(QLatin1String("audio/")) || m.startsWith(QLatin1String("video/")))
        return T::Media;
    if (m.contains(QLatin1String("javascript")) || m.contains(QLatin1String("ecmascript")))
        return T::Script;
    if (m == QLatin1String("text/css"))
        return T::Stylesheet;
    if (m == QLatin1String("text/html") || m == QLatin1String("application/xhtml+xml"))
        return T::Document;
    if (m.contains(QLatin1String("json")) || m.contains(QLatin1String("xml"))
        || m == QLatin1String("text/plain") || m.startsWith(QLatin1String("multipart/"))
        || m == QLatin1String("application/x-www-form-urlencoded")
        || m == QLatin1String("text/event-stream"))
        return T::Fetch;
    return std::nullopt;
}

std::optional<HarEntry::Type> fromExtension(const QUrl &url)
{
    using T = HarEntry::Type;
    const QString path = url.path().toLower();
    const qsizetype dot = path.lastIndexOf(u'.');
    if (dot < 0 || dot < path.lastIndexOf(u'/'))
        return std::nullopt;
    const QString ext = path.mid(dot + 1);
    const auto in = [&ext](std::initializer_list<const char *> list) {
        return std::any_of(list.begin(), list.end(),
                           [&ext](const char *e) { return ext == QLatin1String(e); });
    };
    if (in({"js", "mjs", "cjs"}))
        return T::Script;
    if (in({"css"}))
        return T::Stylesheet;
    if (in({"png", "jpg", "jpeg", "gif", "webp", "avif", "svg", "ico", "bmp"}))
        return T::Image;
    if (in({"woff", "woff2", "ttf", "otf", "eot"}))
        return T::Font;
    if (in({"mp4", "webm", "mp3", "ogg", "wav", "m4a", "vtt"}))
        return T::Media;
    if (in({"html", "htm"}))
        return T::Document;
    if (in({"json", "xml"}))
        return T::Fetch;
    return std::nullopt;
}

} // namespace

bool HarEntry::isStatic(Type type)
{
    switch (type) {
    case Type::Script:
    case Type::Stylesheet:
    case Type::Image:
    case Type::Font:
    case Type::Media:
        return true;
    case Type::Document:
    case Type::Fetch:
    case Type::Other:
        return false;
    }
    return false;
}

HarEntry::Type HarEntry::typeOf(const QString &resourceType, const QString &mimeType,
                                const QUrl &url, const QString &method)
{
    if (const auto t = fromChrome(resourceType))
        return *t;
    if (const auto t = fromMimeType(mimeType))
        return *t;
    if (const auto t = fromExtension(url))
        return *t;
    return method.compare(QLatin1String("GET"), Qt::CaseInsensitive) == 0 ? Type::Other
                                                                          : Type::Fetch;
}

QString HarEntry::typeName(Type type)
{
    switch (type) {
    case Type::Document:
        return RunsTr::tr("document");
    case Type::Fetch:
        return RunsTr::tr("xhr/fetch");
    case Type::Script:
        return RunsTr::tr("script");
    case Type::Stylesheet:
        return RunsTr::tr("stylesheet");
    case Type::Image:
        return RunsTr::tr("image");
    case Type::Font:
        return RunsTr::tr("font");
    case Type::Media:
        return RunsTr::tr("media");
    case Type::Other:
        return RunsTr::tr("other");
    }
    return {};
}

QString HarEntry::statusClassName(int statusClass)
{
    return statusClass >= 1 && statusClass <= 5 ? RunsTr::tr("%1xx").arg(statusClass)
                                                : RunsTr::tr("no response");
}

} // namespace batchlab
