// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "runs/requestset.h"
#include "wire/serverprofile.h"

#include <QUrl>

namespace batchlab {

/// What a set's target means for a run: the base that relative request URLs resolve against,
/// the batch endpoint path and the server profile; `error` says why the target cannot be
/// used. The workbench's target panel and the command line read a target the same way.
struct ResolvedTarget
{
    QUrl base;
    QString batchPath;
    QString error;
    const ServerProfile *profile = &ServerProfile::defaultProfile();
    bool sandbox = true;

    /// The client settings this target implies: endpoint path, wire format, limit.
    void applyTo(BatchConfig *config) const;

    /// `target` (none: the built-in sandbox) with `sandboxUrl` where the sandbox listens
    /// (invalid when it does not).
    static ResolvedTarget resolve(const std::optional<TargetSpec> &target, const QUrl &sandboxUrl);
};

} // namespace batchlab
