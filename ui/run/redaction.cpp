// SPDX-License-Identifier: BSD-3-Clause
#include "run/redaction.h"
#include "run/runtr.h"

#include <QString>

#include <algorithm>
#include <array>

namespace batchlab {

bool isSensitiveHeader(QByteArrayView name)
{
    const QByteArray lower = name.trimmed().toByteArray().toLower();
    static constexpr std::array<QByteArrayView, 4> exact{"authorization", "proxy-authorization",
                                                         "cookie", "set-cookie"};
    // Parts of a name: "api-key" also covers X-Api-Key and X-Goog-Api-Key; "api_key" is the
    // same name where a proxy lets underscores through; Azure API Management's key is an
    // Ocp-Apim-Subscription-Key.
    static constexpr std::array<QByteArrayView, 6> parts{"api-key", "apikey", "api_key",
                                                         "subscription-key", "token", "secret"};
    return std::find(exact.cbegin(), exact.cend(), QByteArrayView(lower)) != exact.cend()
        || std::any_of(parts.cbegin(), parts.cend(),
                       [&lower](QByteArrayView part) { return lower.contains(part); });
}

QByteArray redacted(QByteArrayView name, QByteArrayView value)
{
    return isSensitiveHeader(name) ? RunTr::tr("•••• (hidden)").toUtf8() : value.toByteArray();
}

} // namespace batchlab
