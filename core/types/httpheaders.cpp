// SPDX-License-Identifier: BSD-3-Clause
#include "types/httpheaders.h"

#include <QLocale>

namespace batchlab {

QByteArray headerValue(const HttpHeaders &headers, QByteArrayView name)
{
    for (const auto &[key, value] : headers) {
        if (name.compare(key, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

std::optional<QDateTime> parseHttpDate(QByteArrayView value)
{
    QString text = QString::fromLatin1(value.trimmed());
    if (!text.endsWith(QLatin1String(" GMT")))
        return std::nullopt;
    text.chop(4);
    QDateTime date = QLocale::c().toDateTime(text, QStringLiteral("ddd, dd MMM yyyy HH:mm:ss"));
    if (!date.isValid())
        return std::nullopt;
    date.setTimeSpec(Qt::UTC);
    return date;
}

} // namespace batchlab
