// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "runs/io/importresult.h"

namespace batchlab {

/// The set a command line names: a `.batchlab.json`, any file an importer reads (HAR, Postman,
/// curl lines), or the name of a sample the workbench ships (`user-fanout`).
class SetLoader
{
public:
    /// Reads `what`. `result.error` says where and why it could not be read: file, line and
    /// field as the reader found them.
    static ImportResult load(const QString &what);
    /// The names of the samples, for help and errors.
    static QStringList sampleNames();
};

} // namespace batchlab
