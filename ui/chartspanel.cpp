#include "chartspanel.h"

#include "apiclient.h"
#include "breakerregistry.h"
#include "runner.h"
#include "telemetry.h"

#include <QAreaSeries>
#include <QBarCategoryAxis>
#include <QBarSet>
#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QCursor>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QGraphicsLayout>
#include <QGraphicsSimpleTextItem>
#include <QGridLayout>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLoggingCategory>
#include <QMenu>
#include <QMessageBox>
#include <QPainter>
#include <QSaveFile>
#include <QScrollArea>
#include <QStackedBarSeries>
#include <QSvgGenerator>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <functional>

Q_LOGGING_CATEGORY(lcCharts, "batchlab.ui.charts", QtWarningMsg)

namespace batchlab {

namespace {

constexpr int kRefreshMs = 250;
constexpr int kCellMinWidth = 420;
constexpr int kCellMinHeight = 270;
constexpr int kMaxBandRows = 4;
constexpr double kBandRow = 25.0; // failure-rate units per breaker row above 100 %
constexpr int kStateCount = 5;

/// Okabe–Ito colours: told apart with the common colour-vision deficiencies, readable on
/// light and dark backgrounds; the dark variants are lightened where the light ones are dim.
enum class Hue { Blue, Orange, Sky, Green, Purple, Vermillion, Yellow, Grey };

QColor hue(Hue h, bool dark)
{
    switch (h) {
    case Hue::Blue:
        return dark ? QColor(0x56, 0xB4, 0xE9) : QColor(0x00, 0x72, 0xB2);
    case Hue::Orange:
        return QColor(0xE6, 0x9F, 0x00);
    case Hue::Sky:
        return dark ? QColor(0xA6, 0xD8, 0xF5) : QColor(0x56, 0xB4, 0xE9);
    case Hue::Green:
        return dark ? QColor(0x2E, 0xC4, 0x9A) : QColor(0x00, 0x9E, 0x73);
    case Hue::Purple:
        return QColor(0xCC, 0x79, 0xA7);
    case Hue::Vermillion:
        return dark ? QColor(0xFF, 0x7A, 0x33) : QColor(0xD5, 0x5E, 0x00);
    case Hue::Yellow:
        return dark ? QColor(0xF0, 0xE4, 0x42) : QColor(0xB8, 0xA9, 0x00);
    case Hue::Grey:
        return dark ? QColor(0xB0, 0xB0, 0xB0) : QColor(0x77, 0x77, 0x77);
    }
    return {};
}

Hue reasonHue(FlushReason reason)
{
    switch (reason) {
    case FlushReason::Size:
        return Hue::Blue;
    case FlushReason::Timer:
        return Hue::Orange;
    case FlushReason::Debounce:
        return Hue::Sky;
    case FlushReason::Manual:
        return Hue::Green;
    case FlushReason::Config:
        return Hue::Purple;
    case FlushReason::Shutdown:
        return Hue::Grey;
    case FlushReason::Retry:
        return Hue::Vermillion;
    }
    return Hue::Grey;
}

Hue stateHue(BreakerState state)
{
    switch (state) {
    case BreakerState::Closed:
        return Hue::Green;
    case BreakerState::Open:
        return Hue::Vermillion;
    case BreakerState::HalfOpen:
        return Hue::Orange;
    case BreakerState::ForcedOpen:
        return Hue::Purple;
    case BreakerState::Disabled:
        return Hue::Grey;
    }
    return Hue::Grey;
}

Hue statusHue(int statusClass)
{
    static constexpr std::array<Hue, ChartData::kStatusClassCount> hues{
        Hue::Green, Hue::Sky, Hue::Orange, Hue::Vermillion, Hue::Purple, Hue::Grey};
    return hues.at(size_t(statusClass));
}

/// 1, 2, 2.5 or 5 times a power of ten, at least `value`.
double niceCeil(double value)
{
    if (!(value > 0))
        return 1;
    const double magnitude = std::pow(10.0, std::floor(std::log10(value)));
    const double f = value / magnitude;
    const double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
    return nice * magnitude;
}

/// 0..max with ticks every `step`, changed in the order that never asks the axis for more
/// ticks than either the old or the new setting (a tiny step on a wide range lays out
/// millions of ticks).
void setDynamicRange(QValueAxis *axis, double max, double step)
{
    if (axis->tickInterval() <= 0 || step < axis->tickInterval()) {
        axis->setRange(0, max);
        axis->setTickInterval(step);
    } else {
        axis->setTickInterval(step);
        axis->setRange(0, max);
    }
    axis->setTickAnchor(0);
}

/// Sets 0..max with about `ticks` round steps covering `value`; returns max.
double setNiceRange(QValueAxis *axis, double value, int ticks = 4)
{
    const double step = niceCeil(qMax(value, 1e-9) / ticks);
    const double max = qMax(step, step * std::ceil(value / step - 1e-9));
    setDynamicRange(axis, max, step);
    const bool whole = std::abs(step - std::round(step)) < 1e-9;
    axis->setLabelFormat(whole             ? QStringLiteral("%.0f")
                             : step >= 0.1 ? QStringLiteral("%.1f")
                                           : QStringLiteral("%.2f"));
    return max;
}

QString shortOrigin(QString name)
{
    for (const QLatin1String scheme : {QLatin1String("https://"), QLatin1String("http://")}) {
        if (name.startsWith(scheme))
            name.remove(0, scheme.size());
    }
    return name.size() > 24 ? name.left(23) + QChar(0x2026) : name;
}

QLineSeries *makeLine(const QString &objectName, const QString &name, QObject *parent)
{
    auto *series = new QLineSeries(parent);
    series->setObjectName(objectName);
    series->setName(name);
    return series;
}

void attach(QChart *chart, QAbstractSeries *series, QAbstractAxis *x, QAbstractAxis *y)
{
    chart->addSeries(series);
    series->attachAxis(x);
    series->attachAxis(y);
}

void hideFromLegend(QChart *chart, QAbstractSeries *series)
{
    const QList<QLegendMarker *> markers = chart->legend()->markers(series);
    for (QLegendMarker *marker : markers)
        marker->setVisible(false);
}

void setLegendVisible(QChart *chart, QAbstractSeries *series, bool visible)
{
    const QList<QLegendMarker *> markers = chart->legend()->markers(series);
    for (QLegendMarker *marker : markers) {
        if (marker->isVisible() != visible)
            marker->setVisible(visible);
    }
}

} // namespace

struct ChartsPanel::Marker
{
    QLineSeries *line = nullptr;
    QGraphicsSimpleTextItem *label = nullptr;
    double x = 0;
};

struct ChartsPanel::TimeChart
{
    Chart which = RequestsSaved;
    QChart *chart = nullptr;
    QValueAxis *x = nullptr;
    QValueAxis *y = nullptr; // the breaker chart's is a QCategoryAxis
    double yMax = 1;
    std::vector<Marker> markers;
};

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
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(m_scroll);

