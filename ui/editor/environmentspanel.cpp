// SPDX-License-Identifier: BSD-3-Clause
#include "editor/environmentspanel.h"
#include "editor/editortr.h"

#include "editor/keyvalueeditor.h"
#include "editor/namechecks.h"
#include "editor/requestsetdocument.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QScopedValueRollback>
#include <QSplitter>
#include <QVBoxLayout>

namespace batchlab {

EnvironmentsPanel::EnvironmentsPanel(RequestSetDocument *document, QWidget *parent)
    : QWidget(parent), m_document(document)
{
    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("environmentList"));
    m_list->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    m_list->setToolTip(EditorTr::tr("Each environment (local, staging, production) gives variables their "
                                    "values where it is chosen; its variable overrides the set's own of the "
                                    "same name. Double-click to rename."));
    auto *add = new QPushButton(EditorTr::tr("Add"), this);
    add->setObjectName(QStringLiteral("addEnvironment"));
    m_rename = new QPushButton(EditorTr::tr("Rename"), this);
    m_rename->setObjectName(QStringLiteral("renameEnvironment"));
    m_duplicate = new QPushButton(EditorTr::tr("Duplicate"), this);
    m_duplicate->setObjectName(QStringLiteral("duplicateEnvironment"));
    m_remove = new QPushButton(EditorTr::tr("Remove"), this);
    m_remove->setObjectName(QStringLiteral("removeEnvironment"));
    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("environmentProblem"));
    m_problem->setStyleSheet(QStringLiteral("color: #b00020"));
    m_problem->setWordWrap(true);

    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_list, 1);
    auto *buttons = new QHBoxLayout;
    for (QPushButton *button : {add, m_rename, m_duplicate, m_remove})
        buttons->addWidget(button);
    leftLayout->addLayout(buttons);
    leftLayout->addWidget(m_problem);

    m_variables = new KeyValueEditor(EditorTr::tr("Variable"), EditorTr::tr("Value"), QStringLiteral("name"), this);
    m_variables->setObjectName(QStringLiteral("environmentVariables"));
    m_variables->setNameCheck(checkVariableName);
    m_variables->setUniqueNames(true);
    m_variables->enableSecrets(
        EditorTr::tr("Secret"),
        EditorTr::tr("A secret is saved empty. Before a run it comes from what was typed this session, "
                     "the environment variable BATCHLAB_SECRET_<ENVIRONMENT>_<NAME>, the system's secret "
                     "store, or else Batchlab asks for it once."));

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(left);
    splitter->addWidget(m_variables);
    splitter->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);

    connect(add, &QPushButton::clicked, this, &EnvironmentsPanel::addEnvironment);
    connect(m_rename, &QPushButton::clicked, this, &EnvironmentsPanel::renameSelected);
    connect(m_duplicate, &QPushButton::clicked, this, &EnvironmentsPanel::duplicateSelected);
    connect(m_remove, &QPushButton::clicked, this, &EnvironmentsPanel::removeSelected);
    connect(m_list, &QListWidget::currentRowChanged, this, &EnvironmentsPanel::showVariables);
    connect(m_list, &QListWidget::itemChanged, this, [this](QListWidgetItem *item) {
        if (m_filling)
            return;
        // Taken after the list's editor is done with the item: applying it refills the list.
        const int row = m_list->row(item);
        const QString name = item->text();
        QMetaObject::invokeMethod(this, [this, row, name] { rename(row, name); }, Qt::QueuedConnection);
    });
    connect(m_variables, &KeyValueEditor::edited, this, &EnvironmentsPanel::commitVariables);
    connect(document, &RequestSetDocument::environmentsChanged, this, &EnvironmentsPanel::refresh);
    // Secrets shown for one set are hidden again for the next one.
    connect(document, &RequestSetDocument::wasReset, m_variables, [this] { m_variables->setSecretsShown(false); });
    refresh();
}

QString EnvironmentsPanel::problem() const
{
    return m_problem->text();
}

void EnvironmentsPanel::refresh()
{
    const QScopedValueRollback<bool> filling(m_filling, true);
    const QList<Environment> &environments = m_document->set().environments;
    const int row = qBound(environments.isEmpty() ? -1 : 0, m_list->currentRow(), int(environments.size()) - 1);
    {
        const QSignalBlocker blocker(m_list);
        m_list->clear();
        for (const Environment &e : environments) {
            auto *item = new QListWidgetItem(e.name, m_list);
            item->setFlags(item->flags() | Qt::ItemIsEditable);
            if (e.name == m_document->set().environment) {
                QFont bold = item->font();
                bold.setBold(true);
                item->setFont(bold);
                item->setToolTip(EditorTr::tr("The environment in use"));
            }
        }
        m_list->setCurrentRow(row);
    }
    showVariables();
}

