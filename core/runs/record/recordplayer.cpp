// SPDX-License-Identifier: BSD-3-Clause
#include "runs/record/recordplayer.h"

#include "runs/calldirectory.h"
#include "telemetry/telemetry.h"

#include <QHash>

#include <algorithm>
#include <climits>

namespace batchlab {

namespace {

qint32 micros(qint64 ns)
{
    return qint32(std::clamp<qint64>(ns / 1000, 0, INT_MAX));
}

/// Within one instant, events come in the order the engine records them.
int rank(EventKind kind)
{
    switch (kind) {
    case EventKind::Enqueued: return 0;
    case EventKind::DedupJoined:
    case EventKind::CacheHit: return 1;
    case EventKind::Flushed: return 2;
    case EventKind::Sent: return 3;
    case EventKind::Answered: return 4;
    case EventKind::RetryScheduled: return 5;
    default: return 6;
    }
}

Event event(EventKind kind, qint64 time, quint64 requestId, quint64 batchId, quint32 keyId)
{
    Event e;
    e.kind = kind;
    e.time = time;
    e.requestId = requestId;
    e.batchId = batchId;
    e.keyId = keyId;
    return e;
}

} // namespace

std::vector<Event> RecordPlayer::events(const RunRecord &record, Telemetry *telemetry)
{
    std::vector<Event> out;
    out.reserve(record.calls.size() * 3 + record.batches.size() * 3);
    QHash<quint64, quint32> keyOfBatch;
    for (const RecordedBatch &b : record.batches) {
        const quint32 key = telemetry->internKey(b.key);
        keyOfBatch.insert(b.id, key);
        Event flushed = event(EventKind::Flushed, b.flushedNs, 0, b.id, key);
        flushed.value = b.size;
        flushed.reason = b.reason;
        out.push_back(flushed);
        Event sent = event(EventKind::Sent, std::max(b.sentNs, b.flushedNs), 0, b.id, key);
        sent.value = b.plain ? 1 : 0;
        out.push_back(sent);
        if (b.answeredNs >= 0) {
            Event answered = event(EventKind::Answered, b.answeredNs, 0, b.id, key);
            answered.status = b.httpStatus;
            answered.error = b.error;
            if (b.error != ErrorKind::None)
                answered.aux = qint32(telemetry->internNote(b.errorText));
            out.push_back(answered);
        }
        for (const RecordedBatch::Item &item : b.items) {
            if (!item.retried)
                continue;
            Event retry = event(EventKind::RetryScheduled, std::max(b.answeredNs, b.sentNs), item.callId, b.id, key);
            retry.status = item.status;
            retry.error = item.error;
            retry.reason = FlushReason::Retry;
            out.push_back(retry);
        }
    }
    for (const RecordedCall &c : record.calls) {
        const quint32 key = keyOfBatch.value(c.batchId);
        out.push_back(event(EventKind::Enqueued, c.sentNs, c.id, 0, key));
        if (c.sharedWith) {
            Event joined = event(EventKind::DedupJoined, c.sentNs, c.id, c.batchId, key);
            std::tie(joined.value, joined.aux) = Event::splitId(c.sharedWith);
            out.push_back(joined);
        }
        if (c.cached)
            out.push_back(event(EventKind::CacheHit, c.sentNs, c.id, 0, key));
        if (!c.settled())
            continue;
        const bool neverQueued = c.cached || (c.batchId == 0 && c.queueWaitNs < 0);
        if (c.failed() && c.batchId == 0 && c.error == ErrorKind::CircuitOpen)
            out.push_back(event(EventKind::BreakerRejected, c.settledNs, c.id, 0, key));
        else if (c.failed() && c.batchId == 0 && c.error == ErrorKind::QueueOverflow)
            out.push_back(event(EventKind::Overflowed, c.settledNs, c.id, 0, key));
        Event settled = event(c.failed() ? EventKind::Failed : EventKind::Settled, c.settledNs, c.id, c.batchId, key);
        settled.status = c.status;
        settled.error = c.error;
        settled.value = micros(c.latencyNs());
        settled.aux = neverQueued ? Event::kNeverQueued : c.queueWaitNs >= 0 ? micros(c.queueWaitNs) : -1;
        out.push_back(settled);
    }
    std::stable_sort(out.begin(), out.end(), [](const Event &a, const Event &b) {
        return a.time != b.time ? a.time < b.time : rank(a.kind) < rank(b.kind);
    });
    return out;
}

void RecordPlayer::play(const RunRecord &record, Telemetry *telemetry, CallDirectory *calls)
{
    const qint64 base = telemetry->now();
    for (Event e : events(record, telemetry)) {
        e.time += base;
        telemetry->record(e);
    }
    if (!calls)
        return;
    // One label per call: a saved run's calls keep their own names and URLs.
    std::vector<CallLabel> labels;
    labels.reserve(record.calls.size());
    for (const RecordedCall &c : record.calls)
        labels.push_back({c.name, c.method, c.url, c.row});
    calls->beginRun(record.summary.setName, std::move(labels));
    for (size_t i = 0; i < record.calls.size(); ++i) {
        const RecordedCall &c = record.calls[i];
        CallRecord r;
        r.id = c.id;
        r.batchId = c.batchId;
        r.sentAtNs = c.sentNs;
        r.durationNs = c.latencyNs();
        r.queueWaitNs = c.queueWaitNs;
        r.bytes = c.bytes;
        r.spec = quint32(i);
        r.status = qint16(c.status);
        r.attempts = quint8(std::clamp(c.attempts, 0, 255));
        r.error = c.error;
        r.shared = c.shared;
        r.cached = c.cached;
        r.plain = c.plain;
        r.checksFailed = c.checksFailed;
        calls->restore(r, c.errorText);
    }
}

} // namespace batchlab
