// SPDX-License-Identifier: BSD-3-Clause
#include "types/requestspec.h"

#include <QHashFunctions>

namespace batchlab {

bool RequestSpec::isSafeMethod(QByteArrayView method)
{
    return method == "GET" || method == "HEAD" || method == "OPTIONS" || method == "TRACE";
}

bool RequestSpec::isIdempotentMethod(QByteArrayView method)
{
    return isSafeMethod(method) || method == "PUT" || method == "DELETE";
}

bool sameCall(const RequestSpec &a, const RequestSpec &b)
{
    return a.method == b.method && a.url == b.url && a.body == b.body && a.headers == b.headers;
}

size_t dedupHash(const RequestSpec &spec)
{
    // The URL carries almost all the entropy; the method is folded in cheaply, and body and
    // headers are hashed only when there are any (most calls have neither).
    size_t hash = qHash(spec.url) ^ (size_t(spec.method.size()) << 8)
        ^ size_t(spec.method.isEmpty() ? 0 : uchar(spec.method.front()));
    if (!spec.body.isEmpty())
        hash = qHashMulti(hash, spec.body);
    for (const auto &[name, value] : spec.headers)
        hash = qHashMulti(hash, name, value);
    return hash;
}

} // namespace batchlab
