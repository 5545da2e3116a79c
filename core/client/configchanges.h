// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "client/apiclient.h"

#include <QStringList>

namespace batchlab {

/// What differs between two client settings: the batch settings' changes (engine/batchconfig.h),
/// then retry, breaker and cache, one "field old → new" per change, in a stable order.
QStringList configChanges(const ClientConfig &before, const ClientConfig &after);

} // namespace batchlab
