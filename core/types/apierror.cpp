// SPDX-License-Identifier: BSD-3-Clause
#include "types/apierror.h"

#include <array>

namespace batchlab {

QString errorKindName(ErrorKind kind)
{
    static constexpr std::array<const char *, kErrorKindCount> names{
        "none",           "network",   "http",         "timeout", "batch-failed", "protocol",
        "queue-overflow", "cancelled", "circuit-open", "rpc",     "rolled-back",  "dependency"};
    return QLatin1String(names.at(size_t(kind)));
}

QString ApiError::toString() const
{
    QString text = errorKindName(kind);
    if (kind == ErrorKind::BatchFailed && cause != ErrorKind::None)
        text += u'(' + errorKindName(cause) + u')';
    if (status)
        text += QStringLiteral(" %1").arg(status);
    text += QStringLiteral(": ") + message;
    if (requestId)
        text += QStringLiteral(" [request %1").arg(requestId)
            + (batchId ? QStringLiteral(", batch %1]").arg(batchId) : QStringLiteral("]"));
    return text;
}

} // namespace batchlab
