// SPDX-License-Identifier: BSD-3-Clause
#include "sandbox/sandboxpanel.h"
#include "sandbox/sandboxpaneltr.h"

#include "sandbox/sandboxserver.h"

#include <QFontDatabase>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace batchlab {

namespace {

QString curlExample(const QUrl &base)
{
    return QStringLiteral("curl -s %1/users/1\n\n"
                          "curl -s -X POST %1/\\$batch -H 'Content-Type: application/json' -d "
                          "'{\"requests\":[\n"
                          "  {\"id\":\"1\",\"method\":\"GET\",\"url\":\"/users/1\"},\n"
                          "  {\"id\":\"2\",\"method\":\"GET\",\"url\":\"/items/7\"},\n"
                          "  "
                          "{\"id\":\"3\",\"method\":\"POST\",\"url\":\"/"
                          "echo\",\"body\":{\"hello\":\"batch\"},\n"
                          "   \"headers\":{\"content-type\":\"application/json\"}}]}'")
        .arg(base.toString());
}

} // namespace

SandboxPanel::SandboxPanel(SandboxServer *sandbox, QWidget *parent)
    : QWidget(parent)
    , m_sandbox(sandbox)
{
    auto *layout = new QVBoxLayout(this);

    auto *title = new QLabel(SandboxPanelTr::tr("<h2>Built-in sandbox server</h2>"), this);
    layout->addWidget(title);
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("sandboxSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_summary);

    auto *tryBox = new QGroupBox(SandboxPanelTr::tr("Try it from a shell"), this);
    auto *tryLayout = new QVBoxLayout(tryBox);
    auto *example = new QPlainTextEdit(tryBox);
    example->setReadOnly(true);
    example->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    example->setPlainText(sandbox->isListening() ? curlExample(sandbox->url())
                                                 : SandboxPanelTr::tr("The sandbox is not running."));
    example->setMaximumHeight(example->fontMetrics().lineSpacing() * 9);
    tryLayout->addWidget(example);
    layout->addWidget(tryBox);

    auto *routesBox = new QGroupBox(SandboxPanelTr::tr("Received, by route"), this);
    auto *routesLayout = new QVBoxLayout(routesBox);
    m_routes = new QTreeWidget(routesBox);
    m_routes->setObjectName(QStringLiteral("sandboxRoutes"));
    m_routes->setRootIsDecorated(false);
    m_routes->setHeaderLabels({SandboxPanelTr::tr("Route"), SandboxPanelTr::tr("HTTP requests"), SandboxPanelTr::tr("Batch items")});
    m_routes->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_routes->header()->setStretchLastSection(false);
    routesLayout->addWidget(m_routes);
    auto *reset = new QPushButton(SandboxPanelTr::tr("Reset counters"), routesBox);
    connect(reset, &QPushButton::clicked, sandbox, &SandboxServer::resetCounters);
    routesLayout->addWidget(reset, 0, Qt::AlignRight);
    layout->addWidget(routesBox, 1);

    refresh();
}

void SandboxPanel::refresh()
{
    const SandboxCounters counters = m_sandbox->counters();
    m_summary->setText(
        m_sandbox->isListening()
            ? SandboxPanelTr::tr("Listening on <b>%1</b> (loopback only). Plain resources under /users, /items, "
                 "/echo and /status; batches at POST /$batch (JSON or multipart), POST /batch "
                 "(Google multipart) and POST /rpc (JSON-RPC 2.0).<br>Received since the last "
                 "reset: <b>%L2</b> HTTP requests, <b>%L3</b> batch items.")
                  .arg(m_sandbox->url().toString())
                  .arg(counters.httpRequests)
                  .arg(counters.batchItems)
            : SandboxPanelTr::tr("The sandbox server is not running."));

    QStringList routes = counters.requestsByRoute.keys();
    for (const QString &route : counters.itemsByRoute.keys()) {
        if (!counters.requestsByRoute.contains(route))
            routes.append(route);
    }
    std::sort(routes.begin(), routes.end());
    m_routes->clear();
    for (const QString &route : routes) {
        auto *row = new QTreeWidgetItem(m_routes);
        row->setText(0, route);
        row->setText(1, QString::number(counters.requestsByRoute.value(route)));
        row->setText(2, QString::number(counters.itemsByRoute.value(route)));
        row->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
        row->setTextAlignment(2, Qt::AlignRight | Qt::AlignVCenter);
    }
}

} // namespace batchlab
