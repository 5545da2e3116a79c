// SPDX-License-Identifier: BSD-3-Clause
#include "run/detailspane.h"
#include "run/runtr.h"

#include <QFontDatabase>
#include <QJsonDocument>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QVBoxLayout>

namespace batchlab {

namespace {

QString milliseconds(qint64 fromNs, qint64 toNs)
{
    if (fromNs < 0 || toNs < 0)
        return QStringLiteral("–");
    return QLocale().toString((toNs - fromNs) / 1e6, 'f', 2) + QStringLiteral(" ms");
}

} // namespace

DetailsPane::DetailsPane(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("detailsSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_summary);
    m_text = new QPlainTextEdit(this);
    m_text->setObjectName(QStringLiteral("detailsText"));
    m_text->setReadOnly(true);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    layout->addWidget(m_text, 1);
    showResult(QString(), std::nullopt);
}

void DetailsPane::showResult(const QString &title, const std::optional<ApiResult> &result)
{
    if (!result) {
        m_summary->setText(title.isEmpty() ? RunTr::tr("Select a request to see its last answer.")
                                           : RunTr::tr("<b>%1</b>: no answer yet. Run the set.").arg(title.toHtmlEscaped()));
        m_text->clear();
        return;
    }
    if (!result->ok()) {
        const ApiError &e = result->error;
        m_summary->setText(RunTr::tr("<b>%1</b>: <span style='color:#b00020'>%2</span>")
                               .arg(title.toHtmlEscaped(), e.toString().toHtmlEscaped()));
        m_text->setPlainText(QString::fromUtf8(e.body));
        return;
    }
    const ApiResponse &r = result->response;
    QStringList how;
    if (r.cached)
        how << RunTr::tr("from the cache");
    else if (r.plain)
        how << RunTr::tr("plain request");
    else
        how << RunTr::tr("batch %1 (%2)").arg(r.batchId).arg(flushReasonName(r.flushReason));
    if (r.deduplicated)
        how << RunTr::tr("shared with an identical call");
    if (r.attempt > 1)
        how << RunTr::tr("attempt %1").arg(r.attempt);
    const CallTimings &t = r.timings;
    m_summary->setText(RunTr::tr("<b>%1</b>: HTTP %2 · %3<br>queued %4 · in flight %5 · in all %6")
                           .arg(title.toHtmlEscaped())
                           .arg(r.status)
                           .arg(how.join(QStringLiteral(" · ")), milliseconds(t.enqueued, t.flushed),
                                milliseconds(t.sent, t.answered), milliseconds(t.enqueued, t.settled)));
    QString text;
    for (const auto &[name, value] : r.headers)
        text += QString::fromLatin1(name) + QStringLiteral(": ") + QString::fromLatin1(value) + u'\n';
    const QJsonDocument json = QJsonDocument::fromJson(r.body);
    text += u'\n' + (json.isNull() ? QString::fromUtf8(r.body) : QString::fromUtf8(json.toJson(QJsonDocument::Indented)));
    m_text->setPlainText(text);
}

} // namespace batchlab
