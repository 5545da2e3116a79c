// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "runs/answercheck.h"
#include "types/apiresult.h"

#include <QWidget>

#include <optional>
#include <vector>

class QCheckBox;
class QLabel;
class QPlainTextEdit;
class QTabWidget;
class QTableWidget;

namespace batchlab {

/// The answer to a request sent alone (Run ▸ Send Request), as Postman shows one: status,
/// time and size on one line, then the body (pretty-printed JSON, or raw) and the headers —
/// credentials hidden until revealed, as everywhere in the workbench.
class ResponseView : public QWidget
{
    Q_OBJECT

public:
    explicit ResponseView(QWidget *parent = nullptr);

    /// A request is on its way.
    void showSending(const QString &name);
    void showAnswer(const QString &name, const ApiResult &result, qint64 elapsedNs);
    /// How the answer fared against its request's checks (SingleSend::lastChecks()), in the
    /// Checks tab, as Postman's Test Results; none: the tab says how to add some.
    void showChecks(const std::vector<CheckResult> &checks);
    /// The status line, as shown ("200 · 16.9 ms · 61 B").
    QString statusText() const;
    QString bodyText() const;
    QString headerValue(const QByteArray &name) const;
    /// "Checks 2/3 ✗", as the tab says.
    QString checksTabText() const;

private:
    void render();

    QLabel *m_title;
    QLabel *m_status;
    QCheckBox *m_pretty;
    QCheckBox *m_reveal;
    QTabWidget *m_tabs;
    QPlainTextEdit *m_body;
    QTableWidget *m_headers;
    QTableWidget *m_checks;
    std::optional<ApiResult> m_result;
};

} // namespace batchlab
