#pragma once

#include "httpheaders.h"

#include <QString>
#include <QUrl>

namespace batchlab {

/// One API call as the caller describes it: method, absolute URL, headers and body.
struct RequestSpec
{
    QByteArray method = QByteArrayLiteral("GET");
    QUrl url;
    HttpHeaders headers;
    QByteArray body;
    QString name; ///< optional label for logs and reports

    static RequestSpec get(const QUrl &url) { return {QByteArrayLiteral("GET"), url, {}, {}, {}}; }
    /// GET, HEAD, OPTIONS, PUT and DELETE (RFC 9110, section 9.2.2).
    bool isIdempotent() const;
};

/// What makes two calls identical for de-duplication: method, URL, headers and body. Headers
/// take part so that calls made with different credentials never share an answer.
struct DedupKey
{
    QByteArray method;
    QUrl url;
    HttpHeaders headers;
    QByteArray body;
    size_t hash = 0;

    static DedupKey of(const RequestSpec &spec);
    friend bool operator==(const DedupKey &a, const DedupKey &b)
    {
        return a.hash == b.hash && a.method == b.method && a.url == b.url && a.body == b.body
            && a.headers == b.headers;
    }
};

inline size_t qHash(const DedupKey &key, size_t seed = 0) noexcept
{
    return key.hash ^ seed;
}

} // namespace batchlab
