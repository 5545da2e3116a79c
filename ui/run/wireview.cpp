// SPDX-License-Identifier: BSD-3-Clause
#include "run/wireview.h"

#include "run/runtr.h"
#include "run/wireformat.h"
#include "transport/wirelog.h"

#include <QCheckBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QVBoxLayout>

namespace batchlab {

namespace {

QString ms(qint64 ns)
{
    return QLocale().toString(double(ns) / 1e6, 'f', 2) + QStringLiteral(" ms");
}

QString cutNote(qint64 kept, qint64 whole)
{
    return RunTr::tr("… (%L1 of %L2 bytes shown; the rest was not kept)").arg(kept).arg(whole);
}

} // namespace

WireView::WireView(WireLog *log, QWidget *parent)
    : QWidget(parent)
    , m_log(log)
{
    auto *layout = new QVBoxLayout(this);
    auto *top = new QHBoxLayout;
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("wireSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    top->addWidget(m_summary, 1);
    m_pretty = new QCheckBox(RunTr::tr("Pretty"), this);
    m_pretty->setObjectName(QStringLiteral("wirePretty"));
    m_pretty->setChecked(true);
    m_pretty->setToolTip(RunTr::tr("JSON indented and multipart bodies split part by part; "
                                   "untick for the bytes as they went."));
    top->addWidget(m_pretty, 0, Qt::AlignTop);
    m_reveal = new QCheckBox(RunTr::tr("Reveal secrets"), this);
    m_reveal->setObjectName(QStringLiteral("wireRevealSecrets"));
    m_reveal->setToolTip(RunTr::tr("Show the values of Authorization, Cookie, Set-Cookie and "
                                   "API key, token or secret headers. Hidden again when "
                                   "another batch is shown."));
    top->addWidget(m_reveal, 0, Qt::AlignTop);
    layout->addLayout(top);
    m_text = new QPlainTextEdit(this);
    m_text->setObjectName(QStringLiteral("wireText"));
    m_text->setReadOnly(true);
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    layout->addWidget(m_text, 1);
    connect(m_reveal, &QCheckBox::toggled, this, &WireView::render);
    connect(m_pretty, &QCheckBox::toggled, this, &WireView::render);
    if (m_log) {
        // The answer of the batch on show arrives: show it.
        connect(m_log, &WireLog::changed, this, [this](quint64 batchId) {
            if (batchId == m_batchId && batchId != 0)
                refresh();
        });
    }
    render();
}

void WireView::showBatch(quint64 batchId, const QString &call,
                         const std::optional<ApiResult> &result)
{
    const bool another = batchId != m_batchId;
    m_batchId = batchId;
    m_call = call;
    m_result = result;
    if (another && m_reveal->isChecked())
        m_reveal->setChecked(false); // renders through toggled()
    else
        refresh();
}

void WireView::refresh()
{
    if (isVisible())
        render();
    else
        m_stale = true;
}

void WireView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_stale)
        render();
}

