#pragma once

#include "client/apiclient.h"

#include <QStringList>

namespace batchlab {

/// What differs between two settings, one "field old → new" per change, in a stable order:
/// what the config-changed events of the log and the charts' markers say.
QStringList configChanges(const BatchConfig &before, const BatchConfig &after);
QStringList configChanges(const ClientConfig &before, const ClientConfig &after);

} // namespace batchlab
