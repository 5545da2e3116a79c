// SPDX-License-Identifier: BSD-3-Clause
#include "types/httpheaders.h"

namespace batchlab {

QByteArray headerValue(const HttpHeaders &headers, QByteArrayView name)
{
    for (const auto &[key, value] : headers) {
        if (name.compare(key, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

} // namespace batchlab
