// SPDX-License-Identifier: BSD-3-Clause
#include "editor/keyvalueeditor.h"
#include "editor/editortr.h"

#include "editor/secretvaluedelegate.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <utility>

namespace batchlab {

namespace {
/// A name cell's last accepted name, to go back to when an edit is refused.
constexpr int kAcceptedRole = Qt::UserRole + 1;
} // namespace

KeyValueEditor::KeyValueEditor(const QString &nameTitle, const QString &valueTitle,
                               const QString &newName, QWidget *parent)
    : QWidget(parent)
    , m_table(new QTableWidget(0, 2, this))
    , m_problems(new QLabel(this))
    , m_note(new QLabel(this))
    , m_showSecrets(new QCheckBox(EditorTr::tr("Show secret values"), this))
    , m_newName(newName)
{
    m_table->setHorizontalHeaderLabels({nameTitle, valueTitle});
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setColumnWidth(NameColumn, 200);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);

    auto *add = new QPushButton(EditorTr::tr("Add"), this);
    auto *remove = new QPushButton(EditorTr::tr("Remove"), this);
    m_problems->setStyleSheet(QStringLiteral("color: #b00020"));
    m_problems->setWordWrap(true);
    m_note->setWordWrap(true);
    m_note->hide();
    m_showSecrets->setObjectName(QStringLiteral("showSecrets"));
    m_showSecrets->hide();
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addWidget(m_problems, 1);
    buttons->addWidget(m_showSecrets);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_note);
    layout->addLayout(buttons);

    connect(add, &QPushButton::clicked, this, &KeyValueEditor::addRow);
    connect(remove, &QPushButton::clicked, this, &KeyValueEditor::removeSelected);
    connect(m_showSecrets, &QCheckBox::toggled, this, &KeyValueEditor::applyMasks);
    connect(m_table, &QTableWidget::itemChanged, this, [this](QTableWidgetItem *item) {
        if (m_filling)
            return;
        if (item->column() == NameColumn && !acceptName(item))
            return;
        validate();
        applyMasks(); // a row just marked secret hides its value at once
        Q_EMIT edited();
    });
}

void KeyValueEditor::addMarkColumn(const QString &columnTitle, const QString &toolTip)
{
    m_table->setColumnCount(3);
    auto *title = new QTableWidgetItem(columnTitle);
    title->setToolTip(toolTip);
    m_table->setHorizontalHeaderItem(SecretColumn, title);
    // The value takes the room; the mark needs only its checkbox and title.
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->horizontalHeader()->setSectionResizeMode(ValueColumn, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(SecretColumn, QHeaderView::ResizeToContents);
}

void KeyValueEditor::enableSwitches(const QString &columnTitle, const QString &toolTip)
{
    m_switches = true;
    addMarkColumn(columnTitle, toolTip);
}

void KeyValueEditor::enableSecrets(const QString &columnTitle, const QString &toolTip)
{
    addMarkColumn(columnTitle, toolTip);
    m_table->setItemDelegateForColumn(ValueColumn, new SecretValueDelegate(m_table));
    m_showSecrets->setToolTip(toolTip);
    m_showSecrets->show();
}

void KeyValueEditor::setVisibleRows(int rows)
{
    m_table->setFixedHeight(m_table->horizontalHeader()->sizeHint().height()
                            + rows * m_table->verticalHeader()->defaultSectionSize()
                            + 2 * m_table->frameWidth());
}

bool KeyValueEditor::secretsShown() const
{
    return m_showSecrets->isChecked();
}

void KeyValueEditor::setSecretsShown(bool shown)
{
    m_showSecrets->setChecked(shown);
}

void KeyValueEditor::setPairs(const Pairs &pairs)
{
    Rows rows;
    for (const auto &[name, value] : pairs)
        rows.append({name, value});
    setRows(rows);
}

KeyValueEditor::Pairs KeyValueEditor::pairs() const
{
    Pairs result;
    for (const Row &row : rows())
        result.append({row.name, row.value});
    return result;
}

void KeyValueEditor::setRows(const Rows &rows)
{
    if (rows == this->rows())
        return; // the echo of our own edit: keep the rows (and an empty one being typed)
    m_filling = true;
    m_table->setRowCount(int(rows.size()));
    for (int row = 0; row < rows.size(); ++row)
        fillRow(row, rows.at(row));
    m_filling = false;
    validate();
    applyMasks();
}

KeyValueEditor::Rows KeyValueEditor::rows() const
{
    Rows result;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const QTableWidgetItem *name = m_table->item(row, NameColumn);
        const QTableWidgetItem *value = m_table->item(row, ValueColumn);
        const QTableWidgetItem *mark = m_table->item(row, SecretColumn);
        const bool checked = mark && mark->checkState() == Qt::Checked;
        if (name && !name->text().trimmed().isEmpty())
            result.append({name->text().trimmed(), value ? value->text() : QString(), checked && !m_switches,
                           !m_switches || checked});
    }
    return result;
}

