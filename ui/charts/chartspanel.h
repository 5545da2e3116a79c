// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "charts/chartdata.h"

#include <QElapsedTimer>
#include <QTimer>
#include <QWidget>

#include <array>
#include <memory>

QT_BEGIN_NAMESPACE
class QChart;
class QChartView;
class QGridLayout;
class QScrollArea;
class QToolButton;
QT_END_NAMESPACE

namespace batchlab {

class ApiClient;
class ChartLegend;
class RunChart;
class Runner;
class Telemetry;

/// The charts dock: seven Qt Charts views of the current run, fed from the telemetry event
/// stream through ChartData (read in chunks on eventsAppended) and redrawn on a timer with
/// replace()/bar-set rebuilds, never point by point. Time-based charts share the run's time
/// range and show every settings change as a vertical marker. Each chart exports as PNG or SVG
/// (context menu, or exportChart()). The panel reads the events, lays the views out and
/// drives the redraws; each chart is a RunChart of its own (BatchSizeChart, TimeChart…).
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
    /// The run ended at `telemetryNs`: the charts stop there (a breaker's timer ticking on
    /// after the run draws nothing).
    void endRun(qint64 telemetryNs);
    /// Follows `runner`: each new run (Idle/Finished/Stopped → Running) calls startRun(), its
    /// end (Finished, Stopped) endRun().
    void followRunner(Runner *runner);

    const ChartData &data() const { return m_data; }
    /// The view of a chart; its object name is chartObjectName(chart).
    QChartView *chartView(Chart chart) const;
    /// The legend under a chart's view.
    ChartLegend *chartLegend(Chart chart) const { return m_legends.at(size_t(chart)); }
    QChart *chart(Chart chart) const;
    /// "batchSizeChart", "requestsSavedChart", "hitsChart", "breakerChart", "latencyChart",
    /// "queueDepthChart", "throughputChart".
    static QString chartObjectName(Chart chart);
    /// The chart's title for menus and file names ("Batch sizes", …).
    QString chartTitle(Chart chart) const;

    /// Writes the chart as PNG or SVG, by the suffix of `path` (.png or .svg). False, with
    /// `error` saying why, when the format is unknown or the file cannot be written.
    bool exportChart(Chart chart, const QString &path, QString *error = nullptr);

    /// How many columns the grid has for a viewport of `available`: the fewest that show all
    /// seven charts without scrolling, else as many as fit across.
    static int columnsFor(const QSize &available);
    /// Floats the dock the panel is in, as large as the screen: all seven charts at once; when
    /// it floats already, puts it back where it was docked.
    void showAll();

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
    void fetchNew();
    void onTimer();
    QChartView *makeView(Chart chart);
    void relayout();
    void applyTheme();
    void showContextMenu(Chart chart, const QPoint &pos);
    void seedBreakers();
    /// The button says what it does now: float the charts, or put them back.
    void watchDock();

    ApiClient *m_client;
    Telemetry *m_telemetry;
    ChartData m_data;
    quint64 m_next = 0;
    quint64 m_shownRevision = ~quint64(0);
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_lastRefreshNs = 0;
    int m_lastRunnerState = 0;

    QToolButton *m_showAll = nullptr;
    bool m_dockWatched = false;
    QScrollArea *m_scroll = nullptr;
    QWidget *m_grid = nullptr;
    QGridLayout *m_layout = nullptr;
    int m_columns = 0;
    // Destroyed before the views (children) that own their QCharts.
    std::array<std::unique_ptr<RunChart>, ChartCount> m_charts;
    std::array<QChartView *, ChartCount> m_views{};
    std::array<ChartLegend *, ChartCount> m_legends{};
    std::array<QWidget *, ChartCount> m_cells{}; ///< a view above its legend
};

} // namespace batchlab
