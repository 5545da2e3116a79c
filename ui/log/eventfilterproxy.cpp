// SPDX-License-Identifier: BSD-3-Clause
#include "log/eventfilterproxy.h"

#include "log/eventlogmodel.h"

#include <QElapsedTimer>

#include <algorithm>
#include <limits>
#include <vector>

namespace batchlab {

EventFilterProxy::EventFilterProxy(QObject *parent) : QAbstractProxyModel(parent)
{
    m_resume.setSingleShot(true);
    m_resume.setInterval(0);
    connect(&m_resume, &QTimer::timeout, this, &EventFilterProxy::scan);
}

void EventFilterProxy::setSourceModel(QAbstractItemModel *source)
{
    auto *log = qobject_cast<EventLogModel *>(source);
    Q_ASSERT(log || !source);
    beginResetModel();
    if (m_log)
        m_log->disconnect(this);
    QAbstractProxyModel::setSourceModel(log);
    m_log = log;
    m_rows.clear();
    m_dropped = m_next = m_scanFrom = 0;
    if (m_log) {
        // Appends are scanned like the rest; removals only ever come from the front (trim).
        connect(m_log, &QAbstractItemModel::rowsInserted, this, &EventFilterProxy::scan);
        connect(m_log, &QAbstractItemModel::rowsAboutToBeRemoved, this,
                [this](const QModelIndex &, int first, int last) { sourceAboutToRemove(first, last); });
        connect(m_log, &QAbstractItemModel::rowsRemoved, this, &EventFilterProxy::sourceRemoved);
        connect(m_log, &QAbstractItemModel::modelAboutToBeReset, this, &EventFilterProxy::beginResetModel);
        connect(m_log, &QAbstractItemModel::modelReset, this, &EventFilterProxy::sourceReset);
    }
    endResetModel();
    scan();
}

void EventFilterProxy::setText(const QString &text)
{
    m_text = text.trimmed();
    m_number = m_text.toULongLong(&m_isNumber);
    refilter();
}

void EventFilterProxy::setKinds(const QSet<EventKind> &kinds)
{
    m_kinds = kinds;
    refilter();
}

void EventFilterProxy::setStatusClass(StatusClass statusClass)
{
    m_status = statusClass;
    refilter();
}

bool EventFilterProxy::isFiltering() const
{
    return m_log && m_next < m_dropped + quint64(m_log->rowCount());
}

double EventFilterProxy::progress() const
{
    if (!isFiltering())
        return 1.0;
    const quint64 end = m_dropped + quint64(m_log->rowCount());
    const quint64 from = qMax(m_scanFrom, m_dropped);
    return end > from ? double(m_next - from) / double(end - from) : 1.0;
}

bool EventFilterProxy::accepts(int sourceRow) const
{
    const Event &e = m_log->event(sourceRow);
    if (!m_kinds.isEmpty() && !m_kinds.contains(e.kind))
        return false;
    switch (m_status) {
    case StatusClass::Any: break;
    case StatusClass::Success:
        if (e.status < 200 || e.status > 399)
            return false;
        break;
    case StatusClass::ClientError:
        if (e.status < 400 || e.status > 499)
            return false;
        break;
    case StatusClass::ServerError:
        if (e.status < 500)
            return false;
        break;
    case StatusClass::Failed:
        if (e.kind != EventKind::Failed && e.kind != EventKind::CheckFailed) // a broken check failed too
            return false;
        break;
    }
    if (m_text.isEmpty())
        return true;
    // A number is an id or a status, whole: 2149 must not find call 21490.
    if (m_isNumber)
        return e.requestId == m_number || e.batchId == m_number || (e.status > 0 && quint64(e.status) == m_number);
    // The cheap columns first; the detail text is built only when needed.
    if (m_log->index(sourceRow, EventLogModel::Kind).data().toString().contains(m_text, Qt::CaseInsensitive))
        return true;
    if (m_log->index(sourceRow, EventLogModel::Key).data().toString().contains(m_text, Qt::CaseInsensitive))
        return true;
    if (m_log->detail(e).contains(m_text, Qt::CaseInsensitive))
        return true;
    return e.requestId && m_log->callName(e.requestId).contains(m_text, Qt::CaseInsensitive);
}

void EventFilterProxy::refilter()
{
    beginResetModel();
    m_rows.clear();
    m_next = m_scanFrom = m_dropped;
    endResetModel();
    scan();
}

void EventFilterProxy::scan()
{
    if (!m_log)
        return;
    const quint64 end = m_dropped + quint64(m_log->rowCount());
    if (m_next >= end)
        return;
    QElapsedTimer clock;
    clock.start();
    std::vector<quint64> found;
    while (m_next < end) {
        if (accepts(int(m_next - m_dropped)))
            found.push_back(m_next);
        ++m_next;
        if ((m_next & 127) == 0 && clock.elapsed() >= m_sliceMs)
            break;
    }
    if (!found.empty()) {
        const int first = int(m_rows.size());
        beginInsertRows({}, first, first + int(found.size()) - 1);
        m_rows.insert(m_rows.end(), found.cbegin(), found.cend());
        endInsertRows();
    }
    if (m_next < end)
        m_resume.start();
    Q_EMIT filteringProgress();
}

void EventFilterProxy::finish()
{
    const int slice = m_sliceMs;
    m_sliceMs = std::numeric_limits<int>::max();
    scan();
    m_sliceMs = slice;
}

void EventFilterProxy::sourceAboutToRemove(int first, int last)
{
    Q_ASSERT(first == 0); // the log trims its oldest events only
    Q_UNUSED(first);
    const quint64 limit = m_dropped + quint64(last) + 1;
    m_pendingDrop = quint64(std::lower_bound(m_rows.cbegin(), m_rows.cend(), limit) - m_rows.cbegin());
    m_pendingDropped = quint64(last) + 1;
    if (m_pendingDrop > 0)
        beginRemoveRows({}, 0, int(m_pendingDrop) - 1);
}

void EventFilterProxy::sourceRemoved()
{
    m_rows.erase(m_rows.begin(), m_rows.begin() + qsizetype(m_pendingDrop));
    m_dropped += m_pendingDropped;
    m_next = qMax(m_next, m_dropped);
    if (m_pendingDrop > 0)
        endRemoveRows();
    m_pendingDrop = m_pendingDropped = 0;
}

void EventFilterProxy::sourceReset()
{
    m_rows.clear();
    m_dropped = m_next = m_scanFrom = 0;
    endResetModel();
    scan();
}

int EventFilterProxy::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int EventFilterProxy::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() || !m_log ? 0 : m_log->columnCount();
}

