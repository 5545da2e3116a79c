// SPDX-License-Identifier: BSD-3-Clause
#include "wire/batchformat.h"

#include "wire/jsonbatchcodec.h"
#include "wire/jsonrpcbatchcodec.h"
#include "wire/multipartbatchcodec.h"

#include <array>

namespace batchlab {

namespace {

constexpr std::array<const char *, 3> kNames{"json", "multipart", "jsonrpc"};
constexpr std::array<const char *, 3> kUrlNames{"relative", "absolute", "path"};

} // namespace

QString batchFormatName(BatchFormat format)
{
    return QLatin1String(kNames.at(size_t(format)));
}

bool parseBatchFormat(const QString &name, BatchFormat *format)
{
    for (size_t i = 0; i < kNames.size(); ++i) {
        if (name == QLatin1String(kNames[i])) {
            *format = BatchFormat(i);
            return true;
        }
    }
    return false;
}

QString itemUrlsName(ItemUrls urls)
{
    return QLatin1String(kUrlNames.at(size_t(urls)));
}

bool parseItemUrls(const QString &name, ItemUrls *urls)
{
    for (size_t i = 0; i < kUrlNames.size(); ++i) {
        if (name == QLatin1String(kUrlNames[i])) {
            *urls = ItemUrls(i);
            return true;
        }
    }
    return false;
}

std::unique_ptr<BatchCodec> makeBatchCodec(BatchFormat format, const WireOptions &options)
{
    switch (format) {
    case BatchFormat::Multipart:
        return std::make_unique<MultipartBatchCodec>(options);
    case BatchFormat::JsonRpc:
        return std::make_unique<JsonRpcBatchCodec>();
    case BatchFormat::Json:
        break;
    }
    return std::make_unique<JsonBatchCodec>(options);
}

} // namespace batchlab
