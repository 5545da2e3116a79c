// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "runs/requestset.h"
#include "runs/requestsetfile.h"

#include <QObject>

class QUndoStack;

namespace batchlab {

/// The request set open in the workbench: its contents, its file, and the undo history of
/// every edit. Every change goes through the undo stack; views listen to the signals.
class RequestSetDocument : public QObject
{
    Q_OBJECT

public:
    explicit RequestSetDocument(QObject *parent = nullptr);

    const RequestSet &set() const { return m_set; }
    QUndoStack *undoStack() const { return m_undo; }
    QString filePath() const { return m_filePath; }
    bool isModified() const;

    void setItem(int row, const RequestItem &item);
    /// Typing in a body: recorded at once, and merged with the previous keystrokes of the
    /// same body into one undo step, so nothing typed waits for a focus change to be kept.
    void editBody(int row, const QString &body);
    /// Inserted items keep no id another request already has.
    void insertItems(int row, const QList<RequestItem> &items);
    /// Requests that depended on a removed one lose that dependency, in the same undo step.
    void removeRows(QList<int> rows);
    /// False, with `why`, when the request would then come before one it depends on, or after
    /// one that depends on it: the dependency has to go first.
    bool moveRow(int from, int to, QString *why = nullptr);
    void duplicateRows(const QList<int> &rows);
    /// Appends `times` copies of each row: identical calls that exercise de-duplication.
    void repeatRows(const QList<int> &rows, int times);
    /// Puts the request at `row` in change set `group` (trimmed; empty for none). False, with
    /// `why`, when that change set would then wait for itself (RequestOrder).
    bool setGroup(int row, const QString &group, QString *why = nullptr);
    /// The requests the one at `row` depends on, by row: each must come before it and keep
    /// every change set free of waiting for itself (RequestOrder::waitingFor()). Those without
    /// an id get one made from their name, in the same undo step. False, with `why`, and
    /// nothing changed when one of them cannot be.
    bool setDependencies(int row, const QList<int> &rows, QString *why = nullptr);
    /// The change sets in use, sorted.
    QStringList groups() const;
    /// The name of the request at `row` as the editor shows it in lists: its name, or
    /// "request 3" when it has none.
    QString label(int row) const;
    void setVariables(const QList<Variable> &variables);
    /// What the set is for, in words; typing in a row is one undo step.
    void setDescription(const QString &description);
    /// Replaces the environments and the active one's name, as one undo step named `text`.
    void setEnvironments(const QList<Environment> &environments, const QString &active, const QString &text);
    /// Makes `name` the active environment (empty: none), as one undo step: the next Send or
    /// run resolves its variables with it.
    void setEnvironment(const QString &name);
    /// No target means the built-in sandbox.
    void setTarget(const std::optional<TargetSpec> &target);
    void setBatch(const std::optional<BatchConfig> &batch);
    /// Takes every settings block of `from` (batch, retry, breaker, cache, plan, sandbox):
    /// the settings are tuned live, not edited, so this is no undo step.
    void setRunSettings(const RequestSet &from);
    /// The live settings no longer match the set's (RunSetup::differsFrom): the set counts as
    /// modified until it is saved or replaced.
    void setSettingsModified(bool modified);

    /// Replaces the whole set (new or loaded): clears the history, marks it unmodified.
    void reset(const RequestSet &set, const QString &filePath = {});
    /// On failure the open set is untouched and `error` says where and why.
    bool load(const QString &path, FileError *error);
    bool save(const QString &path, FileError *error);

    // The raw operations the undo commands apply; they only emit signals.
    void applySetItem(int row, const RequestItem &item);
    void applyInsert(int row, const QList<RequestItem> &items);
    void applyRemove(int row, int count);
    void applyMove(int from, int to);
    void applyVariables(const QList<Variable> &variables);
    void applyTarget(const std::optional<TargetSpec> &target);
    void applyDescription(const QString &description);
    void applyEnvironments(const QList<Environment> &environments, const QString &active);

Q_SIGNALS:
    void aboutToReset();
    void wasReset();
    void itemChanged(int row);
    void aboutToInsert(int row, int count);
    void inserted();
    void aboutToRemove(int row, int count);
    void removed();
    void aboutToMove(int from, int to);
    void moved();
    void variablesChanged();
    void targetChanged();
    void descriptionChanged();
    /// The environments, or which one is active, changed (also after reset()).
    void environmentsChanged();
    void filePathChanged(const QString &path);
    void modifiedChanged(bool modified);

private:
    RequestSet m_set;
    QString m_filePath;
    QUndoStack *m_undo;
    bool m_settingsModified = false;
};

} // namespace batchlab
