// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "types/apierror.h"
#include "types/httpheaders.h"

#include <QDateTime>
#include <QUrl>

namespace batchlab {

/// One HTTP exchange of a batch (or a plain call) as it went over the wire: the request the
/// transport posted and the answer it read, bodies cut at the WireLog's byte bound.
struct WireExchange
{
    quint64 batchId = 0;
    QDateTime sentAt; ///< wall clock, when the request was handed to the network
    qint64 durationNs = -1; ///< sent → answered (or failed); -1 while in flight
    QByteArray method;
    QUrl url;
    HttpHeaders requestHeaders; ///< those the transport set; Qt adds Host, Connection…
    QByteArray requestBody; ///< at most WireLog::maxBodyBytes() of it
    qint64 requestBytes = 0; ///< the whole body's size
    bool answered = false; ///< an answer or a failure came; false while in flight
    int httpStatus = 0; ///< 0 when no HTTP answer came
    HttpHeaders responseHeaders;
    QByteArray responseBody; ///< at most WireLog::maxBodyBytes() of it
    qint64 responseBytes = 0;
    ApiError failure; ///< why the exchange failed as a whole (kind None when it did not)

    bool requestCut() const { return requestBody.size() < requestBytes; }
    bool responseCut() const { return responseBody.size() < responseBytes; }
};

} // namespace batchlab
