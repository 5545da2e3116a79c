// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "runs/record/runrecord.h"

#include <QByteArray>
#include <QJsonObject>

namespace batchlab {

/// How a run's wire leaves Batchlab as HAR.
struct WireHarOptions
{
    /// Credentials written out: off (the default, Chrome's rule), Authorization, Cookie,
    /// Set-Cookie, Proxy-Authorization and API-key headers lose their values, in the
    /// envelopes' own headers and in the batch items' headers inside their bodies.
    bool includeSecrets = false;
    /// One entry per call as well, after the HTTP requests (what a per-call tool expects).
    bool entryPerCall = false;
    /// Bodies longer are cut, with a comment saying how much was left.
    qint64 maxBodyBytes = 1024 * 1024;
};

/// Writes what a run put on the wire as HAR 1.2: one entry per HTTP request actually sent (a
/// batch envelope or a plain call) with its real times, headers, bodies and answer, so that
/// Chrome, Firefox or any HAR viewer shows the real wire. Each entry carries `_batchlab` (its
/// batch id, key, flush reason and the calls it carried with their ids, names and item
/// statuses, retries and sharers), and the log carries `_batchlab` with the run itself (its
/// summary as the run history file writes it, and every call), from which WireHarReader
/// rebuilds the run.
class WireHarExporter
{
public:
    /// `_batchlab.format` of the log: what tells a run's HAR from any other.
    static constexpr const char *kFormat = "batchlab-run";
    static constexpr int kVersion = 1;

    static QByteArray write(const RunRecord &record, const WireHarOptions &options = {});
    /// Masks the values of credential headers inside a batch body: the item headers of a JSON
    /// `$batch`, the header lines of multipart parts. Other bodies are returned as they are.
    static QByteArray sanitizedBody(const QByteArray &contentType, const QByteArray &body);
};

} // namespace batchlab
