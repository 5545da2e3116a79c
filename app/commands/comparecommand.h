// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "commands/clicommand.h"

namespace batchlab {

/// `batchlab compare SET --a SETTINGS --b SETTINGS`: two runs of one set that differ only in
/// the settings named, side by side with the change per line, as the workbench's Run dock
/// compares two runs.
CliCommand compareCommandSpec();
int runCompareCommand(const QStringList &arguments);

} // namespace batchlab
