// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "wire/batchcodec.h"

namespace batchlab {

/// The JSON batch format of Microsoft Graph and OData 4.01:
/// `{"requests":[{"id","method","url","headers","body"}]}` answered by
/// `{"responses":[{"id","status","headers","body"}]}` in any order. Item URLs are sent
/// relative to the folder of the batch endpoint (Graph requires it) or absolute (OData 4.01
/// allows it). Bodies follow OData 4.01: JSON inline, text as a string, anything else as a
/// base64url string; answers are read the same way, by each item's content type.
class JsonBatchCodec final : public BatchCodec
{
public:
    explicit JsonBatchCodec(bool absoluteUrls = false)
        : m_absoluteUrls(absoluteUrls)
    { }

    QString name() const override { return QStringLiteral("json"); }
    EncodedRequest encode(const BatchRequest &request) const override;
    DecodedBatch decode(const BatchRequest &request, const HttpHeaders &headers,
                        const QByteArray &body) const override;

    /// The URL of `url` as written inside a batch sent to `endpoint`.
    static QString relativeUrl(const QUrl &url, const QUrl &endpoint);

private:
    bool m_absoluteUrls;
};

} // namespace batchlab
