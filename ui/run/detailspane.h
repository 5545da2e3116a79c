// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "types/apiresult.h"

#include <QWidget>

#include <optional>

class QLabel;
class QPlainTextEdit;

namespace batchlab {

/// The last answer to the request selected in the editor: status, how it was served (batch,
/// flush reason, attempts, shared or cached), its timings, headers and body — or its error.
class DetailsPane : public QWidget
{
    Q_OBJECT

public:
    explicit DetailsPane(QWidget *parent = nullptr);

    void showResult(const QString &title, const std::optional<ApiResult> &result);

private:
    QLabel *m_summary;
    QPlainTextEdit *m_text;
};

} // namespace batchlab
