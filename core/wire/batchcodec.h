// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "types/httpheaders.h"
#include "wire/batchrequest.h"
#include "wire/itemresult.h"

#include <QByteArray>
#include <QString>
#include <QUrl>

#include <vector>

namespace batchlab {

/// An HTTP request a codec built for a batch.
struct EncodedRequest
{
    QByteArray method = QByteArrayLiteral("POST");
    QUrl url;
    HttpHeaders headers;
    QByteArray body;
};

/// The result of decoding a batch answer. `error` is set when the body as a whole cannot be
/// read; then no item is trusted.
struct DecodedBatch
{
    QString error;
    std::vector<ItemResult> items;
};

/// A batch wire format: many calls into one HTTP request, one HTTP answer into per-call
/// results. Decoders are total: any input gives items or an error, never a crash.
class BatchCodec
{
public:
    virtual ~BatchCodec() = default;
    virtual QString name() const = 0;
    /// Whether a call sent alone (BatchConfig::sendSingleAsPlain) goes as the ordinary HTTP
    /// request it describes; otherwise encode() and decode() see it with `plain` set.
    virtual bool sendsPlainAsIs() const { return true; }
    virtual EncodedRequest encode(const BatchRequest &request) const = 0;
    virtual DecodedBatch decode(const BatchRequest &request, const HttpHeaders &headers,
                                const QByteArray &body) const = 0;
};

} // namespace batchlab
