// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "client/knob.h"

#include <QStringList>

#include <vector>

namespace batchlab {

/// Every batching, retry, circuit breaker and cache setting of a ClientConfig, once: the
/// settings panel builds its rows from it, the `.batchlab.json` file reads and writes its
/// blocks through it, the command line's `--set name=value` applies through it and the log
/// names changes by it (configChanges()). A setting added here is in all of them.
///
/// Not knobs: BatchConfig's batchPath, format and serverLimit (the target's, TargetSpec and
/// its server profile) and customKey (a function).
class KnobTable
{
public:
    /// In the panel's order: the blocks batch, retry, breaker, cache, each knob once.
    static const std::vector<Knob> &all();
    /// "maxBatchSize", "batch.maxBatchSize", "retry.maxAttempts": the unqualified name when it is
    /// unique across blocks (else an error listing the qualified ones); null with `error` saying
    /// what is wrong, with the nearest known name ("did you mean maxDelayMs?").
    static const Knob *find(const QString &name, QString *error = nullptr);
    /// Applies "name=value" to `config` (value as the file writes it: 20, 2.5, true/false/on/off, a
    /// choice's name); false with `error` naming the knob, the value and the allowed range or
    /// choices. The result must also pass the config parts' validate(); if not, false and why.
    static bool apply(ClientConfig *config, const QString &assignment, QString *error);
    /// Every knob's qualified name, for completion and the man page.
    static QStringList names();
    /// The shortest name find() takes for `knob`: its own name when no other block has one
    /// like it ("maxBatchSize"), else the qualified one ("batch.maxDelayMs"). What the log and
    /// the panel's object names use.
    static QString shortName(const Knob &knob);
    /// The knobs of one block ("retry"), in order.
    static std::vector<const Knob *> block(const char *block);
};

} // namespace batchlab
