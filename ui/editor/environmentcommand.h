// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "runs/environment.h"

#include <QUndoCommand>

namespace batchlab {

class RequestSetDocument;

/// One undoable edit of a set's environments: the whole list and the active one's name before
/// and after, so that a rename or removal of the active environment and the switch it causes
/// undo together.
class EnvironmentCommand : public QUndoCommand
{
public:
    EnvironmentCommand(RequestSetDocument *document, QList<Environment> environments, QString active,
                       const QString &text);

    void undo() override;
    void redo() override;

private:
    RequestSetDocument *m_document;
    QList<Environment> m_before;
    QString m_activeBefore;
    QList<Environment> m_after;
    QString m_activeAfter;
};

} // namespace batchlab
