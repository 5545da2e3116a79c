// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QtGlobal>

#include <utility>
#include <vector>

namespace batchlab {

/// The in-flight de-duplication index: hash -> first of the entries with that hash (entries
/// with equal hashes chain through T::nextSameHash). Open addressing with linear probing and
/// backward-shift deletion, so lookups touch one cache line and erasing leaves no tombstones.
/// On the hot path this costs a fraction of a QHash (no span indirection, no node copies).
template<typename T> class DedupIndex
{
public:
    T *find(size_t hash) const
    {
        if (m_slots.empty())
            return nullptr;
        for (size_t i = hash & m_mask;; i = (i + 1) & m_mask) {
            const Slot &slot = m_slots[i];
            if (!slot.head)
                return nullptr;
            if (slot.hash == hash)
                return slot.head;
        }
    }

    /// Makes `entry` the first of its hash's chain.
    void insert(size_t hash, T *entry)
    {
        if ((m_size + 1) * 2 > m_slots.size())
            grow();
        Slot &slot = m_slots[probe(hash)];
        if (!slot.head) {
            slot.hash = hash;
            ++m_size;
        }
        entry->nextSameHash = slot.head;
        slot.head = entry;
    }

    void remove(size_t hash, T *entry)
    {
        if (m_slots.empty())
            return;
        size_t i = probe(hash);
        Slot &slot = m_slots[i];
        for (T **link = &slot.head; *link; link = &(*link)->nextSameHash) {
            if (*link == entry) {
                *link = entry->nextSameHash;
                break;
            }
        }
        if (slot.head)
            return;
        // Backward shift: move later members of the probe run into the hole.
        --m_size;
        for (size_t j = (i + 1) & m_mask; m_slots[j].head; j = (j + 1) & m_mask) {
            const size_t home = m_slots[j].hash & m_mask;
            if (((j - home) & m_mask) >= ((j - i) & m_mask)) {
                m_slots[i] = m_slots[j];
                m_slots[j] = Slot();
                i = j;
            }
        }
    }

    size_t size() const { return m_size; }

    /// Every entry for which `pred` holds, with its hash: for removing them afterwards (the
    /// walk itself changes nothing).
    template<typename Pred> std::vector<std::pair<size_t, T *>> matching(Pred pred) const
    {
        std::vector<std::pair<size_t, T *>> out;
        for (const Slot &slot : m_slots) {
            for (T *entry = slot.head; entry; entry = entry->nextSameHash) {
                if (pred(entry))
                    out.emplace_back(slot.hash, entry);
            }
        }
        return out;
    }

private:
    struct Slot
    {
        size_t hash = 0;
        T *head = nullptr;
    };

    /// The slot holding `hash`, or the empty slot where it would go.
    size_t probe(size_t hash) const
    {
        size_t i = hash & m_mask;
        while (m_slots[i].head && m_slots[i].hash != hash)
            i = (i + 1) & m_mask;
        return i;
    }

    void grow()
    {
        std::vector<Slot> old(m_slots.empty() ? 64 : m_slots.size() * 2);
        old.swap(m_slots);
        m_mask = m_slots.size() - 1;
        for (const Slot &slot : old) {
            if (slot.head)
                m_slots[probe(slot.hash)] = slot;
        }
    }

    std::vector<Slot> m_slots;
    size_t m_mask = 0;
    size_t m_size = 0;
};

} // namespace batchlab
