// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "engine/requestqueue_p.h"
#include "resilience/retryscheduler.h"

#include <QHash>

#include <vector>

namespace batchlab {

struct BatchMatch;
class DispatchGate;
class Transport;

/// The sending half of RequestQueue (of RequestQueuePrivate, whose records it shares): turns flushed items into batches on the Transport,
/// splits the answers, tells the gate how each attempt went, and sends retriable failures
/// again together once their wait is over. Settling callers stays with the queue.
class BatchDispatcher
{
    using Entry = RequestQueuePrivate::Entry;
    using Call = RequestQueuePrivate::Call;
    using Group = RequestQueuePrivate::Group;
    using Batch = RequestQueuePrivate::Batch;
    using RetryWave = RequestQueuePrivate::RetryWave;

public:
    BatchDispatcher(RequestQueuePrivate &queue, Transport *transport);
    ~BatchDispatcher();

    void setGate(DispatchGate *gate) { m_gate = gate; }
    RetryScheduler &retries() { return m_retries; }
    const RetryScheduler &retries() const { return m_retries; }

    void dispatch(Group *home, std::vector<Entry *> entries, FlushReason reason, bool plain);
    /// Sends the retry waves that are due; those of a paused origin wait longer.
    void sendDueRetries(qint64 now);
    /// Abandons a batch whose callers have all gone.
    void releaseBatchIfOrphaned(Batch *batch);
    /// Abandons every batch in flight, for shutdown.
    void cancelAll();

    qint64 earliestRetry() const;
    int waitingRetries() const;
    int inFlight() const { return int(m_batches.size()); }

private:
    void onAnswer(quint64 batchId, BatchReply &&reply);
    /// Sends the calls of `batch` again when its answer was about the batch, not them: too
    /// large (learned, then split), or no batch endpoint (then alone). False otherwise.
    bool resend(Batch *batch, const BatchReply &reply);
    /// A batch of `size` to `group`'s endpoint was refused as too large (`status`); returns
    /// the limit from now on, for every group with that endpoint.
    int learnRefusal(Group *group, int size, int status, quint64 batchId);
    /// `group`'s endpoint has no batch endpoint (`status` 404, 405, 501): plain requests.
    void learnNoBatches(Group *group, int status, quint64 batchId);
    /// A batch of `size` to `group`'s endpoint was taken.
    void learnWorked(Group *group, int size, quint64 batchId);
    /// Members of an atomic group whose group failed fail too (ErrorKind::RolledBack); their
    /// missing answers are then no protocol problem.
    static void rollBackGroups(const Batch *batch, BatchMatch *match);
    /// Moves an item of a retired group to the group its call belongs to now.
    void rehome(Entry *entry);
    /// Sends items again, in order, in batches their groups take (after rehome()).
    void sendAgain(std::vector<Entry *> entries, FlushReason reason);
    void recordOutcome(Entry *entry, const ApiError &error, const HttpHeaders &headers);
    bool retryLater(Entry *entry, const ApiError &error, const HttpHeaders &answerHeaders,
                    RetryWave *&wave, qint64 now);

    RequestQueuePrivate &m_queue;
    Transport *m_transport;
    DispatchGate *m_gate = nullptr;
    RetryScheduler m_retries;
    QHash<quint64, Batch *> m_batches;
    std::vector<RetryWave *> m_waves;
    quint64 m_nextBatchId = 0;
};

} // namespace batchlab
