// SPDX-License-Identifier: BSD-3-Clause
#include "sandbox/formats/sandboxjsonrpc.h"
#include "sandbox/sandboxtr.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

#include <climits>
#include <cmath>

namespace batchlab {

namespace {

// The codes and messages of the specification (§5.1). The messages are protocol text that
// clients may compare, so they are never translated; the details that follow them are.
constexpr int kParseError = -32700;
constexpr int kInvalidRequest = -32600;
constexpr int kMethodNotFound = -32601;
constexpr int kInvalidParams = -32602;
constexpr int kServerError = -32000; // the first of the range left to implementations

QJsonObject response(const QJsonValue &id, const QString &member, const QJsonValue &value)
{
    return {{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
            {member, value},
            {QStringLiteral("id"), id}};
}

QJsonObject errorResponse(const QJsonValue &id, int code, const QString &message,
                          const QJsonObject &data = {})
{
    QJsonObject error{{QStringLiteral("code"), code}, {QStringLiteral("message"), message}};
    if (!data.isEmpty())
        error.insert(QStringLiteral("data"), data);
    return response(id, QStringLiteral("error"), error);
}

QJsonObject invalidRequest(const QJsonValue &id, const QString &reason)
{
    return errorResponse(id, kInvalidRequest, QStringLiteral("Invalid Request"),
                         {{QStringLiteral("reason"), reason}});
}

QJsonObject invalidParams(const QJsonValue &id, const QString &detail)
{
    return errorResponse(id, kInvalidParams, QStringLiteral("Invalid params: ") + detail);
}

/// A JSON number that is a whole number in [low, high]; 0 otherwise.
int wholeNumber(const QJsonValue &value, int low, int high)
{
    const double number = value.toDouble(0.0);
    if (!value.isDouble() || number != std::floor(number) || number < low || number > high)
        return 0;
    return int(number);
}

QJsonValue bodyValue(const QByteArray &body)
{
    if (body.isEmpty())
        return QJsonValue::Null;
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    if (doc.isObject())
        return doc.object();
    if (doc.isArray())
        return doc.array();
    return QString::fromUtf8(body);
}

/// Sets the resource call of a valid request, or its failure.
void resolve(SandboxRpcCall *rpc)
{
    const QJsonObject params = rpc->params.toObject();
    const bool byName = rpc->params.isObject();
    if (rpc->method == u"users.get" || rpc->method == u"items.get") {
        const int id = wholeNumber(params.value(QStringLiteral("id")), 1, INT_MAX);
        if (!byName || id == 0) {
            rpc->failure = invalidParams(
                rpc->id,
                byName ? SandboxTr::tr("\"id\" must be a positive integer")
                       : SandboxTr::tr("params must be an object with a positive integer \"id\""));
            return;
        }
        const QString resource = rpc->method.startsWith(u"users") ? QStringLiteral("/users/")
                                                                  : QStringLiteral("/items/");
        rpc->call = {QByteArrayLiteral("GET"), resource + QString::number(id), {}, {}, {}};
    } else if (rpc->method == u"status") {
        const int code = wholeNumber(params.value(QStringLiteral("code")), 100, 599);
        if (!byName || code == 0) {
            rpc->failure
                = invalidParams(rpc->id,
                                byName ? SandboxTr::tr("\"code\" must be an integer from 100 to 599")
                                       : SandboxTr::tr("params must be an object with an integer \"code\""));
            return;
        }
        rpc->call = {QByteArrayLiteral("GET"), QStringLiteral("/status/%1").arg(code), {}, {}, {}};
    } else if (rpc->method == u"echo") {
        // Run through /echo for its faults; the result is the params themselves.
        rpc->call = {QByteArrayLiteral("POST"),
                     QStringLiteral("/echo"),
                     {},
                     {{QByteArrayLiteral("content-type"), QByteArrayLiteral("application/json")}},
                     {}};
        if (rpc->params.isObject())
            rpc->call.body = QJsonDocument(params).toJson(QJsonDocument::Compact);
        else if (rpc->params.isArray())
            rpc->call.body = QJsonDocument(rpc->params.toArray()).toJson(QJsonDocument::Compact);
    } else {
        rpc->failure = errorResponse(rpc->id, kMethodNotFound, QStringLiteral("Method not found"),
                                     {{QStringLiteral("method"), rpc->method}});
    }
}

SandboxRpcCall readCall(const QJsonValue &element)
{
    SandboxRpcCall rpc;
    rpc.id = QJsonValue::Null;
    if (!element.isObject()) {
        rpc.failure = invalidRequest(rpc.id, SandboxTr::tr("the request is not an object"));
        return rpc;
    }
    const QJsonObject object = element.toObject();
    const bool hasId = object.contains(QStringLiteral("id"));
    const QJsonValue id = object.value(QStringLiteral("id"));
    if (hasId && !id.isString() && !id.isDouble() && !id.isNull()) {
        rpc.failure = invalidRequest(rpc.id, SandboxTr::tr("\"id\" must be a string, a number or null"));
        return rpc;
    }
    if (hasId)
        rpc.id = id;
    const QJsonValue method = object.value(QStringLiteral("method"));
    rpc.method = method.toString();
    if (object.value(QStringLiteral("jsonrpc")) != QJsonValue(QStringLiteral("2.0"))) {
        rpc.failure = invalidRequest(rpc.id, SandboxTr::tr("\"jsonrpc\" must be \"2.0\""));
        return rpc;
    }
    if (!method.isString()) {
        rpc.failure = invalidRequest(rpc.id, SandboxTr::tr("\"method\" must be a string"));
        return rpc;
    }
    rpc.notification = !hasId;
    rpc.params = object.value(QStringLiteral("params"));
    resolve(&rpc);
    return rpc;
}

} // namespace

bool SandboxJsonRpc::parseRequest(const QByteArray &body, QList<SandboxRpcCall> *calls,
                                  bool *single, QJsonObject *failure)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    QJsonValue root;
    if (error.error == QJsonParseError::NoError) {
        root = doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
    } else {
        // QJsonDocument reads only objects and arrays, but a lone scalar is valid JSON: it is an
        // Invalid Request, not a Parse error.
        const QJsonDocument wrapped = QJsonDocument::fromJson('[' + body + ']');
        if (wrapped.array().size() != 1) {
            *failure = errorResponse(
                QJsonValue::Null, kParseError, QStringLiteral("Parse error"),
                {{QStringLiteral("reason"),
                  SandboxTr::tr("%1 at offset %2").arg(error.errorString()).arg(error.offset)}});
            return false;
        }
        root = wrapped.array().first();
    }
    *single = !root.isArray();
    if (*single) {
        calls->append(readCall(root));
        return true;
    }
    const QJsonArray array = root.toArray();
    if (array.isEmpty()) {
        // Exactly the answer of the specification's example, without details.
        *failure
            = errorResponse(QJsonValue::Null, kInvalidRequest, QStringLiteral("Invalid Request"));
        return false;
    }
    calls->reserve(array.size());
    for (const QJsonValue &element : array)
        calls->append(readCall(element));
    return true;
}

QJsonObject SandboxJsonRpc::encodeReply(const SandboxRpcCall &call, const SandboxReply &reply)
{
    if (reply.status >= 200 && reply.status < 300) {
        const QJsonValue result = call.method != u"echo" ? bodyValue(reply.body)
            : call.params.isUndefined()                  ? QJsonValue(QJsonValue::Null)
                                                         : call.params;
        return response(call.id, QStringLiteral("result"), result);
    }
    QString message = QJsonDocument::fromJson(reply.body)
                          .object()
                          .value(QStringLiteral("error"))
                          .toObject()
                          .value(QStringLiteral("message"))
                          .toString();
    if (message.isEmpty())
        message = QString::fromLatin1(SandboxReply::reasonPhrase(reply.status));
    QJsonObject data{{QStringLiteral("status"), reply.status}};
    if (reply.status == 429)
        data.insert(QStringLiteral("retryAfter"), reply.header("retry-after").toInt());
    return errorResponse(call.id, kServerError, message, data);
}

QByteArray SandboxJsonRpc::encodeResponse(const QList<QJsonObject> &responses,
                                          const SandboxAnswerLayout &layout, bool single)
{
    QJsonArray answered;
    for (qsizetype position = 0; position < layout.order.size(); ++position) {
        QJsonObject item = responses.at(layout.order.at(position));
        if (position == layout.unknownAt)
            item.insert(QStringLiteral("id"), QStringLiteral("unknown-%1").arg(position));
        answered.append(item);
    }
    // The specification forbids an empty array: with nothing to say, the answer is empty.
    if (answered.isEmpty())
        return {};
    if (single && answered.size() == 1)
        return QJsonDocument(answered.first().toObject()).toJson(QJsonDocument::Compact);
    return QJsonDocument(answered).toJson(QJsonDocument::Compact);
}

} // namespace batchlab
