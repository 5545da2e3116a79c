// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;

namespace batchlab {

class EventFilterProxy;
class EventLogModel;
class Telemetry;

/// The log dock: every telemetry event in a table, a filter bar (text, kind, status class),
/// follow-tail, copy of the selected rows, and export as JSON Lines.
class EventLogView : public QWidget
{
    Q_OBJECT

public:
    explicit EventLogView(Telemetry *telemetry, QWidget *parent = nullptr);

    EventLogModel *model() const { return m_model; }
    EventFilterProxy *proxy() const { return m_proxy; }
    QTableView *table() const { return m_table; }
    void copySelection();
    void exportJsonLines();
    /// Writes every retained event of the telemetry as JSON Lines; false with `error` set.
    bool exportTo(const QString &path, QString *error) const;
    /// Selects the newest event about a call (when it is in the log and passes the filter).
    void selectCall(quint64 requestId);

Q_SIGNALS:
    /// The current row of the log moved to an event about a call (request id > 0).
    void callSelected(quint64 requestId);

private:
    void updateShown();

    Telemetry *m_telemetry;
    EventLogModel *m_model;
    EventFilterProxy *m_proxy;
    QLineEdit *m_filter;
    QComboBox *m_kind;
    QComboBox *m_status;
    QCheckBox *m_follow;
    QLabel *m_shown;
    QTableView *m_table;
};

} // namespace batchlab
