#include "runpanel.h"

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
    m_iterations->setToolTip(tr("How many times the enabled requests are sent."));
    form->addRow(tr("Iterations"), m_iterations);
    m_arrival = new QComboBox(this);
    m_arrival->setObjectName(QStringLiteral("arrival"));
    m_arrival->addItems({tr("All at once"), tr("Fixed rate"), tr("Poisson")});
    form->addRow(tr("Arrival"), m_arrival);
    m_rate = new QDoubleSpinBox(this);
    m_rate->setObjectName(QStringLiteral("arrivalRate"));
    m_rate->setRange(0.1, 100000);
    m_rate->setValue(200);
    m_rate->setSuffix(tr(" calls/s"));
    m_rate->setEnabled(false);
    form->addRow(tr("Rate"), m_rate);
    connect(m_arrival, &QComboBox::currentIndexChanged, this, [this](int i) { m_rate->setEnabled(i != 0); });
    layout->addLayout(form);

    auto *buttons = new QHBoxLayout;
    m_start = new QPushButton(tr("Start"), this);
    m_start->setObjectName(QStringLiteral("startRun"));
    m_pause = new QPushButton(tr("Pause"), this);
    m_stop = new QPushButton(tr("Stop"), this);
    buttons->addWidget(m_start);
    buttons->addWidget(m_pause);
    buttons->addWidget(m_stop);
    layout->addLayout(buttons);
    connect(m_start, &QPushButton::clicked, this, [this] { Q_EMIT startRequested(plan()); });
    connect(m_pause, &QPushButton::clicked, this, [this] {
        m_runner->state() == Runner::State::Paused ? m_runner->resume() : m_runner->pause();
    });
    connect(m_stop, &QPushButton::clicked, m_runner, &Runner::stop);

    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("runProgress"));
    layout->addWidget(m_progress);
    m_counts = new QLabel(tr("No run yet."), this);
    m_counts->setObjectName(QStringLiteral("runCounts"));
    m_counts->setWordWrap(true);
    layout->addWidget(m_counts);

    layout->addWidget(new QLabel(tr("Runs"), this));
    m_history = new QTableWidget(0, 7, this);
    m_history->setObjectName(QStringLiteral("runHistory"));
    m_history->setHorizontalHeaderLabels({tr("#"), tr("Calls"), tr("HTTP"), tr("Saved"), tr("Failed"),
                                          tr("p50 ms"), tr("Batch / delay")});
    m_history->verticalHeader()->hide();
    m_history->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_history->setEditTriggers(QAbstractItemView::NoEditTriggers);
    layout->addWidget(m_history, 1);

    connect(runner, &Runner::progressChanged, this, &RunPanel::updateProgress);
    connect(runner, &Runner::stateChanged, this, &RunPanel::updateButtons);
    connect(runner, &Runner::finished, this, &RunPanel::addToHistory);
    updateButtons();
}

RunPlan RunPanel::plan() const
{
    return {m_iterations->value(), ArrivalPattern(m_arrival->currentIndex()), m_rate->value(), 1};
}

void RunPanel::updateProgress()
{
    const RunProgress p = m_runner->progress();
    m_progress->setMaximum(qMax(1, p.total));
    m_progress->setValue(p.settled());
    const QLocale locale;
    QString text = tr("%1 of %2 settled (%3 ok, %4 failed), %5 sent, %6 s")
                       .arg(locale.toString(p.settled()), locale.toString(p.total), locale.toString(p.succeeded),
                            locale.toString(p.failed), locale.toString(p.sent), locale.toString(p.elapsedMs / 1000.0, 'f', 1));
    if (p.etaMs > 0)
        text += tr(", about %1 s left").arg(locale.toString(p.etaMs / 1000.0, 'f', 1));
    m_counts->setText(text);
}

void RunPanel::updateButtons()
{
    const Runner::State state = m_runner->state();
    const bool going = state == Runner::State::Running || state == Runner::State::Paused;
    m_start->setEnabled(!going);
    m_pause->setEnabled(going);
    m_pause->setText(state == Runner::State::Paused ? tr("Resume") : tr("Pause"));
    m_stop->setEnabled(going);
}

void RunPanel::addToHistory(const RunSummary &summary)
{
    const int row = m_history->rowCount();
    m_history->insertRow(row);
    const TelemetryCounters &c = summary.counters;
    const double saved = c.calls ? 100.0 * double(c.calls - c.httpRequests) / double(c.calls) : 0;
    const QLocale locale;
    const QStringList cells{QString::number(summary.number) + (summary.stopped ? tr(" (stopped)") : QString()),
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
}

} // namespace batchlab
