// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "commands/clicommand.h"

namespace batchlab {

/// `batchlab help [COMMAND]` shows a command's help (as `batchlab COMMAND --help` does) or
/// lists the commands; `batchlab help --man` prints the batchlab(1) man page (ManPage), which
/// the build writes to batchlab.1 with it.
CliCommand helpCommandSpec();
int runHelpCommand(const QStringList &arguments);

/// The specs of every command of CommandTable, in its order.
QList<CliCommand> allCommandSpecs();

} // namespace batchlab
