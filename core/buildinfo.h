// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QString>

namespace batchlab {

/// Version of Batchlab and of the Qt it was built with and runs on, for --version and About.
QString buildInfo();

} // namespace batchlab
