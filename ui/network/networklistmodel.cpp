// SPDX-License-Identifier: BSD-3-Clause
#include "network/networklistmodel.h"
#include "network/networktr.h"

#include "network/networkfilter.h"
#include "runs/calldirectory.h"

#include <QBrush>
#include <QLocale>
#include <QPalette>

namespace batchlab {

NetworkListModel::NetworkListModel(CallDirectory *calls, QObject *parent)
    : QAbstractTableModel(parent), m_calls(calls)
{
    connect(calls, &CallDirectory::changed, this, &NetworkListModel::fetchNew);
    connect(calls, &CallDirectory::aboutToDrop, this, [this](int count) {
        m_leaving = std::min(count, m_shown);
        if (m_leaving > 0)
            beginRemoveRows({}, 0, m_leaving - 1);
    });
    connect(calls, &CallDirectory::droppedFront, this, [this](int count) {
        m_shown = std::max(0, m_shown - count);
        if (m_leaving > 0)
            endRemoveRows();
        m_leaving = 0;
    });
    connect(calls, &CallDirectory::cleared, this, [this] {
        beginResetModel();
        m_shown = 0;
        endResetModel();
    });
    fetchNew();
}

void NetworkListModel::fetchNew()
{
    const int size = m_calls->size();
    if (size > m_shown) {
        beginInsertRows({}, m_shown, size - 1);
        m_shown = size;
        endInsertRows();
    }
    // Settled calls change in place: one dataChanged per run of neighbouring rows.
    const std::vector<quint64> settled = m_calls->takeSettled();
    const quint64 dropped = m_calls->dropped();
    for (size_t i = 0; i < settled.size();) {
        size_t j = i + 1;
        while (j < settled.size() && settled[j] == settled[j - 1] + 1)
            ++j;
        const int first = int(settled[i] - dropped);
        const int last = int(settled[j - 1] - dropped);
        if (first < m_shown)
            Q_EMIT dataChanged(index(first, 0), index(std::min(last, m_shown - 1), ColumnCount - 1));
        i = j;
    }
}

int NetworkListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_shown;
}

int NetworkListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

const CallRecord &NetworkListModel::record(int row) const
{
    return m_calls->at(row);
}

const CallLabel &NetworkListModel::label(int row) const
{
    return m_calls->label(m_calls->at(row));
}

