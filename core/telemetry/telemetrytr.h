// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QCoreApplication>

namespace batchlab {

/// The translation context of core/telemetry/ (one per folder, as EngineTr is for engine/).
struct TelemetryTr
{
    Q_DECLARE_TR_FUNCTIONS(batchlab::Telemetry)
};

} // namespace batchlab