bool EventFilterProxy::hasChildren(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_rows.empty();
}

QModelIndex EventFilterProxy::index(int row, int column, const QModelIndex &parent) const
{
    if (parent.isValid() || row < 0 || row >= rowCount() || column < 0 || column >= columnCount())
        return {};
    return createIndex(row, column);
}

QModelIndex EventFilterProxy::parent(const QModelIndex &) const
{
    return {};
}

QModelIndex EventFilterProxy::sibling(int row, int column, const QModelIndex &) const
{
    return index(row, column);
}

QModelIndex EventFilterProxy::mapToSource(const QModelIndex &proxyIndex) const
{
    if (!m_log || !proxyIndex.isValid() || proxyIndex.row() >= rowCount())
        return {};
    return m_log->index(int(m_rows[size_t(proxyIndex.row())] - m_dropped), proxyIndex.column());
}

QModelIndex EventFilterProxy::mapFromSource(const QModelIndex &sourceIndex) const
{
    if (!sourceIndex.isValid())
        return {};
    const quint64 position = m_dropped + quint64(sourceIndex.row());
    const auto it = std::lower_bound(m_rows.cbegin(), m_rows.cend(), position);
    if (it == m_rows.cend() || *it != position)
        return {};
    return index(int(it - m_rows.cbegin()), sourceIndex.column());
}

QVariant EventFilterProxy::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal)
        return m_log ? m_log->headerData(section, orientation, role) : QVariant();
    return role == Qt::DisplayRole ? QVariant(section + 1) : QVariant();
}

} // namespace batchlab
