// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QWidget>

class QAction;
class QMenu;
class QPlainTextEdit;
class QLabel;
class QTabWidget;
class QTableView;

class QSplitter;

namespace batchlab {

class ExpectPanel;
class KeyValueEditor;
class RequestOrderPanel;
class RequestSetDocument;
class RequestSetModel;

/// The request set editor: the table of requests, and below it the selected request's body
/// (JSON checked as you type, pretty-printed on demand), headers, change set and dependencies,
/// and the set's variables. Every edit is undoable.
class RequestSetEditor : public QWidget
{
    Q_OBJECT

public:
    explicit RequestSetEditor(RequestSetDocument *document, QWidget *parent = nullptr);

    QTableView *table() const { return m_table; }
    KeyValueEditor *headersEditor() const { return m_headers; }
    KeyValueEditor *variablesEditor() const { return m_variables; }
    RequestOrderPanel *orderPanel() const { return m_order; }
    ExpectPanel *expectPanel() const { return m_expect; }
    QTabWidget *tabs() const { return m_tabs; }
    void selectRow(int row);
    QList<int> selectedRows() const;

    void addRequest();
    /// Adds the requests of the curl command line(s) in `text` after the selection (Ctrl+V on
    /// the table, with the clipboard's text), as one undo step; the status bar says what came
    /// in and what did not. False when `text` holds no curl command or a malformed one.
    bool pasteCurl(const QString &text);
    void duplicateSelected();
    void deleteSelected();
    void repeatSelected(int times);
    /// Moves the current request one row up (-1) or down (+1), unless it would then come
    /// before a request it depends on (or after one that depends on it): the status bar says so.
    void moveCurrent(int delta);
    /// The table's context menu at a point of its viewport (the caller owns it): Copy as cURL
    /// of the request there (copyAsCurlRequested()), and Paste curl commands.
    QMenu *createContextMenu(const QPoint &pos);

Q_SIGNALS:
    /// Copy as cURL of request `row`, as Send would send it: the main window resolves it
    /// (target, active environment, secrets when `withCredentials`) and fills the clipboard.
    void copyAsCurlRequested(int row, bool withCredentials);

protected:
    void showEvent(QShowEvent *event) override;

private:
    /// An edit refused: said for a few seconds in the main window's status bar, where the user
    /// looks after a menu command.
    void tell(const QString &message);
    void showCurrent();
    void checkBody();
    void prettyPrint();
    void commitHeaders();
    void commitVariables();
    void showVariables();
    void refreshTabTitles();

    RequestSetDocument *m_document;
    RequestSetModel *m_model;
    QTableView *m_table;
    QAction *m_paste = nullptr;
    QPlainTextEdit *m_body;
    QPlainTextEdit *m_description;
    bool m_showingDescription = false; ///< the set's text shown, not typed
    QLabel *m_bodyStatus;
    QTabWidget *m_tabs;
    KeyValueEditor *m_headers;
    KeyValueEditor *m_variables;
    RequestOrderPanel *m_order;
    ExpectPanel *m_expect;
    int m_bodyRow = -1;
    QSplitter *m_splitter = nullptr;
    bool m_splitDone = false;
};

} // namespace batchlab
