// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QString>
#include <QtGlobal>

namespace batchlab {

/// The faults of the built-in sandbox that a request set was tuned with, as its file keeps
/// them. core includes no sandbox header, so this mirrors the sandbox's SandboxBehavior field
/// for field (its required Authorization aside, a credential that no file keeps); the
/// workbench converts between the two. Rates are shares in [0, 1].
struct SandboxFaults
{
    int latencyMs = 0;
    int jitterMs = 0;
    double itemErrorRate = 0.0;
    int itemErrorStatus = 500;
    double batchFailureRate = 0.0;
    int batchFailureStatus = 500;
    double throttleRate = 0.0;
    int retryAfterSeconds = 1;
    double hangRate = 0.0;
    double dropRate = 0.0;
    double malformedRate = 0.0;
    QString malformKind = QStringLiteral("any"); ///< as the sandbox names it (malformKindName)
    bool shuffle = false;
    int maxBatchItems = 1000; ///< 0 = no limit
    quint64 seed = 1;

    friend bool operator==(const SandboxFaults &, const SandboxFaults &) = default;
};

} // namespace batchlab