void WireView::render()
{
    m_stale = false;
    bool hides = false;
    const WireFormat format{m_reveal->isChecked(), m_pretty->isChecked(), &hides};
    const QString call = m_call.toHtmlEscaped();
    const std::optional<WireExchange> exchange
        = m_log && m_batchId ? m_log->find(m_batchId) : std::nullopt;
    const ApiError *error = m_result && !m_result->ok() ? &m_result->error : nullptr;
    QString summary;
    QString text;
    if (!exchange) {
        if (!m_batchId && !error) {
            summary = call.isEmpty()
                ? RunTr::tr("Select a call to see its batch as sent and received.")
                : RunTr::tr("<b>%1</b>: not sent yet.").arg(call);
        } else if (!m_batchId) {
            summary = RunTr::tr("<b>%1</b>: no HTTP request went out for its last attempt; its "
                                "earlier attempts, if any, are in the log.")
                          .arg(call);
        } else if (!m_log) {
            summary = RunTr::tr("Batch %1: the wire is not recorded.").arg(m_batchId);
        } else {
            summary = RunTr::tr("Batch %1: no longer kept (only the newest %n exchange(s) are).",
                                nullptr, m_log->capacity())
                          .arg(m_batchId);
        }
        if (error)
            summary += QStringLiteral("<br><span style='color:#b00020'>%1</span>")
                           .arg(error->toString().toHtmlEscaped());
        m_summary->setText(summary);
        m_text->clear();
        m_reveal->setEnabled(m_reveal->isChecked());
        return;
    }
    const WireExchange &x = *exchange;
    const QString answer = !x.answered ? RunTr::tr("in flight")
        : x.failure.isError() && x.httpStatus == 0
        ? RunTr::tr("<span style='color:#b00020'>no HTTP answer: %1</span>")
              .arg(x.failure.message.toHtmlEscaped())
        : x.failure.isError()
        ? RunTr::tr("HTTP %1 · <span style='color:#b00020'>%2</span>")
              .arg(QString::number(x.httpStatus), x.failure.message.toHtmlEscaped())
        : RunTr::tr("HTTP %1").arg(x.httpStatus);
    summary
        = RunTr::tr("<b>Batch %1</b>%2 · %3 %4 · %5")
              .arg(QString::number(x.batchId),
                   call.isEmpty() ? QString() : RunTr::tr(" (for %1)").arg(call),
                   QString::fromLatin1(x.method), x.url.toDisplayString().toHtmlEscaped(), answer);
    QStringList timings;
    timings << RunTr::tr("sent %1").arg(
        QLocale().toString(x.sentAt.time(), QStringLiteral("HH:mm:ss.zzz")));
    if (m_result) {
        const CallTimings &t = m_result->response.timings;
        if (t.flushed >= 0 && t.sent >= 0)
            timings << RunTr::tr("flushed → sent %1").arg(ms(t.sent - t.flushed));
    }
    if (x.durationNs >= 0)
        timings << RunTr::tr("sent → answered %1").arg(ms(x.durationNs));
    summary += u"<br>" + timings.join(QStringLiteral(" · "));
    if (error && error->batchId != x.batchId)
        summary += QStringLiteral("<br><span style='color:#b00020'>%1</span>")
                       .arg(error->toString().toHtmlEscaped());

    text += RunTr::tr("▶ REQUEST") + u'\n' + QString::fromLatin1(x.method) + u' ' + x.url.toString()
        + u'\n';
    text += format.headers(x.requestHeaders);
    text += u'\n' + format.body(x.requestHeaders, x.requestBody) + u'\n';
    if (x.requestCut())
        text += cutNote(x.requestBody.size(), x.requestBytes) + u'\n';
    text += u'\n' + RunTr::tr("◀ RESPONSE") + u'\n';
    if (!x.answered) {
        text += RunTr::tr("(no answer yet)") + u'\n';
    } else {
        if (x.httpStatus)
            text += RunTr::tr("HTTP %1").arg(x.httpStatus) + u'\n'
                + format.headers(x.responseHeaders);
        if (x.failure.isError())
            text += RunTr::tr("Failed (%1): %2")
                        .arg(errorKindName(x.failure.cause != ErrorKind::None ? x.failure.cause
                                                                              : x.failure.kind),
                             x.failure.message)
                + u'\n';
        if (!x.responseBody.isEmpty())
            text += u'\n' + format.body(x.responseHeaders, x.responseBody) + u'\n';
        if (x.responseCut())
            text += cutNote(x.responseBody.size(), x.responseBytes) + u'\n';
    }
    m_summary->setText(summary);
    const int scroll = m_text->verticalScrollBar() ? m_text->verticalScrollBar()->value() : 0;
    m_text->setPlainText(text);
    m_text->verticalScrollBar()->setValue(scroll);
    m_reveal->setEnabled(hides || m_reveal->isChecked());
}

} // namespace batchlab
