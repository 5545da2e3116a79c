// SPDX-License-Identifier: BSD-3-Clause
#include "run/detailspane.h"
#include "run/runtr.h"

#include "run/redaction.h"

#include <QCheckBox>
#include <QFontDatabase>
#include <QHBoxLayout>
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
    auto *top = new QHBoxLayout;
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("detailsSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    top->addWidget(m_summary, 1);
    m_reveal = new QCheckBox(RunTr::tr("Reveal secrets"), this);
    m_reveal->setObjectName(QStringLiteral("revealSecrets"));
    m_reveal->setToolTip(RunTr::tr("Show the values of Authorization, Cookie, Set-Cookie and "
                                   "API key, token or secret headers. Hidden again when "
                                   "another request is selected."));
    top->addWidget(m_reveal, 0, Qt::AlignTop);
    layout->addLayout(top);
    m_text = new QPlainTextEdit(this);
    m_text->setObjectName(QStringLiteral("detailsText"));
    m_text->setReadOnly(true);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    layout->addWidget(m_text, 1);
    connect(m_reveal, &QCheckBox::toggled, this, &DetailsPane::render);
    showResult(QString(), std::nullopt);
}

void DetailsPane::showResult(const QString &title, const std::optional<ApiResult> &result)
{
    m_title = title;
    m_result = result;
    if (m_reveal->isChecked())
        m_reveal->setChecked(false); // renders through toggled()
    else
        render();
}

void DetailsPane::refreshResult(const QString &title, const std::optional<ApiResult> &result)
{
    m_title = title;
    m_result = result;
    render();
}

void DetailsPane::render()
{
    const QString title = m_title.toHtmlEscaped();
    const std::optional<ApiResult> &result = m_result;
    bool hidesSomething = false;
    const auto done = [&] {
        // Only worth pressing when there is something to reveal, but kept in place so that
        // the layout does not jump from one answer to the next.
        m_reveal->setEnabled(hidesSomething || m_reveal->isChecked());
    };
    if (!result) {
        m_summary->setText(title.isEmpty() ? RunTr::tr("Select a request to see its last answer.")
                                           : RunTr::tr("<b>%1</b>: no answer yet. Run the set.").arg(title));
        m_text->clear();
        done();
        return;
    }
    if (!result->ok()) {
        const ApiError &e = result->error;
        m_summary->setText(RunTr::tr("<b>%1</b>: <span style='color:#b00020'>%2</span>")
                               .arg(title, e.toString().toHtmlEscaped()));
        m_text->setPlainText(QString::fromUtf8(e.body));
        done();
        return;
    }
    const ApiResponse &r = result->response;
    QStringList how;
    if (r.cached)
        how << RunTr::tr("from the cache");
    else if (r.plain)
        how << RunTr::tr("plain request");
    else
        how << RunTr::tr("batch %1 (%2)").arg(QString::number(r.batchId), flushReasonName(r.flushReason));
    if (r.deduplicated)
        how << RunTr::tr("shared with an identical call");
    if (r.attempt > 1)
        how << RunTr::tr("attempt %1").arg(r.attempt);
    const CallTimings &t = r.timings;
    // One arg() for all: a chained one would read a "%2" in the request's name as a marker.
    m_summary->setText(RunTr::tr("<b>%1</b>: HTTP %2 · %3<br>queued %4 · in flight %5 · in all %6")
                           .arg(title, QString::number(r.status), how.join(QStringLiteral(" · ")),
                                milliseconds(t.enqueued, t.flushed), milliseconds(t.sent, t.answered),
                                milliseconds(t.enqueued, t.settled)));
    QString text;
    for (const auto &[name, value] : r.headers) {
        const bool hide = isSensitiveHeader(name) && !m_reveal->isChecked();
        hidesSomething = hidesSomething || isSensitiveHeader(name);
        text += QString::fromLatin1(name) + QStringLiteral(": ")
            + (hide ? QString::fromUtf8(redacted(name, value)) : QString::fromLatin1(value)) + u'\n';
    }
    const QJsonDocument json = QJsonDocument::fromJson(r.body);
    text += u'\n' + (json.isNull() ? QString::fromUtf8(r.body) : QString::fromUtf8(json.toJson(QJsonDocument::Indented)));
    m_text->setPlainText(text);
    done();
}

} // namespace batchlab