int NetworkListModel::rowOf(quint64 requestId) const
{
    // Binary search over the rows shown (ids ascend).
    int lo = 0;
    int hi = m_shown;
    while (lo < hi) {
        const int mid = (lo + hi) / 2;
        if (m_calls->at(mid).id < requestId)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < m_shown && m_calls->at(lo).id == requestId ? lo : -1;
}

QString NetworkListModel::columnDuration(qint64 ns)
{
    // As DevTools' Time column: one unit down the column, so that rows compare at a glance,
    // and no more digits than a person reads ("102 ms", not "102.054 ms" over "11.758 µs").
    const QLocale locale;
    const double ms = double(ns) / 1e6;
    if (ms >= 1000)
        return NetworkTr::tr("%1 s").arg(locale.toString(ms / 1000, 'f', 2));
    if (ms >= 10)
        return NetworkTr::tr("%1 ms").arg(locale.toString(ms, 'f', 0));
    if (ms >= 1)
        return NetworkTr::tr("%1 ms").arg(locale.toString(ms, 'f', 1));
    return NetworkTr::tr("%1 ms").arg(locale.toString(ms, 'f', 2));
}

bool NetworkListModel::sortsByText(int column)
{
    return column == Name || column == Method || column == Url || column == Served;
}

qint64 NetworkListModel::sortKey(const CallRecord &r, int column)
{
    switch (Column(column)) {
    case Status: return r.pending() ? -1 : r.failed() && r.status == 0 ? 1000 + int(r.error) : r.status;
    case Size: return r.bytes;
    case Time: return r.durationNs;
    case Queue: return r.queueWaitNs;
    case Batch: return qint64(r.batchId);
    case Attempts: return r.attempts;
    default: return 0;
    }
}

QString NetworkListModel::sortText(const CallRecord &r, const CallLabel &label, int column)
{
    switch (Column(column)) {
    case Name: return label.name;
    case Method: return QString::fromLatin1(label.method);
    case Url: return label.url;
    case Served: return NetworkFilter::servedAs(r);
    default: return {};
    }
}

namespace {

QString bytes(qint64 size)
{
    if (size < 0)
        return {};
    if (size < 1024)
        return NetworkTr::tr("%1 B").arg(size);
    return QLocale().formattedDataSize(size, 1, QLocale::DataSizeTraditionalFormat);
}

} // namespace

QVariant NetworkListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const CallRecord &r = m_calls->at(index.row());
    const int column = index.column();
    switch (role) {
    case RequestIdRole: return qulonglong(r.id);
    case SortKeyRole: return sortsByText(column) ? QVariant(sortText(r, label(index.row()), column))
                                                 : QVariant(sortKey(r, column));
    case Qt::TextAlignmentRole:
        return sortsByText(column) ? QVariant() : QVariant(int(Qt::AlignRight | Qt::AlignVCenter));
    case Qt::ForegroundRole:
        if (r.failed() || r.status >= 400 || r.checksFailed)
            return QBrush(QColor(0xc6, 0x28, 0x28));
        return r.pending() ? QBrush(QPalette().color(QPalette::Disabled, QPalette::Text)) : QVariant();
    case Qt::ToolTipRole:
        if (column == Url)
            return label(index.row()).url;
        if (column == Status && (r.failed() || r.checksFailed)) {
            QStringList why;
            if (r.failed())
                why.append(NetworkTr::tr("failed: %1").arg(errorKindName(r.error)));
            if (r.checksFailed)
                why.append(NetworkTr::tr("✗ a check of its request broke on this answer (the log says which)"));
            return why.join(u'\n');
        }
        if (column == Name)
            return NetworkTr::tr("call %1 of run %2 (%3)")
                .arg(r.id)
                .arg(r.run)
                .arg(m_calls->setName(r.run));
        return {};
    case Qt::DisplayRole: break;
    default: return {};
    }
    switch (Column(column)) {
    case Name: return label(index.row()).name;
    case Method: return QString::fromLatin1(label(index.row()).method);
    case Url: return label(index.row()).url;
    case Status:
        if (r.pending())
            return NetworkTr::tr("(pending)");
        if (r.checksFailed) {
            // Marked before the status, so that a narrow column still shows it (the tooltip says why).
            const QString status = r.failed() ? (r.status ? NetworkTr::tr("%1 %2").arg(r.status).arg(errorKindName(r.error))
                                                          : errorKindName(r.error))
                                              : QString::number(r.status);
            return NetworkTr::tr("✗ %1").arg(status);
        }
        if (r.failed())
            return r.status ? NetworkTr::tr("%1 %2").arg(r.status).arg(errorKindName(r.error)) : errorKindName(r.error);
        return int(r.status);
    case Size: return bytes(r.bytes);
    case Time: return r.pending() ? QVariant() : QVariant(columnDuration(r.durationNs));
    case Queue: return r.queueWaitNs < 0 ? QVariant() : QVariant(columnDuration(r.queueWaitNs));
    case Batch: return r.batchId ? QVariant(qulonglong(r.batchId)) : QVariant();
    case Attempts: return r.attempts ? QVariant(int(r.attempts)) : QVariant();
    case Served: return NetworkFilter::servedAs(r);
    case ColumnCount: break;
    }
    return {};
}

QVariant NetworkListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case Name: return NetworkTr::tr("Name");
    case Method: return NetworkTr::tr("Method");
    case Url: return NetworkTr::tr("URL");
    case Status: return NetworkTr::tr("Status");
    case Size: return NetworkTr::tr("Size");
    case Time: return NetworkTr::tr("Time");
    case Queue: return NetworkTr::tr("Queued");
    case Batch: return NetworkTr::tr("Batch");
    case Attempts: return NetworkTr::tr("Attempts");
    case Served: return NetworkTr::tr("Served");
    case ColumnCount: break;
    }
    return {};
}

} // namespace batchlab
