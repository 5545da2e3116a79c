// SPDX-License-Identifier: BSD-3-Clause
#include "timeline/timelinemodel.h"
#include "timeline/timelinetr.h"

#include "runs/calldirectory.h"

#include "resilience/circuitbreaker.h"
#include "telemetry/telemetry.h"
#include "timeline/timescale.h"

#include <algorithm>

namespace batchlab {

TimelineModel::TimelineModel(Telemetry *telemetry, QObject *parent)
    : QAbstractItemModel(parent)
    , m_telemetry(telemetry)
{
    connect(telemetry, &Telemetry::eventsAppended, this, &TimelineModel::fetchNew);
    m_start = telemetry->now();
}

void TimelineModel::restart()
{
    beginResetModel();
    m_next = m_telemetry->sequence();
    m_start = m_telemetry->now();
    m_first = m_last = m_workEnd = -1;
    m_awaiting = 0;
    m_callCount = 0;
    m_lanes.clear();
    m_calls.clear();
    m_marks.clear();
    m_markers.clear();
    m_laneOf.clear();
    m_callAt.clear();
    m_pending.clear();
    m_timedOut = 0;
    endResetModel();
}

qint64 TimelineModel::drawnEnd() const
{
    // Counted as they go (no scan per update): a request awaiting its answer is drawn up to now.
    return m_awaiting > 0 ? std::max(m_workEnd, m_last) : m_workEnd;
}

void TimelineModel::fetchNew()
{
    const std::vector<Event> events = m_telemetry->eventsSince(m_next);
    m_next = m_telemetry->sequence();
    if (!events.empty())
        apply(events);
}

void TimelineModel::apply(const std::vector<Event> &events)
{
    const int committed = int(m_lanes.size());
    int dirtyFirst = committed;
    int dirtyLast = -1;
    const auto lane = [&](int i) -> TimelineLane & {
        if (i < committed) {
            dirtyFirst = std::min(dirtyFirst, i);
            dirtyLast = std::max(dirtyLast, i);
            return m_lanes[size_t(i)];
        }
        return m_newLanes[size_t(i - committed)];
    };

    for (const Event &e : events) {
        if (m_first < 0)
            m_first = e.time;
        m_last = std::max(m_last, e.time);
        if (e.kind != EventKind::BreakerChanged && e.kind != EventKind::ConfigChanged)
            m_workEnd = std::max(m_workEnd, e.time);
        switch (e.kind) {
        case EventKind::Enqueued:
            m_pending[e.requestId].enqueued = e.time;
            break;
        case EventKind::DedupJoined: {
            // The event names a call already sharing the item; its own leader, if it has one,
            // is the first of them.
            const quint64 sharer = e.sharerId();
            const quint64 first = m_pending.value(sharer).leader;
            m_pending[e.requestId].leader = first ? first : sharer;
            break;
        }
        case EventKind::CacheHit:
        case EventKind::BreakerRejected:
        case EventKind::Overflowed:
            m_marks.push_back({e.time, e.requestId, e.kind});
            m_pending.remove(e.requestId);
            break;
        case EventKind::TimedOut:
            // Queued or waiting to retry: its Failed, recorded next, says which it was.
            if (e.batchId == 0)
                m_timedOut = e.requestId;
            break;
        case EventKind::Flushed: {
            const int index = committed + int(m_newLanes.size());
            TimelineLane l;
            l.batchId = e.batchId;
            l.keyId = e.keyId;
            l.flushed = e.time;
            l.size = e.value;
            l.reason = e.reason;
            m_newLanes.push_back(l);
            m_laneOf.insert(e.batchId, index);
            break;
        }
        case EventKind::Sent:
            if (const int i = m_laneOf.value(e.batchId, -1); i >= 0) {
                if (lane(i).sent < 0 && lane(i).answered < 0)
                    ++m_awaiting;
                lane(i).sent = e.time;
                lane(i).plain = e.value == 1;
            }
            break;
        case EventKind::Answered:
            if (const int i = m_laneOf.value(e.batchId, -1); i >= 0) {
                if (lane(i).sent >= 0 && lane(i).answered < 0)
                    --m_awaiting;
                lane(i).answered = e.time;
                lane(i).status = e.status;
            }
            break;
        case EventKind::LimitLearned:
            if (const int i = m_laneOf.value(e.batchId, -1); i >= 0)
                lane(i).learned = e.value;
            break;
        case EventKind::RetryScheduled:
            if (const int i = m_laneOf.value(e.batchId, -1); i >= 0) {
                Pending &p = m_pending[e.requestId];
                if (p.lane == kNoLane)
                    p.lane = i;
                else if (p.lane >= 0)
                    p.retryLanes.push_back(i);
            }
            break;
        case EventKind::Settled:
        case EventKind::Failed:
            settle(e);
            break;
        case EventKind::ConfigChanged:
            m_markers.push_back({e.time, e.kind, m_telemetry->keyName(e.keyId)});
            break;
        case EventKind::BreakerChanged:
            m_markers.push_back(
                {e.time, e.kind,
                 TimelineTr::tr("breaker %1: %2 → %3")
                     .arg(m_telemetry->keyName(e.keyId), breakerStateName(BreakerState(e.aux)),
                          breakerStateName(BreakerState(e.value)))});
            break;
        default:
            break;
        }
    }

    if (!m_newLanes.empty()) {
        beginInsertRows({}, committed, committed + int(m_newLanes.size()) - 1);
        m_lanes.insert(m_lanes.end(), m_newLanes.begin(), m_newLanes.end());
        m_calls.resize(m_lanes.size());
        m_newLanes.clear();
        endInsertRows();
    }
    if (!m_newCalls.isEmpty()) {
        QList<int> lanes = m_newCalls.keys();
        std::sort(lanes.begin(), lanes.end());
        for (int l : lanes) {
            std::vector<TimelineCall> &added = m_newCalls[l];
            std::vector<TimelineCall> &calls = m_calls[size_t(l)];
            const int first = int(calls.size());
            beginInsertRows(index(l, 0), first, first + int(added.size()) - 1);
            for (TimelineCall &call : added) {
                m_callAt.insert(call.id, {l, int(calls.size())});
                calls.push_back(std::move(call));
            }
            endInsertRows();
        }
        m_newCalls.clear();
    }
    if (dirtyLast >= dirtyFirst)
        Q_EMIT dataChanged(index(dirtyFirst, 0), index(dirtyLast, ColumnCount - 1));
    trim();
    Q_EMIT updated();
}

void TimelineModel::settle(const Event &e)
{
    const bool timedOut = std::exchange(m_timedOut, 0) == e.requestId;
    if (e.batchId != 0) {
        if (const int i = m_laneOf.value(e.batchId, -1); i >= 0)
            place(e.requestId, i, e);
        else // it travelled in a lane not kept (dropped, or flushed before the restart)
            m_pending.remove(e.requestId);
        return;
    }
    // In no batch: queued, waiting to retry, or never in the queue.
    const auto pending = m_pending.find(e.requestId);
    if (pending == m_pending.end()) {
        // A cache hit or a refusal has its mark already. A call seen only from here on (it
        // came before the restart, or was forgotten) is a cross if it timed out queued.
        if (timedOut && e.aux < 0)
            m_marks.push_back({e.time, e.requestId, EventKind::TimedOut});
        return;
    }
    if (pending->lane >= 0) { // it travelled and ended waiting to travel again
        place(e.requestId, -1, e);
        return;
    }
    if (pending->lane == kNoLane) // never sent: timed out queued, cancelled, shut down
        m_marks.push_back(
            {e.time, e.requestId, timedOut ? EventKind::TimedOut : EventKind::Failed});
    m_pending.erase(pending);
}

void TimelineModel::place(quint64 id, int lane, const Event &e)
{
    Pending p = m_pending.take(id);
    if (p.lane == kDroppedLane)
        return; // its row went with its first lane
    TimelineCall call;
    call.id = id;
    // A call enqueued before the restart: its latency says when.
    call.enqueued = p.enqueued >= 0 ? p.enqueued : e.time - qint64(e.value) * 1000;
    call.leader = p.leader;
    const int first = p.lane >= 0 ? p.lane : lane;
    call.retryLanes = std::move(p.retryLanes);
    if (lane >= 0 && lane != first && (call.retryLanes.empty() || call.retryLanes.back() != lane))
        call.retryLanes.push_back(lane);
    call.endedWaiting = lane < 0;
    call.settled = e.time;
    call.status = e.status;
    call.error = e.kind == EventKind::Failed ? e.error : ErrorKind::None;
    m_newCalls[first].push_back(std::move(call));
    ++m_callCount;
}

void TimelineModel::trim()
{
    // Past the cap, the oldest go, an eighth of the cap at a time, so that the index rebasing
    // below costs a few steps per call, not one pass per call.
    const auto keep = [](int cap) { return cap - cap / 8; };
    if (m_callCount > m_maxCalls || int(m_lanes.size()) > m_maxCalls) {
        int lanes = 0;
        int calls = m_callCount;
        const int target = keep(m_maxCalls);
        while (lanes + 1 < int(m_lanes.size())
               && (calls > target || int(m_lanes.size()) - lanes > target))
            calls -= int(m_calls[size_t(lanes++)].size());
        dropLanes(lanes);
        if (m_callCount > m_maxCalls) // one lane left with more calls than the cap
            dropCalls(0, m_callCount - target);
    }
    if (int(m_marks.size()) > m_maxCalls)
        m_marks.erase(m_marks.begin(), m_marks.end() - keep(m_maxCalls));
    if (int(m_markers.size()) > kMaxMarkers)
        m_markers.erase(m_markers.begin(), m_markers.end() - keep(kMaxMarkers));
    if (m_pending.size() > m_maxCalls) {
        // Calls that never settled here (their events were lost, or they are still in flight
        // long after everything else): the oldest ids go.
        std::vector<quint64> ids;
        ids.reserve(size_t(m_pending.size()));
        for (auto it = m_pending.cbegin(); it != m_pending.cend(); ++it)
            ids.push_back(it.key());
        const auto cut = ids.end() - keep(m_maxCalls);
        std::nth_element(ids.begin(), cut, ids.end());
        for (auto it = ids.begin(); it != cut; ++it)
            m_pending.remove(*it);
    }
}

void TimelineModel::dropLanes(int count)
{
    if (count <= 0)
        return;
    beginRemoveRows({}, 0, count - 1);
    for (int l = 0; l < count; ++l) {
        const TimelineLane &dropped = m_lanes[size_t(l)];
        if (dropped.sent >= 0 && dropped.answered < 0)
            --m_awaiting;
        m_laneOf.remove(dropped.batchId);
        for (const TimelineCall &call : m_calls[size_t(l)])
            m_callAt.remove(call.id);
        m_callCount -= int(m_calls[size_t(l)].size());
    }
    m_lanes.erase(m_lanes.begin(), m_lanes.begin() + count);
    m_calls.erase(m_calls.begin(), m_calls.begin() + count);
    // Lanes are numbered by row: every number kept moves up by `count`. A call's retries
    // come after its first lane, so a kept call keeps all of its lanes.
    for (auto it = m_laneOf.begin(); it != m_laneOf.end(); ++it)
        it.value() -= count;
    for (auto it = m_callAt.begin(); it != m_callAt.end(); ++it)
        it->first -= count;
    for (std::vector<TimelineCall> &calls : m_calls)
        for (TimelineCall &call : calls)
            for (int &retry : call.retryLanes)
                retry -= count;
    for (Pending &p : m_pending) {
        if (p.lane < 0)
            continue;
        if (p.lane < count) { // its first lanes are gone: it will not be drawn
            p.lane = kDroppedLane;
            p.retryLanes = {};
            continue;
        }
        p.lane -= count;
        for (int &retry : p.retryLanes)
            retry -= count;
    }
    endRemoveRows();
}

void TimelineModel::dropCalls(int lane, int count)
{
    std::vector<TimelineCall> &calls = m_calls[size_t(lane)];
    beginRemoveRows(index(lane, 0), 0, count - 1);
    for (int r = 0; r < count; ++r)
        m_callAt.remove(calls[size_t(r)].id);
    calls.erase(calls.begin(), calls.begin() + count);
    m_callCount -= count;
    for (const TimelineCall &call : calls)
        m_callAt[call.id].second -= count;
    endRemoveRows();
}

TimelineModel::Footprint TimelineModel::footprint() const
{
    Footprint f;
    f.lanes = m_lanes.size();
    for (const std::vector<TimelineCall> &calls : m_calls)
        f.calls += calls.size();
    f.marks = m_marks.size();
    f.markers = m_markers.size();
    f.laneIndex = size_t(m_laneOf.size());
    f.callIndex = size_t(m_callAt.size());
    f.pending = size_t(m_pending.size());
    return f;
}

QModelIndex TimelineModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column < 0 || column >= ColumnCount || row < 0)
        return {};
    if (!parent.isValid())
        return row < int(m_lanes.size()) ? createIndex(row, column, quintptr(0)) : QModelIndex();
    if (parent.internalId() != 0 || parent.row() >= int(m_calls.size()))
        return {};
    // A call's internal id is its lane + 1, so parent() needs no search.
    return row < int(m_calls[size_t(parent.row())].size())
        ? createIndex(row, column, quintptr(parent.row()) + 1)
        : QModelIndex();
}

