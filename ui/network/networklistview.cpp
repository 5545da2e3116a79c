// SPDX-License-Identifier: BSD-3-Clause
#include "network/networklistview.h"
#include "network/networktr.h"

#include "network/networkfilterproxy.h"
#include "network/networklistmodel.h"
#include "run/curlcopy.h"

#include "runs/calldirectory.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QSignalBlocker>
#include <QTableView>
#include <QVBoxLayout>

#include <memory>

namespace batchlab {

NetworkListView::NetworkListView(CallDirectory *calls, QWidget *parent)
    : QWidget(parent), m_model(new NetworkListModel(calls, this)), m_proxy(new NetworkFilterProxy(this))
{
    m_proxy->setSourceModel(m_model);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    auto *bar = new QHBoxLayout;
    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("networkFilter"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setPlaceholderText(NetworkTr::tr("Filter: text, status-code:500, method:POST, batch:12, larger-than:1k, "
                                               "is:cached, -shared"));
    m_filter->setToolTip(NetworkTr::tr(
        "Words must all match; a word starting with - must not.\n"
        "status-code:404 (or 4xx) · method:PATCH · batch:12 · larger-than:2k (or 1M)\n"
        "is:cached · is:shared · is:plain · is:batched · is:failed · is:pending\n"
        "check:failed (a check of the request broke on the answer)\n"
        "name:text · url:text · any other word is looked for in the name, URL, method and served"));
    bar->addWidget(m_filter, 1);
    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("networkFilterProblem"));
    m_problem->setStyleSheet(QStringLiteral("color: #c62828"));
    m_problem->hide();
    bar->addWidget(m_problem);
    m_shown = new QLabel(this);
    m_shown->setObjectName(QStringLiteral("networkShown"));
    bar->addWidget(m_shown);
    layout->addLayout(bar);

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("networkTable"));
    m_table->setModel(m_proxy);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setSortingEnabled(true);
    m_table->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder); // the order they were made
    m_table->horizontalHeader()->setSortIndicatorClearable(true);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 4);
    m_table->setWordWrap(false);
    m_table->setColumnWidth(NetworkListModel::Name, 160);
    m_table->setColumnWidth(NetworkListModel::Method, 64);
    m_table->setColumnWidth(NetworkListModel::Url, 260);
    m_table->setColumnWidth(NetworkListModel::Status, 80);
    m_table->setColumnWidth(NetworkListModel::Size, 70);
    m_table->setColumnWidth(NetworkListModel::Time, 80);
    m_table->setColumnWidth(NetworkListModel::Queue, 80);
    m_table->setColumnWidth(NetworkListModel::Batch, 60);
    m_table->setColumnWidth(NetworkListModel::Attempts, 64);
    m_table->horizontalHeader()->setStretchLastSection(true);
    layout->addWidget(m_table);
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_table, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        const std::unique_ptr<QMenu> menu(createContextMenu(pos));
        if (menu)
            menu->exec(m_table->viewport()->mapToGlobal(pos));
    });

    connect(m_filter, &QLineEdit::textChanged, this, &NetworkListView::applyFilter);
    connect(m_proxy, &NetworkFilterProxy::filteringProgress, this, &NetworkListView::updateShown);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &NetworkListView::updateShown);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &NetworkListView::updateShown);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &current) {
        if (current.isValid())
            Q_EMIT callSelected(current.data(NetworkListModel::RequestIdRole).toULongLong());
    });
    updateShown();
}

void NetworkListView::applyFilter()
{
    QString problem;
    m_proxy->setFilterText(m_filter->text(), &problem);
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
    updateShown();
}

void NetworkListView::updateShown()
{
    const QString text = m_proxy->isFiltering()
        ? NetworkTr::tr("Filtering… %1 %").arg(int(m_proxy->progress() * 100))
        : NetworkTr::tr("%L1 of %Ln call(s)", nullptr, m_model->rowCount()).arg(m_proxy->rowCount());
    if (m_shown->text() != text)
        m_shown->setText(text);
}

void NetworkListView::selectCall(quint64 requestId)
{
    const int row = m_model->rowOf(requestId);
    const QModelIndex index = row < 0 ? QModelIndex() : m_proxy->mapFromSource(m_model->index(row, 0));
    if (!index.isValid())
        return;
    {
        const QSignalBlocker blocker(m_table->selectionModel()); // a reply, not a new selection
        m_table->setCurrentIndex(index);
        m_table->selectRow(index.row());
    }
    m_table->scrollTo(index);
}

QMenu *NetworkListView::createContextMenu(const QPoint &pos)
{
    const QModelIndex index = m_table->indexAt(pos);
    if (!index.isValid())
        return nullptr;
    const int row = m_model->rowOf(index.data(NetworkListModel::RequestIdRole).toULongLong());
    if (row < 0)
        return nullptr;
    const CallRecord &record = m_model->record(row);
    auto *menu = new QMenu(this);
    CurlCopy::addBatchActions(menu, m_wireLog, record.batchId,
                              record.cached ? NetworkTr::tr("The call was answered from the cache: it went out in no batch")
                                            : NetworkTr::tr("The call went out in no batch"));
    return menu;
}

} // namespace batchlab
