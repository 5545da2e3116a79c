// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "runs/requestset.h"
#include "runs/resolvedtarget.h"
#include "wire/serverprofile.h"

#include <QPointer>
#include <QUrl>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;

namespace batchlab {

class KeyValueEditor;
class RequestSetDocument;

/// Where the open set runs: the built-in sandbox, or another API by its base URL and batch
/// endpoint path, and what kind of batch server it is (a ServerProfile: wire format and
/// limit), and the headers every HTTP request to it carries (credentials). It edits the
/// document's target (undoable, saved with the set).
class TargetPanel : public QWidget
{
    Q_OBJECT

public:
    TargetPanel(RequestSetDocument *document, const QUrl &sandboxUrl, QWidget *parent = nullptr);
    ~TargetPanel() override;


private:
    void refresh();
    void refreshHeaders();
    void commit();
    void commitHeaders();
    /// The default target (the sandbox, its default profile, no headers) is no target at all,
    /// as in a new set, so that going back to it leaves nothing in the file.
    void setTarget(const TargetSpec &target);

    QPointer<RequestSetDocument> m_document; ///< may go first when a window closes
    QUrl m_sandboxUrl;
    QComboBox *m_kind;
    QComboBox *m_profile;
    QLineEdit *m_baseUrl;
    QLineEdit *m_batchPath;
    KeyValueEditor *m_headers;
    QLabel *m_endpoint;
};

} // namespace batchlab
