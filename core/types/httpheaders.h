// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QPair>

#include <optional>

namespace batchlab {

/// HTTP header fields in order, names as given; compare names case-insensitively.
using HttpHeaders = QList<QPair<QByteArray, QByteArray>>;

/// The value of the first header called `name` (any case), or a null QByteArray.
QByteArray headerValue(const HttpHeaders &headers, QByteArrayView name);
/// An HTTP date in the IMF-fixdate form senders must use ("Sun, 06 Nov 1994 08:49:37 GMT"),
/// in UTC; nullopt when it is not one.
std::optional<QDateTime> parseHttpDate(QByteArrayView value);

} // namespace batchlab
