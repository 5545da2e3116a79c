// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "runs/requestset.h"

#include <QJsonObject>

namespace batchlab {

class FieldReader;

/// The blocks of a `.batchlab.json` file that version 3 added, each a setting that shapes a
/// run: "retry", "breaker", "cache", "plan" and "sandbox" (the built-in sandbox's faults).
/// Durations are whole milliseconds (`…Ms`), rates shares in [0, 1], choices lower-case
/// names. Reading checks types and ranges field by field, then the setting's own validate(),
/// naming the field (`retry.maxAttempts`) for RequestSetFile to place in the text.
class SettingsBlocks
{
public:
    /// Whether `set` has any of these blocks (the file is then version 3).
    static bool any(const RequestSet &set);
    /// Adds the blocks `set` has to `root`.
    static void write(const RequestSet &set, QJsonObject *root);
    /// Reads the blocks `root` has into `set`; stops at the first problem (see FieldReader).
    static void read(const QJsonObject &root, RequestSet *set, FieldReader &r);

    static QJsonObject toJson(const RetryPolicy &retry);
    static QJsonObject toJson(const BreakerConfig &breaker);
    static QJsonObject toJson(const CacheConfig &cache);
    static QJsonObject toJson(const RunPlan &plan);
    static QJsonObject toJson(const SandboxFaults &faults);
};

} // namespace batchlab
