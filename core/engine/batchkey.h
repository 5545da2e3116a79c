// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "engine/batchconfig.h"

namespace batchlab {

/// Which calls may share a batch under a BatchConfig: same scheme, host and port, plus what
/// the strategy adds (method, path prefix or custom key).
struct BatchKey
{
    QString scheme;
    QString host;
    int port = -1;
    QString extra;

    static BatchKey of(const RequestSpec &spec, const BatchConfig &config);
    /// What the strategy adds to the origin: the method, the path prefix or the custom key.
    static QString extraOf(const RequestSpec &spec, const BatchConfig &config);
    /// The batch endpoint for calls with this key, e.g. http://host:port/v1/$batch.
    QUrl endpoint(const BatchConfig &config) const;
    /// How the key reads in logs, timelines and reports.
    QString name(const BatchConfig &config) const;

    friend bool operator==(const BatchKey &a, const BatchKey &b)
    {
        // Cheapest and most telling first.
        return a.port == b.port && a.host == b.host && a.scheme == b.scheme && a.extra == b.extra;
    }
};

} // namespace batchlab
