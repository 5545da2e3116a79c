// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QString>
#include <QtGlobal>

namespace batchlab {

/// How the calls of a run arrive: all at once, at a fixed rate, as a Poisson process, or as
/// recorded: each request when it went out in the traffic it was imported from
/// (RequestItem::atMs, a HAR's `startedDateTime`), iterations one after another.
enum class ArrivalPattern : quint8 { AllAtOnce, FixedRate, Poisson, Recorded };
/// "all at once", "fixed rate", "Poisson", "as recorded" (defined with the Runner).
QString arrivalPatternName(ArrivalPattern pattern);

/// How a run plays a set: its own header so that a RequestSet can keep the plan it was run
/// with without knowing the Runner.
struct RunPlan
{
    int iterations = 1;          ///< the enabled requests of the set, this many times over
    ArrivalPattern arrival = ArrivalPattern::AllAtOnce;
    double ratePerSecond = 200;  ///< for FixedRate and Poisson
    quint64 seed = 1;            ///< for Poisson arrivals

    friend bool operator==(const RunPlan &, const RunPlan &) = default;
};

} // namespace batchlab
