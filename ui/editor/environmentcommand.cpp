// SPDX-License-Identifier: BSD-3-Clause
#include "editor/environmentcommand.h"

#include "editor/requestsetdocument.h"

namespace batchlab {

EnvironmentCommand::EnvironmentCommand(RequestSetDocument *document, QList<Environment> environments,
                                       QString active, const QString &text)
    : m_document(document), m_before(document->set().environments), m_activeBefore(document->set().environment),
      m_after(std::move(environments)), m_activeAfter(std::move(active))
{
    setText(text);
}

void EnvironmentCommand::undo()
{
    m_document->applyEnvironments(m_before, m_activeBefore);
}

void EnvironmentCommand::redo()
{
    m_document->applyEnvironments(m_after, m_activeAfter);
}

} // namespace batchlab
