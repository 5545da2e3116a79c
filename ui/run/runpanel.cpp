// SPDX-License-Identifier: BSD-3-Clause
#include "run/runpanel.h"
#include "run/runtr.h"

#include "io/reportexport.h"
#include "runs/runcomparison.h"
#include "runs/record/runrecorder.h"
#include "runs/runhistoryfile.h"
#include "runs/runnumbers.h"
#include "widgets/boundeddoublespinbox.h"
#include "widgets/boundedspinbox.h"
#include "widgets/wheelguard.h"

#include <QAction>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

namespace batchlab {

RunPanel::RunPanel(Runner *runner, QWidget *parent) : QWidget(parent), m_runner(runner)
{
    auto *layout = new QVBoxLayout(this);
    auto *form = new QFormLayout;
    m_iterations = new BoundedSpinBox(this);
    m_iterations->setObjectName(QStringLiteral("iterations"));
    m_iterations->setRange(1, 100000);
    m_iterations->setToolTip(RunTr::tr("How many times the enabled requests are sent."));
    form->addRow(RunTr::tr("Iterations"), m_iterations);
    m_arrival = new QComboBox(this);
    m_arrival->setObjectName(QStringLiteral("arrival"));
    WheelGuard::install(m_arrival);
    m_arrival->addItems({RunTr::tr("All at once"), RunTr::tr("Fixed rate"), RunTr::tr("Poisson"), RunTr::tr("As recorded")});
    m_arrival->setItemData(int(ArrivalPattern::Recorded),
                           RunTr::tr("Each request when it went out in the traffic it was imported from (a HAR's "
                                     "times); requests typed by hand go at the start"),
                           Qt::ToolTipRole);
    form->addRow(RunTr::tr("Arrival"), m_arrival);
    m_rate = new BoundedDoubleSpinBox(this);
    m_rate->setObjectName(QStringLiteral("arrivalRate"));
    m_rate->setRange(0.1, 100000);
    m_rate->setValue(200);
    m_rate->setSuffix(RunTr::tr(" calls/s"));
    m_rate->setEnabled(false);
    form->addRow(RunTr::tr("Rate"), m_rate);
    connect(m_arrival, &QComboBox::currentIndexChanged, this, [this](int i) {
        m_rate->setEnabled(ArrivalPattern(i) == ArrivalPattern::FixedRate || ArrivalPattern(i) == ArrivalPattern::Poisson);
    });
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

    m_historyProblem = new QLabel(this);
    m_historyProblem->setObjectName(QStringLiteral("runHistoryProblem"));
    m_historyProblem->setWordWrap(true);
    m_historyProblem->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_historyProblem->setStyleSheet(QStringLiteral("color: #b3261e;"));
    m_historyProblem->hide();
    layout->addWidget(m_historyProblem);

    // History above, comparison below, the line between them the user's to move: the table
    // of runs had 3 or 4 rows when the comparison took a fixed share.
    m_splitter = new QSplitter(Qt::Vertical, this);
    m_splitter->setObjectName(QStringLiteral("runSplitter"));
    m_splitter->setChildrenCollapsible(false);
    auto *top = new QWidget(m_splitter);
    auto *topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    auto *runsRow = new QHBoxLayout;
    runsRow->addWidget(new QLabel(RunTr::tr("Runs"), top));
    runsRow->addStretch(1);
    m_exportReport = new QPushButton(RunTr::tr("Export report…"), top);
    m_exportReport->setObjectName(QStringLiteral("exportReport"));
    m_exportReport->setToolTip(RunTr::tr("The last run as an HTML report, JSON, CSV of its calls or JUnit XML for "
                                         "a CI system; enabled once a run has finished."));
    m_exportReport->setEnabled(false);
    runsRow->addWidget(m_exportReport);
    topLayout->addLayout(runsRow);
    m_history = new QTableWidget(0, 0, top);
    m_history->setObjectName(QStringLiteral("runHistory"));
    // What a glance needs first (a narrow dock shows these), the breakdown after; the row's
    // tooltip and the comparison have every number too.
    const QList<std::pair<QString, QString>> columns{
        {RunTr::tr("#"), RunTr::tr("The run's number; ■ marks a run that was stopped.")},
        {RunTr::tr("Calls"), RunTr::tr("Calls made.")},
        {RunTr::tr("HTTP"), RunTr::tr("HTTP requests sent, batches and plain, retries included.")},
        {RunTr::tr("Saved"), RunNumbers::savedDefinition()},
        {RunTr::tr("Failed"), RunTr::tr("Calls that ended in an error, those the breaker rejected included "
                                        "(see Rejected); calls cancelled by Stop are not failures.")},
        {RunTr::tr("Checks"), RunTr::tr("The requests' expectations: checks that held out of those made over "
                                        "every answer; ✗ marks a run in which a check broke (a failed run), "
                                        "— a run that checked nothing.")},
        {RunTr::tr("Settings"), RunTr::tr("Max batch size / max delay at the end of the run, and how often the "
                                          "settings changed during it (the tooltip lists the changes).")},
        {RunTr::tr("Batched"), RunTr::tr("HTTP requests avoided by batching: calls that went out inside batches, "
                                         "less the batch requests that carried them.")},
        {RunTr::tr("Dedup"), RunTr::tr("HTTP requests avoided by de-duplication: calls that shared an identical "
                                       "call's item.")},
        {RunTr::tr("Cache"), RunTr::tr("Calls answered from the response cache: nothing was sent for them, and "
                                       "they are not counted as saved.")},
        {RunTr::tr("Rejected"), RunTr::tr("Of the failed calls, those the open circuit breaker refused: never sent.")},
        {RunTr::tr("Cancelled"), RunTr::tr("Calls cancelled by Stop: neither answered nor failed.")},
        {RunTr::tr("p50 ms"), RunTr::tr("Median latency, enqueue to settle, of the calls that were sent.")},
    };
    m_history->setColumnCount(int(columns.size()));
    for (int column = 0; column < columns.size(); ++column) {
        auto *header = new QTableWidgetItem(columns.at(column).first);
        header->setToolTip(columns.at(column).second);
        m_history->setHorizontalHeaderItem(column, header);
    }
    m_history->verticalHeader()->hide();
    m_history->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_history->setMinimumHeight(m_history->fontMetrics().height() * 12);
    m_history->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_history->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_history->setToolTip(RunTr::tr("Select two runs to compare them below."));
    topLayout->addWidget(m_history, 1);

    auto *bottom = new QWidget(m_splitter);
    auto *bottomLayout = new QVBoxLayout(bottom);
    bottomLayout->setContentsMargins(0, 0, 0, 0);
    m_compareTitle = new QLabel(RunTr::tr("Finish two runs to compare them here."), bottom);
    m_compareTitle->setObjectName(QStringLiteral("runCompareTitle"));
    bottomLayout->addWidget(m_compareTitle);
    m_compare = new QTableWidget(0, 4, bottom);
    m_compare->setObjectName(QStringLiteral("runComparison"));
    m_compare->verticalHeader()->hide();
    // The labels fit; the values share the rest and wrap, so nothing is elided and the change
    // column is never pushed away.
    m_compare->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_compare->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_compare->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_compare->setWordWrap(true);
    m_compare->setTextElideMode(Qt::ElideNone);
    m_compare->setMinimumHeight(m_compare->fontMetrics().height() * 20); // a dozen rows at least
    m_compare->hide();
    bottomLayout->addWidget(m_compare, 1);
    m_splitter->addWidget(top);
    m_splitter->addWidget(bottom);
    m_splitter->setStretchFactor(0, 1);
    m_splitter->setStretchFactor(1, 1);
    layout->addWidget(m_splitter, 1);
    connect(m_history, &QTableWidget::itemSelectionChanged, this, &RunPanel::updateComparison);
    // Wrapped rows grow as the columns are resized.
    connect(m_compare->horizontalHeader(), &QHeaderView::sectionResized, m_compare,
            [this] { m_compare->resizeRowsToContents(); });

    connect(runner, &Runner::progressChanged, this, &RunPanel::updateProgress);
    connect(runner, &Runner::stateChanged, this, &RunPanel::updateButtons);
    connect(runner, &Runner::stateChanged, this, &RunPanel::updateProgress);
    connect(runner, &Runner::finished, this, &RunPanel::onFinished);
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

void RunPanel::onFinished()
{
    fillHistory();
    writeHistory();
    updateProgress();
    updateComparison();
}

void RunPanel::fillHistory()
{
    const std::vector<RunSummary> &runs = m_runner->history();
    const QSignalBlocker blocker(m_history); // one comparison update, after
    m_history->clearSelection();
    m_history->setRowCount(int(runs.size()));
    const QLocale locale;
    for (size_t row = 0; row < runs.size(); ++row) {
        const RunSummary &summary = runs[row];
        const RunNumbers n = RunNumbers::of(summary);
        const BatchConfig &end = summary.configAtEnd.batch;
        QString settings = RunTr::tr("%1 / %2 ms").arg(end.maxBatchSize).arg(end.maxDelay.count());
        const QStringList changes = settingsChangeLines(summary);
        if (!changes.isEmpty())
            settings = RunTr::tr("%1 · changed ×%2").arg(settings).arg(summary.settingsChanges.size());
        const QStringList cells{
            // A mark, not a word: "(stopped)" widened the column into a horizontal scrollbar.
            summary.stopped ? RunTr::tr("%1 ■").arg(summary.number) : QString::number(summary.number),
            locale.toString(n.calls), locale.toString(n.httpRequests), n.savedText(), locale.toString(n.failed),
            n.checksText(), settings, locale.toString(n.avoidedByBatching), locale.toString(n.avoidedByDedup),
            locale.toString(n.cacheHits), locale.toString(n.rejected), locale.toString(n.cancelled),
            locale.toString(summary.counters.latency.p50 / 1000.0, 'f', 1)};
        const int checksColumn = 5;
        const int settingsColumn = 6;
        QString rowTip = RunTr::tr("Run %1 of %2, started %3").arg(summary.number).arg(summary.setName,
                                                                                         locale.toString(summary.startedAt, QLocale::ShortFormat));
        if (summary.stopped)
            rowTip += RunTr::tr("; stopped before the end");
        rowTip += RunTr::tr(".\n%1 calls: %2 succeeded, %3 failed (%4 of them rejected by the breaker), %5 cancelled; "
                            "%6 answered from the cache.\n%7 HTTP requests; avoided %8 by batching and %9 by "
                            "de-duplication.")
                      .arg(locale.toString(n.calls), locale.toString(n.succeeded), locale.toString(n.failed),
                           locale.toString(n.rejected), locale.toString(n.cancelled), locale.toString(n.cacheHits),
                           locale.toString(n.httpRequests), locale.toString(n.avoidedByBatching),
                           locale.toString(n.avoidedByDedup));
        if (n.checks() > 0) {
            rowTip += RunTr::tr("\nChecks: %1 held, %2 broke on %3 answers%4")
                          .arg(locale.toString(n.checksPassed), locale.toString(n.checksFailed),
                               locale.toString(n.callsFailingChecks),
                               n.checksBroke() ? RunTr::tr(": the run failed.") : QStringLiteral("."));
        }
        for (int column = 0; column < cells.size(); ++column) {
            auto *item = new QTableWidgetItem(cells.at(column));
            const bool text = column == settingsColumn;
            item->setTextAlignment(text ? Qt::AlignLeft | Qt::AlignVCenter : Qt::AlignRight | Qt::AlignVCenter);
            if (text) {
                const BatchConfig &start = summary.config.batch;
                QString tip = changes.isEmpty()
                    ? RunTr::tr("No settings changed during the run.")
                    : RunTr::tr("Started with %1 / %2 ms; changed during the run:\n%3")
                          .arg(start.maxBatchSize)
                          .arg(start.maxDelay.count())
                          .arg(changes.join(u'\n'));
                item->setToolTip(tip);
            } else {
                item->setToolTip(rowTip);
            }
            if (column == checksColumn && n.checksBroke())
                item->setForeground(QColor(0xb0, 0x00, 0x20)); // the editor's red for what is wrong
            m_history->setItem(int(row), column, item);
        }
    }
    m_history->scrollToBottom();
}

void RunPanel::openHistory(const QString &setPath)
{
    m_historyFile = RunHistoryFile::pathFor(setPath);
    m_historyBlocked = false;
    showHistoryProblem(QString());
    std::vector<RunSummary> runs;
    FileError error;
    if (!m_historyFile.isEmpty() && !RunHistoryFile::load(m_historyFile, &runs, &error)) {
        m_historyBlocked = true;
        showHistoryProblem(RunTr::tr("The run history could not be read, and this session's runs will not be "
                                     "written over it: %1")
                               .arg(error.toString()));
    }
    m_runner->setHistory(std::move(runs));
    fillHistory();
    updateComparison();
}

void RunPanel::keepHistoryWith(const QString &setPath)
{
    const QString path = RunHistoryFile::pathFor(setPath);
    if (path == m_historyFile)
        return;
    m_historyFile = path;
    m_historyBlocked = false;
    showHistoryProblem(QString());
    // A history already beside the new name that cannot be read is not replaced unasked.
    std::vector<RunSummary> existing;
    FileError error;
    if (!RunHistoryFile::load(path, &existing, &error)) {
        m_historyBlocked = true;
        showHistoryProblem(RunTr::tr("A run history beside the saved set could not be read, and is left as it "
                                     "is: %1")
                               .arg(error.toString()));
        return;
    }
    writeHistory();
}

void RunPanel::writeHistory()
{
    if (m_historyFile.isEmpty() || m_historyBlocked)
        return;
    if (m_runner->history().empty() && !QFileInfo::exists(m_historyFile))
        return; // a set saved before any run gets no empty file beside it
    FileError error;
    if (!RunHistoryFile::save(m_historyFile, m_runner->history(), &error))
        showHistoryProblem(RunTr::tr("The run history could not be saved: %1").arg(error.toString()));
    else
        showHistoryProblem(QString());
}

void RunPanel::setReports(RunRecorder *recorder, ReportExport *reports)
{
    m_recorder = recorder;
    m_reports = reports;
    const auto update = [this] { m_exportReport->setEnabled(m_recorder->last().has_value() && !m_reports->busy()); };
    connect(recorder, &RunRecorder::recorded, this, update);
    connect(reports, &ReportExport::finished, this, update);
    connect(m_exportReport, &QPushButton::clicked, this, [this, update] {
        if (m_recorder->last())
            m_reports->exportRecord(*m_recorder->last());
        update();
    });
    update();
}

QString RunPanel::historyProblem() const
{
    return m_historyProblem->text();
}

void RunPanel::showHistoryProblem(const QString &text)
{
    m_historyProblem->setText(text);
    m_historyProblem->setVisible(!text.isEmpty());
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
        m_compareTitle->setText(RunTr::tr("Finish two runs to compare them here."));
        m_compare->hide();
        return;
    }
    const RunSummary &a = history[size_t(rows.at(0))];
    const RunSummary &b = history[size_t(rows.at(1))];
    m_compareTitle->setText(RunTr::tr("Run %1 and run %2 side by side:").arg(a.number).arg(b.number));
    m_compare->setHorizontalHeaderLabels({QString(), RunTr::tr("Run %1").arg(a.number), RunTr::tr("Run %1").arg(b.number), RunTr::tr("Change")});
    const QList<ComparisonRow> lines = compareRuns(a, b);
    m_compare->clearSpans();
    m_compare->setRowCount(int(lines.size()));
    for (int row = 0; row < lines.size(); ++row) {
        const ComparisonRow &line = lines.at(row);
        const QStringList cells{line.label, line.a, line.wide ? QString() : line.b, line.wide ? QString() : line.change};
        for (int column = 0; column < cells.size(); ++column) {
            auto *item = new QTableWidgetItem(cells.at(column));
            item->setToolTip(column == 0 && !line.toolTip.isEmpty() ? line.toolTip : cells.at(column));
            // Numbers line up on the right; text (names, settings) reads from the left.
            if ((column == 1 || column == 2) && !line.wide)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            else
                item->setTextAlignment(Qt::AlignLeft | Qt::AlignVCenter);
            m_compare->setItem(row, column, item);
        }
        if (line.wide)
            m_compare->setSpan(row, 1, 1, 3);
    }
    m_compare->resizeRowsToContents();
    m_compare->show();
}

} // namespace batchlab
