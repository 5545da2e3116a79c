// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "runs/io/harentry.h"
#include "runs/requestset.h"

#include <QList>

namespace batchlab {

/// Where the requests picked from a HAR most likely want to run: the origin most of them went
/// to as the base URL, and the kind of batch server (a ServerProfile id) that the traffic to
/// that origin looks like — $batch or $metadata paths are OData, graph.microsoft.com is Graph,
/// googleapis.com/batch is Google, "jsonrpc": "2.0" bodies are JSON-RPC.
struct HarTargetSuggestion
{
    QString baseUrl; ///< empty when no request is picked
    QString profile; ///< a ServerProfile id; empty when nothing says which (the target's stays)
    QString batchPath; ///< the batch endpoint the traffic used, or the profile's usual one
    QString reason; ///< what gave the profile away, for people; empty with no profile

    /// The suggestion for `requests` (the imported set's) at the indices `picked`; `entries`
    /// are their HarEntry facts, in the same order as `requests`.
    static HarTargetSuggestion from(const QList<RequestItem> &requests,
                                    const QList<HarEntry> &entries, const QList<int> &picked);
    bool isEmpty() const { return baseUrl.isEmpty(); }
    /// Points `set` at baseUrl, with the profile and batch path when one was recognized (else
    /// the set's own, or the defaults).
    void applyTo(RequestSet *set) const;

    friend bool operator==(const HarTargetSuggestion &, const HarTargetSuggestion &) = default;
};

} // namespace batchlab