    buildCharts();
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
    switch (chart) {
    case BatchSizes:
        return tr("Batch sizes by flush reason");
    case RequestsSaved:
        return tr("Requests saved: calls vs HTTP requests");
    case Hits:
        return tr("De-duplication and cache hits");
    case Breaker:
        return tr("Circuit breaker and failure rate");
    case Latency:
        return tr("Latency: end to end and queue wait");
    case QueueDepth:
        return tr("Queue depth");
    case Throughput:
        return tr("Throughput and outcomes");
    case ChartCount:
        break;
    }
    return {};
}

QChartView *ChartsPanel::chartView(Chart chart) const
{
    return m_views.at(size_t(chart));
}

QChart *ChartsPanel::chart(Chart chart) const
{
    return m_charts.at(size_t(chart));
}

QChartView *ChartsPanel::makeView(Chart which, QChart *qchart)
{
    qchart->setTitle(chartTitle(which));
    qchart->setMargins(QMargins(2, 2, 2, 2));
    qchart->setBackgroundRoundness(0);
    qchart->layout()->setContentsMargins(0, 0, 0, 0);
    qchart->legend()->setAlignment(Qt::AlignBottom);
    QFont title = qchart->titleFont();
    title.setBold(true);
    title.setPointSizeF(qMax(8.0, font().pointSizeF()));
    qchart->setTitleFont(title);
    QFont small = font();
    small.setPointSizeF(qMax(7.0, font().pointSizeF() - 1));
    qchart->legend()->setFont(small);
    auto *view = new QChartView(qchart, m_grid);
    view->setObjectName(chartObjectName(which));
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumSize(kCellMinWidth - 20, kCellMinHeight);
    view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(view, &QWidget::customContextMenuRequested, this,
            [this, which](const QPoint &pos) { showContextMenu(which, pos); });
    m_views.at(size_t(which)) = view;
    m_charts.at(size_t(which)) = qchart;
    return view;
}

