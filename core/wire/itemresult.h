// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "types/httpheaders.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace batchlab {

/// One answer found in a batch response. `index` is -1 when its id matches no item sent.
struct ItemResult
{
    int index = -1;
    QString id;
    int status = 0;
    HttpHeaders headers;
    QByteArray body;
    /// Why this answer cannot be used (a broken part, a malformed response object); its
    /// caller then fails with a Protocol error saying so.
    QString problem;
    /// A JSON-RPC error object's code and message; `body` holds the whole object. `status` is
    /// the HTTP failure status (4xx, 5xx) the error stands for when its `data.status` names
    /// one, else 0.
    std::optional<int> rpcCode;
    QString rpcMessage;
};

} // namespace batchlab
