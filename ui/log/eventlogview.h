// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QWidget>

class QAction;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QMenu;
class QTableView;

namespace batchlab {

class EventFilterProxy;
class EventLogModel;
class Telemetry;
class WireLog;

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
    /// Where Copy as cURL reads the batches as they were sent (MainWindow's log).
    void setWireLog(const WireLog *log) { m_wireLog = log; }
    /// The table's context menu at a point of its viewport (the caller owns it): Copy, and
    /// Copy as cURL of the batch the event there names.
    QMenu *createContextMenu(const QPoint &pos);

Q_SIGNALS:
    /// The current row of the log moved to an event about a call (request id > 0).
    void callSelected(quint64 requestId);

private:
    void updateShown();

    Telemetry *m_telemetry;
    const WireLog *m_wireLog = nullptr;
    QAction *m_copy = nullptr;
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
