// SPDX-License-Identifier: BSD-3-Clause
#pragma once

// Randomly damaged copies of a well-formed answer, for the codecs' totality tests: a few
// bytes overwritten, cut out or repeated elsewhere — the faults of truncation and bad proxies.

#include <QByteArray>
#include <QRandomGenerator>

inline QByteArray randomlyDamaged(QByteArray bytes, QRandomGenerator &random)
{
    for (int edits = 1 + int(random.bounded(4)); edits > 0 && !bytes.isEmpty(); --edits) {
        const auto at = qsizetype(random.bounded(quint32(bytes.size())));
        switch (random.bounded(3)) {
        case 0:
            bytes[at] = char(random.bounded(256));
            break;
        case 1:
            bytes.remove(at, 1 + qsizetype(random.bounded(8)));
            break;
        default:
            bytes.insert(at, bytes.mid(qsizetype(random.bounded(quint32(bytes.size()))), 6));
            break;
        }
    }
    return bytes;
}
