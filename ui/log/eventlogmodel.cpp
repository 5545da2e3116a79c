// SPDX-License-Identifier: BSD-3-Clause
#include "log/eventlogmodel.h"
#include "log/logtr.h"

#include "resilience/circuitbreaker.h"
#include "runs/calldirectory.h"
#include "telemetry/telemetry.h"

#include <QLocale>

#include <algorithm>

namespace batchlab {

EventLogModel::EventLogModel(Telemetry *telemetry, QObject *parent)
    : QAbstractTableModel(parent), m_telemetry(telemetry)
{
    connect(telemetry, &Telemetry::eventsAppended, this, &EventLogModel::fetchNew);
}

int EventLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_events.size());
}

int EventLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

void EventLogModel::fetchNew()
{
    quint64 lost = 0;
    std::vector<Event> events = m_telemetry->eventsSince(m_next, &lost);
    m_lost += lost;
    m_next = m_telemetry->sequence();
    append(std::move(events));
}

void EventLogModel::append(std::vector<Event> events)
{
    if (events.empty())
        return;
    if (events.size() > size_t(m_retention))
        events.erase(events.begin(), events.end() - m_retention);
    // The engine records some events with the time its pass began (a rejection noted after a
    // failure it preceded); the log reads in time order.
    std::stable_sort(events.begin(), events.end(), [](const Event &a, const Event &b) { return a.time < b.time; });
    const int first = int(m_events.size());
    beginInsertRows({}, first, first + int(events.size()) - 1);
    m_events.insert(m_events.end(), events.begin(), events.end());
    endInsertRows();
    trim();
}

void EventLogModel::trim()
{
    const auto excess = qsizetype(m_events.size()) - m_retention;
    if (excess <= 0)
        return;
    // Drop a tenth more than needed, so that trimming happens once per many chunks.
    const int drop = int(qMin<qsizetype>(qsizetype(m_events.size()), excess + m_retention / 10));
    beginRemoveRows({}, 0, drop - 1);
    m_events.erase(m_events.begin(), m_events.begin() + drop);
    endRemoveRows();
}

void EventLogModel::setRetention(int events)
{
    m_retention = qMax(1000, events);
    trim();
}

QString EventLogModel::callName(quint64 requestId) const
{
    return m_calls && requestId && m_calls->find(requestId) ? m_calls->describe(requestId) : QString();
}

void EventLogModel::markRunStart(qint64 time)
{
    if (m_runStarts.empty() || time >= m_runStarts.back())
        m_runStarts.push_back(time);
    if (m_runStarts.size() > 4096) // bounded: a day of back-to-back runs
        m_runStarts.erase(m_runStarts.begin(), m_runStarts.begin() + 1024);
}

void EventLogModel::clear()
{
    beginResetModel();
    m_events.clear();
    m_next = m_telemetry->sequence();
    endResetModel();
}

QString EventLogModel::detail(const Event &e) const
{
    switch (e.kind) {
    case EventKind::Flushed:
        return LogTr::tr("%n item(s), %1", nullptr, e.value).arg(flushReasonName(e.reason));
    case EventKind::Sent: return e.value ? LogTr::tr("plain request") : LogTr::tr("batch");
    case EventKind::Answered: {
        const QString answer = e.status ? LogTr::tr("HTTP %1").arg(e.status) : LogTr::tr("no HTTP answer");
        // A failed exchange says why in words: "no HTTP answer (network): Connection refused".
        if (const quint32 note = e.note())
            return LogTr::tr("%1 (%2): %3").arg(answer, errorKindName(e.error), m_telemetry->keyName(note));
        return answer;
    }
    case EventKind::DedupJoined:
        return e.sharerId() ? LogTr::tr("shares the item of call %1").arg(e.sharerId()) : LogTr::tr("joined an identical call");
    case EventKind::Settled:
    case EventKind::Failed: {
        const QString latency = LogTr::tr("%1 ms").arg(QLocale().toString(e.value / 1000.0, 'f', 1));
        return e.kind == EventKind::Failed ? errorKindName(e.error) + QStringLiteral(", ") + latency : latency;
    }
    case EventKind::RetryScheduled:
        return LogTr::tr("attempt %1 in %2 ms (%3)").arg(e.aux).arg(e.value).arg(e.status ? QString::number(e.status) : errorKindName(e.error));
    case EventKind::RetryExhausted: return LogTr::tr("gave up after attempt %1").arg(e.value);
    case EventKind::BreakerChanged:
        return LogTr::tr("%1 → %2").arg(breakerStateName(BreakerState(e.aux)), breakerStateName(BreakerState(e.value)));
    case EventKind::OriginPaused: return LogTr::tr("paused %1 ms (429)").arg(e.value);
    case EventKind::ProtocolIssue:
        return e.value == 1 ? LogTr::tr("1 problem in the answer") : LogTr::tr("%1 problems in the answer").arg(e.value);
    case EventKind::ConfigChanged:
    case EventKind::CheckFailed: return m_telemetry->keyName(e.keyId);
    case EventKind::LimitLearned:
        if (e.value == 0)
            return LogTr::tr("HTTP %1 on the batch endpoint: calls go as plain requests from now on").arg(e.status);
        return e.status == 200
            ? LogTr::tr("a batch of %1 was taken: batches of at most %2 now").arg(e.aux).arg(e.value)
            : LogTr::tr("HTTP %1 refused a batch of %2 as too large: batches of at most %3 now")
                  .arg(e.status)
                  .arg(e.aux)
                  .arg(e.value);
    default: return {};
    }
}

