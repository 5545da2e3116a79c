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
};

} // namespace batchlab
