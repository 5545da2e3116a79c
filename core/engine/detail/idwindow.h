// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QHash>
#include <QList>

#include <algorithm>
#include <deque>

namespace batchlab {

/// Pointers by sequential id, for ids handed out in increasing order and released in roughly
/// the same order: a sliding window over a deque, so insert, find and remove cost O(1) and
/// never hash. A few ids that stay long after the rest (a hung call without a timeout) move
/// to a small hash when the window grows sparse, so that they do not pin its memory.
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
        if (m_slots.size() > kCompactAt && m_slots.size() > 8 * size_t(m_count))
            compact();
    }

    T *find(quint64 id) const
    {
        if (id < m_base)
            return m_stragglers.empty() ? nullptr : m_stragglers.value(id);
        if (id - m_base >= m_slots.size())
            return nullptr;
        return m_slots[size_t(id - m_base)];
    }

    void remove(quint64 id)
    {
        if (id < m_base) {
            m_count -= m_stragglers.remove(id);
            return;
        }
        if (!find(id))
            return;
        m_slots[size_t(id - m_base)] = nullptr;
        --m_count;
        popEmptyFront();
    }

    qsizetype size() const { return m_count; }
    /// How many ids the window spans (its memory), for tests.
    size_t span() const { return m_slots.size(); }

    /// Every value present, oldest id first.
    template<typename F> void forEach(F f) const
    {
        QList<quint64> old = m_stragglers.keys();
        std::sort(old.begin(), old.end());
        for (const quint64 id : std::as_const(old))
            f(m_stragglers.value(id));
        for (T *value : m_slots) {
            if (value)
                f(value);
        }
    }

private:
    static constexpr size_t kCompactAt = 4096;

    void popEmptyFront()
    {
        while (!m_slots.empty() && !m_slots.front()) {
            m_slots.pop_front();
            ++m_base;
        }
    }

    /// Moves the oldest present ids out of the window until at least half of it is used.
    void compact()
    {
        size_t inWindow = size_t(m_count) - size_t(m_stragglers.size());
        while (m_slots.size() > 2 * inWindow && m_slots.front()) {
            m_stragglers.insert(m_base, m_slots.front());
            m_slots.front() = nullptr;
            --inWindow;
            popEmptyFront();
        }
    }

    std::deque<T *> m_slots;
    quint64 m_base = 0;
    qsizetype m_count = 0; ///< in the window and among the stragglers
    QHash<quint64, T *> m_stragglers; ///< ids older than m_base still present
};

} // namespace batchlab
