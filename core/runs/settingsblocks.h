// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "client/apiclient.h"
#include "runs/requestset.h"

#include <QJsonObject>

namespace batchlab {

class FieldReader;

/// The blocks of a `.batchlab.json` file that version 3 added, each a setting that shapes a
/// run: "retry", "breaker", "cache", "plan" and "sandbox" (the built-in sandbox's faults).
/// Durations are whole milliseconds (`…Ms`), rates shares in [0, 1], choices lower-case
/// names. Reading checks types and ranges field by field, then the setting's own validate(),
/// naming the field (`retry.maxAttempts`) for RequestSetFile to place in the text. The
/// retry, breaker and cache blocks (and the batch block's knobs) are KnobTable's: their keys,
/// types and ranges are the table's, so the file, the panel and `--set` cannot disagree.
class SettingsBlocks
{
public:
    /// Whether `set` has any of these blocks (the file is then version 3).
    static bool any(const RequestSet &set);
    /// Adds the blocks `set` has to `root`.
    static void write(const RequestSet &set, QJsonObject *root);
    /// Reads the blocks `root` has into `set`; stops at the first problem (see FieldReader).
    static void read(const QJsonObject &root, RequestSet *set, FieldReader &r);

    /// The knobs of `block` ("batch", "retry"… as in KnobTable) that the file keeps, from `c`.
    static QJsonObject knobsToJson(const char *block, const ClientConfig &c);
    /// Reads the knobs of `block` that `o` has into `c` (the others keep their value), each
    /// checked by FieldReader against the knob's type and range and named `block.key`.
    static void readKnobs(const char *block, const QJsonObject &o, FieldReader &r, ClientConfig *c);

    static QJsonObject toJson(const RetryPolicy &retry);
    static QJsonObject toJson(const BreakerConfig &breaker);
    static QJsonObject toJson(const CacheConfig &cache);
    static QJsonObject toJson(const RunPlan &plan);
    static QJsonObject toJson(const SandboxFaults &faults);
};

} // namespace batchlab