void ChartsPanel::buildCharts()
{
    QFont small = font();
    small.setPointSizeF(qMax(7.0, font().pointSizeF() - 1));
    const auto styleAxis = [&small](QAbstractAxis *axis, const QString &title) {
        axis->setTitleText(title);
        axis->setLabelsFont(small);
        QFont titleFont = small;
        titleFont.setBold(false);
        axis->setTitleFont(titleFont);
    };
    const auto timeChart = [&](Chart which, const QString &yTitle) -> TimeChart & {
        auto *qchart = new QChart;
        makeView(which, qchart);
        auto tc = std::make_unique<TimeChart>();
        tc->which = which;
        tc->chart = qchart;
        tc->x = new QValueAxis(qchart);
        styleAxis(tc->x, tr("time since run start (s)"));
        tc->x->setRange(0, 1);
        tc->x->setTickInterval(0.2);
        tc->x->setTickType(QValueAxis::TicksDynamic);
        qchart->addAxis(tc->x, Qt::AlignBottom);
        if (which == Breaker) {
            m_breakerAxis = new QCategoryAxis(qchart);
            m_breakerAxis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
            tc->y = m_breakerAxis;
        } else {
            tc->y = new QValueAxis(qchart);
            tc->y->setRange(0, 1);
            tc->y->setTickInterval(0.25);
            tc->y->setTickType(QValueAxis::TicksDynamic);
        }
        styleAxis(tc->y, yTitle);
        qchart->addAxis(tc->y, Qt::AlignLeft);
        connect(qchart, &QChart::plotAreaChanged, this,
                [this, raw = tc.get()] { positionMarkerLabels(*raw); });
        m_timeCharts.push_back(std::move(tc));
        return *m_timeCharts.back();
    };

    // 1. Batch sizes.
    {
        auto *qchart = new QChart;
        makeView(BatchSizes, qchart);
        m_sizeSeries = new QStackedBarSeries(qchart);
        m_sizeSeries->setObjectName(QStringLiteral("batchSizes"));
        m_sizeSeries->setBarWidth(0.8);
        for (int r = 0; r < kFlushReasonCount; ++r) {
            auto *set = new QBarSet(flushReasonName(FlushReason(r)), m_sizeSeries);
            set->setObjectName(QLatin1String("reason.") + flushReasonName(FlushReason(r)));
            m_sizeSeries->append(set);
            m_sizeSets.at(size_t(r)) = set;
        }
        qchart->addSeries(m_sizeSeries);
        m_sizeAxis = new QBarCategoryAxis(qchart);
        styleAxis(m_sizeAxis, tr("batch size (calls per HTTP request)"));
        m_sizeCountAxis = new QValueAxis(qchart);
        m_sizeCountAxis->setRange(0, 1);
        m_sizeCountAxis->setTickInterval(0.25);
        m_sizeCountAxis->setTickType(QValueAxis::TicksDynamic);
        styleAxis(m_sizeCountAxis, tr("HTTP requests"));
        qchart->addAxis(m_sizeAxis, Qt::AlignBottom);
        qchart->addAxis(m_sizeCountAxis, Qt::AlignLeft);
        m_sizeSeries->attachAxis(m_sizeAxis);
        m_sizeSeries->attachAxis(m_sizeCountAxis);
        m_maxBatchLine = makeLine(QStringLiteral("maxBatchSize"), tr("maxBatchSize"), qchart);
        attach(qchart, m_maxBatchLine, m_sizeAxis, m_sizeCountAxis);
    }
    // 2. Requests saved.
    {
        TimeChart &tc = timeChart(RequestsSaved, tr("calls, cumulative"));
        m_cumCalls = makeLine(QStringLiteral("calls"), tr("calls"), tc.chart);
        m_cumHttp = makeLine(QStringLiteral("httpRequests"), tr("HTTP requests"), tc.chart);
        m_savedArea = new QAreaSeries(makeLine(QString(), QString(), tc.chart),
                                      makeLine(QString(), QString(), tc.chart));
        m_savedArea->setParent(tc.chart);
        m_savedArea->setObjectName(QStringLiteral("saved"));
        m_savedArea->setName(tr("saved"));
        attach(tc.chart, m_savedArea, tc.x, tc.y);
        attach(tc.chart, m_cumCalls, tc.x, tc.y);
        attach(tc.chart, m_cumHttp, tc.x, tc.y);
    }
    // 3. Hits.
    {
        TimeChart &tc = timeChart(Hits, tr("hits per second"));
        m_dedupRate = makeLine(QStringLiteral("dedupHits"), tr("de-dup hits"), tc.chart);
        m_cacheRate = makeLine(QStringLiteral("cacheHits"), tr("cache hits"), tc.chart);
        attach(tc.chart, m_dedupRate, tc.x, tc.y);
        attach(tc.chart, m_cacheRate, tc.x, tc.y);
    }
    // 4. Breaker: bands are made per origin in updateBreaker().
    {
        TimeChart &tc = timeChart(Breaker, tr("failure rate (%)"));
        m_failureRate = makeLine(QStringLiteral("failureRate"), tr("failure rate"), tc.chart);
        m_threshold = makeLine(QStringLiteral("threshold"), tr("threshold"), tc.chart);
        attach(tc.chart, m_failureRate, tc.x, tc.y);
        attach(tc.chart, m_threshold, tc.x, tc.y);
    }
    // 5. Latency.
    {
        TimeChart &tc = timeChart(Latency, tr("latency (ms)"));
        static constexpr std::array<const char *, 6> names{"latency.p50",   "latency.p90",
                                                           "latency.p99",   "queueWait.p50",
                                                           "queueWait.p90", "queueWait.p99"};
        const std::array<QString, 6> labels{tr("p50"),      tr("p90"),      tr("p99"),
                                            tr("wait p50"), tr("wait p90"), tr("wait p99")};
        for (size_t i = 0; i < m_latency.size(); ++i) {
            m_latency[i] = makeLine(QLatin1String(names[i]), labels[i], tc.chart);
            attach(tc.chart, m_latency[i], tc.x, tc.y);
        }
    }
    // 6. Queue depth.
    {
        TimeChart &tc = timeChart(QueueDepth, tr("calls waiting to be flushed"));
        m_depth = makeLine(QStringLiteral("queueDepth"), tr("most calls waiting, per interval"),
                           tc.chart);
        attach(tc.chart, m_depth, tc.x, tc.y);
    }
    // 7. Throughput over the stacked status classes.
    {
        TimeChart &tc = timeChart(Throughput, tr("per second"));
        for (int s = 0; s < ChartData::kStatusClassCount; ++s) {
            auto *area = new QAreaSeries(makeLine(QString(), QString(), tc.chart),
                                         makeLine(QString(), QString(), tc.chart));
            area->setParent(tc.chart);
            area->setObjectName(QLatin1String("status.") + QString::number(s));
            area->setName(ChartData::statusClassName(ChartData::StatusClass(s)));
            attach(tc.chart, area, tc.x, tc.y);
            m_statusAreas.at(size_t(s)) = area;
        }
        m_callRate = makeLine(QStringLiteral("callRate"), tr("calls/s"), tc.chart);
        m_httpRate = makeLine(QStringLiteral("httpRate"), tr("HTTP requests/s"), tc.chart);
        attach(tc.chart, m_callRate, tc.x, tc.y);
        attach(tc.chart, m_httpRate, tc.x, tc.y);
    }
}

