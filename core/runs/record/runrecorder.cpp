// SPDX-License-Identifier: BSD-3-Clause
#include "runs/record/runrecorder.h"

#include "telemetry/telemetry.h"
#include "transport/wirelog.h"

#include <algorithm>

namespace batchlab {

RunRecorder::RunRecorder(Runner *runner, Telemetry *telemetry, WireLog *wire, QObject *parent)
    : QObject(parent)
    , m_runner(runner)
    , m_telemetry(telemetry)
    , m_wire(wire)
{
    connect(runner, &Runner::started, this, &RunRecorder::begin);
    connect(runner, &Runner::finished, this, &RunRecorder::finish);
    connect(telemetry, &Telemetry::eventsAppended, this, &RunRecorder::readEvents);
    if (wire)
        connect(wire, &WireLog::changed, this, &RunRecorder::onWire);
}

void RunRecorder::begin()
{
    if (!m_telemetry)
        return;
    m_recording = true;
    m_sequence = m_telemetry->sequence();
    m_startNs = m_telemetry->now();
    m_eventsLost = 0;
    m_wireBytes = 0;
    m_wiresDropped = 0;
    m_batches.clear();
    m_batchIndex.clear();
    m_joined.clear();
    m_attempts.clear();
}

RecordedBatch &RunRecorder::batch(quint64 id)
{
    const auto it = m_batchIndex.constFind(id);
    if (it != m_batchIndex.cend())
        return m_batches[size_t(*it)];
    m_batchIndex.insert(id, qsizetype(m_batches.size()));
    m_batches.emplace_back();
    m_batches.back().id = id;
    return m_batches.back();
}

void RunRecorder::readEvents()
{
    if (!m_recording || !m_telemetry)
        return;
    quint64 lost = 0;
    const std::vector<Event> events = m_telemetry->eventsSince(m_sequence, &lost);
    m_sequence = m_telemetry->sequence();
    m_eventsLost += qint64(lost);
    for (const Event &e : events) {
        const qint64 at = e.time - m_startNs;
        switch (e.kind) {
        case EventKind::Flushed: {
            RecordedBatch &b = batch(e.batchId);
            b.key = m_telemetry->keyName(e.keyId);
            b.reason = e.reason;
            b.size = e.value;
            b.flushedNs = at;
            break;
        }
        case EventKind::Sent: {
            RecordedBatch &b = batch(e.batchId);
            b.sentNs = at;
            b.plain = e.value == 1;
            break;
        }
        case EventKind::Answered: {
            RecordedBatch &b = batch(e.batchId);
            b.answeredNs = at;
            b.httpStatus = e.status;
            b.error = e.error;
            if (const quint32 note = e.note())
                b.errorText = m_telemetry->keyName(note);
            break;
        }
        case EventKind::Settled:
        case EventKind::Failed:
        case EventKind::RetryScheduled:
            if (e.batchId != 0) {
                batch(e.batchId).items.push_back(
                    {e.requestId, e.status, e.error, e.kind == EventKind::RetryScheduled, {}});
                ++m_attempts[e.requestId];
            }
            break;
        case EventKind::DedupJoined:
            m_joined.insert(e.requestId, e.sharerId());
            break;
        default:
            break;
        }
    }
}

void RunRecorder::onWire(quint64 batchId)
{
    if (!m_recording || !m_wire)
        return;
    std::optional<WireExchange> exchange = m_wire->find(batchId);
    if (!exchange || !exchange->answered)
        return;
    const qint64 bytes = exchange->requestBody.size() + exchange->responseBody.size();
    if (m_wireBytes + bytes > m_wireBudget) {
        // Kept without bodies: the sizes say what was left, WireExchange::requestCut() holds.
        exchange->requestBody.clear();
        exchange->responseBody.clear();
        ++m_wiresDropped;
    } else {
        m_wireBytes += bytes;
    }
    // Its Flushed event may not have been read yet: the telemetry notifies once per pass.
    readEvents();
    batch(batchId).wire = std::move(exchange);
}

void RunRecorder::finish(const RunSummary &summary)
{
    if (!m_recording || !m_runner)
        return;
    readEvents();
    m_recording = false;

    RunRecord record;
    record.summary = summary;
    record.requests = m_runner->requestNames();
    record.eventsLost = m_eventsLost;
    record.wiresDropped = m_wiresDropped;

    // The run's calls are the directory's newest records.
    const CallDirectory *directory = m_runner->calls();
    const int run = directory->lastRun();
    int first = directory->size();
    while (first > 0 && directory->at(first - 1).run == run)
        --first;
    record.calls.reserve(size_t(directory->size() - first));
    for (int i = first; i < directory->size(); ++i) {
        const CallRecord &r = directory->at(i);
        const CallLabel &label = directory->label(r);
        RecordedCall c;
        c.id = r.id;
        c.row = label.row;
        c.name = label.name;
        c.method = label.method;
        c.url = label.url;
        c.batchId = r.batchId;
        c.attempts = m_attempts.value(r.id);
        c.status = r.status;
        c.error = r.error;
        if (r.failed())
            c.errorText = directory->errorText(r.id);
        c.sentNs = directory->sentSinceRunStart(r);
        c.settledNs = r.pending() ? -1 : c.sentNs + r.durationNs;
        c.queueWaitNs = r.queueWaitNs;
        c.bytes = r.bytes;
        c.sharedWith = m_joined.value(r.id);
        c.shared = r.shared || c.sharedWith != 0;
        c.cached = r.cached;
        c.plain = r.plain;
        c.checksFailed = r.checksFailed;
        if (const auto b = m_batchIndex.constFind(r.batchId); b != m_batchIndex.cend())
            c.flushReason = m_batches[size_t(*b)].reason;
        record.durationNs = std::max(record.durationNs, c.settledNs);
        record.calls.push_back(std::move(c));
    }

    // Answers that came for batches of an earlier run are not this run's.
    for (RecordedBatch &b : m_batches) {
        if (b.flushedNs < 0)
            continue;
        // A call that joined another's item is listed with that item, as its sharer.
        QHash<quint64, size_t> itemOf;
        for (size_t i = 0; i < b.items.size(); ++i)
            itemOf.insert(b.items[i].callId, i);
        std::vector<RecordedBatch::Item> items;
        std::vector<std::pair<size_t, quint64>> sharers; // (item, call)
        for (size_t i = 0; i < b.items.size(); ++i) {
            // Each joiner names an earlier call (ids only grow): the chain ends at the first.
            quint64 root = b.items[i].callId;
            while (m_joined.contains(root)) {
                const quint64 next = m_joined.value(root);
                if (next == 0 || !itemOf.contains(next))
                    break;
                root = next;
            }
            if (root == b.items[i].callId)
                continue;
            sharers.push_back({itemOf.value(root), b.items[i].callId});
        }
        std::vector<bool> isSharer(b.items.size(), false);
        for (const auto &[item, call] : sharers)
            isSharer[itemOf.value(call)] = true;
        for (const auto &[item, call] : sharers)
            b.items[item].sharers.push_back(call);
        for (size_t i = 0; i < b.items.size(); ++i) {
            if (!isSharer[i])
                items.push_back(std::move(b.items[i]));
        }
        b.items = std::move(items);
        record.durationNs = std::max(record.durationNs, b.answeredNs);
        record.batches.push_back(std::move(b));
    }
    m_batches.clear();
    m_batchIndex.clear();
    m_joined.clear();
    m_attempts.clear();
    m_last = std::move(record);
    Q_EMIT recorded();
}

} // namespace batchlab