void KeyValueEditor::fillRow(int row, const Row &contents)
{
    auto *name = new QTableWidgetItem(contents.name);
    name->setData(kAcceptedRole, contents.name);
    m_table->setItem(row, NameColumn, name);
    m_table->setItem(row, ValueColumn, new QTableWidgetItem(contents.value));
    if (m_table->columnCount() > SecretColumn) {
        auto *secret = new QTableWidgetItem;
        // Checkable, not editable: Space and a click toggle it.
        secret->setFlags(Qt::ItemIsUserCheckable | Qt::ItemIsEnabled | Qt::ItemIsSelectable);
        secret->setCheckState((m_switches ? contents.enabled : contents.secret) ? Qt::Checked : Qt::Unchecked);
        m_table->setItem(row, SecretColumn, secret);
    }
}

void KeyValueEditor::setNote(const QString &note)
{
    m_note->setText(note);
    m_note->setVisible(!note.isEmpty());
}

void KeyValueEditor::addRow()
{
    // A unique placeholder name, so the new row counts at once and can be undone. The names
    // are read once: iterators of two separate pairs() temporaries would not form a range.
    const Pairs existing = pairs();
    const auto taken = [&existing](const QString &name) {
        return std::any_of(existing.cbegin(), existing.cend(),
                           [&name](const auto &p) { return p.first == name; });
    };
    QString name = m_newName;
    for (int n = 2; taken(name); ++n)
        name = m_newName + QString::number(n);
    const int row = m_table->rowCount();
    m_filling = true;
    m_table->insertRow(row);
    fillRow(row, {name, QString()});
    m_filling = false;
    m_table->setCurrentCell(row, NameColumn);
    validate();
    applyMasks();
    Q_EMIT edited();
    m_table->editItem(m_table->item(row, NameColumn));
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

bool KeyValueEditor::acceptName(QTableWidgetItem *item)
{
    const QString name = item->text().trimmed();
    QString problem = m_check && !name.isEmpty() ? m_check(name) : QString();
    if (problem.isEmpty() && m_unique && !name.isEmpty()) {
        for (int row = 0; row < m_table->rowCount(); ++row) {
            const QTableWidgetItem *other = m_table->item(row, NameColumn);
            if (row != item->row() && other && other->text().trimmed() == name)
                problem = EditorTr::tr("\"%1\" is there already: each name once").arg(name);
        }
    }
    if (problem.isEmpty()) {
        item->setData(kAcceptedRole, name);
        return true;
    }
    // Blocked, not flagged and kept: the name before comes back.
    const bool wasFilling = std::exchange(m_filling, true);
    item->setText(item->data(kAcceptedRole).toString());
    m_filling = wasFilling;
    m_problems->setText(EditorTr::tr("Not taken: %1").arg(problem));
    return false;
}

void KeyValueEditor::validate()
{
    const bool wasFilling = std::exchange(m_filling, true); // colouring is not an edit
    QStringList problems;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        QTableWidgetItem *name = m_table->item(row, NameColumn);
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

void KeyValueEditor::applyMasks()
{
    if (m_table->columnCount() <= SecretColumn)
        return;
    const bool wasFilling = std::exchange(m_filling, true); // masking is not an edit
    if (m_switches) {
        for (int row = 0; row < m_table->rowCount(); ++row) {
            const QTableWidgetItem *on = m_table->item(row, SwitchColumn);
            const bool off = on && on->checkState() != Qt::Checked;
            for (const int column : {int(NameColumn), int(ValueColumn)}) {
                if (QTableWidgetItem *item = m_table->item(row, column)) {
                    item->setForeground(off ? palette().brush(QPalette::Disabled, QPalette::Text) : QBrush());
                    item->setToolTip(off ? EditorTr::tr("Turned off: kept, not sent") : QString());
                }
            }
        }
        m_filling = wasFilling;
        return;
    }
    for (int row = 0; row < m_table->rowCount(); ++row) {
        QTableWidgetItem *value = m_table->item(row, ValueColumn);
        const QTableWidgetItem *secret = m_table->item(row, SecretColumn);
        if (!value)
            continue;
        const bool masked = secret && secret->checkState() == Qt::Checked && !secretsShown();
        value->setData(SecretValueDelegate::MaskedRole, masked);
        // What a screen reader says instead of the value, as it does for a password field.
        value->setData(Qt::AccessibleTextRole,
                       masked ? EditorTr::tr("secret value, hidden") : QVariant());
    }
    m_filling = wasFilling;
}

} // namespace batchlab
