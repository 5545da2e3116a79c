// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QTableView;

namespace batchlab {

class CallDirectory;
class NetworkFilterProxy;
class NetworkListModel;

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

Q_SIGNALS:
    void callSelected(quint64 requestId);

private:
    void applyFilter();
    void updateShown();

    NetworkListModel *m_model;
    NetworkFilterProxy *m_proxy;
    QLineEdit *m_filter;
    QLabel *m_shown;
    QLabel *m_problem;
    QTableView *m_table;
};

} // namespace batchlab
