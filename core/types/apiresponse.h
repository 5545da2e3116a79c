// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "types/flushreason.h"
#include "types/httpheaders.h"

#include <QJsonDocument>

namespace batchlab {

/// When each step of a call happened, in nanoseconds on the Telemetry clock; -1 = not reached.
struct CallTimings
{
    qint64 enqueued = -1;
    qint64 flushed = -1;
    qint64 sent = -1;
    qint64 answered = -1;
    qint64 settled = -1;
};

/// A successful answer to one call, and how it was served.
struct ApiResponse
{
    int status = 0;
    HttpHeaders headers;
    QByteArray body; ///< shared, not copied, between de-duplicated callers
    quint64 requestId = 0;
    quint64 batchId = 0;
    bool deduplicated = false; ///< this call joined an identical call already queued or in flight
    bool plain = false; ///< sent as an ordinary request, not inside a batch
    bool cached = false; ///< answered from the response cache, not sent at all
    int attempt = 1;
    FlushReason flushReason = FlushReason::Timer;
    CallTimings timings;

    QByteArray header(QByteArrayView name) const { return headerValue(headers, name); }
    QJsonDocument json() const { return QJsonDocument::fromJson(body); }
};

} // namespace batchlab
