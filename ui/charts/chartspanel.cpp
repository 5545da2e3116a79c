// SPDX-License-Identifier: BSD-3-Clause
#include "charts/chartspanel.h"
#include "charts/chartstr.h"

#include "charts/batchsizechart.h"
#include "charts/breakerchart.h"
#include "charts/chartexporter.h"
#include "charts/chartlegend.h"
#include "charts/charttheme.h"
#include "charts/hitschart.h"
#include "charts/latencychart.h"
#include "charts/queuedepthchart.h"
#include "charts/requestssavedchart.h"
#include "charts/throughputchart.h"
#include "client/apiclient.h"
#include "resilience/breakerregistry.h"
#include "runs/runner.h"
#include "telemetry/telemetry.h"

#include <QChartView>
#include <QDockWidget>
#include <QHBoxLayout>
#include <QScreen>
#include <QToolButton>
#include <QEvent>
#include <QFileDialog>
#include <QGridLayout>
#include <QLoggingCategory>
#include <QMenu>
#include <QMessageBox>
#include <QScrollArea>
#include <QVBoxLayout>

#include <algorithm>

Q_LOGGING_CATEGORY(lcCharts, "batchlab.ui.charts", QtWarningMsg)

namespace batchlab {

namespace {

constexpr int kRefreshMs = 250;
constexpr int kCellMinWidth = 280;
constexpr int kCellMinHeight = 170; ///< the view's
constexpr int kLegendHeight = 40; ///< about two lines of legend under each view
constexpr int kMaxColumns = 4;

} // namespace

ChartsPanel::ChartsPanel(ApiClient *client, QWidget *parent)
    : QWidget(parent)
    , m_client(client)
    , m_telemetry(client->telemetry())
    , m_data(client->telemetry())
{
    m_scroll = new QScrollArea(this);
    m_scroll->setObjectName(QStringLiteral("chartsScrollArea"));
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_grid = new QWidget(m_scroll);
    m_layout = new QGridLayout(m_grid);
    m_layout->setContentsMargins(2, 2, 2, 2);
    m_layout->setSpacing(4);
    m_scroll->setWidget(m_grid);
    auto *showAll = m_showAll = new QToolButton(this);
    showAll->setObjectName(QStringLiteral("chartsShowAll"));
    showAll->setText(ChartsTr::tr("All charts in a window"));
    showAll->setToolTip(ChartsTr::tr("Float the charts in a window as large as the screen, "
                                     "where all seven are seen at once"));
    connect(showAll, &QToolButton::clicked, this, &ChartsPanel::showAll);
    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(4, 2, 4, 0);
    bar->addStretch(1);
    bar->addWidget(showAll);
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->setSpacing(0);
    outer->addLayout(bar);
    outer->addWidget(m_scroll);

    const ChartTheme theme(palette(), font());
    m_charts
        = {std::make_unique<BatchSizeChart>(theme), std::make_unique<RequestsSavedChart>(theme),
           std::make_unique<HitsChart>(theme),      std::make_unique<BreakerChart>(client, theme),
           std::make_unique<LatencyChart>(theme),   std::make_unique<QueueDepthChart>(theme),
           std::make_unique<ThroughputChart>(theme)};
    for (int c = 0; c < ChartCount; ++c)
        m_views.at(size_t(c)) = makeView(Chart(c));
    applyTheme();
    relayout();

    m_next = m_telemetry->sequence();
    m_data.setMaxBatchSize(client->config().batch.maxBatchSize);
    m_data.reset(m_telemetry->now());
    connect(m_telemetry, &Telemetry::eventsAppended, this, &ChartsPanel::fetchNew);
    connect(client, &ApiClient::configChanged, this, [this] {
        m_data.setMaxBatchSize(m_client->config().batch.maxBatchSize);
        m_shownRevision = ~quint64(0);
    });
    m_timer.setInterval(kRefreshMs);
    connect(&m_timer, &QTimer::timeout, this, &ChartsPanel::onTimer);
    m_timer.start();
}

ChartsPanel::~ChartsPanel() = default;

QString ChartsPanel::chartObjectName(Chart chart)
{
    static constexpr std::array<const char *, ChartCount> names{
        "batchSizeChart", "requestsSavedChart", "hitsChart",      "breakerChart",
        "latencyChart",   "queueDepthChart",    "throughputChart"};
    return QLatin1String(names.at(size_t(chart)));
}

QString ChartsPanel::chartTitle(Chart chart) const
{
    if (chart < 0 || chart >= ChartCount)
        return {};
    return m_charts.at(size_t(chart))->title();
}

QChartView *ChartsPanel::chartView(Chart chart) const
{
    return m_views.at(size_t(chart));
}

QChart *ChartsPanel::chart(Chart chart) const
{
    return m_charts.at(size_t(chart))->chart();
}

QChartView *ChartsPanel::makeView(Chart which)
{
    auto *cell = new QWidget(m_grid);
    cell->setObjectName(chartObjectName(which) + QStringLiteral("Cell"));
    auto *column = new QVBoxLayout(cell);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(0);
    auto *view = new QChartView(chart(which), cell);
    auto *legend = new ChartLegend(chart(which), cell);
    column->addWidget(view, 1);
    column->addWidget(legend);
    m_cells.at(size_t(which)) = cell;
    m_legends.at(size_t(which)) = legend;
    view->setObjectName(chartObjectName(which));
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumSize(kCellMinWidth - 20, kCellMinHeight);
    view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(view, &QWidget::customContextMenuRequested, this,
            [this, which](const QPoint &pos) { showContextMenu(which, pos); });
    return view;
}

int ChartsPanel::columnsFor(const QSize &available)
{
    // Of the column counts that show all seven without scrolling, the one whose cells come
    // nearest a 3:2 chart; when none does, as many columns as fit across.
    const int across = qBound(1, available.width() / kCellMinWidth, kMaxColumns);
    int best = across;
    double bestScore = -1;
    for (int columns = 1; columns <= across; ++columns) {
        const int rows = (ChartCount + columns - 1) / columns;
        const double height = double(available.height()) / rows - kLegendHeight;
        if (height < kCellMinHeight)
            continue;
        const double score = std::min(double(available.width()) / columns / 1.5, height);
        if (score > bestScore) {
            bestScore = score;
            best = columns;
        }
    }
    return best;
}

void ChartsPanel::showAll()
{
    // A window of their own, as large as the screen allows: all seven at once.
    auto *dock = qobject_cast<QDockWidget *>(parentWidget());
    if (!dock)
        return;
    watchDock();
    if (dock->isFloating()) {
        dock->setFloating(false);
        return;
    }
    dock->setFloating(true);
    if (const QScreen *screen = dock->screen()) {
        const QRect area = screen->availableGeometry();
        dock->setGeometry(area.adjusted(area.width() / 20, area.height() / 20,
                                        -area.width() / 20, -area.height() / 20));
    }
    dock->raise();
    dock->activateWindow();
}

void ChartsPanel::watchDock()
{
    auto *dock = qobject_cast<QDockWidget *>(parentWidget());
    if (!dock || m_dockWatched)
        return;
    m_dockWatched = true;
    const auto say = [this](bool floating) {
        m_showAll->setText(floating ? ChartsTr::tr("Back into the main window") : ChartsTr::tr("All charts in a window"));
        m_showAll->setToolTip(floating ? ChartsTr::tr("Dock the charts where they were")
                                       : ChartsTr::tr("Float the charts in a window as large as the screen, "
                                                      "where all seven are seen at once"));
    };
    connect(dock, &QDockWidget::topLevelChanged, this, say);
    say(dock->isFloating());
}

void ChartsPanel::relayout()
{
    const int columns = columnsFor(m_scroll->viewport()->size());
    if (columns == m_columns)
        return;
    m_columns = columns;
    for (QWidget *cell : m_cells)
        m_layout->removeWidget(cell);
    for (int i = 0; i < ChartCount; ++i)
        m_layout->addWidget(m_cells.at(size_t(i)), i / columns, i % columns);
    for (int c = 0; c < kMaxColumns; ++c)
        m_layout->setColumnStretch(c, c < columns ? 1 : 0);
}

void ChartsPanel::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    relayout();
    m_shownRevision = ~quint64(0); // redrawn at the next tick: how many bars fit depends on the width
}

void ChartsPanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    watchDock(); // in a dock by now
    relayout();
    m_shownRevision = ~quint64(0);
    QTimer::singleShot(0, this, &ChartsPanel::onTimer);
}

void ChartsPanel::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange) {
        applyTheme();
        m_shownRevision = ~quint64(0);
        onTimer();
    }
}

void ChartsPanel::applyTheme()
{
    const ChartTheme theme(palette(), font());
    for (const auto &chart : m_charts)
        chart->applyTheme(theme);
    for (QChartView *view : m_views)
        view->setBackgroundBrush(theme.base());
}

void ChartsPanel::followRunner(Runner *runner)
{
    m_lastRunnerState = int(runner->state());
    connect(runner, &Runner::stateChanged, this, [this](Runner::State state) {
        const auto previous = Runner::State(m_lastRunnerState);
        m_lastRunnerState = int(state);
        if (state == Runner::State::Running && previous != Runner::State::Paused)
            startRun(m_telemetry->now());
        else if (state == Runner::State::Finished || state == Runner::State::Stopped)
            endRun(m_telemetry->now());
    });
}

void ChartsPanel::startRun(qint64 telemetryNs)
{
    m_data.setMaxBatchSize(m_client->config().batch.maxBatchSize);
    m_data.reset(telemetryNs);
    seedBreakers();
    // Events of this run may already be stored: read back what the ring still holds; the
    // data ignores everything before the run's start.
    const quint64 sequence = m_telemetry->sequence();
    const auto capacity = quint64(m_telemetry->capacity());
    m_next = sequence > capacity ? sequence - capacity : 0;
    fetchNew();
    m_shownRevision = ~quint64(0);
    if (isVisible())
        refresh();
}

