// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "types/apiresult.h"

#include <QFuture>
#include <QPromise>

#include <memory>

namespace batchlab {

/// Starts a call through `start`, which takes a Completion, and returns a future for it: it
/// finishes with the response, or fails with an ApiException carrying the ApiError. The
/// QFuture face of every callback API here.
template<typename Start> QFuture<ApiResponse> futureFor(Start &&start)
{
    auto promise = std::make_shared<QPromise<ApiResponse>>();
    QFuture<ApiResponse> future = promise->future();
    promise->start();
    start([promise](const ApiResult &result) {
        if (result.ok())
            promise->addResult(result.response);
        else
            promise->setException(ApiException(result.error));
        promise->finish();
    });
    return future;
}

} // namespace batchlab
