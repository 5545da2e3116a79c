// SPDX-License-Identifier: BSD-3-Clause
#include "telemetry/loghistogram.h"

#include <bit>
#include <cmath>

namespace batchlab {

int LogHistogram::bucketOf(qint64 value)
{
    if (value < kLinear)
        return int(qMax<qint64>(0, value));
    const int exponent = 63 - std::countl_zero(quint64(value)); // >= 6
    const int sub = int((quint64(value) >> (exponent - kSubBits)) & ((1 << kSubBits) - 1));
    return kLinear + (exponent - 6) * (1 << kSubBits) + sub;
}

qint64 LogHistogram::upperEdge(int bucket)
{
    if (bucket < kLinear)
        return bucket;
    const int exponent = 6 + (bucket - kLinear) / (1 << kSubBits);
    const int sub = (bucket - kLinear) % (1 << kSubBits);
    const quint64 base = quint64(1) << exponent;
    const quint64 step = quint64(1) << (exponent - kSubBits);
    return qint64(base + step * quint64(sub + 1) - 1);
}

void LogHistogram::add(qint64 value)
{
    ++m_buckets[size_t(bucketOf(value))];
    ++m_count;
    m_max = qMax(m_max, value);
}

qint64 LogHistogram::quantile(double q) const
{
    if (m_count == 0)
        return 0;
    const auto rank = qint64(std::ceil(qBound(0.0, q, 1.0) * double(m_count)));
    qint64 seen = 0;
    for (int b = 0; b < kBuckets; ++b) {
        seen += m_buckets[size_t(b)];
        if (seen >= qMax<qint64>(1, rank))
            return qMin(upperEdge(b), m_max);
    }
    return m_max;
}

Percentiles LogHistogram::percentiles() const
{
    return {m_count, quantile(0.5), quantile(0.9), quantile(0.95), quantile(0.99), m_max};
}

LogHistogram LogHistogram::since(const LogHistogram &earlier) const
{
    LogHistogram d;
    d.m_count = m_count - earlier.m_count;
    for (int b = 0; b < kBuckets; ++b) {
        d.m_buckets[size_t(b)] = m_buckets[size_t(b)] - earlier.m_buckets[size_t(b)];
        if (d.m_buckets[size_t(b)] > 0)
            d.m_max = qMin(upperEdge(b), m_max);
    }
    return d;
}

} // namespace batchlab
