// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "wire/batchformat.h"

#include <QByteArray>
#include <QUrl>

namespace batchlab {

/// How a batch sent to `endpoint` names the call to `url`, its query kept as encoded:
/// - Relative: the path below the service root, the endpoint's folder — "/users/1" (Graph's
///   form, which OData's JSON batches take too), or "users/1" when `bare` (the request line of
///   an OData multipart part, which a server resolves against the service root). A URL outside
///   that folder keeps its absolute path.
/// - AbsolutePath: "/v1.0/users/1", the form Google's multipart batches want (with Host).
/// - Absolute: the whole URL.
QByteArray itemTarget(const QUrl &url, const QUrl &endpoint, ItemUrls style, bool bare = false);

} // namespace batchlab