QModelIndex TimelineModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == 0)
        return {};
    return createIndex(int(child.internalId() - 1), 0, quintptr(0));
}

int TimelineModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_lanes.size());
    if (parent.internalId() != 0 || parent.column() != 0)
        return 0;
    return int(m_calls[size_t(parent.row())].size());
}

int TimelineModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QString TimelineModel::laneLabel(const TimelineLane &l)
{
    return l.plain ? TimelineTr::tr("#%1 plain").arg(l.batchId)
                   : TimelineTr::tr("#%1 · %n item(s) · %2", nullptr, l.size)
                         .arg(l.batchId)
                         .arg(flushReasonName(l.reason));
}

QString TimelineModel::learnedNote(const TimelineLane &l)
{
    if (l.learned < 0)
        return {};
    const QString status = l.status ? QString::number(l.status) : TimelineTr::tr("no answer");
    return l.learned == 0
        ? TimelineTr::tr("HTTP %1: no batch endpoint, calls go alone").arg(status)
        : TimelineTr::tr("HTTP %1: batch limit %2 learned").arg(status).arg(l.learned);
}

QVariant TimelineModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid) || role != Qt::DisplayRole)
        return {};
    const auto since = [this](qint64 t) {
        return t < 0 ? QVariant() : QVariant(TimeScale::formatDuration(t - m_start));
    };
    if (index.internalId() == 0) {
        const TimelineLane &l = m_lanes[size_t(index.row())];
        switch (Column(index.column())) {
        case Name:
            return l.plain ? TimelineTr::tr("request %1 (plain)").arg(l.batchId)
                           : TimelineTr::tr("batch %1 · %2 · %3")
                                 .arg(l.batchId)
                                 .arg(l.size)
                                 .arg(flushReasonName(l.reason));
        case Start:
            return since(l.flushed);
        case End:
            return since(l.answered);
        case Status:
            return l.status ? QVariant(int(l.status)) : QVariant();
        case ColumnCount:
            break;
        }
        return {};
    }
    const TimelineCall &c = m_calls[size_t(index.internalId() - 1)][size_t(index.row())];
    switch (Column(index.column())) {
    case Name:
        return callLabel(c);
    case Start:
        return since(c.enqueued);
    case End:
        return since(c.settled);
    case Status:
        return c.ok() ? QVariant(int(c.status)) : QVariant(errorKindName(c.error));
    case ColumnCount:
        break;
    }
    return {};
}

QVariant TimelineModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractItemModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case Name:
        return TimelineTr::tr("HTTP request / call");
    case Start:
        return TimelineTr::tr("Start");
    case End:
        return TimelineTr::tr("End");
    case Status:
        return TimelineTr::tr("Status");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace batchlab

namespace batchlab {

QString TimelineModel::callName(quint64 id) const
{
    // The request first, its number second: "which request was slow?" is the question.
    if (m_directory && m_directory->find(id))
        return TimelineTr::tr("%1 · #%2").arg(m_directory->describe(id)).arg(id);
    return TimelineTr::tr("call %1").arg(id);
}

QString TimelineModel::callLabel(const TimelineCall &c) const
{
    return c.leader ? TimelineTr::tr("%1, shares #%2").arg(callName(c.id)).arg(c.leader) : callName(c.id);
}

} // namespace batchlab
