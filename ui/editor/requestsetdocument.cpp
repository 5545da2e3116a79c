// SPDX-License-Identifier: BSD-3-Clause
#include "editor/requestsetdocument.h"
#include "editor/editortr.h"
#include "editor/environmentcommand.h"

#include "runs/requestorder.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QSet>
#include <QUndoCommand>
#include <QUndoStack>

#include <algorithm>

namespace batchlab {

namespace {

// Typing in the body: consecutive edits of one request's body make one undo step.
constexpr int kTypingId = 1;

class SetItemCommand : public QUndoCommand
{
public:
    SetItemCommand(RequestSetDocument *doc, int row, RequestItem after, bool typing = false,
                   QUndoCommand *parent = nullptr)
        : QUndoCommand(parent), m_doc(doc), m_row(row), m_before(doc->set().requests.at(row)), m_after(std::move(after)),
          m_typing(typing)
    {
        setText(typing ? EditorTr::tr("Edit body of %1").arg(m_after.name)
                       : EditorTr::tr("Edit %1").arg(m_after.name));
    }
    void undo() override { m_doc->applySetItem(m_row, m_before); }
    void redo() override { m_doc->applySetItem(m_row, m_after); }
    int id() const override { return m_typing ? kTypingId : -1; }
    bool mergeWith(const QUndoCommand *other) override
    {
        const auto *next = static_cast<const SetItemCommand *>(other);
        if (next->m_row != m_row)
            return false;
        m_after = next->m_after;
        setObsolete(m_after == m_before);
        return true;
    }

private:
    RequestSetDocument *m_doc;
    int m_row;
    RequestItem m_before;
    RequestItem m_after;
    bool m_typing;
};

class InsertCommand : public QUndoCommand
{
public:
    InsertCommand(RequestSetDocument *doc, int row, QList<RequestItem> items, const QString &text)
        : m_doc(doc), m_row(row), m_items(std::move(items))
    {
        setText(text);
    }
    void undo() override { m_doc->applyRemove(m_row, int(m_items.size())); }
    void redo() override { m_doc->applyInsert(m_row, m_items); }

private:
    RequestSetDocument *m_doc;
    int m_row;
    QList<RequestItem> m_items;
};

/// Removes one contiguous run of rows.
class RemoveCommand : public QUndoCommand
{
public:
    RemoveCommand(RequestSetDocument *doc, int row, int count, QUndoCommand *parent)
        : QUndoCommand(parent), m_doc(doc), m_row(row), m_items(doc->set().requests.mid(row, count))
    {
    }
    void undo() override { m_doc->applyInsert(m_row, m_items); }
    void redo() override { m_doc->applyRemove(m_row, int(m_items.size())); }

private:
    RequestSetDocument *m_doc;
    int m_row;
    QList<RequestItem> m_items;
};

class MoveCommand : public QUndoCommand
{
public:
    MoveCommand(RequestSetDocument *doc, int from, int to) : m_doc(doc), m_from(from), m_to(to)
    {
        setText(EditorTr::tr("Move request"));
    }
    void undo() override { m_doc->applyMove(m_to, m_from); }
    void redo() override { m_doc->applyMove(m_from, m_to); }

private:
    RequestSetDocument *m_doc;
    int m_from;
    int m_to;
};

class VariablesCommand : public QUndoCommand
{
public:
    VariablesCommand(RequestSetDocument *doc, QList<Variable> after)
        : m_doc(doc), m_before(doc->set().variables), m_after(std::move(after))
    {
        setText(EditorTr::tr("Edit variables"));
    }
    void undo() override { m_doc->applyVariables(m_before); }
    void redo() override { m_doc->applyVariables(m_after); }

private:
    RequestSetDocument *m_doc;
    QList<Variable> m_before;
    QList<Variable> m_after;
};

class TargetCommand : public QUndoCommand
{
public:
    TargetCommand(RequestSetDocument *doc, std::optional<TargetSpec> after)
        : m_doc(doc), m_before(doc->set().target), m_after(std::move(after))
    {
        // Name the step by what changed: the headers alone, or where the set runs.
        TargetSpec was = m_before.value_or(TargetSpec());
        const TargetSpec will = m_after.value_or(TargetSpec());
        const bool headersChanged = was.headers != will.headers;
        was.headers = will.headers;
        const bool onlyHeaders = headersChanged && was == will;
        setText(onlyHeaders ? EditorTr::tr("Edit target headers") : EditorTr::tr("Change target"));
    }
    void undo() override { m_doc->applyTarget(m_before); }
    void redo() override { m_doc->applyTarget(m_after); }

private:
    RequestSetDocument *m_doc;
    std::optional<TargetSpec> m_before;
    std::optional<TargetSpec> m_after;
};

class DescriptionCommand : public QUndoCommand
{
public:
    DescriptionCommand(RequestSetDocument *doc, QString after)
        : m_doc(doc), m_before(doc->set().description), m_after(std::move(after))
    {
        setText(EditorTr::tr("Edit description"));
    }
    void undo() override { m_doc->applyDescription(m_before); }
    void redo() override { m_doc->applyDescription(m_after); }
    // Typing goes in as one step, as the body's does.
    int id() const override { return kDescriptionId; }
    bool mergeWith(const QUndoCommand *other) override
    {
        m_after = static_cast<const DescriptionCommand *>(other)->m_after;
        setObsolete(m_after == m_before);
        return true;
    }

private:
    static constexpr int kDescriptionId = 0x64657363; // "desc"
    RequestSetDocument *m_doc;
    QString m_before;
    QString m_after;
};

/// An id for a request that has none, readable in the file: its name in lower case with
/// dashes ("create order" → "create-order"), made unique with a number.
QString makeId(const QString &name, const QSet<QString> &taken)
{
    static const QRegularExpression notWord(QStringLiteral("[^\\p{L}\\p{N}]+"));
    QString base = name.toLower().replace(notWord, QStringLiteral("-"));
    while (base.startsWith(u'-'))
        base.remove(0, 1);
    while (base.endsWith(u'-'))
        base.chop(1);
    if (base.isEmpty())
        base = QStringLiteral("request");
    QString id = base;
    for (int n = 2; taken.contains(id); ++n)
        id = base + u'-' + QString::number(n);
    return id;
}

QSet<QString> idsOf(const QList<RequestItem> &requests)
{
    QSet<QString> ids;
    for (const RequestItem &item : requests) {
        if (!item.id.isEmpty())
            ids.insert(item.id);
    }
    return ids;
}

} // namespace

RequestSetDocument::RequestSetDocument(QObject *parent) : QObject(parent), m_undo(new QUndoStack(this))
{
    connect(m_undo, &QUndoStack::cleanChanged, this, [this](bool clean) {
        if (!m_settingsModified)
            Q_EMIT modifiedChanged(!clean);
    });
}

bool RequestSetDocument::isModified() const
{
    return !m_undo->isClean() || m_settingsModified;
}

void RequestSetDocument::setSettingsModified(bool modified)
{
    if (modified == m_settingsModified)
        return;
    const bool before = isModified();
    m_settingsModified = modified;
    if (isModified() != before)
        Q_EMIT modifiedChanged(isModified());
}

void RequestSetDocument::setRunSettings(const RequestSet &from)
{
    m_set.batch = from.batch;
    m_set.retry = from.retry;
    m_set.breaker = from.breaker;
    m_set.cache = from.cache;
    m_set.plan = from.plan;
    m_set.sandbox = from.sandbox;
}

void RequestSetDocument::setItem(int row, const RequestItem &item)
{
    if (row < 0 || row >= m_set.requests.size() || m_set.requests.at(row) == item)
        return;
    m_undo->push(new SetItemCommand(this, row, item));
}

void RequestSetDocument::editBody(int row, const QString &body)
{
    if (row < 0 || row >= m_set.requests.size() || m_set.requests.at(row).body == body)
        return;
    RequestItem item = m_set.requests.at(row);
    item.body = body;
    m_undo->push(new SetItemCommand(this, row, std::move(item), true));
}

void RequestSetDocument::insertItems(int row, const QList<RequestItem> &items)
{
    if (items.isEmpty())
        return;
    row = qBound(0, row, int(m_set.requests.size()));
    QSet<QString> taken = idsOf(m_set.requests);
    QList<RequestItem> inserted = items;
    for (RequestItem &item : inserted) {
        if (taken.contains(item.id))
            item.id.clear(); // a copy: what depends on the original still does
        else if (!item.id.isEmpty())
            taken.insert(item.id);
    }
    m_undo->push(new InsertCommand(this, row, inserted, items.size() == 1 ? EditorTr::tr("Add request") : EditorTr::tr("Add %1 requests").arg(items.size())));
}

void RequestSetDocument::removeRows(QList<int> rows)
{
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    rows.removeIf([this](int row) { return row < 0 || row >= m_set.requests.size(); });
    if (rows.isEmpty())
        return;
    // One undo step for the whole selection; runs are removed from the bottom up so that the
    // row numbers of the others stay true.
    auto *macro = new QUndoCommand(rows.size() == 1 ? EditorTr::tr("Delete request") : EditorTr::tr("Delete %1 requests").arg(rows.size()));
    // First the requests that stay forget the ones that go (on undo, they come back first).
    QSet<QString> gone;
    const QSet<int> removed(rows.cbegin(), rows.cend());
    for (const int row : std::as_const(rows)) {
        if (!m_set.requests.at(row).id.isEmpty())
            gone.insert(m_set.requests.at(row).id);
    }
    for (qsizetype row = 0; !gone.isEmpty() && row < m_set.requests.size(); ++row) {
        RequestItem item = m_set.requests.at(row);
        if (removed.contains(int(row))
            || item.dependsOn.removeIf([&gone](const QString &id) { return gone.contains(id); }) == 0)
            continue;
        new SetItemCommand(this, int(row), std::move(item), false, macro);
    }
    for (qsizetype end = rows.size(); end > 0;) {
        qsizetype start = end - 1;
        while (start > 0 && rows.at(start - 1) == rows.at(start) - 1)
            --start;
        new RemoveCommand(this, rows.at(start), int(end - start), macro);
        end = start;
    }
    m_undo->push(macro);
}

bool RequestSetDocument::moveRow(int from, int to, QString *why)
{
    const int size = int(m_set.requests.size());
    if (from == to || from < 0 || to < 0 || from >= size || to >= size)
        return false;
    // Dependencies point to earlier requests (the run sends in order): the ones the move
    // would turn around must be removed first, by the user, who then knows.
    const RequestItem &moving = m_set.requests.at(from);
    for (int row = qMin(from, to); row <= qMax(from, to); ++row) {
        if (row == from)
            continue;
        const RequestItem &other = m_set.requests.at(row);
        const bool up = to < from;
        const bool turned = up ? !other.id.isEmpty() && moving.dependsOn.contains(other.id)
                               : !moving.id.isEmpty() && other.dependsOn.contains(moving.id);
        if (!turned)
            continue;
        if (why) {
            *why = up ? EditorTr::tr("\"%1\" runs after \"%2\", so it cannot move above it; remove that "
                                     "dependency first")
                            .arg(label(from), label(row))
                      : EditorTr::tr("\"%1\" runs after \"%2\", so \"%2\" cannot move below it; remove "
                                     "that dependency first")
                            .arg(label(row), label(from));
        }
        return false;
    }
    m_undo->push(new MoveCommand(this, from, to));
    return true;
}

bool RequestSetDocument::setGroup(int row, const QString &group, QString *why)
{
    if (row < 0 || row >= m_set.requests.size())
        return false;
    RequestItem item = m_set.requests.at(row);
    item.group = group.trimmed();
    if (item == m_set.requests.at(row))
        return true;
    QList<RequestItem> after = m_set.requests;
    after[row] = item;
    // Refused only for what this edit would cause, not for a problem the set already had.
    const RequestOrder::Problem problem = RequestOrder(after).problem();
    if (problem.isProblem() && !RequestOrder(m_set.requests).problem().isProblem()) {
        if (why)
            *why = EditorTr::tr("Not in change set \"%1\": request %2 (%3): %4")
                       .arg(item.group)
                       .arg(problem.request + 1)
                       .arg(label(problem.request), problem.message);
        return false;
    }
    auto *command = new SetItemCommand(this, row, item);
    command->setText(item.group.isEmpty()
                         ? EditorTr::tr("Take \"%1\" out of its change set").arg(label(row))
                         : EditorTr::tr("Put \"%1\" in change set \"%2\"").arg(label(row), item.group));
    m_undo->push(command);
    return true;
}

bool RequestSetDocument::setDependencies(int row, const QList<int> &rows, QString *why)
{
    if (row < 0 || row >= m_set.requests.size())
        return false;
    const std::vector<bool> waiting = RequestOrder(m_set.requests).waitingFor(row);
    QSet<QString> taken = idsOf(m_set.requests);
    auto *macro = new QUndoCommand(EditorTr::tr("Set what \"%1\" runs after").arg(label(row)));
    RequestItem item = m_set.requests.at(row);
    item.dependsOn.clear();
    for (const int needed : rows) {
        QString problem;
        if (needed < 0 || needed >= row)
            problem = EditorTr::tr("\"%1\" can only run after a request above it").arg(label(row));
        else if (waiting[size_t(needed)])
            problem = EditorTr::tr("\"%1\" already waits for \"%2\" through a change set: that change set "
                                   "would wait for itself")
                          .arg(label(needed), label(row));
        if (!problem.isEmpty()) {
            delete macro;
            if (why)
                *why = problem;
            return false;
        }
        QString id = m_set.requests.at(needed).id;
        if (id.isEmpty()) {
            RequestItem named = m_set.requests.at(needed);
            id = named.id = makeId(named.name, taken);
            taken.insert(id);
            new SetItemCommand(this, needed, std::move(named), false, macro);
        }
        if (!item.dependsOn.contains(id))
            item.dependsOn.append(id);
    }
    if (item == m_set.requests.at(row) && macro->childCount() == 0) {
        delete macro;
        return true;
    }
    new SetItemCommand(this, row, std::move(item), false, macro);
    m_undo->push(macro);
    return true;
}

QStringList RequestSetDocument::groups() const
{
    QStringList out;
    for (const RequestItem &item : m_set.requests) {
        if (!item.group.isEmpty() && !out.contains(item.group))
            out.append(item.group);
    }
    out.sort(Qt::CaseInsensitive);
    return out;
}

QString RequestSetDocument::label(int row) const
{
    if (row < 0 || row >= m_set.requests.size())
        return {};
    const QString &name = m_set.requests.at(row).name;
    return name.trimmed().isEmpty() ? EditorTr::tr("request %1").arg(row + 1) : name;
}

void RequestSetDocument::duplicateRows(const QList<int> &rows)
{
    QList<int> sorted = rows;
    std::sort(sorted.begin(), sorted.end());
    QList<RequestItem> copies;
    for (int row : std::as_const(sorted)) {
        if (row >= 0 && row < m_set.requests.size()) {
            copies.append(m_set.requests.at(row));
            copies.last().id.clear(); // ids are unique: what depends on the original still does
        }
    }
    if (!copies.isEmpty())
        m_undo->push(new InsertCommand(this, sorted.last() + 1, copies, copies.size() == 1 ? EditorTr::tr("Duplicate request") : EditorTr::tr("Duplicate %1 requests").arg(copies.size())));
}

void RequestSetDocument::repeatRows(const QList<int> &rows, int times)
{
    QList<RequestItem> copies;
    for (int t = 0; t < times; ++t) {
        for (int row : rows) {
            if (row >= 0 && row < m_set.requests.size()) {
                copies.append(m_set.requests.at(row));
                copies.last().id.clear();
            }
        }
    }
    if (!copies.isEmpty())
        m_undo->push(new InsertCommand(this, int(m_set.requests.size()), copies,
                                       EditorTr::tr("Repeat ×%1").arg(times)));
}

void RequestSetDocument::setVariables(const QList<Variable> &variables)
{
    if (variables != m_set.variables)
        m_undo->push(new VariablesCommand(this, variables));
}

void RequestSetDocument::setEnvironments(const QList<Environment> &environments, const QString &active,
                                         const QString &text)
{
    if (environments != m_set.environments || active != m_set.environment)
        m_undo->push(new EnvironmentCommand(this, environments, active, text));
}

void RequestSetDocument::setEnvironment(const QString &name)
{
    if (name == m_set.environment)
        return;
    setEnvironments(m_set.environments, name,
                    name.isEmpty() ? EditorTr::tr("Use no environment") : EditorTr::tr("Use environment %1").arg(name));
}

void RequestSetDocument::applyEnvironments(const QList<Environment> &environments, const QString &active)
{
    m_set.environments = environments;
    m_set.environment = active;
    Q_EMIT environmentsChanged();
}

void RequestSetDocument::setTarget(const std::optional<TargetSpec> &target)
{
    if (m_set.target == target)
        return;
    m_undo->push(new TargetCommand(this, target));
}

void RequestSetDocument::setDescription(const QString &description)
{
    if (m_set.description != description)
        m_undo->push(new DescriptionCommand(this, description));
}

void RequestSetDocument::applyDescription(const QString &description)
{
    m_set.description = description;
    Q_EMIT descriptionChanged();
}

void RequestSetDocument::setBatch(const std::optional<BatchConfig> &batch)
{
    // Batch settings travel with the file but are tuned live, not edited: no undo step.
    m_set.batch = batch;
}

void RequestSetDocument::reset(const RequestSet &set, const QString &filePath)
{
    Q_EMIT aboutToReset();
    m_set = set;
    m_undo->clear();
    m_undo->setClean();
    setSettingsModified(false);
    Q_EMIT wasReset();
    Q_EMIT variablesChanged();
    Q_EMIT descriptionChanged();
    Q_EMIT environmentsChanged();
    if (filePath != m_filePath) {
        m_filePath = filePath;
        Q_EMIT filePathChanged(filePath);
    }
}

bool RequestSetDocument::load(const QString &path, FileError *error)
{
    RequestSet loaded;
    if (!RequestSetFile::load(path, &loaded, error))
        return false;
    reset(loaded, path);
    return true;
}

bool RequestSetDocument::save(const QString &path, FileError *error)
{
    if (!RequestSetFile::save(path, m_set, error))
        return false;
    m_undo->setClean();
    setSettingsModified(false);
    if (path != m_filePath) {
        m_filePath = path;
        Q_EMIT filePathChanged(path);
    }
    return true;
}

void RequestSetDocument::applySetItem(int row, const RequestItem &item)
{
    m_set.requests[row] = item;
    Q_EMIT itemChanged(row);
}

void RequestSetDocument::applyInsert(int row, const QList<RequestItem> &items)
{
    Q_EMIT aboutToInsert(row, int(items.size()));
    for (qsizetype i = 0; i < items.size(); ++i)
        m_set.requests.insert(row + i, items.at(i));
    Q_EMIT inserted();
}

void RequestSetDocument::applyRemove(int row, int count)
{
    Q_EMIT aboutToRemove(row, count);
    m_set.requests.remove(row, count);
    Q_EMIT removed();
}

void RequestSetDocument::applyMove(int from, int to)
{
    Q_EMIT aboutToMove(from, to);
    m_set.requests.move(from, to);
    Q_EMIT moved();
}

void RequestSetDocument::applyVariables(const QList<Variable> &variables)
{
    m_set.variables = variables;
    Q_EMIT variablesChanged();
}

void RequestSetDocument::applyTarget(const std::optional<TargetSpec> &target)
{
    m_set.target = target;
    Q_EMIT targetChanged();
}

} // namespace batchlab
