// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QAbstractTableModel>

namespace batchlab {

class CallDirectory;
struct CallLabel;
struct CallRecord;

/// One row per call of the runs, in the manner of the DevTools Network panel: the request's
/// name, method and URL, its status, answer size, duration, queue wait, batch, attempts and
/// how it was served. Rows are added and updated once per event-loop pass from the
/// CallDirectory, and leave with it when it trims.
class NetworkListModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Name, Method, Url, Status, Size, Time, Queue, Batch, Attempts, Served, ColumnCount };
    enum Role { RequestIdRole = Qt::UserRole + 1, SortKeyRole };

    explicit NetworkListModel(CallDirectory *calls, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    const CallDirectory *calls() const { return m_calls; }
    const CallRecord &record(int row) const;
    const CallLabel &label(int row) const;
    /// The row of a call, or -1.
    int rowOf(quint64 requestId) const;
    /// Whether a column sorts by text (name, method, URL, served) rather than by a number.
    static bool sortsByText(int column);
    /// A duration for the Time and Queued columns: "1.25 s", "102 ms", "8.2 ms", "0.01 ms".
    static QString columnDuration(qint64 ns);
    /// The number a row sorts by in a numeric column (pending and unknown values first).
    static qint64 sortKey(const CallRecord &record, int column);
    /// The text a row sorts by in a text column.
    static QString sortText(const CallRecord &record, const CallLabel &label, int column);
    /// Reads what the directory holds now (also done once per event-loop pass on its own).
    void fetchNew();

private:
    CallDirectory *m_calls;
    int m_shown = 0;
    int m_leaving = 0;
};

} // namespace batchlab
