// SPDX-License-Identifier: BSD-3-Clause
#include "editor/keyvalueeditor.h"
#include "editor/editortr.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <utility>

namespace batchlab {

KeyValueEditor::KeyValueEditor(const QString &nameTitle, const QString &valueTitle,
                               const QString &newName, QWidget *parent)
    : QWidget(parent)
    , m_table(new QTableWidget(0, 2, this))
    , m_problems(new QLabel(this))
    , m_note(new QLabel(this))
    , m_newName(newName)
{
    m_table->setHorizontalHeaderLabels({nameTitle, valueTitle});
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setColumnWidth(0, 200);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);

    auto *add = new QPushButton(EditorTr::tr("Add"), this);
    auto *remove = new QPushButton(EditorTr::tr("Remove"), this);
    m_problems->setStyleSheet(QStringLiteral("color: #b00020"));
    m_problems->setWordWrap(true);
    m_note->setWordWrap(true);
    m_note->hide();
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addWidget(m_problems, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_note);
    layout->addLayout(buttons);

    connect(add, &QPushButton::clicked, this, &KeyValueEditor::addRow);
    connect(remove, &QPushButton::clicked, this, &KeyValueEditor::removeSelected);
    connect(m_table, &QTableWidget::itemChanged, this, [this] {
        if (m_filling)
            return;
        validate();
        Q_EMIT edited();
    });
}

void KeyValueEditor::setPairs(const Pairs &pairs)
{
    if (pairs == this->pairs())
        return; // the echo of our own edit: keep the rows (and an empty one being typed)
    m_filling = true;
    m_table->setRowCount(int(pairs.size()));
    for (int row = 0; row < pairs.size(); ++row) {
        m_table->setItem(row, 0, new QTableWidgetItem(pairs.at(row).first));
        m_table->setItem(row, 1, new QTableWidgetItem(pairs.at(row).second));
    }
    m_filling = false;
    validate();
}

KeyValueEditor::Pairs KeyValueEditor::pairs() const
{
    Pairs result;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const QTableWidgetItem *name = m_table->item(row, 0);
        const QTableWidgetItem *value = m_table->item(row, 1);
        if (name && !name->text().trimmed().isEmpty())
            result.append({name->text().trimmed(), value ? value->text() : QString()});
    }
    return result;
}

void KeyValueEditor::setNote(const QString &note)
{
    m_note->setText(note);
    m_note->setVisible(!note.isEmpty());
}

void KeyValueEditor::addRow()
{
    // A unique placeholder name, so the new row counts at once and can be undone.
    QString name = m_newName;
    for (int n = 2; std::any_of(pairs().cbegin(), pairs().cend(),
                                [&](const auto &p) { return p.first == name; });
         ++n)
        name = m_newName + QString::number(n);
    const int row = m_table->rowCount();
    m_filling = true;
    m_table->insertRow(row);
    m_table->setItem(row, 0, new QTableWidgetItem(name));
    m_table->setItem(row, 1, new QTableWidgetItem());
    m_filling = false;
    m_table->setCurrentCell(row, 0);
    validate();
    Q_EMIT edited();
    m_table->editItem(m_table->item(row, 0));
}

void KeyValueEditor::removeSelected()
{
    QList<int> rows;
    for (const QModelIndex &index : m_table->selectionModel()->selectedRows())
        rows.append(index.row());
    if (rows.isEmpty() && m_table->currentRow() >= 0)
        rows.append(m_table->currentRow());
    if (rows.isEmpty())
        return;
    std::sort(rows.begin(), rows.end(), std::greater<>());
    m_filling = true;
    for (int row : rows)
        m_table->removeRow(row);
    m_filling = false;
    validate();
    Q_EMIT edited();
}

void KeyValueEditor::validate()
{
    const bool wasFilling = std::exchange(m_filling, true); // colouring is not an edit
    QStringList problems;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        QTableWidgetItem *name = m_table->item(row, 0);
        const QString problem = (m_check && name) ? m_check(name->text().trimmed()) : QString();
        if (name)
            name->setForeground(problem.isEmpty() ? palette().text()
                                                  : QBrush(QColor(0xb0, 0x00, 0x20)));
        if (!problem.isEmpty())
            problems.append(problem);
    }
    m_filling = wasFilling;
    m_problems->setText(problems.join(QStringLiteral("; ")));
}

} // namespace batchlab
