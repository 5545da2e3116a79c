// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "types/apierror.h"
#include "types/apiresponse.h"

#include <functional>

namespace batchlab {

/// How one call settled: a response, or an error (then `error.kind` is not None).
struct ApiResult
{
    ApiResponse response;
    ApiError error;

    bool ok() const { return !error.isError(); }
};

/// Called exactly once per enqueued call, on the queue's thread, never from inside enqueue().
using Completion = std::function<void(const ApiResult &)>;

} // namespace batchlab
