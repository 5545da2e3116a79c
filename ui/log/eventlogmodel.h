// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "telemetry/event.h"

#include <QAbstractTableModel>

#include <deque>
#include <vector>

namespace batchlab {

class CallDirectory;
class Telemetry;

/// The telemetry event stream as a table, for the log dock. Events are appended in chunks,
/// one per event-loop pass, however many arrive, each chunk in time order; the oldest leave
/// once `retention` is exceeded, so a run of millions of calls keeps memory bounded.
class EventLogModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Time, Relative, Kind, Request, Call, Batch, Key, Status, Detail, ColumnCount };
    enum Role { KindRole = Qt::UserRole + 1, StatusRole, RequestIdRole, BatchIdRole, ErrorRole };

    explicit EventLogModel(Telemetry *telemetry, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    int retention() const { return m_retention; }
    void setRetention(int events);
    /// Events the model never saw because the telemetry ring had already dropped them.
    quint64 lost() const { return m_lost; }
    const Event &event(int row) const { return m_events[size_t(row)]; }
    /// Reads what the telemetry recorded since the last time; called on eventsAppended().
    void fetchNew();
    void clear();
    /// Where the Call column finds a call's request ("user 3 · GET /users/3").
    void setCallDirectory(const CallDirectory *calls) { m_calls = calls; }
    /// The request a call was made for, or an empty string when no run made it.
    QString callName(quint64 requestId) const;
    /// A run began at `time` (telemetry clock): "+ms" counts from the start of each event's run.
    void markRunStart(qint64 time);

    /// One event as a line of text, the columns separated by tabs (for copying).
    QString rowText(int row) const;
    /// What an event means, in words ("size 12, timer", "closed -> open", ...).
    QString detail(const Event &event) const;

private:
    void append(std::vector<Event> events);
    void trim();

    Telemetry *m_telemetry;
    const CallDirectory *m_calls = nullptr;
    std::deque<Event> m_events; ///< appends at the back and trims at the front never move the rest
    std::vector<qint64> m_runStarts; ///< ascending
    quint64 m_next = 0;
    quint64 m_lost = 0;
    int m_retention = 1000000;
};

} // namespace batchlab
