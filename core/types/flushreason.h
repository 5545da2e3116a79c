// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QString>

namespace batchlab {

/// Why a batch left the queue. Retry: it carries calls that failed and are tried again.
/// Split: it carries calls of a batch the server refused as too large, or of one sent to a
/// batch endpoint that does not exist, sent again in smaller batches or alone.
/// A value type of its own because answers (ApiResponse) and telemetry events report it,
/// and both sit below the engine that decides it.
enum class FlushReason : quint8 { Size, Timer, Debounce, Manual, Config, Shutdown, Retry, Split };
inline constexpr int kFlushReasonCount = int(FlushReason::Split) + 1;
/// "size", "timer", "debounce", "manual", "config", "shutdown", "retry", "split".
QString flushReasonName(FlushReason reason);

} // namespace batchlab
