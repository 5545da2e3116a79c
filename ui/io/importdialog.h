// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "runs/io/importresult.h"

#include <QDialog>

#include <optional>

class QLabel;
class QTreeWidget;

namespace batchlab {

/// What an import will bring in, shown before it is accepted: the requests, every part of the
/// input that was skipped with its reason, and the notes on what came in changed. Nothing
/// replaces the open set until the user says Import.
class ImportDialog : public QDialog
{
    Q_OBJECT

public:
    ImportDialog(const QString &fileName, const ImportResult &result, QWidget *parent = nullptr);

    /// Imports `path` with the importer its content picks and asks the user; the set to open,
    /// or nothing (cancelled, or refused with a message saying where and why).
    static std::optional<RequestSet> ask(QWidget *parent, const QString &path);

    QTreeWidget *requests() const { return m_requests; }
    QTreeWidget *report() const { return m_report; }

private:
    QTreeWidget *m_requests;
    QTreeWidget *m_report;
};

} // namespace batchlab
