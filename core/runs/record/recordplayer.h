// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "runs/record/runrecord.h"

namespace batchlab {

class CallDirectory;
class Telemetry;

/// Plays a recorded run (one read back from its HAR) into a telemetry and a call directory of
/// its own, as the events the engine would have recorded, at the record's times from now on:
/// the timeline, the charts and the network list then show a saved run as they show a live
/// one, without a second way of drawing it.
class RecordPlayer
{
public:
    /// The events of `record`, in time order, times in ns from the run's start. Batch keys
    /// and failure texts are interned in `telemetry`.
    static std::vector<Event> events(const RunRecord &record, Telemetry *telemetry);
    /// Records events(record) into `telemetry`, each at its time after telemetry->now(), and
    /// the calls with their names into `calls` as one run.
    static void play(const RunRecord &record, Telemetry *telemetry, CallDirectory *calls);
};

} // namespace batchlab
