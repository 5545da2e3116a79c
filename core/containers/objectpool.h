// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <memory>
#include <vector>

namespace batchlab {

/// Recycles objects of one type so that the hot path allocates only while the pool grows.
/// Addresses stay valid until the pool is destroyed. A released object keeps its old values
/// until it is taken again: whoever takes one assigns every field.
template<typename T> class ObjectPool
{
public:
    T *take()
    {
        if (m_free.empty()) {
            const size_t size = m_blocks.empty() ? 64 : m_blockSize * 2;
            m_blocks.push_back(std::make_unique<T[]>(size));
            m_blockSize = size;
            m_free.reserve(m_free.capacity() + size);
            for (size_t i = size; i > 0; --i)
                m_free.push_back(&m_blocks.back()[i - 1]);
        }
        T *object = m_free.back();
        m_free.pop_back();
        return object;
    }

    void release(T *object) { m_free.push_back(object); }

private:
    std::vector<std::unique_ptr<T[]>> m_blocks;
    std::vector<T *> m_free;
    size_t m_blockSize = 0;
};

} // namespace batchlab
