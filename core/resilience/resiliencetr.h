// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QCoreApplication>

namespace batchlab {

/// The translation context of retry and the circuit breaker (core/resilience/): one per folder, so that translators see
/// the folder's strings together. Use ResilienceTr::tr() for every user-visible string there,
/// in QObject classes too, with %n for counts.
struct ResilienceTr
{
    Q_DECLARE_TR_FUNCTIONS(batchlab::Resilience)
};

} // namespace batchlab
