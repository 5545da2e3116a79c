#include "requestspec.h"

#include <QHashFunctions>

namespace batchlab {

bool RequestSpec::isIdempotent() const
{
    return method == "GET" || method == "HEAD" || method == "OPTIONS" || method == "PUT"
        || method == "DELETE";
}

DedupKey DedupKey::of(const RequestSpec &spec)
{
    // qHash(QUrl) hashes the parsed components; serialising the URL would cost ten times more.
    size_t hash = qHashMulti(0, spec.method, spec.url, spec.body);
    for (const auto &[name, value] : spec.headers)
        hash = qHashMulti(hash, name.toLower(), value);
    return {spec.method, spec.url, spec.headers, spec.body, hash};
}

} // namespace batchlab
