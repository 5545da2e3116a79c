// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "runs/record/runrecord.h"
#include "runs/requestsetfile.h"

#include <QByteArray>

namespace batchlab {

/// Reads back a HAR that WireHarExporter wrote into the run it came from: its summary, every
/// call and every HTTP request with its items and exchange (what the HAR kept of the bodies),
/// so that a saved run can be opened and looked at later. Strict: a file that says it is a
/// Batchlab run and is not gets a FileError naming the field ("log.entries[3]._batchlab.items"),
/// and the record passed in is untouched.
class WireHarReader
{
public:
    /// Whether `data` looks like a run's HAR (its log has `_batchlab` of kFormat), without
    /// reading it whole.
    static bool recognizes(const QByteArray &data);
    static bool read(const QByteArray &data, RunRecord *record, FileError *error);
};

} // namespace batchlab
