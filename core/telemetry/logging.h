// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QLoggingCategory>

// One category per subsystem, warnings by default. More with, e.g.,
// QT_LOGGING_RULES="batchlab.core.*.debug=true".
namespace batchlab {
Q_DECLARE_LOGGING_CATEGORY(lcQueue)
Q_DECLARE_LOGGING_CATEGORY(lcCodec)
Q_DECLARE_LOGGING_CATEGORY(lcTransport)
} // namespace batchlab
