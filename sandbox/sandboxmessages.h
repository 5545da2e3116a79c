// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QByteArray>
#include <QJsonValue>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrlQuery>

namespace batchlab {

using HttpHeaders = QList<QPair<QByteArray, QByteArray>>;

/// One call to a sandbox resource: a plain HTTP request, or one item of a batch.
struct SandboxCall
{
    QByteArray method; ///< upper case, e.g. "GET"
    QString path; ///< decoded path, e.g. "/users/1"
    QUrlQuery query;
    HttpHeaders headers;
    QByteArray body;
};

/// The answer to one SandboxCall.
struct SandboxReply
{
    int status = 200;
    HttpHeaders headers;
    QByteArray body;

    static SandboxReply json(int status, const QJsonValue &value);
    /// A JSON error body shaped as Microsoft Graph's: {"error":{"code","message"}}.
    static SandboxReply error(int status, const QString &code, const QString &message);

    QByteArray header(QByteArrayView name) const;
    /// "OK", "Not Found"…: the reason phrase written after a status code.
    static QByteArray reasonPhrase(int status);
};

/// One item of a batch request: the id the client gave it, the call it makes, and what binds
/// it to other items.
struct SandboxBatchItem
{
    QString id; ///< JSON batch: "id"; multipart: the Content-ID as sent, or empty
    SandboxCall call;
    /// The atomic unit (0, 1, …) it belongs to, whose members are adjacent and take effect all
    /// or none: multipart, its change set; JSON, its atomicity group. -1 outside one.
    int atomicUnit = -1;
    QString atomicityGroup; ///< JSON: the group's name as sent, echoed in the answer
    /// JSON `dependsOn`, resolved: the indices of the preceding items it waits for (a group
    /// named there stands for all its members). It runs only if every one of them succeeded.
    QList<qsizetype> prerequisites;
};

/// One answer inside a batch answer, as a format writes it.
struct SandboxBatchAnswer
{
    QString id; ///< the item's id or Content-ID
    /// Multipart: the change set it is answered in (a nested multipart); -1 for a part of its
    /// own, which is also how a failed change set is answered (by its failing part alone).
    int atomicUnit = -1;
    QString atomicityGroup; ///< JSON: echoed when the request had one
    SandboxReply reply;
};

/// Which answers a batch answer carries, in what order. Normally every answer once in request
/// order; the server's shuffle and malformations change it, and every format follows it, so
/// one behaviour means the same faults in every format.
struct SandboxAnswerLayout
{
    QList<qsizetype> order; ///< indices of the answers written, in answer order
    qsizetype unknownAt = -1; ///< position in `order` whose id becomes "unknown-<position>"
    bool truncate = false; ///< the encoded answer is cut in half
};

} // namespace batchlab
