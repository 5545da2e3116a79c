// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "network/networkfilter.h"

#include <QAbstractProxyModel>
#include <QHash>
#include <QSet>
#include <QTimer>

#include <deque>

namespace batchlab {

class NetworkListModel;

/// Filters and sorts the network list without holding the event loop: a new filter is
/// applied in slices of at most `sliceMs` per pass (as the log's EventFilterProxy does), rows
/// that arrive or settle are placed by binary search, and only a change of sort order sorts
/// every row at once (by a number per row: text columns are ranked first).
class NetworkFilterProxy : public QAbstractProxyModel
{
    Q_OBJECT

public:
    explicit NetworkFilterProxy(QObject *parent = nullptr);

    /// Only a NetworkListModel (or nullptr).
    void setSourceModel(QAbstractItemModel *source) override;
    /// The DevTools-style filter text; false with `problem` set when a word could not be read.
    bool setFilterText(const QString &text, QString *problem = nullptr);
    void setSliceMs(int ms) { m_sliceMs = std::max(1, ms); }
    bool isFiltering() const;
    double progress() const;
    /// Tests the rest now, however long it takes.
    void finish();

    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    int sortColumn() const { return m_column; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    QModelIndex sibling(int row, int column, const QModelIndex &idx) const override;
    QModelIndex mapToSource(const QModelIndex &proxyIndex) const override;
    QModelIndex mapFromSource(const QModelIndex &sourceIndex) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void filteringProgress();

private:
    struct Entry
    {
        qint64 key = 0;
        quint64 position = 0; ///< source row + rows the source dropped before it
    };
    bool accepts(int sourceRow) const;
    qint64 keyOf(int sourceRow) const;
    bool less(const Entry &a, const Entry &b) const;
    int find(const Entry &entry) const;
    void insert(const Entry &entry);
    void scan();
    void refilter();
    void resort();
    void sourceChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight);
    void sourceAboutToRemove(int first, int last);
    void sourceRemoved();
    void sourceReset();

    NetworkListModel *m_list = nullptr;
    NetworkFilter m_filter;
    std::deque<Entry> m_rows;           ///< in the order shown
    QHash<quint64, qint64> m_pendingKeys; ///< shown rows still pending: their key may change
    QSet<quint64> m_pendingHidden;        ///< rows not shown while pending: they may pass later
    QHash<QString, qint64> m_ranks;      ///< a text column's values in order, when sorted by one
    int m_column = -1;                   ///< -1: the source's order
    Qt::SortOrder m_order = Qt::AscendingOrder;
    mutable bool m_needsResort = false;
    quint64 m_dropped = 0;
    quint64 m_next = 0;
    quint64 m_scanFrom = 0;
    int m_leaving = 0;
    quint64 m_leavingBelow = 0;
    int m_sliceMs = 8;
    QTimer m_resume;
};

} // namespace batchlab
