// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "sandbox/sandboxmessages.h"

#include <QHash>
#include <QList>

#include <functional>

namespace batchlab {

class SandboxResources;

/// What became of one item of a batch.
enum class SandboxItemFate {
    NotReached, ///< the batch stopped before it: neither run nor answered
    Ran, ///< ran; its reply is its own
    RolledBack, ///< ran, but its atomic unit failed: its changes were undone, it answers 424
    NotRun, ///< its atomic unit failed before its turn: not run, it answers 424
    FailedDependency, ///< a prerequisite failed: not run, it answers 424
};

/// The outcome of a batch: one reply and one fate per item, in request order.
struct SandboxBatchRun
{
    QList<SandboxReply> replies; ///< a default reply for an item NotReached
    QList<SandboxItemFate> fates;
    /// Each atomic unit that failed, with the index of the item whose failure undid it; that
    /// item keeps its own reply.
    QHash<int, qsizetype> failedUnits;
    qint64 rolledBack = 0; ///< items RolledBack
    qint64 skipped = 0; ///< items NotReached, NotRun or FailedDependency
};

/// Runs the items of one batch, in order, the way a real OData service does, for every batch
/// format of the sandbox:
///
/// - the members of an atomic unit (a change set, an atomicity group) take effect all or
///   none: they run in a transaction over the resources (SandboxResources::begin()); the
///   first member that does not succeed (any status outside 2xx, an injected fault included)
///   ends the unit, which is rolled back; the members before it become RolledBack, those
///   after it NotRun, and both answer 424 Failed Dependency;
/// - an item whose prerequisite (JSON `dependsOn`) did not succeed is not run and answers 424;
///   running in order is what meets dependencies, so no reordering is needed;
/// - a target `$name` or `$name/rest` addresses the entity that the item with id (Content-ID)
///   `name` created: the Location of its 2xx answer; within its change set for multipart (as
///   OData 4.0 says), among all preceding items for JSON (as OData 4.01 allows);
/// - with `stopAtFailure` (OData multipart without `odata.continue-on-error`), nothing runs
///   after a plain item answered 4xx or 5xx, or after a failed atomic unit.
///
/// The formats decide how a failed unit is answered (SandboxMultipartBatch by its failing
/// part alone; SandboxJsonBatch with every member, the others 424).
class SandboxBatchRunner
{
public:
    using Handler = std::function<SandboxReply(const SandboxCall &)>;
    /// Where a `$name` target looks for the item it names.
    enum class References { WithinAtomicUnit, AnyPreceding };

    /// `handler` answers one call (the server's, with its injected faults); `resources` is
    /// what transactions are opened on. Neither is owned.
    SandboxBatchRunner(SandboxResources *resources, Handler handler);

    void setStopAtFailure(bool stop) { m_stopAtFailure = stop; }
    void setReferences(References references) { m_references = references; }

    SandboxBatchRun run(const QList<SandboxBatchItem> &items) const;

    /// What counts as success for atomic units and dependencies: a 2xx status.
    static bool succeeded(int status) { return status >= 200 && status < 300; }

private:
    struct State;
    void runItem(State &state, qsizetype index, qsizetype unitStart) const;
    SandboxCall resolveReference(const State &state, qsizetype index, qsizetype unitStart) const;

    SandboxResources *m_resources;
    Handler m_handler;
    bool m_stopAtFailure = false;
    References m_references = References::WithinAtomicUnit;
};

} // namespace batchlab
