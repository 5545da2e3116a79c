// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QString>
#include <QStringList>

#include <chrono>

namespace batchlab::configdiff {

// What the config-changed events say ("maxBatchSize 10 → 20"), shared by the engine's
// BatchConfig and the client's whole ClientConfig. A settings type adds text() for its own
// enums in namespace batchlab, where compare() finds it by argument-dependent lookup.

inline QString text(int v) { return QString::number(v); }
inline QString text(qint64 v) { return QString::number(v); }
inline QString text(double v) { return QString::number(v); }
inline QString text(bool v) { return v ? QStringLiteral("on") : QStringLiteral("off"); }
inline QString text(const QString &v) { return v; }
inline QString text(std::chrono::milliseconds v)
{
    return QString::number(v.count()) + QStringLiteral(" ms");
}

/// Appends "name before → after" to `out` when the two differ.
template<typename T>
void compare(QStringList &out, const char *name, const T &before, const T &after)
{
    if (!(before == after))
        out.append(QStringLiteral("%1 %2 → %3").arg(QLatin1String(name), text(before), text(after)));
}

} // namespace batchlab::configdiff
