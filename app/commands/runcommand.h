// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "commands/clicommand.h"

namespace batchlab {

/// `batchlab run SET`: runs a request set without a window, as the workbench's Run does, with
/// progress on stderr, a summary, reports and thresholds for CI.
CliCommand runCommandSpec();
int runRunCommand(const QStringList &arguments);

} // namespace batchlab
