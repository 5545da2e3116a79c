// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QtGlobal>

#include <deque>
#include <limits>
#include <map>

namespace batchlab {

/// Deadlines of pending calls. Calls with the same timeout length have deadlines in enqueue
/// order, so each length keeps a plain FIFO instead of a priority queue: O(1) per call.
/// Entries of calls that settled early are not searched for; `live(call, id)` tells whether
/// an entry still matters (the object may have been recycled for another call since), and
/// dead ones are dropped from the fronts.
template<typename T> class DeadlineQueue
{
public:
    static constexpr qint64 kNever = std::numeric_limits<qint64>::max();

    void add(qint64 length, qint64 deadline, T *call, quint64 id)
    {
        if (length != m_lastLength) {
            m_last = &m_fifos[length];
            m_lastLength = length;
        }
        m_last->push_back({deadline, call, id});
    }

    /// Drops, from the front of every FIFO, the entries that no longer matter.
    template<typename Live> void prune(Live live)
    {
        for (auto &[length, fifo] : m_fifos) {
            while (!fifo.empty() && !live(fifo.front().call, fifo.front().id))
                fifo.pop_front();
        }
        forgetEmpty();
    }

    /// Calls `expire(call, length)` for every live entry due at `now`, and removes it.
    template<typename Live, typename Expire> void expire(qint64 now, Live live, Expire expire)
    {
        for (auto &[length, fifo] : m_fifos) {
            while (!fifo.empty() && fifo.front().deadline <= now) {
                const Item item = fifo.front();
                fifo.pop_front();
                if (live(item.call, item.id))
                    expire(item.call, length);
            }
        }
        forgetEmpty();
    }

    /// How many timeout lengths have a FIFO, for tests.
    size_t lengths() const { return m_fifos.size(); }

    qint64 earliest() const
    {
        qint64 due = kNever;
        for (const auto &[length, fifo] : m_fifos) {
            if (!fifo.empty())
                due = qMin(due, fifo.front().deadline);
        }
        return due;
    }

private:
    static constexpr size_t kLengthsKept = 8;

    /// Lengths whose FIFO emptied go once there are many: per-call timeouts may each have a
    /// length of their own. A few lengths in steady use keep theirs, or every call that
    /// follows an empty moment would allocate a FIFO again.
    void forgetEmpty()
    {
        if (m_fifos.size() <= kLengthsKept)
            return;
        for (auto it = m_fifos.begin(); it != m_fifos.end();) {
            if (it->second.empty()) {
                if (&it->second == m_last) {
                    m_last = nullptr;
                    m_lastLength = -1;
                }
                it = m_fifos.erase(it);
            } else {
                ++it;
            }
        }
    }

    struct Item
    {
        qint64 deadline;
        T *call;
        quint64 id;
    };
    std::map<qint64, std::deque<Item>> m_fifos; ///< by timeout length
    std::deque<Item> *m_last = nullptr; ///< the FIFO of the latest length added to
    qint64 m_lastLength = -1;
};

} // namespace batchlab
