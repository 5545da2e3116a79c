// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QString>

#include <memory>

namespace batchlab {

class BatchCodec;

/// The wire format of batches.
enum class BatchFormat : quint8 {
    Json, ///< Microsoft Graph / OData 4.01 JSON batch (JsonBatchCodec)
    Multipart, ///< OData 4.0 / Google multipart/mixed batch (MultipartBatchCodec)
    JsonRpc, ///< JSON-RPC 2.0 batch (JsonRpcBatchCodec)
};

/// "json", "multipart", "jsonrpc".
QString batchFormatName(BatchFormat format);
/// The inverse of batchFormatName; false when `name` is none of them.
bool parseBatchFormat(const QString &name, BatchFormat *format);
/// The codec of `format`; `absoluteUrls` is for JSON batches (see JsonBatchCodec).
std::unique_ptr<BatchCodec> makeBatchCodec(BatchFormat format, bool absoluteUrls = false);

} // namespace batchlab
