// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "wire/batchcodec.h"
#include "wire/batchformat.h"

namespace batchlab {

/// The JSON batch format of Microsoft Graph and OData 4.01:
/// `{"requests":[{"id","method","url","headers","body"}]}` answered by
/// `{"responses":[{"id","status","headers","body"}]}` in any order. Item URLs are written as
/// WireOptions::itemUrls says (see itemTarget(): relative to the service root by default,
/// which Graph requires). Header names go lower-case, as OData services look them up. Bodies
/// follow OData 4.01: JSON inline, text as a string, anything else as a base64url string;
/// answers are read the same way, by each item's content type.
class JsonBatchCodec final : public BatchCodec
{
public:
    explicit JsonBatchCodec(const WireOptions &options = {})
        : m_options(options)
    { }

    QString name() const override { return QStringLiteral("json"); }
    EncodedRequest encode(const BatchRequest &request) const override;
    DecodedBatch decode(const BatchRequest &request, const HttpHeaders &headers,
                        const QByteArray &body) const override;

private:
    WireOptions m_options;
};

} // namespace batchlab
