// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "commands/clicommand.h"

namespace batchlab {

/// `batchlab completion bash` prints the bash completion script (BashCompletion), written
/// from the same command tables as --help and the man page.
CliCommand completionCommandSpec();
int runCompletionCommand(const QStringList &arguments);

} // namespace batchlab