QVariant EventLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Event &e = m_events[size_t(index.row())];
    switch (role) {
    case KindRole: return int(e.kind);
    case StatusRole: return int(e.status);
    case RequestIdRole: return qulonglong(e.requestId);
    case BatchIdRole: return qulonglong(e.batchId);
    case ErrorRole: return int(e.error);
    case Qt::TextAlignmentRole:
        return index.column() == Request || index.column() == Batch || index.column() == Status
                || index.column() == Relative
            ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter))
            : QVariant();
    case Qt::ToolTipRole: // long details and keys are cut at the column's edge
        if (index.column() == Call)
            return callName(e.requestId);
        if (index.column() == Detail)
            return detail(e);
        if (index.column() == Key && e.kind != EventKind::ConfigChanged && e.kind != EventKind::CheckFailed)
            return m_telemetry->keyName(e.keyId);
        return {};
    case Qt::DisplayRole: break;
    default: return {};
    }
    switch (Column(index.column())) {
    case Time: return m_telemetry->startedAt().addMSecs(e.time / 1000000).toString(QStringLiteral("HH:mm:ss.zzz"));
    case Relative: {
        const auto after = std::upper_bound(m_runStarts.cbegin(), m_runStarts.cend(), e.time);
        const qint64 origin = after == m_runStarts.cbegin() ? m_events.front().time : *(after - 1);
        return QLocale().toString((e.time - origin) / 1e6, 'f', 1);
    }
    case Kind: return eventKindName(e.kind);
    case Request: return e.requestId ? QVariant(qulonglong(e.requestId)) : QVariant();
    case Call: return callName(e.requestId);
    case Batch: return e.batchId ? QVariant(qulonglong(e.batchId)) : QVariant();
    case Key: // these two keep their words, not a batch key, in keyId
        return e.kind == EventKind::ConfigChanged || e.kind == EventKind::CheckFailed ? QString()
                                                                                       : m_telemetry->keyName(e.keyId);
    case Status: return e.status ? QVariant(int(e.status)) : QVariant();
    case Detail: return detail(e);
    case ColumnCount: break;
    }
    return {};
}

QVariant EventLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole && section == Relative)
        return LogTr::tr("Milliseconds since the start of the event's run");
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case Time: return LogTr::tr("Time");
    case Relative: return LogTr::tr("+ms");
    case Kind: return LogTr::tr("Event");
    case Request: return LogTr::tr("Call #");
    case Call: return LogTr::tr("Call");
    case Batch: return LogTr::tr("Batch");
    case Key: return LogTr::tr("Batch key");
    case Status: return LogTr::tr("Status");
    case Detail: return LogTr::tr("Detail");
    case ColumnCount: break;
    }
    return {};
}

QString EventLogModel::rowText(int row) const
{
    QStringList cells;
    for (int column = 0; column < ColumnCount; ++column)
        cells.append(data(index(row, column)).toString());
    return cells.join(u'\t');
}

} // namespace batchlab
