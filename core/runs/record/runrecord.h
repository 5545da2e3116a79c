// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "runs/runner.h"
#include "transport/wireexchange.h"
#include "types/apierror.h"
#include "types/flushreason.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace batchlab {

/// One call of a recorded run: what it was made for and how it ended. Times are nanoseconds
/// since the run started, so that a record read back from a file (a HAR) means the same.
struct RecordedCall
{
    quint64 id = 0;
    int row = -1;             ///< the request of the set it was made for (RunRecord::requests)
    QString name;
    QByteArray method;
    QString url;              ///< variables resolved
    quint64 batchId = 0;      ///< the HTTP request that carried it last; 0 when none did
    FlushReason flushReason = FlushReason::Timer; ///< why that batch left the queue
    int attempts = 0;         ///< 1 when it was sent once; 0 when never sent
    int status = 0;           ///< its item's HTTP status (a JSON-RPC error code for Rpc)
    ErrorKind error = ErrorKind::None;
    QString errorText;        ///< why it failed, in words; empty when it succeeded
    qint64 sentNs = 0;        ///< handed to the client
    qint64 settledNs = -1;    ///< -1 when the run ended with it pending
    qint64 queueWaitNs = -1;  ///< enqueued to flushed; -1 when it never waited in a batch
    qint64 bytes = -1;        ///< its answer's body
    quint64 sharedWith = 0;   ///< the call whose item it joined (de-duplication), else 0
    bool shared = false;      ///< answered by another call's item
    bool cached = false;      ///< answered from the response cache
    bool plain = false;       ///< sent alone, not in a batch
    bool checksFailed = false;

    bool settled() const { return settledNs >= 0; }
    bool failed() const { return settled() && error != ErrorKind::None; }
    qint64 latencyNs() const { return settled() ? settledNs - sentNs : -1; }
};

/// One HTTP request a run put on the wire, a batch envelope or a plain call, and its answer.
struct RecordedBatch
{
    /// A call it carried and how that call's item came back in it.
    struct Item
    {
        quint64 callId = 0;
        int status = 0;       ///< the item's status; 0 when the batch failed as a whole
        ErrorKind error = ErrorKind::None;
        bool retried = false; ///< the call was tried again in a later batch
        /// Calls that joined this one's item (de-duplication) and were answered with it.
        std::vector<quint64> sharers;
    };

    quint64 id = 0;
    QString key;              ///< the batch key (origin and batch endpoint)
    FlushReason reason = FlushReason::Timer;
    bool plain = false;       ///< a single call sent as itself, not in an envelope
    int size = 0;             ///< items it carried
    qint64 flushedNs = -1;    ///< left the queue
    qint64 sentNs = -1;       ///< handed to the network
    qint64 answeredNs = -1;   ///< its answer (or failure) came; -1 while in flight at the end
    int httpStatus = 0;       ///< 0 when no HTTP answer came
    ErrorKind error = ErrorKind::None; ///< the exchange failed as a whole (network, timeout…)
    QString errorText;
    std::vector<Item> items;  ///< in the order their outcomes were recorded
    /// The exchange as sent and answered (bodies cut at the wire log's bound), when it was
    /// kept: RunRecorder keeps bodies up to a byte budget per run, and says how many it left.
    std::optional<WireExchange> wire;
};

/// Everything one run did, whole, for what leaves Batchlab after it: run reports (JSON, CSV,
/// JUnit, HTML) and the HAR of what went on the wire. A value: RunRecorder builds it from the
/// telemetry, the call directory and the wire log while the run goes; a HAR written with
/// `_batchlab` fields reads back into one.
struct RunRecord
{
    RunSummary summary;        ///< plan, settings and their changes, counters and percentiles
    QStringList requests;      ///< the set's request names by row (calls refer to them)
    std::vector<RecordedCall> calls;     ///< by id
    std::vector<RecordedBatch> batches;  ///< in sending order
    qint64 durationNs = 0;     ///< the run's first call to its last settling
    /// What the record could not keep whole: events that left the telemetry's ring before
    /// they were read, exchanges whose bodies went over the byte budget.
    qint64 eventsLost = 0;
    qint64 wiresDropped = 0;
    bool simulated = false;    ///< replayed on a virtual clock, not run against a server

    /// The call with this id, or nullptr.
    const RecordedCall *call(quint64 id) const;
    /// The batch with this id, or nullptr.
    const RecordedBatch *batch(quint64 id) const;
};

} // namespace batchlab
