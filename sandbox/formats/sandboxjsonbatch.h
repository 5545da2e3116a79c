// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "sandbox/sandboxmessages.h"

#include <QJsonObject>
#include <QList>

namespace batchlab {

/// The JSON batch format of Microsoft Graph and OData 4.01, as the sandbox reads and writes it:
/// `{"requests":[{id,method,url,headers,body}]}` in, `{"responses":[{id,status,headers,body}]}`
/// out.
class SandboxJsonBatch
{
public:
    /// Parses a batch request body. On failure returns false and sets `error` to a 400 reply
    /// that names what is wrong and where (e.g. "requests[3].id is missing").
    static bool parseRequest(const QByteArray &body, int maxItems, QList<SandboxBatchItem> *items,
                             SandboxReply *error);
    /// One entry of the "responses" array.
    static QJsonObject encodeItem(const QString &id, const SandboxReply &reply);
    /// The answer to `items`, following `layout` (truncation aside).
    static QByteArray encodeResponse(const QList<SandboxBatchItem> &items,
                                     const QList<SandboxReply> &replies,
                                     const SandboxAnswerLayout &layout);
};

} // namespace batchlab
