// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "sandbox/sandboxbatchrunner.h"
#include "sandbox/sandboxmessages.h"

#include <QJsonObject>
#include <QList>

namespace batchlab {

/// The JSON batch format of Microsoft Graph and OData 4.01, as the sandbox reads and writes it:
/// `{"requests":[{id,method,url,headers,body,atomicityGroup,dependsOn}]}` in,
/// `{"responses":[{id,status,headers,body,atomicityGroup}]}` out.
///
/// OData 4.01 JSON §19 is enforced as a service must: the members of an atomicity group are
/// adjacent, a group's name is no request's id, and `dependsOn` names only preceding ids or
/// groups (not the item's own group); anything else refuses the whole batch with a 400 that
/// names the culprit.
class SandboxJsonBatch
{
public:
    /// Parses a batch request body, resolving atomicity groups into atomic units and
    /// `dependsOn` into prerequisites. On failure returns false and sets `error` to a 400
    /// reply that names what is wrong and where (e.g. "requests[3].id is missing").
    static bool parseRequest(const QByteArray &body, int maxItems, QList<SandboxBatchItem> *items,
                             SandboxReply *error);
    /// One entry of the "responses" array.
    static QJsonObject encodeItem(const QString &id, const SandboxReply &reply);
    /// Every item is answered: a member of a failed group that is not the one that failed
    /// answers 424 (SandboxBatchRunner), as OData 4.01 allows ("may return 424 for the other
    /// members"). SAP CAP is laxer and shows those members' own successes although it rolled
    /// them back; the sandbox is stricter so that a client cannot take them for done.
    static QList<SandboxBatchAnswer> answersOf(const QList<SandboxBatchItem> &items,
                                               const SandboxBatchRun &run);
    /// The answer, following `layout` (truncation aside).
    static QByteArray encodeResponse(const QList<SandboxBatchAnswer> &answers,
                                     const SandboxAnswerLayout &layout);
};

} // namespace batchlab
