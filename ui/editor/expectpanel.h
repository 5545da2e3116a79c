// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "runs/expectation.h"

#include <QWidget>

#include <optional>

class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace batchlab {

class RequestSetDocument;

/// What one request's answers must be (RequestItem::expect), as Postman's tests say it without
/// a script: a status (200, 2xx, or a list), a small table of JSON checks (path, operator,
/// value) and a latency bound. Input is checked as it is committed: a bad status, path or
/// value is refused with the reason shown and the cell marked, and nothing of it reaches the
/// set; what is good is one undoable edit of the document.
class ExpectPanel : public QWidget
{
    Q_OBJECT

public:
    enum CheckColumn { PathColumn, OpColumn, ValueColumn, CheckColumnCount };

    explicit ExpectPanel(RequestSetDocument *document, QWidget *parent = nullptr);

    /// The request shown; -1 for none.
    void setRow(int row);
    int row() const { return m_row; }
    QLineEdit *statusEdit() const { return m_status; }
    QSpinBox *latencyBox() const { return m_latency; }
    QTableWidget *checkTable() const { return m_checks; }
    QPushButton *addButton() const { return m_add; }
    QPushButton *removeButton() const { return m_remove; }
    /// Why the latest input was refused; empty when it was taken.
    QString problem() const;

    /// The text a value cell shows for a check's value (JSON for equals, text for contains).
    static QString valueText(const JsonCheck &check);
    /// The value `text` stands for under `op`, or why it stands for none.
    static QJsonValue parseValue(JsonCheck::Op op, const QString &text, QString *problem);

Q_SIGNALS:
    /// The expectation of the request shown changed in the set (an edit, undo or redo).
    void changed();

private:
    void refresh();
    void commit();
    void commitLater();
    void addCheck();
    void removeCheck();
    void setProblem(const QString &problem);
    /// The expectation the fields say, or nothing (and the problem shown) when one is bad.
    std::optional<Expectation> read();

    RequestSetDocument *m_document;
    QLineEdit *m_status;
    QSpinBox *m_latency;
    QTableWidget *m_checks;
    QPushButton *m_add;
    QPushButton *m_remove;
    QLabel *m_problem;
    int m_row = -1;
    bool m_refreshing = false;
};

} // namespace batchlab
