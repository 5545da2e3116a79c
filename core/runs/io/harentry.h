// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QString>

class QUrl;

namespace batchlab {

/// What the HAR import dialog filters and groups an imported entry by, read from the parts of
/// the entry that a request set does not keep (the response, Chrome's `_resourceType`). It
/// lives beside the imported requests, one per request in the same order, and is never saved.
struct HarEntry
{
    /// The kinds of resource a browser fetches, as Chrome's Network panel names them.
    enum class Type : quint8 { Document, Fetch, Script, Stylesheet, Image, Font, Media, Other };
    static constexpr int TypeCount = int(Type::Other) + 1;

    QString origin; ///< "https://api.example.com:8443", as Survey::origins counts them
    QString host; ///< "api.example.com", lower case
    QString method; ///< as the request has it ("GET")
    Type type = Type::Other;
    int status = 0; ///< the response's status; 0 when there was none (blocked, failed)
    /// The OData-Version (or DataServiceVersion) header of the request or response, when the
    /// traffic was OData; what tells OData 4.0 from 4.01 services.
    QString odataVersion;

    /// 1 to 5 for 1xx…5xx, 0 for no response (or a status no server sends).
    int statusClass() const { return status >= 100 && status < 600 ? status / 100 : 0; }
    /// Files a page loads to show itself (scripts, style sheets, images, fonts, media), not
    /// calls to an API: what "drop static assets" leaves out.
    bool isStatic() const { return isStatic(type); }
    static bool isStatic(Type type);

    /// The type from Chrome's `_resourceType` when there is one, else guessed from the
    /// response's MIME type, else from the URL's extension, else from the method (a request
    /// that is not a GET is a call).
    static Type typeOf(const QString &resourceType, const QString &mimeType, const QUrl &url,
                       const QString &method);
    /// "document", "xhr/fetch", "image"…, for people (translated).
    static QString typeName(Type type);
    /// "2xx", or "no response" for class 0 (translated).
    static QString statusClassName(int statusClass);

    friend bool operator==(const HarEntry &, const HarEntry &) = default;
};

} // namespace batchlab
