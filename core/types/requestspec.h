// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "types/httpheaders.h"

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
    bool isSafe() const { return isSafeMethod(method); }
    bool isIdempotent() const { return isIdempotentMethod(method); }

    /// GET, HEAD, OPTIONS and TRACE: methods that change nothing (RFC 9110, section 9.2.1).
    static bool isSafeMethod(QByteArrayView method);
    /// The safe methods, PUT and DELETE: repeating them has the effect of doing it once
    /// (RFC 9110, section 9.2.2).
    static bool isIdempotentMethod(QByteArrayView method);
};

/// What makes two calls identical for de-duplication: method, URL, headers and body. Headers
/// take part so that calls made with different credentials never share an answer.
bool sameCall(const RequestSpec &a, const RequestSpec &b);
/// A hash consistent with sameCall(). qHash(QUrl) hashes the parsed components: serialising
/// the URL instead would cost ten times more on the hot path.
size_t dedupHash(const RequestSpec &spec);

} // namespace batchlab
