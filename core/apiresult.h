#pragma once

#include "apierror.h"
#include "apiresponse.h"
#include "retrypolicy.h"

#include <chrono>
#include <functional>
#include <memory>
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

/// Per-call settings that override the queue's own.
struct CallOptions
{
    std::optional<std::chrono::milliseconds> timeout; ///< 0 = none
    std::shared_ptr<const RetryPolicy> retry;         ///< null: the queue's policy
    bool batch = true;   ///< false: goes out at once, alone, as a plain request
    bool gated = true;   ///< false: the circuit breaker neither gates nor counts this call
};

} // namespace batchlab
