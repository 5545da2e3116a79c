// SPDX-License-Identifier: BSD-3-Clause
#include "runs/record/runrecord.h"

#include <algorithm>

namespace batchlab {

const RecordedCall *RunRecord::call(quint64 id) const
{
    const auto it = std::lower_bound(calls.cbegin(), calls.cend(), id,
                                     [](const RecordedCall &c, quint64 value) { return c.id < value; });
    return it == calls.cend() || it->id != id ? nullptr : &*it;
}

const RecordedBatch *RunRecord::batch(quint64 id) const
{
    const auto it = std::find_if(batches.cbegin(), batches.cend(),
                                 [id](const RecordedBatch &b) { return b.id == id; });
    return it == batches.cend() ? nullptr : &*it;
}

} // namespace batchlab