void ChartsPanel::endRun(qint64 telemetryNs)
{
    fetchNew(); // the run's own last events first
    m_data.endRun(telemetryNs);
    m_shownRevision = ~quint64(0);
    if (isVisible())
        refresh();
}

void ChartsPanel::seedBreakers()
{
    // Breakers that exist but do not change during the run still get their band.
    const QList<CircuitBreaker *> breakers = m_client->breakers()->breakers();
    for (CircuitBreaker *breaker : breakers)
        m_data.addBreaker(m_telemetry->internKey(breaker->key()), breaker->key(), breaker->state());
}

void ChartsPanel::fetchNew()
{
    quint64 lost = 0;
    const std::vector<Event> events = m_telemetry->eventsSince(m_next, &lost);
    m_next = m_telemetry->sequence();
    if (lost) {
        qCWarning(lcCharts) << "charts missed" << lost
                            << "events that left the telemetry ring before they were read";
    }
    m_data.append(events);
}

void ChartsPanel::onTimer()
{
    if (!isVisible())
        return;
    fetchNew();
    if (m_data.revision() == m_shownRevision)
        return;
    refresh();
}

void ChartsPanel::refresh()
{
    m_clock.start();
    fetchNew();
    if (qsizetype(m_data.breakers().size()) < m_client->breakers()->breakers().size())
        seedBreakers();
    for (size_t c = 0; c < m_charts.size(); ++c) {
        m_charts[c]->refresh(m_data);
        m_legends[c]->sync();
        if (m_views[c]->toolTip() != m_charts[c]->description())
            m_views[c]->setToolTip(m_charts[c]->description());
    }
    m_shownRevision = m_data.revision();
    m_lastRefreshNs = m_clock.nsecsElapsed();
    Q_EMIT refreshed(m_lastRefreshNs);
}

bool ChartsPanel::exportChart(Chart which, const QString &path, QString *error)
{
    const auto fail = [&](const QString &message) {
        qCWarning(lcCharts) << "export of" << chartObjectName(which) << "failed:" << message;
        if (error)
            *error = message;
        return false;
    };
    if (which < 0 || which >= ChartCount)
        return fail(ChartsTr::tr("there is no such chart"));
    refresh();
    ChartExporter exporter(m_cells.at(size_t(which))); // the chart with its legend
    exporter.setTitle(chartTitle(which));
    exporter.setDescription(ChartsTr::tr("Batchlab chart, %1").arg(chartObjectName(which)));
    QString message;
    if (!exporter.write(path, &message))
        return fail(message);
    return true;
}

void ChartsPanel::showContextMenu(Chart which, const QPoint &pos)
{
    QMenu menu(this);
    const auto exportAs = [this, which](const QString &suffix, const QString &filter) {
        const QString path = QFileDialog::getSaveFileName(
            this, ChartsTr::tr("Export %1").arg(chartTitle(which)),
            chartObjectName(which) + QLatin1Char('.') + suffix, filter);
        if (path.isEmpty())
            return;
        QString error;
        if (!exportChart(which, path, &error))
            QMessageBox::warning(this, ChartsTr::tr("Export failed"), error);
    };
    menu.addAction(ChartsTr::tr("Export as PNG…"), this,
                   [exportAs] { exportAs(QStringLiteral("png"), ChartsTr::tr("PNG images (*.png)")); });
    menu.addAction(ChartsTr::tr("Export as SVG…"), this,
                   [exportAs] { exportAs(QStringLiteral("svg"), ChartsTr::tr("SVG images (*.svg)")); });
    menu.exec(m_views.at(size_t(which))->mapToGlobal(pos));
}

} // namespace batchlab
