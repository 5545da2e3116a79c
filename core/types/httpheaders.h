// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>

namespace batchlab {

/// HTTP header fields in order, names as given; compare names case-insensitively.
using HttpHeaders = QList<QPair<QByteArray, QByteArray>>;

/// The value of the first header called `name` (any case), or a null QByteArray.
QByteArray headerValue(const HttpHeaders &headers, QByteArrayView name);

} // namespace batchlab
