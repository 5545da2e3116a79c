#pragma once

#include "apierror.h"
#include "apiresponse.h"

#include <chrono>
#include <functional>
#include <optional>

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

/// Per-call settings that override the queue's BatchConfig.
struct CallOptions
{
    std::optional<std::chrono::milliseconds> timeout; ///< 0 = none
};

} // namespace batchlab
