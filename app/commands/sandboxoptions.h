// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "commands/clicommand.h"

#include "sandbox/sandboxbehavior.h"

namespace batchlab {

class CliParser;

/// The built-in sandbox's faults as options: `batchlab serve --latency 20` and
/// `batchlab run --sandbox-latency 20` are one table, read once.
class SandboxOptions
{
public:
    /// Every fault option, each long name with `prefix` before it ("sandbox-").
    static QList<CliOption> options(const QString &prefix = QString());
    /// Reads the options `parser` has over `behavior`; an empty string, or what is wrong
    /// ("--sandbox-latency expects a number, not \"soon\"").
    static QString apply(const CliParser &parser, const QString &prefix, SandboxBehavior *behavior);
};

} // namespace batchlab
