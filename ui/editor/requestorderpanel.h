// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QListWidget;

namespace batchlab {

class RequestSetDocument;

/// The change set and the dependencies of one request: an editable list of the set's change
/// sets (empty for none) and a checkable list of the requests above it, those that would make
/// a change set wait for itself greyed out with the reason. Every edit is an undoable command
/// on the document. Built lazily: while hidden it only notes that it is out of date.
class RequestOrderPanel : public QWidget
{
    Q_OBJECT

public:
    explicit RequestOrderPanel(RequestSetDocument *document, QWidget *parent = nullptr);

    /// The request shown; -1 for none.
    void setRow(int row);
    int row() const { return m_row; }
    QComboBox *groupCombo() const { return m_group; }
    QListWidget *dependencyList() const { return m_dependencies; }
    /// The text under the lists: the change set's members, what the target's format cannot
    /// do, or why the latest edit was refused.
    QString note() const;

Q_SIGNALS:
    /// An edit was refused, and why.
    void refused(const QString &why);

protected:
    void showEvent(QShowEvent *event) override;

private:
    void refreshLater();
    void refresh();
    void commitGroup(int row, const QString &group);
    void commitDependencies(int row, const QList<int> &rows);
    QString explain() const;

    RequestSetDocument *m_document;
    QComboBox *m_group;
    QListWidget *m_dependencies;
    QLabel *m_note;
    int m_row = -1;
    int m_builtRow = -1; ///< the row the lists were last built for
    bool m_stale = true;
    bool m_refreshing = false;
};

} // namespace batchlab
