// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "runs/requestset.h"
#include "runs/requestsetfile.h"

#include <QList>
#include <QString>

namespace batchlab {

/// One thing an importer says about a part of the input: where ("entry 17", "item
/// \"Login\"", "line 3") and what ("a WebSocket", "a pre-request script was not run").
struct ImportNote
{
    QString where;
    QString what;

    friend bool operator==(const ImportNote &, const ImportNote &) = default;
};

/// What an import brought in, and an honest account of the rest: every part of the input is
/// either a request of `set`, or in `skipped` with the reason. `notes` are about parts that
/// came in changed or in part (auth turned into headers, a script not run, `-k` ignored).
/// When the input is refused as a whole, `error` says where and why and `set` is empty.
struct ImportResult
{
    RequestSet set;
    QList<ImportNote> skipped;
    QList<ImportNote> notes;
    FileError error;
    /// The importer's name for people ("HAR 1.2"), set by Interchange::importFile().
    QString formatName;

    bool ok() const { return !error.isError(); }
    /// "Imported 12 requests, skipped 3.", for the dialog and the command line.
    QString summary() const;
};

} // namespace batchlab
