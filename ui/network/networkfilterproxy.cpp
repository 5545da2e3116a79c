// SPDX-License-Identifier: BSD-3-Clause
#include "network/networkfilterproxy.h"

#include "network/networklistmodel.h"

#include <QElapsedTimer>
#include <QSet>

#include <algorithm>
#include <limits>
#include <vector>

namespace batchlab {

NetworkFilterProxy::NetworkFilterProxy(QObject *parent) : QAbstractProxyModel(parent)
{
    m_resume.setSingleShot(true);
    m_resume.setInterval(0);
    connect(&m_resume, &QTimer::timeout, this, &NetworkFilterProxy::scan);
}

void NetworkFilterProxy::setSourceModel(QAbstractItemModel *source)
{
    auto *list = qobject_cast<NetworkListModel *>(source);
    Q_ASSERT(list || !source);
    beginResetModel();
    if (m_list)
        m_list->disconnect(this);
    QAbstractProxyModel::setSourceModel(list);
    m_list = list;
    m_rows.clear();
    m_pendingKeys.clear();
    m_pendingHidden.clear();
    m_dropped = m_next = m_scanFrom = 0;
    if (m_list) {
        connect(m_list, &QAbstractItemModel::rowsInserted, this, &NetworkFilterProxy::scan);
        connect(m_list, &QAbstractItemModel::dataChanged, this, &NetworkFilterProxy::sourceChanged);
        connect(m_list, &QAbstractItemModel::rowsAboutToBeRemoved, this,
                [this](const QModelIndex &, int first, int last) { sourceAboutToRemove(first, last); });
        connect(m_list, &QAbstractItemModel::rowsRemoved, this, &NetworkFilterProxy::sourceRemoved);
        connect(m_list, &QAbstractItemModel::modelAboutToBeReset, this, &NetworkFilterProxy::beginResetModel);
        connect(m_list, &QAbstractItemModel::modelReset, this, &NetworkFilterProxy::sourceReset);
    }
    endResetModel();
    scan();
}

bool NetworkFilterProxy::setFilterText(const QString &text, QString *problem)
{
    QString why;
    m_filter = NetworkFilter::parse(text, &why);
    if (problem)
        *problem = why;
    refilter();
    return why.isEmpty();
}

bool NetworkFilterProxy::isFiltering() const
{
    return m_list && m_next < m_dropped + quint64(m_list->rowCount());
}

double NetworkFilterProxy::progress() const
{
    if (!isFiltering())
        return 1.0;
    const quint64 end = m_dropped + quint64(m_list->rowCount());
    const quint64 from = std::max(m_scanFrom, m_dropped);
    return end > from ? double(m_next - from) / double(end - from) : 1.0;
}

void NetworkFilterProxy::finish()
{
    const int slice = m_sliceMs;
    m_sliceMs = std::numeric_limits<int>::max();
    scan();
    m_sliceMs = slice;
}

bool NetworkFilterProxy::accepts(int sourceRow) const
{
    return m_filter.isEmpty() || m_filter.matches(m_list->record(sourceRow), m_list->label(sourceRow));
}

qint64 NetworkFilterProxy::keyOf(int sourceRow) const
{
    if (m_column < 0)
        return 0;
    const CallRecord &record = m_list->record(sourceRow);
    if (!NetworkListModel::sortsByText(m_column))
        return NetworkListModel::sortKey(record, m_column);
    const auto rank = m_ranks.constFind(NetworkListModel::sortText(record, m_list->label(sourceRow), m_column));
    if (rank != m_ranks.cend())
        return *rank;
    m_needsResort = true; // a text not ranked yet (a new run's request): rank it soon
    return std::numeric_limits<qint64>::max();
}

bool NetworkFilterProxy::less(const Entry &a, const Entry &b) const
{
    if (m_column >= 0 && a.key != b.key)
        return m_order == Qt::AscendingOrder ? a.key < b.key : a.key > b.key;
    return a.position < b.position;
}

int NetworkFilterProxy::find(const Entry &entry) const
{
    if (m_needsResort) { // the order is off until the next resort: look row by row
        for (size_t i = 0; i < m_rows.size(); ++i) {
            if (m_rows[i].position == entry.position)
                return int(i);
        }
        return -1;
    }
    const auto it = std::lower_bound(m_rows.cbegin(), m_rows.cend(), entry,
                                     [this](const Entry &a, const Entry &b) { return less(a, b); });
    return it != m_rows.cend() && it->position == entry.position ? int(it - m_rows.cbegin()) : -1;
}

void NetworkFilterProxy::insert(const Entry &entry)
{
    const auto it = m_needsResort ? m_rows.cend()
                                  : std::upper_bound(m_rows.cbegin(), m_rows.cend(), entry,
                                                     [this](const Entry &a, const Entry &b) { return less(a, b); });
    const int row = int(it - m_rows.cbegin());
    beginInsertRows({}, row, row);
    m_rows.insert(m_rows.begin() + row, entry);
    endInsertRows();
    if (m_list->record(int(entry.position - m_dropped)).pending())
        m_pendingKeys.insert(entry.position, entry.key);
}

void NetworkFilterProxy::scan()
{
    if (!m_list)
        return;
    const quint64 end = m_dropped + quint64(m_list->rowCount());
    if (m_next < end) {
        QElapsedTimer clock;
        clock.start();
        std::vector<Entry> found;
        while (m_next < end) {
            const int row = int(m_next - m_dropped);
            if (accepts(row))
                found.push_back({keyOf(row), m_next});
            else if (m_list->record(row).pending())
                m_pendingHidden.insert(m_next);
            ++m_next;
            if ((m_next & 127) == 0 && clock.elapsed() >= m_sliceMs)
                break;
        }
        // A few new rows go to their places; many (a refilter) go to the end, sorted after.
        if (m_column >= 0 && found.size() <= 64 && !m_needsResort) {
            for (const Entry &entry : found)
                insert(entry);
        } else if (!found.empty()) {
            if (m_column >= 0)
                m_needsResort = true;
            const int first = int(m_rows.size());
            beginInsertRows({}, first, first + int(found.size()) - 1);
            m_rows.insert(m_rows.end(), found.cbegin(), found.cend());
            endInsertRows();
            for (const Entry &entry : found) {
                if (m_list->record(int(entry.position - m_dropped)).pending())
                    m_pendingKeys.insert(entry.position, entry.key);
            }
        }
        if (m_next < end)
            m_resume.start();
    }
    if (m_needsResort && !isFiltering())
        resort();
    Q_EMIT filteringProgress();
}

void NetworkFilterProxy::refilter()
{
    beginResetModel();
    m_rows.clear();
    m_pendingKeys.clear();
    m_pendingHidden.clear();
    m_needsResort = false;
    m_next = m_scanFrom = m_dropped;
    endResetModel();
    scan();
}

void NetworkFilterProxy::sort(int column, Qt::SortOrder order)
{
    m_column = column;
    m_order = order;
    resort();
}

void NetworkFilterProxy::resort()
{
    if (!m_list)
        return;
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList before = persistentIndexList();
    std::vector<quint64> positions;
    positions.reserve(size_t(before.size()));
    for (const QModelIndex &index : before)
        positions.push_back(m_rows[size_t(index.row())].position);
    if (m_column >= 0 && NetworkListModel::sortsByText(m_column)) {
        // Rank the texts once; rows then sort (and later ones find their place) by number.
        QSet<QString> texts;
        for (const Entry &entry : m_rows) {
            const int row = int(entry.position - m_dropped);
            texts.insert(NetworkListModel::sortText(m_list->record(row), m_list->label(row), m_column));
        }
        QStringList sorted(texts.cbegin(), texts.cend());
        std::sort(sorted.begin(), sorted.end(),
                  [](const QString &a, const QString &b) { return QString::localeAwareCompare(a, b) < 0; });
        m_ranks.clear();
        for (qsizetype i = 0; i < sorted.size(); ++i)
            m_ranks.insert(sorted.at(i), i);
    }
    m_needsResort = false;
    m_pendingKeys.clear();
    for (Entry &entry : m_rows) {
        const int row = int(entry.position - m_dropped);
        entry.key = keyOf(row);
        if (m_list->record(row).pending())
            m_pendingKeys.insert(entry.position, entry.key);
    }
    std::sort(m_rows.begin(), m_rows.end(), [this](const Entry &a, const Entry &b) { return less(a, b); });
    QModelIndexList after;
    after.reserve(before.size());
    for (qsizetype i = 0; i < before.size(); ++i) {
        const auto it = std::find_if(m_rows.cbegin(), m_rows.cend(),
                                     [&](const Entry &e) { return e.position == positions[size_t(i)]; });
        after.append(index(int(it - m_rows.cbegin()), before.at(i).column()));
    }
    changePersistentIndexList(before, after);
    Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

void NetworkFilterProxy::sourceChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight)
{
    for (int row = topLeft.row(); row <= bottomRight.row(); ++row) {
        const quint64 position = m_dropped + quint64(row);
        if (position >= m_next)
            break; // the scan has not reached it: it will be tested as it is
        // Only a row tested while pending can have changed since: one that settled before
        // the scan reached it (in the same pass) was tested as it is.
        const auto pending = m_pendingKeys.constFind(position);
        if (pending == m_pendingKeys.cend() && !m_pendingHidden.remove(position))
            continue;
        const Entry entry{keyOf(row), position};
        const int shown = pending == m_pendingKeys.cend() ? -1 : find({*pending, position});
        if (pending != m_pendingKeys.cend())
            m_pendingKeys.erase(pending);
        const bool passes = accepts(row);
        if (!passes && m_list->record(row).pending())
            m_pendingHidden.insert(position);
        if (shown >= 0 && passes && m_rows[size_t(shown)].key == entry.key) {
            if (m_list->record(row).pending())
                m_pendingKeys.insert(position, entry.key);
            Q_EMIT dataChanged(index(shown, 0), index(shown, columnCount() - 1));
            continue;
        }
        if (shown >= 0) {
            beginRemoveRows({}, shown, shown);
            m_rows.erase(m_rows.begin() + shown);
            endRemoveRows();
        }
        if (passes)
            insert(entry);
    }
}

void NetworkFilterProxy::sourceAboutToRemove(int first, int last)
{
    Q_ASSERT(first == 0); // the directory drops its oldest calls only
    Q_UNUSED(first);
    m_leavingBelow = m_dropped + quint64(last) + 1;
    if (m_column >= 0 || m_needsResort) {
        m_leaving = -1; // anywhere in the order: start afresh
        beginResetModel();
        return;
    }
    m_leaving = int(std::lower_bound(m_rows.cbegin(), m_rows.cend(), Entry{0, m_leavingBelow},
                                     [](const Entry &a, const Entry &b) { return a.position < b.position; })
                    - m_rows.cbegin());
    if (m_leaving > 0)
        beginRemoveRows({}, 0, m_leaving - 1);
}

void NetworkFilterProxy::sourceRemoved()
{
    const quint64 below = m_leavingBelow;
    if (m_leaving < 0) {
        m_rows.erase(std::remove_if(m_rows.begin(), m_rows.end(), [below](const Entry &e) { return e.position < below; }),
                     m_rows.end());
    } else {
        m_rows.erase(m_rows.begin(), m_rows.begin() + m_leaving);
    }
    for (auto it = m_pendingKeys.begin(); it != m_pendingKeys.end();)
        it = it.key() < below ? m_pendingKeys.erase(it) : std::next(it);
    for (auto it = m_pendingHidden.begin(); it != m_pendingHidden.end();)
        it = *it < below ? m_pendingHidden.erase(it) : std::next(it);
    m_dropped = below;
    m_next = std::max(m_next, m_dropped);
    m_scanFrom = std::max(m_scanFrom, m_dropped);
    if (m_leaving < 0)
        endResetModel();
    else if (m_leaving > 0)
        endRemoveRows();
    m_leaving = 0;
}

void NetworkFilterProxy::sourceReset()
{
    m_rows.clear();
    m_pendingKeys.clear();
    m_pendingHidden.clear();
    m_needsResort = false;
    m_dropped = m_next = m_scanFrom = 0;
    endResetModel();
    scan();
}

int NetworkFilterProxy::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int NetworkFilterProxy::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() || !m_list ? 0 : m_list->columnCount();
}

