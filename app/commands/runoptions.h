// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "commands/clicommand.h"
#include "commands/headlessrun.h"

namespace batchlab {

class CliParser;

/// The options `run` and `compare` share — target, plan, settings, the sandbox's faults,
/// variables — as one table, and how they turn a loaded set into a HeadlessSetup. The
/// precedence is the workbench's: the set's own settings (defaults for what it lacks), then
/// its target's format and limit, then what the command line says.
class RunOptions
{
public:
    static QList<CliOption> options();
    /// The SET argument, as `run` and `compare` take it.
    static QPair<QString, QString> setArgument();
    /// The one SET `parser` was given; empty with the usage error when it was none or several.
    static QString oneSet(const CliParser &parser, QString *error);
    /// `set` as `parser` says to run it; an empty string, or what is wrong, for usageError().
    static QString read(const CliParser &parser, RequestSet set, HeadlessSetup *setup);
    /// Applies "name=value" settings (--set, or compare's --a/--b) to `config`.
    static QString applySettings(const QStringList &assignments, ClientConfig *config);
    /// "30s", "500ms", "2m", "1h" (a bare number is seconds) in milliseconds; -1 when not one.
    static qint64 parseDuration(const QString &text);
};

} // namespace batchlab
