// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "types/apiresult.h"

#include <QPointer>
#include <QWidget>

#include <optional>

class QCheckBox;
class QLabel;
class QPlainTextEdit;

namespace batchlab {

class WireLog;

/// The batch request and answer of the selected call as they went over the wire: the
/// envelope's method, URL, headers and body (pretty-printed JSON, multipart part by part, or
/// the raw bytes), the answer's status, headers and body, and the timings — or, when the
/// exchange failed, why in words. Credentials show hidden until "Reveal secrets" is ticked,
/// hidden again for the next batch. Reads a WireLog, which keeps the newest exchanges only.
class WireView : public QWidget
{
    Q_OBJECT

public:
    explicit WireView(WireLog *log, QWidget *parent = nullptr);

    /// Shows the exchange of `batchId` (0: the call never went out) for the call `call`
    /// (its name, for the title) and, when known, how the call ended (timings, error).
    void showBatch(quint64 batchId, const QString &call = QString(),
                   const std::optional<ApiResult> &result = std::nullopt);
    quint64 batchId() const { return m_batchId; }

protected:
    void showEvent(QShowEvent *event) override;

private:
    /// Renders now when on screen, else when next shown: a hidden view costs a run nothing.
    void refresh();
    void render();

    QPointer<WireLog> m_log;
    QLabel *m_summary;
    QCheckBox *m_pretty;
    QCheckBox *m_reveal;
    QPlainTextEdit *m_text;
    quint64 m_batchId = 0;
    QString m_call;
    std::optional<ApiResult> m_result;
    bool m_stale = false;
};

} // namespace batchlab
