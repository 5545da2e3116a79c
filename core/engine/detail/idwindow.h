// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QtGlobal>

#include <deque>

namespace batchlab {

/// Pointers by sequential id, for ids handed out in increasing order and released in roughly
/// the same order: a sliding window over a deque, so insert, find and remove cost O(1) and
/// never hash. Memory spans the ids between the oldest one still present and the newest.
template<typename T> class IdWindow
{
public:
    void insert(quint64 id, T *value)
    {
        if (m_slots.empty())
            m_base = id;
        while (m_base + m_slots.size() < id)
            m_slots.push_back(nullptr);
        m_slots.push_back(value);
        ++m_count;
    }

    T *find(quint64 id) const
    {
        if (id < m_base || id - m_base >= m_slots.size())
            return nullptr;
        return m_slots[size_t(id - m_base)];
    }

    void remove(quint64 id)
    {
        if (!find(id))
            return;
        m_slots[size_t(id - m_base)] = nullptr;
        --m_count;
        while (!m_slots.empty() && !m_slots.front()) {
            m_slots.pop_front();
            ++m_base;
        }
    }

    qsizetype size() const { return m_count; }

    /// Every value present, oldest id first.
    template<typename F> void forEach(F f) const
    {
        for (T *value : m_slots) {
            if (value)
                f(value);
        }
    }

private:
    std::deque<T *> m_slots;
    quint64 m_base = 0;
    qsizetype m_count = 0;
};

} // namespace batchlab
