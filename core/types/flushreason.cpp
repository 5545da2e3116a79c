// SPDX-License-Identifier: BSD-3-Clause
#include "types/flushreason.h"

#include <array>

namespace batchlab {

QString flushReasonName(FlushReason reason)
{
    static constexpr std::array<const char *, kFlushReasonCount> names{
        "size", "timer", "debounce", "manual", "config", "shutdown", "retry", "split"};
    return QLatin1String(names.at(size_t(reason)));
}

} // namespace batchlab
