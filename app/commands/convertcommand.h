// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "commands/clicommand.h"

namespace batchlab {

/// `batchlab convert [options] IN OUT`: a request set from one format into another (native
/// `.batchlab.json`, HAR, Postman collection, curl command lines) through the importers and
/// exporters the workbench uses, with the import report on stderr.
CliCommand convertCommandSpec();
/// Runs it; returns the process exit code.
int runConvertCommand(const QStringList &arguments);

} // namespace batchlab
