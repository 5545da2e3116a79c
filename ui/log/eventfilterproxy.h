// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "telemetry/event.h"

#include <QAbstractProxyModel>
#include <QSet>
#include <QTimer>

#include <deque>

namespace batchlab {

class EventLogModel;

/// Filters the event log: free text (in the kind, key, detail or the call's request; a number matches a request
/// or batch id, or a status, whole), a set of event kinds, and a status class.
///
/// A million events take seconds to test, so a filter change never tests them in one go:
/// the rows are scanned oldest first in slices of at most `sliceMs` per event-loop pass, and
/// the rows that pass are appended as they are found. New events of the log go through the
/// same scan; events the log drops at its front leave here too. The order of the log is kept.
class EventFilterProxy : public QAbstractProxyModel
{
    Q_OBJECT

public:
    enum class StatusClass { Any, Success, ClientError, ServerError, Failed };

    explicit EventFilterProxy(QObject *parent = nullptr);

    /// Only an EventLogModel (or nullptr).
    void setSourceModel(QAbstractItemModel *source) override;

    void setText(const QString &text);
    /// Empty: every kind.
    void setKinds(const QSet<EventKind> &kinds);
    void setStatusClass(StatusClass statusClass);
    /// How long one pass of the scan may hold the event loop; the rest waits for the next pass.
    void setSliceMs(int ms) { m_sliceMs = qMax(1, ms); }

    /// True while rows of the log have not been tested against the filter yet.
    bool isFiltering() const;
    /// The share of the log tested so far, 0…1 (1 when idle).
    double progress() const;
    /// Tests the rest of the log now, however long it takes (before an export).
    void finish();
    /// Whether the event at `sourceRow` of the log passes the filter.
    bool accepts(int sourceRow) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    QModelIndex sibling(int row, int column, const QModelIndex &idx) const override;
    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    QModelIndex mapToSource(const QModelIndex &proxyIndex) const override;
    QModelIndex mapFromSource(const QModelIndex &sourceIndex) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    /// The scan moved on (progress() changed) or finished (isFiltering() is false).
    void filteringProgress();

private:
    void refilter();
    /// Tests rows until the log's end or until the slice is used up, then schedules the rest.
    void scan();
    void sourceAboutToRemove(int first, int last);
    void sourceRemoved();
    void sourceReset();

    EventLogModel *m_log = nullptr;
    QString m_text;
    qulonglong m_number = 0;
    bool m_isNumber = false;
    QSet<EventKind> m_kinds;
    StatusClass m_status = StatusClass::Any;

    // Rows are held as positions in the log's whole history (its row + the rows it dropped
    // at the front so far), which do not move when the log trims.
    std::deque<quint64> m_rows; ///< ascending
    quint64 m_dropped = 0;      ///< rows the log has dropped at its front since its last reset
    quint64 m_next = 0;         ///< the next position to test
    quint64 m_pendingDrop = 0;  ///< rows of m_rows leaving in the current removal
    quint64 m_pendingDropped = 0;
    quint64 m_scanFrom = 0;     ///< where the current refilter began, for progress()
    int m_sliceMs = 8;
    QTimer m_resume;
};

} // namespace batchlab
