// SPDX-License-Identifier: BSD-3-Clause
#include "client/configchanges.h"

#include "client/knobtable.h"
#include "types/configdiff.h"

namespace batchlab {

// Found by compare() through argument-dependent lookup (see types/configdiff.h).
static QString text(BatchFormat v)
{
    return batchFormatName(v);
}

QStringList configChanges(const ClientConfig &a, const ClientConfig &b)
{
    // Each knob by the name the command line takes (KnobTable::shortName, e.g. "maxBatchSize",
    // "batch.maxDelayMs"), except that the blocks other than batch are always named, as in
    // "retry.maxAttempts": the log says which part of the client changed.
    QStringList out;
    for (const Knob &k : KnobTable::all()) {
        const QString before = k.displayText(a);
        const QString after = k.displayText(b);
        if (before != after) {
            const QString name
                = qstrcmp(k.block, "batch") == 0 ? KnobTable::shortName(k) : k.qualifiedName();
            out.append(QStringLiteral("%1 %2 → %3").arg(name, before, after));
        }
    }
    // The target's settings, which are not knobs (its batch path and its server profile's).
    using configdiff::compare;
    compare(out, "batchPath", a.batch.batchPath, b.batch.batchPath);
    compare(out, "format", a.batch.format, b.batch.format);
    compare(out, "serverLimit", a.batch.serverLimit, b.batch.serverLimit);
    return out;
}

} // namespace batchlab
