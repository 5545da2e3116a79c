#pragma once

#include <QWidget>

class QPlainTextEdit;
class QLabel;
class QTableView;

namespace batchlab {

class RequestSetDocument;
class RequestSetModel;

/// The request set editor: the table of requests, and the selected request's body below it
/// (JSON checked as you type, pretty-printed on demand). Every edit is undoable.
class RequestSetEditor : public QWidget
{
    Q_OBJECT

public:
    explicit RequestSetEditor(RequestSetDocument *document, QWidget *parent = nullptr);

    QTableView *table() const { return m_table; }
    QList<int> selectedRows() const;

    void addRequest();
    void duplicateSelected();
    void deleteSelected();
    void repeatSelected(int times);

private:
    void showCurrent();
    void commitBody();
    void checkBody();
    void prettyPrint();

    RequestSetDocument *m_document;
    RequestSetModel *m_model;
    QTableView *m_table;
    QPlainTextEdit *m_body;
    QLabel *m_bodyStatus;
    int m_bodyRow = -1;
};

} // namespace batchlab
