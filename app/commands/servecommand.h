// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "commands/clicommand.h"

namespace batchlab {

/// `batchlab serve [options]`: runs the sandbox server alone in the foreground, so that curl
/// or any other client can be pointed at it.
CliCommand serveCommandSpec();
/// Runs it; returns the process exit code.
int runServeCommand(const QStringList &arguments);

} // namespace batchlab
