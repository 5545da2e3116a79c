#pragma once

#include "types/apierror.h"
#include "types/requestspec.h"

#include <functional>
#include <optional>
#include <vector>

namespace batchlab {

/// One call inside an outgoing batch. `index` is its position, and its id on the wire.
struct OutgoingItem
{
    int index = 0;
    const RequestSpec *spec = nullptr; ///< valid until the batch is answered or cancelled
};

/// What the dispatcher asks a Transport to send: a batch, or one plain request.
struct BatchRequest
{
    quint64 batchId = 0;
    QUrl endpoint; ///< the batch endpoint (unused when plain)
    bool plain = false; ///< send items[0] as an ordinary request
    int attemptTimeoutMs = 0; ///< abandon the exchange after this long with a Timeout; 0 = never
    std::vector<OutgoingItem> items;
};

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

/// The outcome of one BatchRequest: either the whole request failed (`failure` is set and the
/// items are meaningless), or the answers it carried, in any order, as the server sent them —
/// missing, duplicated and unknown ids included, for the dispatcher to judge.
struct BatchReply
{
    ApiError failure;
    int httpStatus = 0;
    HttpHeaders headers; ///< of the HTTP answer, e.g. a whole-batch 429's Retry-After
    std::vector<ItemResult> items;
};

/// The seam under the dispatcher. Production sends HTTP through QNetworkAccessManager
/// (NetworkTransport); benchmarks may answer in-process to measure the engine alone.
class Transport
{
public:
    using Done = std::function<void(BatchReply &&)>;

    virtual ~Transport() = default;
    /// Sends `request` and calls `done` exactly once, never from inside send() itself,
    /// unless cancel() comes first.
    virtual void send(const BatchRequest &request, Done done) = 0;
    /// Abandons a request; its `done` is never called.
    virtual void cancel(quint64 batchId) = 0;
};

} // namespace batchlab
