// SPDX-License-Identifier: BSD-3-Clause
#include "log/eventfilterproxy.h"

#include "log/eventlogmodel.h"

namespace batchlab {

EventFilterProxy::EventFilterProxy(QObject *parent) : QSortFilterProxyModel(parent)
{
    setDynamicSortFilter(true);
}

void EventFilterProxy::setText(const QString &text)
{
    m_text = text.trimmed();
    bool number = false;
    m_number = m_text.toULongLong(&number);
    if (!number)
        m_number = 0;
    invalidateRowsFilter();
}

void EventFilterProxy::setKinds(const QSet<EventKind> &kinds)
{
    m_kinds = kinds;
    invalidateRowsFilter();
}

void EventFilterProxy::setStatusClass(StatusClass statusClass)
{
    m_status = statusClass;
    invalidateRowsFilter();
}

bool EventFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    Q_UNUSED(sourceParent);
    const auto *log = static_cast<const EventLogModel *>(sourceModel());
    const Event &e = log->event(sourceRow);
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
        if (e.kind != EventKind::Failed)
            return false;
        break;
    }
    if (m_text.isEmpty())
        return true;
    if (m_number && (e.requestId == m_number || e.batchId == m_number))
        return true;
    // The cheap columns first; the detail text is built only when needed.
    const QModelIndex kind = log->index(sourceRow, EventLogModel::Kind);
    if (kind.data().toString().contains(m_text, Qt::CaseInsensitive))
        return true;
    if (log->index(sourceRow, EventLogModel::Key).data().toString().contains(m_text, Qt::CaseInsensitive))
        return true;
    return log->detail(e).contains(m_text, Qt::CaseInsensitive);
}

} // namespace batchlab
