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

/// How a call's URL is written inside a batch (JSON `url`, multipart request line).
enum class ItemUrls : quint8 {
    Relative, ///< relative to the service root, the batch endpoint's folder (OData, Graph)
    Absolute, ///< the whole URL (OData allows it)
    AbsolutePath, ///< the absolute path, with a Host header in multipart parts (Google)
};

/// What a codec writes besides the calls: choices that differ between servers of one format.
struct WireOptions
{
    ItemUrls itemUrls = ItemUrls::Relative;
    /// OData: `Prefer: odata.continue-on-error` on the batch, so that a failing item does not
    /// stop the server from executing the ones after it (OData 4.0 §8.2.8.3). JSON-RPC ignores it.
    bool continueOnError = false;

    friend bool operator==(const WireOptions &, const WireOptions &) = default;
};

/// "json", "multipart", "jsonrpc".
QString batchFormatName(BatchFormat format);
/// The inverse of batchFormatName; false when `name` is none of them.
bool parseBatchFormat(const QString &name, BatchFormat *format);
/// "relative", "absolute", "path".
QString itemUrlsName(ItemUrls urls);
/// The inverse of itemUrlsName; false when `name` is none of them.
bool parseItemUrls(const QString &name, ItemUrls *urls);
/// The codec of `format`, writing with `options`.
std::unique_ptr<BatchCodec> makeBatchCodec(BatchFormat format, const WireOptions &options = {});

} // namespace batchlab
