// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "transport/transport.h"
#include "types/apierror.h"

#include <QStringList>

namespace batchlab {

/// The answers of a batch matched to the items sent, by id and in any order, with a verdict
/// per item: its answer, or the error its caller gets (Protocol for a missing, repeated or
/// status-less answer; Http for a non-2xx one).
struct BatchMatch
{
    std::vector<const ItemResult *> answers; ///< per item; null where `errors` says why
    std::vector<ApiError> errors; ///< per item; kind None where it succeeded
    int problems = 0; ///< protocol problems found in the answer
    QStringList unknownIds;

    static BatchMatch of(const std::vector<ItemResult> &items, size_t itemCount, quint64 batchId);
};

} // namespace batchlab
