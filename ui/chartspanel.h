#pragma once

#include "chartdata.h"

#include <QElapsedTimer>
#include <QTimer>
#include <QWidget>

#include <array>
#include <memory>
#include <vector>

QT_BEGIN_NAMESPACE
class QAbstractAxis;
class QAreaSeries;
class QBarCategoryAxis;
class QBarSet;
class QCategoryAxis;
class QChart;
class QChartView;
class QGraphicsSimpleTextItem;
class QGridLayout;
class QLineSeries;
class QScrollArea;
class QStackedBarSeries;
class QValueAxis;
QT_END_NAMESPACE

namespace batchlab {

class ApiClient;
class Runner;
class Telemetry;

/// The charts dock: seven Qt Charts views of the current run, fed from the telemetry event
/// stream through ChartData (read in chunks on eventsAppended) and redrawn on a timer with
/// replace()/bar-set rebuilds, never point by point. Time-based charts share the run's time
/// range and show every settings change as a vertical marker. Each chart exports as PNG or SVG
/// (context menu, or exportChart()).
class ChartsPanel : public QWidget
{
    Q_OBJECT

public:
    enum Chart {
        BatchSizes, ///< batch-size histogram stacked by flush reason, maxBatchSize line
        RequestsSaved, ///< cumulative calls vs HTTP requests
        Hits, ///< de-dup and cache hits per second
        Breaker, ///< breaker state bands per origin above the failure rate and its threshold
        Latency, ///< p50/p90/p99 end-to-end latency and queue wait
        QueueDepth, ///< calls waiting to be flushed
        Throughput, ///< calls/s vs HTTP requests/s over the status classes, stacked
        ChartCount
    };
    Q_ENUM(Chart)

    explicit ChartsPanel(ApiClient *client, QWidget *parent = nullptr);
    ~ChartsPanel() override;

    /// Shows the run that started at `telemetryNs` (Telemetry::now() clock): forgets what was
    /// shown and re-reads the stored events from that time on.
    void startRun(qint64 telemetryNs);
    /// Follows `runner`: each new run (Idle/Finished/Stopped → Running) calls startRun().
    void followRunner(Runner *runner);

    const ChartData &data() const { return m_data; }
    /// The view of a chart; its object name is chartObjectName(chart).
    QChartView *chartView(Chart chart) const;
    QChart *chart(Chart chart) const;
    /// "batchSizeChart", "requestsSavedChart", "hitsChart", "breakerChart", "latencyChart",
    /// "queueDepthChart", "throughputChart".
    static QString chartObjectName(Chart chart);
    /// The chart's title for menus and file names ("Batch sizes", …).
    QString chartTitle(Chart chart) const;

    /// Writes the chart as PNG or SVG, by the suffix of `path` (.png or .svg). False, with
    /// `error` saying why, when the format is unknown or the file cannot be written.
    bool exportChart(Chart chart, const QString &path, QString *error = nullptr);

    int refreshInterval() const { return m_timer.interval(); }
    void setRefreshInterval(int ms) { m_timer.setInterval(ms); }
    /// Reads new events and redraws every chart now (the timer does it while visible).
    void refresh();
    /// How long the last redraw took (series rebuilds, not painting), in ns.
    qint64 lastRefreshNs() const { return m_lastRefreshNs; }

Q_SIGNALS:
    /// After every redraw, with its cost in ns.
    void refreshed(qint64 nanoseconds);

protected:
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    struct Marker;
    struct TimeChart;
    void fetchNew();
    void onTimer();
    void buildCharts();
    QChartView *makeView(Chart chart, QChart *qchart);
    void relayout();
    void applyTheme();
    void showContextMenu(Chart chart, const QPoint &pos);
    void seedBreakers();

    void updateBatchSizes();
    void updateRequestsSaved(double range);
    void updateHits(double range);
    void updateBreaker(double range);
    void updateLatency(double range);
    void updateQueueDepth(double range);
    void updateThroughput(double range);
    void updateMarkers(TimeChart &chart, double range);
    void positionMarkerLabels(TimeChart &chart);

    ApiClient *m_client;
    Telemetry *m_telemetry;
    ChartData m_data;
    quint64 m_next = 0;
    quint64 m_lost = 0;
    quint64 m_shownRevision = ~quint64(0);
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_lastRefreshNs = 0;
    int m_lastRunnerState = 0;

    QScrollArea *m_scroll = nullptr;
    QWidget *m_grid = nullptr;
    QGridLayout *m_layout = nullptr;
    int m_columns = 0;
    std::array<QChartView *, ChartCount> m_views{};
    std::array<QChart *, ChartCount> m_charts{};
    std::vector<std::unique_ptr<TimeChart>> m_timeCharts; // all but BatchSizes

    // Batch sizes
    QStackedBarSeries *m_sizeSeries = nullptr;
    std::array<QBarSet *, kFlushReasonCount> m_sizeSets{};
    QBarCategoryAxis *m_sizeAxis = nullptr;
    QValueAxis *m_sizeCountAxis = nullptr;
    QLineSeries *m_maxBatchLine = nullptr;
    QStringList m_sizeCategories;
    // Requests saved
    QLineSeries *m_cumCalls = nullptr;
    QLineSeries *m_cumHttp = nullptr;
    QAreaSeries *m_savedArea = nullptr;
    // Hits
    QLineSeries *m_dedupRate = nullptr;
    QLineSeries *m_cacheRate = nullptr;
    // Breaker
    QCategoryAxis *m_breakerAxis = nullptr;
    QLineSeries *m_failureRate = nullptr;
    QLineSeries *m_threshold = nullptr;
    std::vector<std::array<QAreaSeries *, 5>> m_bands; // per origin, per BreakerState
    int m_bandRows = -1;
    // Latency: end-to-end p50/p90/p99, queue wait p50/p90/p99
    std::array<QLineSeries *, 6> m_latency{};
    // Queue depth
    QLineSeries *m_depth = nullptr;
    // Throughput
    QLineSeries *m_callRate = nullptr;
    QLineSeries *m_httpRate = nullptr;
    std::array<QAreaSeries *, ChartData::kStatusClassCount> m_statusAreas{};
};

} // namespace batchlab
