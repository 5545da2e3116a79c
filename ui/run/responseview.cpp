// SPDX-License-Identifier: BSD-3-Clause
#include "run/responseview.h"
#include "run/runtr.h"

#include "run/redaction.h"
#include "timeline/timescale.h"

#include <QCheckBox>
#include <QColor>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

namespace batchlab {

ResponseView::ResponseView(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    m_title = new QLabel(RunTr::tr("Select a request and press Ctrl+Enter (Run ▸ Send Request) to send it alone."), this);
    m_title->setObjectName(QStringLiteral("responseTitle"));
    m_title->setWordWrap(true);
    layout->addWidget(m_title);
    auto *bar = new QHBoxLayout;
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("responseStatus"));
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    bar->addWidget(m_status, 1);
    m_pretty = new QCheckBox(RunTr::tr("Pretty"), this);
    m_pretty->setChecked(true);
    m_pretty->setToolTip(RunTr::tr("Indent a JSON body; off: the bytes as they came."));
    bar->addWidget(m_pretty);
    m_reveal = new QCheckBox(RunTr::tr("Reveal secrets"), this);
    m_reveal->setToolTip(RunTr::tr("Show the values of Authorization, cookie and API-key headers."));
    bar->addWidget(m_reveal);
    layout->addLayout(bar);
    m_tabs = new QTabWidget(this);
    m_body = new QPlainTextEdit(this);
    m_body->setObjectName(QStringLiteral("responseBody"));
    m_body->setReadOnly(true);
    m_body->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_tabs->addTab(m_body, RunTr::tr("Body"));
    m_headers = new QTableWidget(0, 2, this);
    m_headers->setObjectName(QStringLiteral("responseHeaders"));
    m_headers->setHorizontalHeaderLabels({RunTr::tr("Header"), RunTr::tr("Value")});
    m_headers->horizontalHeader()->setStretchLastSection(true);
    m_headers->verticalHeader()->hide();
    m_headers->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tabs->addTab(m_headers, RunTr::tr("Headers"));
    m_checks = new QTableWidget(0, 3, this);
    m_checks->setObjectName(QStringLiteral("responseChecks"));
    m_checks->setHorizontalHeaderLabels({RunTr::tr("Result"), RunTr::tr("Check"), RunTr::tr("Found")});
    m_checks->horizontalHeader()->setStretchLastSection(true);
    m_checks->verticalHeader()->hide();
    m_checks->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tabs->addTab(m_checks, RunTr::tr("Checks"));
    layout->addWidget(m_tabs, 1);
    connect(m_pretty, &QCheckBox::toggled, this, &ResponseView::render);
    connect(m_reveal, &QCheckBox::toggled, this, &ResponseView::render);
}

void ResponseView::showSending(const QString &name)
{
    m_title->setText(name);
    m_status->setText(RunTr::tr("Sending…"));
    m_status->setStyleSheet(QString());
    m_result.reset();
    m_body->clear();
    m_headers->setRowCount(0);
    showChecks({});
}

void ResponseView::showAnswer(const QString &name, const ApiResult &result, qint64 elapsedNs)
{
    m_title->setText(name);
    m_result = result;
    m_reveal->setChecked(false); // a new answer: its secrets hidden again
    const int status = result.ok() ? result.response.status : result.error.status;
    const QByteArray &body = result.ok() ? result.response.body : result.error.body;
    const QString size = QLocale().formattedDataSize(body.size(), 1, QLocale::DataSizeTraditionalFormat);
    QString text;
    if (result.ok())
        text = RunTr::tr("%1 · %2 · %3").arg(status).arg(TimeScale::formatDuration(elapsedNs), size);
    else
        text = RunTr::tr("%1 · %2 · %3: %4")
                   .arg(status ? QString::number(status) : errorKindName(result.error.kind),
                        TimeScale::formatDuration(elapsedNs), size, result.error.message);
    m_status->setText(text);
    const char *colour = !result.ok() || status >= 500 ? "#c62828" : status >= 400 ? "#b26a00" : "#2e7d32";
    m_status->setStyleSheet(QStringLiteral("font-weight: bold; color: %1").arg(QLatin1String(colour)));
    render();
}

void ResponseView::render()
{
    if (!m_result)
        return;
    const ApiResult &r = *m_result;
    const QByteArray &body = r.ok() ? r.response.body : r.error.body;
    QString shown = QString::fromUtf8(body);
    if (m_pretty->isChecked() && !body.isEmpty()) {
        QJsonParseError error;
        const QJsonDocument json = QJsonDocument::fromJson(body, &error);
        if (error.error == QJsonParseError::NoError)
            shown = QString::fromUtf8(json.toJson(QJsonDocument::Indented));
    }
    m_body->setPlainText(shown);
    const HttpHeaders &headers = r.ok() ? r.response.headers : HttpHeaders();
    m_headers->setRowCount(int(headers.size()));
    int row = 0;
    for (const auto &[name, value] : headers) {
        m_headers->setItem(row, 0, new QTableWidgetItem(QString::fromLatin1(name)));
        const QByteArray v = m_reveal->isChecked() ? value : redacted(name, value);
        m_headers->setItem(row, 1, new QTableWidgetItem(QString::fromUtf8(v)));
        ++row;
    }
    m_tabs->setTabText(1, RunTr::tr("Headers (%1)").arg(headers.size()));
}

void ResponseView::showChecks(const std::vector<CheckResult> &checks)
{
    const int kChecksTab = 2;
    m_checks->setRowCount(int(checks.size()));
    int passed = 0;
    for (int row = 0; row < int(checks.size()); ++row) {
        const CheckResult &check = checks[size_t(row)];
        passed += check.passed ? 1 : 0;
        auto *result = new QTableWidgetItem(check.passed ? RunTr::tr("✓ passed") : RunTr::tr("✗ failed"));
        result->setForeground(check.passed ? QColor(0x2e, 0x7d, 0x32) : QColor(0xc6, 0x28, 0x28));
        m_checks->setItem(row, 0, result);
        m_checks->setItem(row, 1, new QTableWidgetItem(check.check));
        m_checks->setItem(row, 2, new QTableWidgetItem(check.found));
    }
    if (checks.empty()) {
        m_tabs->setTabText(kChecksTab, RunTr::tr("Checks"));
        m_tabs->setTabToolTip(kChecksTab, RunTr::tr("This request checks nothing: add a status, JSON values or a "
                                                    "latency bound in its Expect tab."));
        return;
    }
    const bool broke = passed < int(checks.size());
    m_tabs->setTabText(kChecksTab, RunTr::tr("Checks %1/%2 %3")
                                       .arg(passed)
                                       .arg(checks.size())
                                       .arg(broke ? QStringLiteral("✗") : QStringLiteral("✓")));
    m_tabs->setTabToolTip(kChecksTab, broke ? RunTr::tr("A check broke on this answer.") : RunTr::tr("Every check held."));
}

QString ResponseView::checksTabText() const
{
    return m_tabs->tabText(2);
}

QString ResponseView::statusText() const
{
    return m_status->text();
}

QString ResponseView::bodyText() const
{
    return m_body->toPlainText();
}

QString ResponseView::headerValue(const QByteArray &name) const
{
    for (int row = 0; row < m_headers->rowCount(); ++row) {
        if (m_headers->item(row, 0)->text().compare(QString::fromLatin1(name), Qt::CaseInsensitive) == 0)
            return m_headers->item(row, 1)->text();
    }
    return {};
}

} // namespace batchlab
