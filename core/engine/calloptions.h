// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "resilience/retrypolicy.h"
#include "types/apiresult.h"
#include "types/requestspec.h"

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace batchlab {

/// Per-call settings that override the queue's own.
struct CallOptions
{
    std::optional<std::chrono::milliseconds> timeout; ///< 0 = none
    std::shared_ptr<const RetryPolicy> retry; ///< null: the queue's policy
    bool batch = true; ///< false: goes out at once, alone, as a plain request
    bool gated = true; ///< false: the circuit breaker neither gates nor counts this call
    bool cache = true; ///< false: the settle hook is told not to cache this call's answer
    std::optional<std::chrono::milliseconds> cacheTtl; ///< passed on to the settle hook
    std::optional<size_t> hash; ///< dedupHash(spec), when the caller already computed it
    /// true: shares with identical calls whatever its method (the caller knows it is safe to);
    /// false: never shares; unset: BatchConfig::dedup decides by the method.
    std::optional<bool> deduplicate;
    /// Non-zero: a member of the atomic group opened by RequestQueue::openAtomicGroup(). The
    /// members go in one batch, and take effect all or none (an OData change set, a JSON
    /// atomicityGroup); they wait until closeAtomicGroup().
    quint64 atomicGroup = 0;
    /// Request ids of earlier calls this one needs: it runs only after they succeeded, and
    /// fails with ErrorKind::Dependency, unsent, when one of them failed.
    std::vector<quint64> dependsOn;
};

/// Told once per batch item when it settles (not once per caller), with what it asked and
/// how it ended: where a response cache fills itself without wrapping every callback.
using SettleHook
    = std::function<void(const RequestSpec &spec, size_t hash, const ApiResult &result, bool cache,
                         std::optional<std::chrono::milliseconds> cacheTtl)>;

} // namespace batchlab
