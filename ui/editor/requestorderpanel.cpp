// SPDX-License-Identifier: BSD-3-Clause
#include "editor/requestorderpanel.h"
#include "editor/editortr.h"

#include "editor/requestsetdocument.h"
#include "editor/requestsetmodel.h"
#include "runs/requestorder.h"
#include "wire/serverprofile.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QHBoxLayout>
#include <QListWidget>
#include <QPainter>
#include <QPixmap>
#include <QScrollBar>

namespace batchlab {

namespace {

constexpr int kRowRole = Qt::UserRole;

/// The change set's swatch, as the table shows it beside its label.
QIcon swatch(const QColor &colour, int size)
{
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    if (colour.isValid()) {
        QPainter painter(&pixmap);
        painter.fillRect(QRect(1, 1, size - 2, size - 2), colour);
    }
    return QIcon(pixmap);
}

} // namespace

RequestOrderPanel::RequestOrderPanel(RequestSetDocument *document, QWidget *parent)
    : QWidget(parent), m_document(document)
{
    auto *intro = new QLabel(
        EditorTr::tr("Requests with the same change set go in one batch and take effect all or none. "
                     "A request is sent only after the ones it runs after succeeded in the same "
                     "iteration; if one of them fails, it is not sent."),
        this);
    intro->setWordWrap(true);
    m_group = new QComboBox(this);
    m_group->setObjectName(QStringLiteral("groupCombo"));
    m_group->setEditable(true);
    m_group->setInsertPolicy(QComboBox::NoInsert);
    m_group->lineEdit()->setPlaceholderText(EditorTr::tr("none"));
    m_group->setToolTip(EditorTr::tr("Pick a change set, type a new label to start one, or clear it "
                                     "to take the request out."));
    m_group->setMinimumContentsLength(16);
    m_dependencies = new QListWidget(this);
    m_dependencies->setObjectName(QStringLiteral("dependencyList"));
    m_dependencies->setToolTip(EditorTr::tr("The requests above this one that it needs."));
    m_note = new QLabel(this);
    m_note->setObjectName(QStringLiteral("orderNote"));
    m_note->setWordWrap(true);
    m_note->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *form = new QFormLayout(this);
    form->addRow(intro);
    // A label is a word or two: the field does not need the whole width.
    auto *groupRow = new QHBoxLayout;
    groupRow->addWidget(m_group);
    groupRow->addStretch(1);
    form->addRow(EditorTr::tr("Change set:"), groupRow);
    form->addRow(EditorTr::tr("Runs after:"), m_dependencies);
    form->addRow(m_note);

    // Committed from the event loop, with the row and the values of the moment: the edit
    // rebuilds these lists, which must not happen under the signal of one of their items,
    // and a click on another row must not move the edit there.
    const auto groupEdited = [this] {
        if (m_refreshing)
            return;
        QMetaObject::invokeMethod(
            this, [this, row = m_row, text = m_group->currentText()] { commitGroup(row, text); }, Qt::QueuedConnection);
    };
    connect(m_group->lineEdit(), &QLineEdit::editingFinished, this, groupEdited);
    connect(m_group, &QComboBox::activated, this, groupEdited);
    connect(m_dependencies, &QListWidget::itemChanged, this, [this] {
        if (m_refreshing)
            return;
        QList<int> rows;
        for (int i = 0; i < m_dependencies->count(); ++i) {
            const QListWidgetItem *entry = m_dependencies->item(i);
            if (entry->checkState() == Qt::Checked && entry->data(kRowRole).isValid())
                rows.append(entry->data(kRowRole).toInt());
        }
        QMetaObject::invokeMethod(
            this, [this, row = m_row, rows] { commitDependencies(row, rows); }, Qt::QueuedConnection);
    });
    // Another row's edit can change this one's lists (a rename, a change set, a move).
    for (auto signal : {&RequestSetDocument::inserted, &RequestSetDocument::removed, &RequestSetDocument::moved,
                        &RequestSetDocument::wasReset, &RequestSetDocument::targetChanged})
        connect(document, signal, this, &RequestOrderPanel::refreshLater);
    connect(document, &RequestSetDocument::itemChanged, this, &RequestOrderPanel::refreshLater);
}

void RequestOrderPanel::setRow(int row)
{
    m_row = row;
    refreshLater();
}

QString RequestOrderPanel::note() const
{
    return m_note->text();
}

void RequestOrderPanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_stale)
        refresh();
}

void RequestOrderPanel::refreshLater()
{
    // A list of thousands of requests is not rebuilt for every keystroke in a body while
    // nobody looks at it.
    m_stale = true;
    if (isVisible())
        refresh();
}

