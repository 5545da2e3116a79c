// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QList>
#include <QPair>
#include <QWidget>

#include <functional>

class QCheckBox;
class QLabel;
class QTableWidget;
class QTableWidgetItem;

namespace batchlab {

/// A small table of name/value pairs with Add and Remove: a request's headers, a set's
/// variables, a target's headers. It owns no data; the owner shows rows with setPairs() or
/// setRows() and, on edited(), reads them back and records the change (undoably).
///
/// With enableSecrets() a third column marks a row's value as secret: it then shows masked
/// (SecretValueDelegate) unless "Show secret values" is ticked. With enableSwitches() it turns
/// a row on or off instead (a header kept but not sent), and a row turned off shows greyed.
class KeyValueEditor : public QWidget
{
    Q_OBJECT

public:
    using Pairs = QList<QPair<QString, QString>>;
    struct Row
    {
        QString name;
        QString value;
        bool secret = false;
        bool enabled = true; ///< off: kept, not used (enableSwitches())

        friend bool operator==(const Row &, const Row &) = default;
    };
    using Rows = QList<Row>;
    /// Says what is wrong with a name, or returns an empty string when it is fine.
    using NameCheck = std::function<QString(const QString &name)>;
    enum Column { NameColumn, ValueColumn, SecretColumn, SwitchColumn = SecretColumn };

    KeyValueEditor(const QString &nameTitle, const QString &valueTitle, const QString &newName,
                   QWidget *parent = nullptr);

    void setPairs(const Pairs &pairs);
    /// The rows in order; rows whose name is empty are left out.
    Pairs pairs() const;
    void setRows(const Rows &rows);
    /// As pairs(), with each row's secret mark.
    Rows rows() const;
    /// Adds the Secret column and the "Show secret values" toggle; call before showing rows.
    void enableSecrets(const QString &columnTitle, const QString &toolTip);
    /// Adds the column that turns rows on and off instead; call before showing rows.
    void enableSwitches(const QString &columnTitle, const QString &toolTip);
    bool secretsShown() const;
    void setSecretsShown(bool shown);

    /// Keeps the table as tall as `rows` rows, scrolling beyond, where it shares a form.
    void setVisibleRows(int rows);

    /// A name the check refuses is not taken: the cell goes back to its name before, and the
    /// line under the table says why.
    void setNameCheck(NameCheck check) { m_check = std::move(check); }
    /// Two rows may not have the same name (variables; headers may repeat).
    void setUniqueNames(bool unique) { m_unique = unique; }
    /// A line under the table for the owner's own remarks (for example undefined variables).
    void setNote(const QString &note);
    QTableWidget *table() const { return m_table; }

    void addRow();
    void removeSelected();

Q_SIGNALS:
    void edited();

private:
    void fillRow(int row, const Row &contents);
    void validate();
    /// Whether an edited name may stay (the check, unique names); puts the last one back if not.
    bool acceptName(QTableWidgetItem *item);
    /// Masks the values of the rows marked secret, unless they are to be shown; greys the
    /// rows turned off.
    void applyMasks();
    /// The third column and its title, for either use.
    void addMarkColumn(const QString &columnTitle, const QString &toolTip);

    QTableWidget *m_table;
    QLabel *m_problems;
    QLabel *m_note;
    QCheckBox *m_showSecrets;
    QString m_newName;
    NameCheck m_check;
    bool m_filling = false;
    bool m_unique = false;
    bool m_switches = false; ///< the third column turns rows on and off, not secret

};

} // namespace batchlab
