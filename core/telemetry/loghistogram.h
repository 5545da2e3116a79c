// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QtGlobal>

#include <array>

namespace batchlab {

/// Percentiles of a latency distribution, in microseconds.
struct Percentiles
{
    qint64 count = 0;
    qint64 p50 = 0;
    qint64 p90 = 0;
    qint64 p95 = 0; ///< what k6 and most SLOs quote
    qint64 p99 = 0;
    qint64 max = 0;
};

/// A histogram of non-negative values with logarithmic buckets: exact below 64, then 32
/// buckets per power of two (about 3% relative error). Fixed size whatever the number of
/// samples, so a long run never grows a list of them.
class LogHistogram
{
public:
    void add(qint64 value);
    qint64 count() const { return m_count; }
    /// The value at quantile q in [0, 1]: the upper edge of the bucket where it falls.
    qint64 quantile(double q) const;
    Percentiles percentiles() const;
    /// The samples added since `earlier`, a copy of this histogram taken before them. Their
    /// maximum is known to the resolution of its bucket.
    LogHistogram since(const LogHistogram &earlier) const;

private:
    static constexpr int kLinear = 64;
    static constexpr int kSubBits = 5;
    static constexpr int kBuckets = kLinear + (63 - 6) * (1 << kSubBits);
    static int bucketOf(qint64 value);
    static qint64 upperEdge(int bucket);

    std::array<qint64, kBuckets> m_buckets{};
    qint64 m_count = 0;
    qint64 m_max = 0;
};

} // namespace batchlab