bool NetworkFilterProxy::hasChildren(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_rows.empty();
}

QModelIndex NetworkFilterProxy::index(int row, int column, const QModelIndex &parent) const
{
    if (parent.isValid() || row < 0 || row >= rowCount() || column < 0 || column >= columnCount())
        return {};
    return createIndex(row, column);
}

QModelIndex NetworkFilterProxy::parent(const QModelIndex &) const
{
    return {};
}

QModelIndex NetworkFilterProxy::sibling(int row, int column, const QModelIndex &) const
{
    return index(row, column);
}

QModelIndex NetworkFilterProxy::mapToSource(const QModelIndex &proxyIndex) const
{
    if (!m_list || !proxyIndex.isValid() || proxyIndex.row() >= rowCount())
        return {};
    return m_list->index(int(m_rows[size_t(proxyIndex.row())].position - m_dropped), proxyIndex.column());
}

QModelIndex NetworkFilterProxy::mapFromSource(const QModelIndex &sourceIndex) const
{
    if (!m_list || !sourceIndex.isValid())
        return {};
    const quint64 position = m_dropped + quint64(sourceIndex.row());
    const auto pending = m_pendingKeys.constFind(position);
    const qint64 key = pending != m_pendingKeys.cend() ? *pending : keyOf(sourceIndex.row());
    const int row = find({key, position});
    return row < 0 ? QModelIndex() : index(row, sourceIndex.column());
}

QVariant NetworkFilterProxy::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal)
        return m_list ? m_list->headerData(section, orientation, role) : QVariant();
    return role == Qt::DisplayRole ? QVariant(section + 1) : QVariant();
}

} // namespace batchlab
