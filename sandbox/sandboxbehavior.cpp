// SPDX-License-Identifier: BSD-3-Clause
#include "sandbox/sandboxbehavior.h"
#include "sandbox/sandboxtr.h"

#include <QCoreApplication>

#include <array>
#include <utility>

namespace batchlab {

namespace {

constexpr std::array<std::pair<MalformKind, const char *>, 5> kMalformNames{{
    {MalformKind::Any, "any"},
    {MalformKind::BadJson, "bad-json"},
    {MalformKind::MissingId, "missing-id"},
    {MalformKind::DuplicateId, "duplicate-id"},
    {MalformKind::UnknownId, "unknown-id"},
}};

} // namespace

QString SandboxBehavior::validate() const
{
    const std::array<std::pair<const char *, double>, 6> rates{{
        {"itemErrorRate", itemErrorRate},
        {"batchFailureRate", batchFailureRate},
        {"throttleRate", throttleRate},
        {"hangRate", hangRate},
        {"dropRate", dropRate},
        {"malformedRate", malformedRate},
    }};
    for (const auto &[name, value] : rates) {
        if (!(value >= 0.0 && value <= 1.0))
            return SandboxTr::tr("%1 must be between 0 and 1, not %2").arg(QLatin1String(name)).arg(value);
    }
    if (latencyMs < 0 || jitterMs < 0)
        return SandboxTr::tr("latency and jitter must not be negative");
    if (itemErrorStatus < 400 || itemErrorStatus > 599)
        return SandboxTr::tr("itemErrorStatus must be a 4xx or 5xx status, not %1").arg(itemErrorStatus);
    if (batchFailureStatus < 400 || batchFailureStatus > 599)
        return SandboxTr::tr("batchFailureStatus must be a 4xx or 5xx status, not %1").arg(batchFailureStatus);
    if (retryAfterSeconds < 0)
        return SandboxTr::tr("retryAfterSeconds must not be negative");
    if (maxBatchItems < 0)
        return SandboxTr::tr("maxBatchItems must not be negative");
    return {};
}

QString malformKindName(MalformKind kind)
{
    for (const auto &[k, name] : kMalformNames) {
        if (k == kind)
            return QLatin1String(name);
    }
    return {};
}

bool parseMalformKind(const QString &name, MalformKind *kind)
{
    for (const auto &[k, n] : kMalformNames) {
        if (name == QLatin1String(n)) {
            *kind = k;
            return true;
        }
    }
    return false;
}

} // namespace batchlab
