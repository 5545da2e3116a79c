// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "runs/requestset.h"

#include <QJsonObject>

namespace batchlab {

/// Where and why a request-set file could not be read or written.
struct FileError
{
    QString file;
    int line = 0;   ///< 1-based; 0 when not about a place in the text
    int column = 0; ///< 1-based
    QString field;  ///< e.g. "requests[3].method"
    QString message;

    bool isError() const { return !message.isEmpty(); }
    /// "sets/fanout.batchlab.json:12:5: requests[3].method: expected a string".
    QString toString() const;
};

/// The native request-set file, `.batchlab.json`: versioned, pretty-printed JSON with keys in
/// a stable (sorted) order, so that sets diff cleanly in git. Reading is strict: any problem
/// gives a FileError naming the line, column and field, and the set passed in is untouched.
class RequestSetFile
{
public:
    /// The newest version read. 2 added a request's `id`, `group` (its change set) and
    /// `dependsOn`; 3 the settings that shape a run besides `batch` (SettingsBlocks: `retry`,
    /// `breaker`, `cache`, `plan`, `sandbox`); 4 `environments` and the active `environment`
    /// (EnvironmentsBlock), and a request's `expect` (ExpectationJson); 5 a request's `at`
    /// (RequestItem::atMs); 6 its `disabledHeaders` and `disabledQuery`, and the plan's arrival `recorded`. A file is written with the oldest version that holds what the set
    /// uses.
    static constexpr int kVersion = 6;
    static constexpr const char *kFormat = "batchlab.requestset";
    static constexpr const char *kSuffix = ".batchlab.json";

    static QByteArray serialize(const RequestSet &set);
    /// Parses `data`; on failure returns false, leaves `set` as it was and fills `error`.
    static bool parse(const QByteArray &data, RequestSet *set, FileError *error);

    static bool load(const QString &path, RequestSet *set, FileError *error);
    /// Writes through QSaveFile: the old file stays whole until the new one is complete.
    static bool save(const QString &path, const RequestSet &set, FileError *error);
    /// The file's `batch` block, for other writers that name the settings as the file does
    /// (run reports).
    static QJsonObject toJson(const BatchConfig &batch);
};

} // namespace batchlab
