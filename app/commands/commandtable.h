// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "commands/clicommand.h"

#include <QList>

namespace batchlab {

/// A sub-command: its options as data, and what runs it (returns the exit code).
struct CommandEntry
{
    CliCommand (*spec)();
    int (*run)(const QStringList &arguments);
};

/// Every sub-command of `batchlab`, in the order `--help` and the man page list them.
class CommandTable
{
public:
    static const QList<CommandEntry> &all();
    static const CommandEntry *find(const QString &name);
};

} // namespace batchlab
