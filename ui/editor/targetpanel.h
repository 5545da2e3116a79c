// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "runs/requestset.h"
#include "wire/serverprofile.h"

#include <QUrl>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;

namespace batchlab {

class RequestSetDocument;

/// Where the open set runs: the built-in sandbox, or another API by its base URL and batch
/// endpoint path, and what kind of batch server it is (a ServerProfile: wire format and
/// limit). It edits the document's target (undoable, saved with the set).
class TargetPanel : public QWidget
{
    Q_OBJECT

public:
    TargetPanel(RequestSetDocument *document, const QUrl &sandboxUrl, QWidget *parent = nullptr);

    /// What a target means for a run: the base that relative request URLs resolve against and
    /// the batch endpoint path; `error` is set when the target cannot be used.
    struct Resolved
    {
        QUrl base;
        QString batchPath;
        QString error;
        const ServerProfile *profile = &ServerProfile::defaultProfile();
        bool sandbox = true;

        /// The client settings this target implies: endpoint path, wire format, limit.
        void applyTo(BatchConfig *config) const;
    };
    static Resolved resolve(const std::optional<TargetSpec> &target, const QUrl &sandboxUrl);

private:
    void refresh();
    void commit();

    RequestSetDocument *m_document;
    QUrl m_sandboxUrl;
    QComboBox *m_kind;
    QComboBox *m_profile;
    QLineEdit *m_baseUrl;
    QLineEdit *m_batchPath;
    QLabel *m_endpoint;
};

} // namespace batchlab