void ChartsPanel::relayout()
{
    const int available = m_scroll->viewport()->width();
    const int columns = qBound(1, available / kCellMinWidth, 3);
    if (columns == m_columns)
        return;
    m_columns = columns;
    for (QChartView *view : m_views)
        m_layout->removeWidget(view);
    for (int i = 0; i < ChartCount; ++i)
        m_layout->addWidget(m_views.at(size_t(i)), i / columns, i % columns);
    for (int c = 0; c < 3; ++c)
        m_layout->setColumnStretch(c, c < columns ? 1 : 0);
}

void ChartsPanel::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    relayout();
}

void ChartsPanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
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
    const QPalette pal = palette();
    const bool dark = pal.color(QPalette::Window).lightness() < 128;
    const QColor text = pal.color(QPalette::WindowText);
    const QColor base = pal.color(QPalette::Base);
    QColor grid = text;
    grid.setAlpha(40);
    QColor axisLine = text;
    axisLine.setAlpha(120);
    for (QChart *qchart : m_charts) {
        qchart->setBackgroundBrush(base);
        qchart->setBackgroundPen(Qt::NoPen);
        qchart->setPlotAreaBackgroundVisible(false);
        qchart->setTitleBrush(text);
        qchart->legend()->setLabelColor(text);
        const QList<QAbstractAxis *> axes = qchart->axes();
        for (QAbstractAxis *axis : axes) {
            axis->setLabelsColor(text);
            axis->setTitleBrush(text);
            axis->setGridLineColor(grid);
            axis->setMinorGridLineColor(grid);
            axis->setLinePenColor(axisLine);
        }
    }
    for (QChartView *view : m_views)
        view->setBackgroundBrush(base);

    const auto pen = [](QColor color, qreal width, Qt::PenStyle style = Qt::SolidLine) {
        QPen p(color, width, style);
        p.setCosmetic(true);
        return p;
    };
    for (int r = 0; r < kFlushReasonCount; ++r) {
        QBarSet *set = m_sizeSets.at(size_t(r));
        set->setColor(hue(reasonHue(FlushReason(r)), dark));
        set->setBorderColor(base);
        set->setLabelColor(text);
    }
    m_maxBatchLine->setPen(pen(text, 2, Qt::DashLine));

    m_cumCalls->setPen(pen(hue(Hue::Blue, dark), 2));
    m_cumHttp->setPen(pen(hue(Hue::Orange, dark), 2));
    QColor savedFill = hue(Hue::Blue, dark);
    savedFill.setAlpha(50);
    m_savedArea->setBrush(savedFill);
    m_savedArea->setPen(Qt::NoPen);

    m_dedupRate->setPen(pen(hue(Hue::Purple, dark), 2));
    m_cacheRate->setPen(pen(hue(Hue::Green, dark), 2));

    m_failureRate->setPen(pen(hue(Hue::Blue, dark), 2)); // not the colour of a breaker state
    m_threshold->setPen(pen(text, 1.5, Qt::DashLine));
    for (size_t row = 0; row < m_bands.size(); ++row) {
        for (int s = 0; s < kStateCount; ++s) {
            const QColor fill = hue(stateHue(BreakerState(s)), dark);
            m_bands[row].at(size_t(s))->setBrush(fill);
            m_bands[row].at(size_t(s))->setPen(Qt::NoPen);
        }
    }

    const std::array<Hue, 3> percentileHues{Hue::Blue, Hue::Orange, Hue::Vermillion};
    for (size_t i = 0; i < m_latency.size(); ++i)
        m_latency[i]->setPen(pen(hue(percentileHues.at(i % 3), dark), i < 3 ? 2 : 1.5,
                                 i < 3 ? Qt::SolidLine : Qt::DashLine));

    m_depth->setPen(pen(hue(Hue::Blue, dark), 2));

    for (int s = 0; s < ChartData::kStatusClassCount; ++s) {
        QColor fill = hue(statusHue(s), dark);
        fill.setAlpha(dark ? 150 : 130);
        m_statusAreas.at(size_t(s))->setBrush(fill);
        m_statusAreas.at(size_t(s))->setPen(Qt::NoPen);
    }
    m_callRate->setPen(pen(text, 2));
    m_httpRate->setPen(pen(hue(Hue::Blue, dark), 2, Qt::DashLine));

    for (const auto &tc : m_timeCharts) {
        for (Marker &marker : tc->markers) {
            QColor color = hue(Hue::Purple, dark);
            marker.line->setPen(pen(color, 1.5, Qt::DashDotLine));
            marker.label->setBrush(color);
        }
    }
}

