// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QString>

namespace batchlab {

/// Why a batch left the queue. Retry: it carries calls that failed and are tried again.
/// A value type of its own because answers (ApiResponse) and telemetry events report it,
/// and both sit below the engine that decides it.
enum class FlushReason : quint8 { Size, Timer, Debounce, Manual, Config, Shutdown, Retry };
inline constexpr int kFlushReasonCount = int(FlushReason::Retry) + 1;
/// "size", "timer", "debounce", "manual", "config", "shutdown", "retry".
QString flushReasonName(FlushReason reason);

} // namespace batchlab
