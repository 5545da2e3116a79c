// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "types/apierror.h"
#include "types/httpheaders.h"
#include "wire/batchrequest.h"
#include "wire/itemresult.h"

#include <functional>
#include <vector>

namespace batchlab {

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
