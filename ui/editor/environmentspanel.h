// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QWidget>

class QLabel;
class QListWidget;
class QPushButton;

namespace batchlab {

class KeyValueEditor;
class RequestSetDocument;

/// The Environments tab of the request-set editor: the set's environments (add, rename in
/// place, duplicate, remove) and the selected one's variables, secrets marked as on the
/// Variables tab. Every edit is one undo step of the document (EnvironmentCommand).
class EnvironmentsPanel : public QWidget
{
    Q_OBJECT

public:
    explicit EnvironmentsPanel(RequestSetDocument *document, QWidget *parent = nullptr);

    QListWidget *list() const { return m_list; }
    KeyValueEditor *variablesEditor() const { return m_variables; }
    /// Why the last rename was refused; empty when it was not.
    QString problem() const;

    void addEnvironment();
    void renameSelected();
    void duplicateSelected();
    void removeSelected();

private:
    void refresh();
    void showVariables();
    void commitVariables();
    /// The environment at `row` renamed to `typed`, unless empty or taken (then said, and the
    /// name before comes back).
    void rename(int row, const QString &typed);
    /// `base`, or `base 2`, `base 3`… : a name no environment has.
    QString freeName(const QString &base) const;

    RequestSetDocument *m_document;
    QListWidget *m_list;
    KeyValueEditor *m_variables;
    QLabel *m_problem;
    QPushButton *m_rename;
    QPushButton *m_duplicate;
    QPushButton *m_remove;
    bool m_filling = false;
};

} // namespace batchlab
