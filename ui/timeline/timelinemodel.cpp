// SPDX-License-Identifier: BSD-3-Clause
#include "timeline/timelinemodel.h"
#include "timeline/timelinetr.h"

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
    m_first = m_last = -1;
    m_callCount = 0;
    m_lanes.clear();
    m_calls.clear();
    m_marks.clear();
    m_markers.clear();
    m_laneOf.clear();
    m_callAt.clear();
    m_pending.clear();
    endResetModel();
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
            if (e.batchId == 0) { // still waiting in the queue: it never travelled
                m_marks.push_back({e.time, e.requestId, e.kind});
                m_pending.remove(e.requestId);
            }
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
                lane(i).sent = e.time;
                lane(i).plain = e.value == 1;
            }
            break;
        case EventKind::Answered:
            if (const int i = m_laneOf.value(e.batchId, -1); i >= 0) {
                lane(i).answered = e.time;
                lane(i).status = e.status;
            }
            break;
        case EventKind::RetryScheduled:
            if (const int i = m_laneOf.value(e.batchId, -1); i >= 0) {
                Pending &p = m_pending[e.requestId];
                if (p.lane < 0)
                    p.lane = i;
                else
                    p.retryLanes.push_back(i);
            }
            break;
        case EventKind::Settled:
        case EventKind::Failed: {
            const int i = m_laneOf.value(e.batchId, -1);
            const auto pending = m_pending.constFind(e.requestId);
            if (i < 0) {
                // Settled without travelling (cancelled, shut down): a mark, unless it already
                // has one (cache hit, rejection).
                if (pending != m_pending.cend()) {
                    m_marks.push_back({e.time, e.requestId, EventKind::Failed});
                    m_pending.erase(pending);
                }
                break;
            }
            place(e.requestId, i, e);
            break;
        }
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
    Q_EMIT updated();
}

void TimelineModel::place(quint64 id, int lane, const Event &e)
{
    Pending p = m_pending.take(id);
    if (m_callCount >= m_maxCalls)
        return;
    TimelineCall call;
    call.id = id;
    // A call enqueued before the restart: its latency says when.
    call.enqueued = p.enqueued >= 0 ? p.enqueued : e.time - qint64(e.value) * 1000;
    call.leader = p.leader;
    const int first = p.lane >= 0 ? p.lane : lane;
    call.retryLanes = std::move(p.retryLanes);
    if (lane != first && (call.retryLanes.empty() || call.retryLanes.back() != lane))
        call.retryLanes.push_back(lane);
    call.settled = e.time;
    call.status = e.status;
    call.error = e.kind == EventKind::Failed ? e.error : ErrorKind::None;
    m_newCalls[first].push_back(std::move(call));
    ++m_callCount;
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
        return c.leader ? TimelineTr::tr("call %1 (shares %2)").arg(c.id).arg(c.leader)
                        : TimelineTr::tr("call %1").arg(c.id);
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
