// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "telemetry/event.h"

#include <QSet>
#include <QSortFilterProxyModel>

namespace batchlab {

/// Filters the event log: free text (in the kind, key, detail, or an exact request or batch
/// id), a set of event kinds, and a status class.
class EventFilterProxy : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    enum class StatusClass { Any, Success, ClientError, ServerError, Failed };

    explicit EventFilterProxy(QObject *parent = nullptr);

    void setText(const QString &text);
    /// Empty: every kind.
    void setKinds(const QSet<EventKind> &kinds);
    void setStatusClass(StatusClass statusClass);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_text;
    qulonglong m_number = 0;
    QSet<EventKind> m_kinds;
    StatusClass m_status = StatusClass::Any;
};

} // namespace batchlab