void RequestOrderPanel::refresh()
{
    m_stale = false;
    m_refreshing = true;
    const RequestSet &set = m_document->set();
    const bool valid = m_row >= 0 && m_row < set.requests.size();
    setEnabled(valid);
    {
        const QSignalBlocker blocker(m_group);
        m_group->clear();
        m_group->addItem(QString());
        m_group->addItems(m_document->groups());
        m_group->setCurrentText(valid ? set.requests.at(m_row).group : QString());
    }
    const QSignalBlocker blocker(m_dependencies);
    // Rebuilt after each check: the place in a long list stays where the user was.
    const bool same = m_builtRow == m_row;
    const int scrolled = same ? m_dependencies->verticalScrollBar()->value() : 0;
    const int current = same ? m_dependencies->currentRow() : -1;
    m_builtRow = m_row;
    const int iconSize = m_dependencies->fontMetrics().height() - 4;
    m_dependencies->setIconSize(QSize(iconSize, iconSize));
    m_dependencies->clear();
    if (valid) {
        const RequestItem &item = set.requests.at(m_row);
        const std::vector<bool> waiting = RequestOrder(set.requests).waitingFor(m_row);
        for (int row = 0; row < m_row; ++row) {
            const RequestItem &other = set.requests.at(row);
            QString text = EditorTr::tr("%1. %2 — %3 %4").arg(row + 1).arg(m_document->label(row), other.method, other.url);
            if (!other.group.isEmpty())
                text += EditorTr::tr("  [change set %1]").arg(other.group);
            if (!other.enabled)
                text += EditorTr::tr("  (off)");
            auto *entry = new QListWidgetItem(text, m_dependencies);
            entry->setData(kRowRole, row);
            // Blank for no change set, so that every entry's text starts in one column.
            entry->setIcon(swatch(RequestSetModel::groupColor(m_document, other.group), iconSize));
            const bool checked = !other.id.isEmpty() && item.dependsOn.contains(other.id);
            entry->setCheckState(checked ? Qt::Checked : Qt::Unchecked);
            if (waiting[size_t(row)] && !checked) {
                entry->setFlags(entry->flags() & ~Qt::ItemIsEnabled);
                entry->setToolTip(EditorTr::tr("\"%1\" already waits for this request through a change set: "
                                               "running after it would make that change set wait for itself.")
                                      .arg(m_document->label(row)));
            }
        }
        if (m_row == 0) {
            auto *none = new QListWidgetItem(EditorTr::tr("Nothing: this is the first request."), m_dependencies);
            none->setFlags(Qt::NoItemFlags);
        }
        if (current >= 0)
            m_dependencies->setCurrentRow(qMin(current, m_dependencies->count() - 1), QItemSelectionModel::NoUpdate);
        m_dependencies->verticalScrollBar()->setValue(scrolled);
    }
    m_note->setText(explain());
    m_refreshing = false;
}

QString RequestOrderPanel::explain() const
{
    const RequestSet &set = m_document->set();
    if (m_row < 0 || m_row >= set.requests.size())
        return {};
    const RequestItem &item = set.requests.at(m_row);
    QStringList notes;
    QStringList members;
    bool dependsWithin = false;
    for (int row = 0; row < set.requests.size(); ++row) {
        const RequestItem &other = set.requests.at(row);
        if (item.group.isEmpty() || other.group != item.group)
            continue;
        members.append(m_document->label(row));
        if (!other.id.isEmpty() && item.dependsOn.contains(other.id))
            dependsWithin = true;
    }
    if (!members.isEmpty())
        notes.append(EditorTr::tr("Change set \"%1\": %2.").arg(item.group, members.join(QStringLiteral(", "))));
    // What the target's batch format cannot carry, said here rather than by a failed run.
    const ServerProfile *profile = ServerProfile::find(set.target.value_or(TargetSpec()).profile);
    if (profile && profile->format == BatchFormat::JsonRpc && !item.group.isEmpty())
        notes.append(EditorTr::tr("%1 has no change sets: a run fails its calls unsent.").arg(profile->name));
    else if (profile && profile->format == BatchFormat::Multipart && dependsWithin)
        notes.append(EditorTr::tr("%1 sends a change set as multipart parts that may run in any order, so "
                                  "a request cannot run after another of its own change set: a run fails "
                                  "this change set unsent. The JSON batch format (OData 4.01) can say it.")
                         .arg(profile->name));
    return notes.join(u'\n');
}

void RequestOrderPanel::commitGroup(int row, const QString &group)
{
    QString why;
    if (row < 0 || row >= m_document->set().requests.size() || m_document->setGroup(row, group, &why))
        return;
    if (row == m_row) {
        const QSignalBlocker blocker(m_group);
        m_group->setCurrentText(m_document->set().requests.at(row).group);
        m_note->setText(why);
    }
    Q_EMIT refused(why);
}

void RequestOrderPanel::commitDependencies(int row, const QList<int> &rows)
{
    QString why;
    if (row < 0 || row >= m_document->set().requests.size() || m_document->setDependencies(row, rows, &why))
        return;
    if (row == m_row) {
        refresh();
        m_note->setText(why);
    }
    Q_EMIT refused(why);
}

} // namespace batchlab