void ChartsPanel::followRunner(Runner *runner)
{
    m_lastRunnerState = int(runner->state());
    connect(runner, &Runner::stateChanged, this, [this](Runner::State state) {
        const auto previous = Runner::State(m_lastRunnerState);
        m_lastRunnerState = int(state);
        if (state == Runner::State::Running && previous != Runner::State::Paused)
            startRun(m_telemetry->now());
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
        m_lost += lost;
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
    // One time range for every time-based chart: the run so far, in round seconds.
    const double last = double(m_data.lastTime()) / 1e9;
    const double step = niceCeil(qMax(last, 0.5) / 5);
    const double range = qMax(step, step * std::ceil(last / step - 1e-9));
    for (const auto &tc : m_timeCharts) {
        setDynamicRange(tc->x, range, step);
        tc->x->setLabelFormat(step >= 1 ? QStringLiteral("%.0f") : QStringLiteral("%.1f"));
    }
    updateBatchSizes();
    updateRequestsSaved(range);
    updateHits(range);
    updateBreaker(range);
    updateLatency(range);
    updateQueueDepth(range);
    updateThroughput(range);
    for (const auto &tc : m_timeCharts)
        updateMarkers(*tc, range);
    m_shownRevision = m_data.revision();
    m_lastRefreshNs = m_clock.nsecsElapsed();
    Q_EMIT refreshed(m_lastRefreshNs);
}

void ChartsPanel::updateBatchSizes()
{
    const int maxBatch = qMax(1, m_data.maxBatchSize());
    const int upper = qMax(m_data.largestFlush(), maxBatch);
    // At most 20 bars: a wide maxBatchSize groups neighbouring sizes.
    const int binWidth = (upper + 19) / 20;
    const int bins = (upper + binWidth - 1) / binWidth;
    QStringList categories;
    categories.reserve(bins);
    for (int b = 0; b < bins; ++b) {
        const int lo = b * binWidth + 1;
        const int hi = qMin(upper, (b + 1) * binWidth);
        categories.append(lo == hi ? QString::number(lo)
                                   : QString::number(lo) + QChar(0x2013) + QString::number(hi));
    }
    if (categories != m_sizeCategories) {
        m_sizeCategories = categories;
        m_sizeAxis->setCategories(categories);
    }
    std::vector<double> totals(size_t(bins), 0.0);
    for (int r = 0; r < kFlushReasonCount; ++r) {
        QList<qreal> values(bins, 0.0);
        qint64 any = 0;
        for (int size = 1; size <= m_data.largestFlush(); ++size) {
            const qint64 n = m_data.flushes(size, FlushReason(r));
            values[(size - 1) / binWidth] += double(n);
            any += n;
        }
        for (int b = 0; b < bins; ++b)
            totals[size_t(b)] += values[b];
        QBarSet *set = m_sizeSets.at(size_t(r));
        if (set->count() == bins) {
            for (int b = 0; b < bins; ++b) {
                if (set->at(b) != values[b])
                    set->replace(b, values[b]);
            }
        } else {
            set->remove(0, set->count());
            set->append(values);
        }
        const QList<QLegendMarker *> markers
            = m_charts[BatchSizes]->legend()->markers(m_sizeSeries);
        if (r < markers.size())
            markers[r]->setVisible(any > 0);
    }
    const double most = totals.empty() ? 0 : *std::max_element(totals.begin(), totals.end());
    const double yMax = setNiceRange(m_sizeCountAxis, qMax(most, 1.0));
    // The maxBatchSize line: at its size inside its bar.
    const double x = (double(maxBatch) - 0.5) / double(binWidth) - 0.5;
    m_maxBatchLine->replace(QList<QPointF>{{x, 0}, {x, yMax}});
    m_maxBatchLine->setName(tr("maxBatchSize = %1").arg(maxBatch));
}

void ChartsPanel::updateRequestsSaved(double range)
{
    TimeChart &tc = *m_timeCharts[0];
    const std::vector<ChartData::Bucket> &buckets = m_data.buckets();
    QList<QPointF> calls;
    QList<QPointF> http;
    calls.reserve(qsizetype(buckets.size()) + 1);
    http.reserve(qsizetype(buckets.size()) + 1);
    calls.append({0, 0});
    http.append({0, 0});
    qint64 c = 0;
    qint64 h = 0;
    const double end = double(m_data.lastTime()) / 1e9;
    for (size_t i = 0; i < buckets.size(); ++i) {
        c += buckets[i].calls;
        h += buckets[i].httpRequests;
        const double x = qMin(end, m_data.bucketStartSeconds(int(i) + 1));
        calls.append({x, double(c)});
        http.append({x, double(h)});
    }
    m_cumCalls->replace(calls);
    m_cumHttp->replace(http);
    m_savedArea->upperSeries()->replace(calls);
    m_savedArea->lowerSeries()->replace(http);
    tc.yMax = setNiceRange(tc.y, qMax<double>(1, double(c)));
    const double saved = c ? 100.0 * double(c - h) / double(c) : 0.0;
    tc.chart->setTitle(tr("Requests saved: %1 % (%2 calls, %3 HTTP requests)")
                           .arg(saved, 0, 'f', 0)
                           .arg(c)
                           .arg(h));
    Q_UNUSED(range)
}

namespace {

/// A step line: each bucket's value held over the bucket; the last bucket ends at `end`.
QList<QPointF> steps(const ChartData &data, double end, const std::function<double(size_t)> &value)
{
    const size_t n = data.buckets().size();
    QList<QPointF> points;
    points.reserve(qsizetype(2 * n));
    for (size_t i = 0; i < n; ++i) {
        const double x0 = data.bucketStartSeconds(int(i));
        const double x1 = qMin(end, data.bucketStartSeconds(int(i) + 1));
        const double v = value(i);
        points.append({x0, v});
        points.append({qMax(x0, x1), v});
    }
    return points;
}

/// Seconds a bucket covers: its width, the part already run for the last one.
double coveredSeconds(const ChartData &data, size_t index)
{
    const double width = data.bucketWidthSeconds();
    if (index + 1 < data.buckets().size())
        return width;
    const double covered = double(data.lastTime()) / 1e9 - data.bucketStartSeconds(int(index));
    return qBound(width / 4, covered, width);
}

double maxY(const QList<QPointF> &points)
{
    double most = 0;
    for (const QPointF &p : points)
        most = qMax(most, p.y());
    return most;
}

} // namespace

void ChartsPanel::updateHits(double range)
{
    TimeChart &tc = *m_timeCharts[1];
    const auto &buckets = m_data.buckets();
    const double end = double(m_data.lastTime()) / 1e9;
    const QList<QPointF> dedup = steps(m_data, end, [&](size_t i) {
        return double(buckets[i].dedupHits) / coveredSeconds(m_data, i);
    });
    const QList<QPointF> cache = steps(m_data, end, [&](size_t i) {
        return double(buckets[i].cacheHits) / coveredSeconds(m_data, i);
    });
    m_dedupRate->replace(dedup);
    m_cacheRate->replace(cache);
    m_dedupRate->setName(tr("de-dup hits (%1)").arg(m_data.dedupHits()));
    m_cacheRate->setName(tr("cache hits (%1)").arg(m_data.cacheHits()));
    tc.yMax = setNiceRange(tc.y, qMax(1.0, qMax(maxY(dedup), maxY(cache))));
    Q_UNUSED(range)
}

void ChartsPanel::updateBreaker(double range)
{
    TimeChart &tc = *m_timeCharts[2];
    const auto &tracks = m_data.breakers();
    const int rows = qMin(kMaxBandRows, int(tracks.size()));
    const QPalette pal = palette();
    const bool dark = pal.color(QPalette::Window).lightness() < 128;
    while (int(m_bands.size()) < rows) {
        std::array<QAreaSeries *, kStateCount> row{};
        for (int s = 0; s < kStateCount; ++s) {
            auto *area = new QAreaSeries(makeLine(QString(), QString(), tc.chart),
                                         makeLine(QString(), QString(), tc.chart));
            area->setParent(tc.chart);
            area->setObjectName(QStringLiteral("breaker.%1.%2")
                                    .arg(m_bands.size())
                                    .arg(breakerStateName(BreakerState(s))));
            area->setName(breakerStateName(BreakerState(s)));
            area->setBrush(hue(stateHue(BreakerState(s)), dark)); // opaque: states told apart
            area->setPen(Qt::NoPen);
            attach(tc.chart, area, tc.x, tc.y);
            row.at(size_t(s)) = area;
        }
        m_bands.push_back(row);
    }
    if (rows != m_bandRows) {
        m_bandRows = rows;
        const QStringList labels = m_breakerAxis->categoriesLabels();
        for (const QString &label : labels)
            m_breakerAxis->remove(label);
        m_breakerAxis->setStartValue(0);
        for (int p = 0; p <= 100; p += 25)
            m_breakerAxis->append(QStringLiteral("%1 %").arg(p), p == 0 ? 0.001 : p);
        for (int row = 0; row < rows; ++row)
            m_breakerAxis->append(shortOrigin(tracks[size_t(row)].name),
                                  100 + kBandRow * (row + 1) - 4);
        m_breakerAxis->setRange(0, 100 + kBandRow * rows + (rows ? 2 : 0));
    }
    tc.yMax = 100 + kBandRow * rows;

    // Bands: one step area per state, up where the breaker was in it, flat elsewhere.
    const double end = qMax(double(m_data.lastTime()) / 1e9, 1e-3);
    std::array<bool, kStateCount> seen{};
    for (int row = 0; row < rows; ++row) {
        const ChartData::BreakerTrack &track = tracks[size_t(row)];
        const double bottom = 100 + kBandRow * row + 6;
        const double top = 100 + kBandRow * (row + 1) - 4;
        // Segments [start, end) with their state.
        std::vector<std::pair<double, BreakerState>> segments{{0.0, track.initial}};
        for (const ChartData::BreakerTransition &t : track.transitions)
            segments.emplace_back(double(t.time) / 1e9, t.to);
        for (int s = 0; s < kStateCount; ++s) {
            QList<QPointF> upper;
            upper.reserve(qsizetype(segments.size()) * 2);
            bool any = false;
            for (size_t k = 0; k < segments.size(); ++k) {
                const double x0 = segments[k].first;
                const double x1 = k + 1 < segments.size() ? segments[k + 1].first : end;
                const bool in = int(segments[k].second) == s;
                any = any || (in && x1 >= x0);
                upper.append({x0, in ? top : bottom});
                upper.append({x1, in ? top : bottom});
            }
            QAreaSeries *area = m_bands[size_t(row)].at(size_t(s));
            area->upperSeries()->replace(upper);
            area->lowerSeries()->replace(QList<QPointF>{{0, bottom}, {end, bottom}});
            setLegendVisible(tc.chart, area, any && !seen.at(size_t(s)));
            seen.at(size_t(s)) = seen.at(size_t(s)) || any;
        }
    }

    QList<QPointF> rate;
    const auto &buckets = m_data.buckets();
    rate.reserve(qsizetype(buckets.size()));
    for (size_t i = 0; i < buckets.size(); ++i) {
        const double percent = buckets[i].failureRatePercent();
        if (percent >= 0)
            rate.append(
                {m_data.bucketStartSeconds(int(i)) + m_data.bucketWidthSeconds() / 2, percent});
    }
    m_failureRate->replace(rate);
    const double threshold = 100.0 * m_client->config().breaker.failureRateThreshold;
    m_threshold->replace(QList<QPointF>{{0, threshold}, {range, threshold}});
    m_threshold->setName(tr("threshold %1 %").arg(threshold, 0, 'f', 0));
}

void ChartsPanel::updateLatency(double range)
{
    TimeChart &tc = *m_timeCharts[3];
    const auto &buckets = m_data.buckets();
    static constexpr std::array<double, 3> quantiles{0.5, 0.9, 0.99};
    double most = 0;
    for (size_t k = 0; k < m_latency.size(); ++k) {
        QList<QPointF> points;
        points.reserve(qsizetype(buckets.size()));
        for (size_t i = 0; i < buckets.size(); ++i) {
            const ChartData::Histogram &h = k < 3 ? buckets[i].latency : buckets[i].queueWait;
            if (h.count() == 0)
                continue;
            const double ms = double(h.quantile(quantiles.at(k % 3))) / 1000.0;
            most = qMax(most, ms);
            points.append(
                {m_data.bucketStartSeconds(int(i)) + m_data.bucketWidthSeconds() / 2, ms});
        }
        m_latency[k]->replace(points);
    }
    tc.yMax = setNiceRange(tc.y, qMax(1.0, most));
    Q_UNUSED(range)
}

void ChartsPanel::updateQueueDepth(double range)
{
    TimeChart &tc = *m_timeCharts[4];
    const auto &buckets = m_data.buckets();
    QList<QPointF> points = steps(m_data, double(m_data.lastTime()) / 1e9,
                                  [&](size_t i) { return double(buckets[i].depthMax); });
    m_depth->replace(points);
    tc.yMax = setNiceRange(tc.y, qMax(1.0, maxY(points)));
    Q_UNUSED(range)
}

void ChartsPanel::updateThroughput(double range)
{
    TimeChart &tc = *m_timeCharts[5];
    const auto &buckets = m_data.buckets();
    const double end = double(m_data.lastTime()) / 1e9;
    std::vector<double> stacked(buckets.size(), 0.0);
    double most = 0;
    for (int s = 0; s < ChartData::kStatusClassCount; ++s) {
        const QList<QPointF> lower = steps(m_data, end, [&](size_t i) { return stacked[i]; });
        qint64 total = 0;
        for (size_t i = 0; i < buckets.size(); ++i) {
            stacked[i] += double(buckets[i].statuses.at(size_t(s))) / coveredSeconds(m_data, i);
            total += buckets[i].statuses.at(size_t(s));
        }
        const QList<QPointF> upper = steps(m_data, end, [&](size_t i) { return stacked[i]; });
        most = qMax(most, maxY(upper));
        QAreaSeries *area = m_statusAreas.at(size_t(s));
        area->upperSeries()->replace(upper);
        area->lowerSeries()->replace(lower);
        setLegendVisible(tc.chart, area, total > 0);
    }
    const QList<QPointF> calls = steps(m_data, end, [&](size_t i) {
        return double(buckets[i].calls) / coveredSeconds(m_data, i);
    });
    const QList<QPointF> http = steps(m_data, end, [&](size_t i) {
        return double(buckets[i].httpRequests) / coveredSeconds(m_data, i);
    });
    m_callRate->replace(calls);
    m_httpRate->replace(http);
    most = qMax(most, qMax(maxY(calls), maxY(http)));
    tc.yMax = setNiceRange(tc.y, qMax(1.0, most));
    Q_UNUSED(range)
}

void ChartsPanel::updateMarkers(TimeChart &tc, double range)
{
    const auto &markers = m_data.markers();
    const bool dark = palette().color(QPalette::Window).lightness() < 128;
    while (tc.markers.size() < markers.size()) {
        Marker marker;
        const int number = int(tc.markers.size()) + 1;
        marker.line = makeLine(QStringLiteral("configMarker.%1").arg(number), tr("settings change"),
                               tc.chart);
        QPen pen(hue(Hue::Purple, dark), 1.5, Qt::DashDotLine);
        pen.setCosmetic(true);
        marker.line->setPen(pen);
        attach(tc.chart, marker.line, tc.x, tc.y);
        hideFromLegend(tc.chart, marker.line);
        marker.label = new QGraphicsSimpleTextItem(tc.chart);
        QFont small = font();
        small.setPointSizeF(qMax(7.0, font().pointSizeF() - 1));
        small.setBold(true);
        marker.label->setFont(small);
        marker.label->setBrush(hue(Hue::Purple, dark));
        marker.label->setZValue(20);
        const size_t index = tc.markers.size();
        connect(marker.line, &QXYSeries::hovered, this, [this, index](const QPointF &, bool state) {
            if (!state || index >= m_data.markers().size()) {
                QToolTip::hideText();
                return;
            }
            QToolTip::showText(QCursor::pos(), m_data.markers()[index].text);
        });
        tc.markers.push_back(marker);
    }
    for (size_t i = 0; i < tc.markers.size(); ++i) {
        Marker &marker = tc.markers[i];
        const bool shown = i < markers.size();
        marker.line->setVisible(shown);
        marker.label->setVisible(shown);
        if (!shown)
            continue;
        const ChartData::ConfigMarker &m = markers[i];
        marker.x = qMin(range, double(m.time) / 1e9);
        marker.line->replace(QList<QPointF>{{marker.x, 0}, {marker.x, tc.yMax}});
        marker.label->setText(QString::number(i + 1));
        const QString tip = tr("Settings change %1 at %2 s: %3")
                                .arg(i + 1)
                                .arg(double(m.time) / 1e9, 0, 'f', 2)
                                .arg(m.text);
        marker.label->setToolTip(tip);
        marker.line->setName(tip);
    }
    positionMarkerLabels(tc);
}

void ChartsPanel::positionMarkerLabels(TimeChart &tc)
{
    for (Marker &marker : tc.markers) {
        if (!marker.label->isVisible())
            continue;
        const QPointF top = tc.chart->mapToPosition(QPointF(marker.x, tc.yMax), marker.line);
        marker.label->setPos(top.x() + 3, top.y());
    }
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
        return fail(tr("there is no such chart"));
    QChartView *view = m_views.at(size_t(which));
    refresh();
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix != QLatin1String("png") && suffix != QLatin1String("svg"))
        return fail(tr("%1: unknown format \"%2\"; use .png or .svg").arg(path, suffix));
    // A chart that was never laid out (the dock closed) is drawn at a readable size.
    const QSize size
        = view->width() >= 200 && view->height() >= 150 ? view->size() : QSize(800, 500);
    if (view->size() != size)
        view->resize(size);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return fail(tr("cannot write %1: %2").arg(path, file.errorString()));
    if (suffix == QLatin1String("png")) {
        const QPixmap pixmap = view->grab();
        if (pixmap.isNull() || !pixmap.save(&file, "PNG"))
            return fail(tr("cannot encode %1 as PNG").arg(path));
    } else {
        QSvgGenerator svg;
        svg.setOutputDevice(&file);
        svg.setSize(size);
        svg.setViewBox(QRect(QPoint(0, 0), size));
        svg.setTitle(chartTitle(which));
        svg.setDescription(tr("Batchlab chart, %1").arg(chartObjectName(which)));
        QPainter painter;
        if (!painter.begin(&svg))
            return fail(tr("cannot draw %1 as SVG").arg(path));
        view->render(&painter);
        painter.end();
    }
    if (!file.commit())
        return fail(tr("cannot write %1: %2").arg(path, file.errorString()));
    return true;
}

void ChartsPanel::showContextMenu(Chart which, const QPoint &pos)
{
    QMenu menu(this);
    const auto exportAs = [this, which](const QString &suffix, const QString &filter) {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Export %1").arg(chartTitle(which)),
            chartObjectName(which) + QLatin1Char('.') + suffix, filter);
        if (path.isEmpty())
            return;
        QString error;
        if (!exportChart(which, path, &error))
            QMessageBox::warning(this, tr("Export failed"), error);
    };
    menu.addAction(tr("Export as PNG…"), this,
                   [exportAs] { exportAs(QStringLiteral("png"), tr("PNG images (*.png)")); });
    menu.addAction(tr("Export as SVG…"), this,
                   [exportAs] { exportAs(QStringLiteral("svg"), tr("SVG images (*.svg)")); });
    menu.exec(m_views.at(size_t(which))->mapToGlobal(pos));
}

} // namespace batchlab
