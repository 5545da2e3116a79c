// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QMenu;
class QTableView;

namespace batchlab {

class CallDirectory;
class NetworkFilterProxy;
class NetworkListModel;
class WireLog;

/// The Network dock: one row per call (name, method, URL, status, size, time, queued,
/// batch, attempts, served), sortable by any column, with a DevTools-style filter bar.
/// Selecting a row selects the call elsewhere (waterfall, log, request), and the other
/// way round.
class NetworkListView : public QWidget
{
    Q_OBJECT

public:
    explicit NetworkListView(CallDirectory *calls, QWidget *parent = nullptr);

    NetworkListModel *model() const { return m_model; }
    NetworkFilterProxy *proxy() const { return m_proxy; }
    QTableView *table() const { return m_table; }
    /// Selects the call's row, when it is in the list and passes the filter.
    void selectCall(quint64 requestId);
    /// Where Copy as cURL reads the batches as they were sent (MainWindow's log).
    void setWireLog(const WireLog *log) { m_wireLog = log; }
    /// The table's context menu at a point of its viewport (the caller owns it): Copy as cURL
    /// of the batch that carried the call there; null where there is no call.
    QMenu *createContextMenu(const QPoint &pos);

Q_SIGNALS:
    void callSelected(quint64 requestId);

private:
    void applyFilter();
    void updateShown();

    NetworkListModel *m_model;
    const WireLog *m_wireLog = nullptr;
    NetworkFilterProxy *m_proxy;
    QLineEdit *m_filter;
    QLabel *m_shown;
    QLabel *m_problem;
    QTableView *m_table;
};

} // namespace batchlab
