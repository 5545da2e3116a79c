// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QList>
#include <QPair>
#include <QWidget>

#include <functional>

class QLabel;
class QTableWidget;

namespace batchlab {

/// A small two-column table of name/value pairs with Add and Remove: a request's headers, a
/// set's variables. It owns no data; the owner shows pairs with setPairs() and, on edited(),
/// reads them back and records the change (undoably).
class KeyValueEditor : public QWidget
{
    Q_OBJECT

public:
    using Pairs = QList<QPair<QString, QString>>;
    /// Says what is wrong with a name, or returns an empty string when it is fine.
    using NameCheck = std::function<QString(const QString &name)>;

    KeyValueEditor(const QString &nameTitle, const QString &valueTitle, const QString &newName,
                   QWidget *parent = nullptr);

    void setPairs(const Pairs &pairs);
    /// The rows in order; rows whose name is empty are left out.
    Pairs pairs() const;
    void setNameCheck(NameCheck check) { m_check = std::move(check); }
    /// A line under the table for the owner's own remarks (for example undefined variables).
    void setNote(const QString &note);
    QTableWidget *table() const { return m_table; }

    void addRow();
    void removeSelected();

Q_SIGNALS:
    void edited();

private:
    void validate();

    QTableWidget *m_table;
    QLabel *m_problems;
    QLabel *m_note;
    QString m_newName;
    NameCheck m_check;
    bool m_filling = false;
};

} // namespace batchlab
