// SPDX-License-Identifier: BSD-3-Clause
#include "run/runpanel.h"
#include "run/runtr.h"

#include "run/runcomparison.h"

#include <QAction>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

namespace batchlab {

RunPanel::RunPanel(Runner *runner, QWidget *parent) : QWidget(parent), m_runner(runner)
{
    auto *layout = new QVBoxLayout(this);
    auto *form = new QFormLayout;
    m_iterations = new QSpinBox(this);
    m_iterations->setObjectName(QStringLiteral("iterations"));
    m_iterations->setRange(1, 100000);
    m_iterations->setToolTip(RunTr::tr("How many times the enabled requests are sent."));
    form->addRow(RunTr::tr("Iterations"), m_iterations);
    m_arrival = new QComboBox(this);
    m_arrival->setObjectName(QStringLiteral("arrival"));
    m_arrival->addItems({RunTr::tr("All at once"), RunTr::tr("Fixed rate"), RunTr::tr("Poisson")});
    form->addRow(RunTr::tr("Arrival"), m_arrival);
    m_rate = new QDoubleSpinBox(this);
    m_rate->setObjectName(QStringLiteral("arrivalRate"));
    m_rate->setRange(0.1, 100000);
    m_rate->setValue(200);
    m_rate->setSuffix(RunTr::tr(" calls/s"));
    m_rate->setEnabled(false);
    form->addRow(RunTr::tr("Rate"), m_rate);
    connect(m_arrival, &QComboBox::currentIndexChanged, this, [this](int i) { m_rate->setEnabled(i != 0); });
    connect(m_iterations, &QSpinBox::valueChanged, this, &RunPanel::planChanged);
    connect(m_arrival, &QComboBox::currentIndexChanged, this, &RunPanel::planChanged);
    connect(m_rate, &QDoubleSpinBox::valueChanged, this, &RunPanel::planChanged);
    layout->addLayout(form);

    auto *buttons = new QHBoxLayout;
    m_start = new QPushButton(RunTr::tr("Start"), this);
    m_start->setObjectName(QStringLiteral("startRun"));
    m_pause = new QPushButton(RunTr::tr("Pause"), this);
    m_stop = new QPushButton(RunTr::tr("Stop"), this);
    buttons->addWidget(m_start);
    buttons->addWidget(m_pause);
    buttons->addWidget(m_stop);
    layout->addLayout(buttons);
    // The buttons and the Run menu (MainWindow) share these actions, and their shortcuts.
    m_startAction = new QAction(RunTr::tr("&Start Run"), this);
    m_startAction->setShortcut(QKeySequence(Qt::Key_F5));
    m_pauseAction = new QAction(RunTr::tr("&Pause Run"), this);
    m_stopAction = new QAction(RunTr::tr("S&top Run"), this);
    m_stopAction->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F5));
    connect(m_startAction, &QAction::triggered, this, [this] { Q_EMIT startRequested(plan()); });
    connect(m_pauseAction, &QAction::triggered, this, [this] {
        m_runner->state() == Runner::State::Paused ? m_runner->resume() : m_runner->pause();
    });
    connect(m_stopAction, &QAction::triggered, m_runner, &Runner::stop);
    connect(m_start, &QPushButton::clicked, m_startAction, &QAction::trigger);
    connect(m_pause, &QPushButton::clicked, m_pauseAction, &QAction::trigger);
    connect(m_stop, &QPushButton::clicked, m_stopAction, &QAction::trigger);

    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("runProgress"));
    layout->addWidget(m_progress);
    m_counts = new QLabel(RunTr::tr("No run yet."), this);
    m_counts->setObjectName(QStringLiteral("runCounts"));
    m_counts->setWordWrap(true);
    layout->addWidget(m_counts);

    layout->addWidget(new QLabel(RunTr::tr("Runs"), this));
    m_history = new QTableWidget(0, 7, this);
    m_history->setObjectName(QStringLiteral("runHistory"));
    m_history->setHorizontalHeaderLabels({RunTr::tr("#"), RunTr::tr("Calls"), RunTr::tr("HTTP"), RunTr::tr("Saved"), RunTr::tr("Failed"),
                                          RunTr::tr("p50 ms"), RunTr::tr("Batch / delay")});
    m_history->verticalHeader()->hide();
    m_history->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_history->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_history->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_history->setToolTip(RunTr::tr("Select two runs to compare them below."));
    layout->addWidget(m_history, 1);

    m_compareTitle = new QLabel(RunTr::tr("Finish two runs to compare them here."), this);
    m_compareTitle->setObjectName(QStringLiteral("runCompareTitle"));
    layout->addWidget(m_compareTitle);
    m_compare = new QTableWidget(0, 4, this);
    m_compare->setObjectName(QStringLiteral("runComparison"));
    m_compare->verticalHeader()->hide();
    // The labels fit; the values share the rest, so the change column is never pushed away.
    m_compare->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_compare->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_compare->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_compare->setWordWrap(false); // long names are elided (whole in the tooltip); changes are one per line
    m_compare->hide();
    layout->addWidget(m_compare, 2);
    connect(m_history, &QTableWidget::itemSelectionChanged, this, &RunPanel::updateComparison);

    connect(runner, &Runner::progressChanged, this, &RunPanel::updateProgress);
    connect(runner, &Runner::stateChanged, this, &RunPanel::updateButtons);
    connect(runner, &Runner::stateChanged, this, &RunPanel::updateProgress);
    connect(runner, &Runner::finished, this, &RunPanel::addToHistory);
    updateButtons();
}

