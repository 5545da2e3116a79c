// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "wire/batchcodec.h"
#include "wire/batchformat.h"

namespace batchlab {

/// The multipart batch format of OData 4.0 and Google APIs: one `multipart/mixed` request whose
/// parts are `application/http` requests, each with a `Content-ID`, answered by a
/// `multipart/mixed` response of `application/http` responses. Answers are matched by
/// Content-ID (also with Google's `response-` prefix), otherwise by position; nested change-set
/// responses are read part by part; bodies are kept byte for byte. The boundary is chosen so
/// that it occurs in no part. Decoding is strict and total: a malformed answer gives an error
/// that says what and where, never a crash and never a made-up success.
class MultipartBatchCodec final : public BatchCodec
{
public:
    /// Part targets as `options.itemUrls` says: relative to the service root for OData, the
    /// absolute path plus Host for Google.
    explicit MultipartBatchCodec(const WireOptions &options = {})
        : m_options(options)
    { }

    QString name() const override { return QStringLiteral("multipart"); }
    EncodedRequest encode(const BatchRequest &request) const override;
    DecodedBatch decode(const BatchRequest &request, const HttpHeaders &headers,
                        const QByteArray &body) const override;

    /// The value of a parameter of a header such as `multipart/mixed; boundary="b"`.
    static QByteArray headerParameter(const QByteArray &value, const QByteArray &name);

private:
    WireOptions m_options;
};

} // namespace batchlab
