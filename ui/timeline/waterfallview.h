// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "timeline/timescale.h"
#include "timeline/waterfallpainter.h"

#include <QAbstractScrollArea>

class QMenu;

#include <vector>

namespace batchlab {

class TimelineModel;
class WireLog;

/// The batch-lane waterfall, painted by hand over a TimelineModel: one lane per HTTP request
/// with the calls it carried beneath it (queued, in flight, settled; shared calls hollow and
/// linked to the call they shared with; retries as more segments on the same row), a row of
/// cache-hit ticks and one of calls that were never sent, and a vertical marker per settings
/// change or breaker transition. The wheel scrolls the rows, Ctrl+wheel zooms around the
/// cursor, Shift+wheel (or a horizontal wheel) and a drag pan the time, a click selects,
/// hovering tells every timestamp. Only visible rows are painted.
class WaterfallView : public QAbstractScrollArea
{
    Q_OBJECT

public:
    explicit WaterfallView(TimelineModel *model, QWidget *parent = nullptr);

    const TimeScale &scale() const { return m_scale; }
    int gutterWidth() const { return m_gutter; }
    /// Shows the whole run across the view.
    void fitAll();
    /// Keeps the newest events in view while a run goes on (the whole run while it is shorter
    /// than kFollowWindowNs); user zooming, panning or scrolling turns it off.
    void setFollowLive(bool follow);
    /// The run ended: its last events are shown and following stops, so that nothing after the
    /// run (a breaker's timer) moves the view.
    void runFinished();
    static constexpr qint64 kFollowWindowNs = 10'000'000'000;
    static constexpr qint64 kMinFollowSpanNs = 20'000'000;
    /// The share of the plot left empty right of the run's end by Fit and follow-live.
    static constexpr double kEndMargin = 0.04;
    bool followsLive() const { return m_follow; }
    /// Lanes only, or lanes with their calls.
    void setShowCalls(bool show);
    void zoomAround(double x, double factor);
    /// Selects a call (from the log or the details) and brings it into view.
    void selectCall(quint64 requestId);
    quint64 selectedCall() const { return m_selectedCall; }
    quint64 selectedBatch() const { return m_selectedBatch; }
    /// Paints what the view shows (without scroll bars) into any painter: PNG and SVG export.
    void render(QPainter &painter, const QSize &size);
    /// Paints every row (gutter included) at `scale` across `width` pixels, from the top, for
    /// export: as tall as contentHeight().
    void renderAll(QPainter &painter, const TimeScale &scale, int width) const;
    int contentHeight() const;
    /// What is under a point of the viewport.
    struct Hit
    {
        enum Kind { None, CacheRow, UnsentRow, Lane, Call } kind = None;
        int lane = -1;
        int call = -1;
    };
    Hit hitAt(const QPoint &pos) const;
    /// The text of the tooltip at a point of the viewport (empty if none).
    QString toolTipAt(const QPoint &pos) const;
    /// Vertical position of a row in content coordinates, for tests.
    int laneTop(int lane) const;
    /// Where Copy as cURL reads the batches as they were sent (MainWindow's log).
    void setWireLog(const WireLog *log) { m_wireLog = log; }
    /// The context menu at a point of the viewport (the caller owns it): Copy as cURL of the
    /// lane there, or of the lane of the call there; null where there is neither.
    QMenu *createContextMenu(const QPoint &pos);

Q_SIGNALS:
    void scaleChanged();
    void followLiveChanged(bool follow);
    void callSelected(quint64 requestId);
    void batchSelected(quint64 batchId);

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    bool viewportEvent(QEvent *event) override;
    void scrollContentsBy(int dx, int dy) override;

private:
    void modelChanged();
    void relayout() const;
    void updateScrollBars();
    void afterUserMove();
    void keepInRange();
    WaterfallPainter painter(int width) const;
    void followNewest();
    int plotWidth() const;
    qint64 endTime() const;

    TimelineModel *m_model;
    const WireLog *m_wireLog = nullptr;
    TimeScale m_scale;
    int m_gutter = 190;
    int m_laneHeight = 18;
    int m_callHeight = 12;
    bool m_follow = true;
    bool m_showCalls = true;
    bool m_fitted = false;
    mutable bool m_layoutDirty = true;
    mutable std::vector<int> m_laneTops; ///< content y of each lane, in order
    quint64 m_selectedCall = 0;
    quint64 m_selectedBatch = 0;
    QPoint m_pressPos;
    QPoint m_lastDrag;
    bool m_dragging = false;
    bool m_updatingBars = false;
    bool m_changeQueued = false;
    int m_removedHeight = 0; ///< of the rows being removed, to keep the rest still
};

} // namespace batchlab