RunPlan RunPanel::plan() const
{
    return {m_iterations->value(), ArrivalPattern(m_arrival->currentIndex()), m_rate->value(), m_seed};
}

void RunPanel::setPlan(const RunPlan &plan)
{
    m_seed = plan.seed;
    m_iterations->setValue(plan.iterations);
    m_arrival->setCurrentIndex(int(plan.arrival));
    m_rate->setValue(plan.ratePerSecond);
    Q_EMIT planChanged();
}

void RunPanel::updateProgress()
{
    const RunProgress p = m_runner->progress();
    m_progress->setMaximum(qMax(1, p.total));
    m_progress->setValue(p.settled());
    const QLocale locale;
    const QString outcomes = p.cancelled > 0
        ? RunTr::tr("%1 ok, %2 failed, %3 cancelled")
              .arg(locale.toString(p.succeeded), locale.toString(p.failed), locale.toString(p.cancelled))
        : RunTr::tr("%1 ok, %2 failed").arg(locale.toString(p.succeeded), locale.toString(p.failed));
    QString text = RunTr::tr("%1 of %2 settled (%3), %4 sent, %5 s")
                       .arg(locale.toString(p.settled()), locale.toString(p.total), outcomes,
                            locale.toString(p.sent), locale.toString(p.elapsedMs / 1000.0, 'f', 1));
    if (p.etaMs > 0)
        text += RunTr::tr(", about %1 s left").arg(locale.toString(p.etaMs / 1000.0, 'f', 1));
    if (m_runner->state() == Runner::State::Paused)
        text = RunTr::tr("Paused: %1").arg(text);
    m_counts->setText(text);
}

void RunPanel::updateButtons()
{
    const Runner::State state = m_runner->state();
    const bool going = state == Runner::State::Running || state == Runner::State::Paused;
    m_start->setEnabled(!going);
    m_pause->setEnabled(going);
    m_pause->setText(state == Runner::State::Paused ? RunTr::tr("Resume") : RunTr::tr("Pause"));
    m_stop->setEnabled(going);
    m_startAction->setEnabled(!going);
    m_pauseAction->setEnabled(going);
    m_pauseAction->setText(state == Runner::State::Paused ? RunTr::tr("&Resume Run") : RunTr::tr("&Pause Run"));
    m_stopAction->setEnabled(going);
}

void RunPanel::addToHistory(const RunSummary &summary)
{
    const int row = m_history->rowCount();
    m_history->insertRow(row);
    const TelemetryCounters &c = summary.counters;
    const double saved = c.calls ? 100.0 * double(c.calls - c.httpRequests) / double(c.calls) : 0;
    const QLocale locale;
    const QStringList cells{QString::number(summary.number) + (summary.stopped ? RunTr::tr(" (stopped)") : QString()),
                            locale.toString(c.calls), locale.toString(c.httpRequests),
                            locale.toString(saved, 'f', 1) + u'%', locale.toString(c.failed),
                            locale.toString(c.latency.p50 / 1000.0, 'f', 1),
                            QStringLiteral("%1 / %2 ms").arg(summary.config.batch.maxBatchSize).arg(summary.config.batch.maxDelay.count())};
    for (int column = 0; column < cells.size(); ++column) {
        auto *item = new QTableWidgetItem(cells.at(column));
        item->setTextAlignment(column == cells.size() - 1 ? Qt::AlignLeft | Qt::AlignVCenter : Qt::AlignRight | Qt::AlignVCenter);
        m_history->setItem(row, column, item);
    }
    updateProgress();
    updateComparison();
}

void RunPanel::updateComparison()
{
    const std::vector<RunSummary> &history = m_runner->history();
    QList<int> rows;
    for (const QModelIndex &index : m_history->selectionModel()->selectedRows())
        rows.append(index.row());
    std::sort(rows.begin(), rows.end());
    if (rows.size() != 2 && history.size() >= 2)
        rows = {int(history.size()) - 2, int(history.size()) - 1};
    if (rows.size() != 2 || size_t(rows.at(1)) >= history.size()) {
        m_compare->hide();
        return;
    }
    const RunSummary &a = history[size_t(rows.at(0))];
    const RunSummary &b = history[size_t(rows.at(1))];
    m_compareTitle->setText(RunTr::tr("Run %1 and run %2 side by side:").arg(a.number).arg(b.number));
    m_compare->setHorizontalHeaderLabels({QString(), RunTr::tr("Run %1").arg(a.number), RunTr::tr("Run %1").arg(b.number), RunTr::tr("Change")});
    const QList<ComparisonRow> lines = compareRuns(a, b);
    m_compare->setRowCount(int(lines.size()));
    for (int row = 0; row < lines.size(); ++row) {
        const ComparisonRow &line = lines.at(row);
        const QStringList cells{line.label, line.a, line.b, line.change};
        for (int column = 0; column < cells.size(); ++column) {
            auto *item = new QTableWidgetItem(cells.at(column));
            item->setToolTip(cells.at(column));
            if (column == 1 || column == 2)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_compare->setItem(row, column, item);
        }
    }
    m_compare->resizeRowsToContents();
    m_compare->show();
}

} // namespace batchlab
