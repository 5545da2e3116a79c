// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "types/requestspec.h"

#include <QUrl>

#include <vector>

namespace batchlab {

/// One call inside an outgoing batch. `index` is its position, and its id on the wire.
struct OutgoingItem
{
    OutgoingItem() = default;
    OutgoingItem(int index_, const RequestSpec *spec_, int group_ = -1,
                 std::vector<int> dependsOn_ = {})
        : index(index_)
        , spec(spec_)
        , group(group_)
        , dependsOn(std::move(dependsOn_))
    { }

    int index = 0;
    const RequestSpec *spec = nullptr; ///< valid until the batch is answered or cancelled
    /// Its atomic group within this batch (0, 1, …; members are adjacent), or -1: written as a
    /// change set (multipart) or an atomicityGroup (JSON)
    int group = -1;
    /// The indexes of earlier items of its own group it depends on (JSON `dependsOn`)
    std::vector<int> dependsOn;
};

/// What the dispatcher asks a Transport to send and a codec encodes: a batch, or one plain
/// request.
struct BatchRequest
{
    quint64 batchId = 0;
    QUrl endpoint; ///< the batch endpoint (unused when plain)
    bool plain = false; ///< send items[0] as an ordinary request
    int attemptTimeoutMs = 0; ///< abandon the exchange after this long with a Timeout; 0 = never
    std::vector<OutgoingItem> items;
};

} // namespace batchlab
