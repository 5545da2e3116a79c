// SPDX-License-Identifier: BSD-3-Clause
#include "log/eventlogview.h"
#include "log/logtr.h"

#include "log/eventfilterproxy.h"
#include "log/eventlogmodel.h"
#include "run/curlcopy.h"
#include "telemetry/telemetry.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QTableView>
#include <QVBoxLayout>

#include <memory>

namespace batchlab {

EventLogView::EventLogView(Telemetry *telemetry, QWidget *parent)
    : QWidget(parent), m_telemetry(telemetry), m_model(new EventLogModel(telemetry, this)),
      m_proxy(new EventFilterProxy(this))
{
    m_proxy->setSourceModel(m_model);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    auto *bar = new QHBoxLayout;
    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("logFilter"));
    m_filter->setPlaceholderText(LogTr::tr("Filter: text, or a request id, batch id or status"));
    m_filter->setClearButtonEnabled(true);
    bar->addWidget(m_filter, 1);
    m_kind = new QComboBox(this);
    m_kind->addItem(LogTr::tr("All events"), -1);
    for (int k = 0; k < kEventKindCount; ++k)
        m_kind->addItem(eventKindName(EventKind(k)), k);
    bar->addWidget(m_kind);
    m_status = new QComboBox(this);
    m_status->addItems({LogTr::tr("Any status"), LogTr::tr("2xx/3xx"), LogTr::tr("4xx"), LogTr::tr("5xx"), LogTr::tr("Failed calls")});
    bar->addWidget(m_status);
    m_shown = new QLabel(this);
    m_shown->setObjectName(QStringLiteral("logShown"));
    bar->addWidget(m_shown);
    m_follow = new QCheckBox(LogTr::tr("Follow"), this);
    m_follow->setChecked(true);
    m_follow->setToolTip(LogTr::tr("Keep the newest event in view."));
    bar->addWidget(m_follow);
    auto *exportButton = new QPushButton(LogTr::tr("Export…"), this);
    exportButton->setToolTip(LogTr::tr("Save the events the log shows, filter applied, as JSON Lines."));
    bar->addWidget(exportButton);
    layout->addLayout(bar);

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("logTable"));
    m_table->setModel(m_proxy);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 4);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setColumnWidth(EventLogModel::Time, 100);
    m_table->setColumnWidth(EventLogModel::Relative, 80);
    m_table->setColumnWidth(EventLogModel::Kind, 110);
    m_table->setColumnWidth(EventLogModel::Request, 60);
    m_table->setColumnWidth(EventLogModel::Call, 180);
    m_table->setColumnWidth(EventLogModel::Batch, 60);
    m_table->setColumnWidth(EventLogModel::Key, 200);
    m_table->setColumnWidth(EventLogModel::Status, 55);
    m_table->setWordWrap(false);
    layout->addWidget(m_table);

    auto *copy = new QAction(LogTr::tr("Copy"), m_table);
    copy->setShortcut(QKeySequence::Copy);
    copy->setShortcutContext(Qt::WidgetShortcut);
    connect(copy, &QAction::triggered, this, &EventLogView::copySelection);
    m_table->addAction(copy);
    m_copy = copy;
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_table, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        const std::unique_ptr<QMenu> menu(createContextMenu(pos));
        menu->exec(m_table->viewport()->mapToGlobal(pos));
    });

    connect(m_filter, &QLineEdit::textChanged, m_proxy, &EventFilterProxy::setText);
    connect(m_kind, &QComboBox::currentIndexChanged, this, [this] {
        const int kind = m_kind->currentData().toInt();
        m_proxy->setKinds(kind < 0 ? QSet<EventKind>() : QSet<EventKind>{EventKind(kind)});
    });
    connect(m_status, &QComboBox::currentIndexChanged, this,
            [this](int i) { m_proxy->setStatusClass(EventFilterProxy::StatusClass(i)); });
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_follow->isChecked())
            m_table->scrollToBottom();
    });
    connect(m_proxy, &EventFilterProxy::filteringProgress, this, &EventLogView::updateShown);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &EventLogView::updateShown);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &EventLogView::updateShown);
    updateShown();
    connect(exportButton, &QPushButton::clicked, this, &EventLogView::exportJsonLines);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &current) {
        if (!current.isValid())
            return;
        const quint64 id = m_model->event(m_proxy->mapToSource(current).row()).requestId;
        if (id > 0)
            Q_EMIT callSelected(id);
    });
}

void EventLogView::updateShown()
{
    // While a new filter works through a large log, the window stays usable and says so.
    const QString text = m_proxy->isFiltering()
        ? LogTr::tr("Filtering… %1 %").arg(int(m_proxy->progress() * 100))
        : LogTr::tr("%L1 of %L2").arg(m_proxy->rowCount()).arg(m_model->rowCount());
    if (m_shown->text() != text)
        m_shown->setText(text);
}

void EventLogView::copySelection()
{
    QStringList lines;
    QModelIndexList rows = m_table->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end());
    for (const QModelIndex &index : std::as_const(rows))
        lines.append(m_model->rowText(m_proxy->mapToSource(index).row()));
    QApplication::clipboard()->setText(lines.join(u'\n'));
}

void EventLogView::exportJsonLines()
{
    const QString path = QFileDialog::getSaveFileName(this, LogTr::tr("Export events"), QStringLiteral("events.jsonl"),
                                                      LogTr::tr("JSON Lines (*.jsonl)"));
    QString error;
    if (!path.isEmpty() && !exportTo(path, &error))
        QMessageBox::warning(this, LogTr::tr("Export events"), error);
}

void EventLogView::selectCall(quint64 requestId)
{
    for (int row = m_model->rowCount() - 1; row >= 0; --row) {
        if (m_model->event(row).requestId != requestId)
            continue;
        const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
        if (!index.isValid())
            return;
        {
            const QSignalBlocker blocker(m_table->selectionModel()); // a reply, not a new selection
            m_table->setCurrentIndex(index);
            m_table->selectRow(index.row());
        }
        m_table->scrollTo(index);
        m_table->viewport()->update();
        m_follow->setChecked(false); // otherwise the next events scroll it away
        return;
    }
}

bool EventLogView::exportTo(const QString &path, QString *error) const
{
    // What the log holds and shows, not the telemetry's ring: that keeps only the newest
    // 65 536 events, and a long run's export would silently lose its beginning.
    m_model->fetchNew(); // up to the last event, not the last chunk the log showed
    m_proxy->finish();   // and through the filter to the end
    QSaveFile file(path);
    if (file.open(QIODevice::WriteOnly)) {
        const int rows = m_proxy->rowCount();
        for (int row = 0; row < rows; ++row) {
            const Event &event = m_model->event(m_proxy->mapToSource(m_proxy->index(row, 0)).row());
            file.write(m_telemetry->toJson(event) + '\n');
        }
        if (file.commit())
            return true;
    }
    *error = LogTr::tr("Cannot write %1: %2").arg(path, file.errorString());
    return false;
}

QMenu *EventLogView::createContextMenu(const QPoint &pos)
{
    auto *menu = new QMenu(this);
    menu->addAction(m_copy);
    menu->addSeparator();
    const QModelIndex index = m_table->indexAt(pos);
    const quint64 batchId = index.isValid() ? index.data(EventLogModel::BatchIdRole).toULongLong() : 0;
    CurlCopy::addBatchActions(menu, m_wireLog, batchId,
                              index.isValid() ? LogTr::tr("This event names no batch") : LogTr::tr("No event here"));
    return menu;
}

} // namespace batchlab
