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

/// One item of a batch request: the id the client gave it and the call it makes.
struct SandboxBatchItem
{
    QString id; ///< JSON batch: "id"; multipart: the Content-ID as sent, or empty
    SandboxCall call;
    int changeSet = -1; ///< multipart: which change set (0, 1, …) it came in; -1 outside one
};

/// Which answers a batch answer carries, in what order. Normally every item once in request
/// order; the server's shuffle and malformations change it, and every format follows it, so
/// one behaviour means the same faults in every format.
struct SandboxAnswerLayout
{
    QList<qsizetype> order; ///< indices of the answered items, in answer order
    qsizetype unknownAt = -1; ///< position in `order` whose id becomes "unknown-<position>"
    bool truncate = false; ///< the encoded answer is cut in half
};

} // namespace batchlab
