// SPDX-License-Identifier: BSD-3-Clause
#include "editor/environmentchooser.h"
#include "editor/editortr.h"

#include "editor/requestsetdocument.h"

namespace batchlab {

EnvironmentChooser::EnvironmentChooser(RequestSetDocument *document, QWidget *parent)
    : QComboBox(parent), m_document(document)
{
    setObjectName(QStringLiteral("environmentChooser"));
    setSizeAdjustPolicy(QComboBox::AdjustToContents);
    setMinimumContentsLength(12);
    setToolTip(EditorTr::tr("The environment whose variables the next Send or run uses; define them on "
                            "the editor's Environments tab."));
    connect(this, &QComboBox::activated, this, [this](int index) {
        m_document->setEnvironment(index <= 0 ? QString() : itemText(index));
    });
    connect(document, &RequestSetDocument::environmentsChanged, this, &EnvironmentChooser::refresh);
    refresh();
}

void EnvironmentChooser::refresh()
{
    const QSignalBlocker blocker(this);
    clear();
    addItem(EditorTr::tr("No environment"));
    for (const Environment &e : m_document->set().environments)
        addItem(e.name);
    int active = 0;
    for (int i = 1; i < count() && !m_document->set().environment.isEmpty(); ++i) {
        if (itemText(i) == m_document->set().environment)
            active = i;
    }
    setCurrentIndex(active);
}

} // namespace batchlab