void EnvironmentsPanel::showVariables()
{
    const int row = m_list->currentRow();
    const QList<Environment> &environments = m_document->set().environments;
    const bool valid = row >= 0 && row < environments.size();
    m_rename->setEnabled(valid);
    m_duplicate->setEnabled(valid);
    m_remove->setEnabled(valid);
    m_variables->setEnabled(valid);
    KeyValueEditor::Rows rows;
    if (valid) {
        for (const Variable &v : environments.at(row).variables)
            rows.append({v.name, v.value, v.secret});
    }
    m_variables->setRows(rows);
}

void EnvironmentsPanel::commitVariables()
{
    const int row = m_list->currentRow();
    QList<Environment> environments = m_document->set().environments;
    if (row < 0 || row >= environments.size())
        return;
    QList<Variable> variables;
    for (const KeyValueEditor::Row &r : m_variables->rows())
        variables.append({r.name, r.value, r.secret});
    environments[row].variables = variables;
    m_document->setEnvironments(environments, m_document->set().environment,
                                EditorTr::tr("Edit variables of %1").arg(environments.at(row).name));
}

QString EnvironmentsPanel::freeName(const QString &base) const
{
    const QList<Environment> &environments = m_document->set().environments;
    const auto taken = [&environments](const QString &name) {
        return std::any_of(environments.cbegin(), environments.cend(), [&name](const Environment &e) { return e.name == name; });
    };
    QString name = base;
    for (int n = 2; taken(name); ++n)
        name = base + u' ' + QString::number(n);
    return name;
}

void EnvironmentsPanel::addEnvironment()
{
    QList<Environment> environments = m_document->set().environments;
    // The first one is where Batchlab runs by default: the sandbox on this machine.
    Environment added{freeName(environments.isEmpty() ? QStringLiteral("local") : EditorTr::tr("new environment")), {}};
    environments.append(added);
    m_problem->clear();
    m_document->setEnvironments(environments, m_document->set().environment,
                                EditorTr::tr("Add environment %1").arg(added.name));
    m_list->setCurrentRow(int(environments.size()) - 1);
}

void EnvironmentsPanel::renameSelected()
{
    if (QListWidgetItem *item = m_list->currentItem())
        m_list->editItem(item);
}

void EnvironmentsPanel::rename(int row, const QString &typed)
{
    QList<Environment> environments = m_document->set().environments;
    if (row < 0 || row >= environments.size())
        return;
    const QString name = typed.trimmed();
    const QString old = environments.at(row).name;
    if (name == old) {
        refresh();
        return;
    }
    QString problem;
    if (name.isEmpty())
        problem = EditorTr::tr("An environment needs a name.");
    else if (freeName(name) != name)
        problem = EditorTr::tr("There is already an environment \"%1\".").arg(name);
    if (!problem.isEmpty()) {
        m_problem->setText(EditorTr::tr("Not renamed: %1").arg(problem));
        refresh(); // the name before comes back
        return;
    }
    m_problem->clear();
    environments[row].name = name;
    // The active environment keeps being used under its new name.
    const QString active = m_document->set().environment == old ? name : m_document->set().environment;
    m_document->setEnvironments(environments, active, EditorTr::tr("Rename environment %1 to %2").arg(old, name));
}

void EnvironmentsPanel::duplicateSelected()
{
    const int row = m_list->currentRow();
    QList<Environment> environments = m_document->set().environments;
    if (row < 0 || row >= environments.size())
        return;
    Environment copy = environments.at(row);
    copy.name = freeName(EditorTr::tr("%1 copy").arg(copy.name));
    environments.insert(row + 1, copy);
    m_problem->clear();
    m_document->setEnvironments(environments, m_document->set().environment,
                                EditorTr::tr("Duplicate environment %1").arg(environments.at(row).name));
    m_list->setCurrentRow(row + 1);
}

void EnvironmentsPanel::removeSelected()
{
    const int row = m_list->currentRow();
    QList<Environment> environments = m_document->set().environments;
    if (row < 0 || row >= environments.size())
        return;
    const QString name = environments.takeAt(row).name;
    // Removing the one in use leaves none in use, in the same undo step.
    const QString active = m_document->set().environment == name ? QString() : m_document->set().environment;
    m_problem->clear();
    m_document->setEnvironments(environments, active, EditorTr::tr("Remove environment %1").arg(name));
}

} // namespace batchlab
