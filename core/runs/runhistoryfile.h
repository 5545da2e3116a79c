// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "runs/requestsetfile.h"
#include "runs/runner.h"

#include <QByteArray>
#include <QString>

#include <vector>

namespace batchlab {

/// The run history of a saved set, kept beside it: `orders.batchlab.json` has its runs in
/// `orders.runs.json`, so they travel with the set (copied, committed or ignored with it) and
/// survive a restart. Versioned JSON written through QSaveFile, the newest kRunsKept runs.
/// It holds what a RunSummary holds — plan, settings, their changes, counts — and never a
/// header or variable value: target headers are not part of ClientConfig.
/// Reading is strict: a malformed file gives a FileError naming line, column or field, and
/// the runs passed in are untouched.
class RunHistoryFile
{
public:
    static constexpr const char *kSuffix = ".runs.json";
    static constexpr int kVersion = 1;

    /// Where the runs of the set saved at `setPath` are kept; empty for an unsaved set.
    static QString pathFor(const QString &setPath);

    static QByteArray serialize(const std::vector<RunSummary> &runs);
    static bool parse(const QByteArray &json, std::vector<RunSummary> *runs, FileError *error);
    /// A missing file is an empty history, not an error.
    static bool load(const QString &path, std::vector<RunSummary> *runs, FileError *error);
    static bool save(const QString &path, const std::vector<RunSummary> &runs, FileError *error);
};

} // namespace batchlab
