// SPDX-License-Identifier: BSD-3-Clause
#include "telemetry/logging.h"

namespace batchlab {
Q_LOGGING_CATEGORY(lcQueue, "batchlab.core.queue", QtWarningMsg)
Q_LOGGING_CATEGORY(lcCodec, "batchlab.core.codec", QtWarningMsg)
Q_LOGGING_CATEGORY(lcTransport, "batchlab.core.transport", QtWarningMsg)
} // namespace batchlab
