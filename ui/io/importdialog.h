// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "runs/io/harentry.h"
#include "runs/io/hartargetsuggestion.h"
#include "runs/io/importresult.h"

#include <QDialog>

#include <optional>

class QCheckBox;
class QLabel;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace batchlab {

class HarFilterPanel;

/// What an import will bring in, shown before it is accepted: the requests, every part of the
/// input that was skipped with its reason, and the notes on what came in changed. Nothing
/// replaces the open set until the user says Import.
///
/// For a HAR (given its entries' facts) the requests are grouped by origin and filtered by
/// host, method, resource type and status class (static assets dropped at first); it counts
/// what will come in and suggests a target for it.
class ImportDialog : public QDialog
{
    Q_OBJECT

public:
    ImportDialog(const QString &fileName, const ImportResult &result, QWidget *parent = nullptr);
    /// `harEntries`: one per request of `result`, in order (Interchange::importFile()).
    ImportDialog(const QString &fileName, const ImportResult &result, const QList<HarEntry> &harEntries,
                 QWidget *parent = nullptr);

    /// Imports `path` with the importer its content picks and asks the user; the set to open,
    /// or nothing (cancelled, or refused with a message saying where and why).
    static std::optional<RequestSet> ask(QWidget *parent, const QString &path);

    /// The set an Import gives: for a HAR, the requests the filter keeps, pointed at the
    /// suggested target unless the user unticked it.
    RequestSet chosenSet() const;

    QTreeWidget *requests() const { return m_requests; }
    QTreeWidget *report() const { return m_report; }
    /// Null unless the import is a HAR.
    HarFilterPanel *harFilter() const { return m_filter; }
    QLabel *countLabel() const { return m_count; }
    QCheckBox *useSuggestedTarget() const { return m_useTarget; }
    const HarTargetSuggestion &suggestion() const { return m_suggestion; }

private:
    void refreshHar();

    ImportResult m_result;
    QList<HarEntry> m_entries;
    QList<int> m_picked;
    HarTargetSuggestion m_suggestion;
    QTreeWidget *m_requests;
    QTreeWidget *m_report;
    QPushButton *m_accept = nullptr;
    HarFilterPanel *m_filter = nullptr;
    QLabel *m_count = nullptr;
    QCheckBox *m_useTarget = nullptr;
    QLabel *m_target = nullptr;
    QTreeWidgetItem *m_leftOut = nullptr; ///< the report's line on what the filter leaves out
    QList<QTreeWidgetItem *> m_origins;   ///< the tree's origin rows (HAR)
};

} // namespace batchlab
