// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QComboBox>

namespace batchlab {

class RequestSetDocument;

/// Which environment the set runs with, chosen where Postman has it, at the top right of the
/// window: "No environment", then the set's environments by name. Choosing one is an undo
/// step of the document (it is saved with the set) and the next Send or run uses it.
class EnvironmentChooser : public QComboBox
{
    Q_OBJECT

public:
    explicit EnvironmentChooser(RequestSetDocument *document, QWidget *parent = nullptr);

private:
    void refresh();

    RequestSetDocument *m_document;
};

} // namespace batchlab
