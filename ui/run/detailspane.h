// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "types/apiresult.h"

#include <QWidget>

#include <optional>

class QCheckBox;
class QLabel;
class QPlainTextEdit;

namespace batchlab {

/// The last answer to the request selected in the editor: status, how it was served (batch,
/// flush reason, attempts, shared or cached), its timings, headers and body — or its error.
/// Credentials among the headers (isSensitiveHeader()) show hidden until "Reveal secrets" is
/// ticked, so that a screen share or screenshot of a run does not give a token away.
class DetailsPane : public QWidget
{
    Q_OBJECT

public:
    explicit DetailsPane(QWidget *parent = nullptr);

    /// Shows the answer of a newly selected request: its secrets hidden again.
    void showResult(const QString &title, const std::optional<ApiResult> &result);
    /// A new answer to the request already shown: secrets stay revealed if they were.
    void refreshResult(const QString &title, const std::optional<ApiResult> &result);

private:
    void render();

    QLabel *m_summary;
    QCheckBox *m_reveal;
    QPlainTextEdit *m_text;
    QString m_title;
    std::optional<ApiResult> m_result;
};

} // namespace batchlab
