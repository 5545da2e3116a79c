// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "sandbox/sandboxmessages.h"

#include <QJsonObject>

namespace batchlab {

/// One element of a JSON-RPC request, checked: a call to run, or the error it is answered with.
struct SandboxRpcCall
{
    QJsonValue id; ///< as received; null when unreadable
    bool notification = false; ///< a valid request without "id": run, never answered
    QString method; ///< empty when the element has no readable method
    QJsonValue params; ///< undefined when absent
    QJsonObject failure; ///< the error Response when it cannot run; empty when it can
    SandboxCall call; ///< the resource call it makes, when it can run
};

/// JSON-RPC 2.0 (https://www.jsonrpc.org/specification) as the sandbox serves it on
/// `POST /rpc`: a Request object or an array of them in, Response objects out. Its methods
/// take their params by name and are calls to the sandbox's resources:
///
///   users.get {"id": n}      GET /users/{n}
///   items.get {"id": n}      GET /items/{n}
///   echo      any params     POST /echo; the result is the params
///   status    {"code": n}    GET /status/{n}
///
/// A 2xx resource answer gives its JSON body as "result"; any other gives error -32000 with
/// the resource's message and {"status", "retryAfter"} as data.
class SandboxJsonRpc
{
public:
    /// Parses a request body into `calls`; `single` tells a lone Request object from an array.
    /// Returns false when the body is answered as a whole by the one error object in `failure`:
    /// a parse error, or an empty array.
    static bool parseRequest(const QByteArray &body, QList<SandboxRpcCall> *calls, bool *single,
                             QJsonObject *failure);
    /// The Response object of a call that ran and got `reply`.
    static QJsonObject encodeReply(const SandboxRpcCall &call, const SandboxReply &reply);
    /// The answer body, following `layout` (truncation aside): one object for a single call,
    /// an array otherwise, nothing when no response is left to give.
    static QByteArray encodeResponse(const QList<QJsonObject> &responses,
                                     const SandboxAnswerLayout &layout, bool single);
};

} // namespace batchlab
