// SPDX-License-Identifier: BSD-3-Clause
#include "timeline/waterfallview.h"
#include "timeline/timelinetr.h"

#include "run/curlcopy.h"
#include "telemetry/telemetry.h"
#include "timeline/timelinemodel.h"
#include "timeline/waterfallpainter.h"

#include <QContextMenuEvent>
#include <QMenu>
#include <QMouseEvent>
#include <QPaintEvent>
#include <QPainter>
#include <QScrollBar>
#include <QToolTip>

#include <algorithm>
#include <memory>
#include <cmath>
#include <utility>

namespace batchlab {

namespace {

constexpr int kSummaryRows = WaterfallPainter::kSummaryRows;

QString at(qint64 t, qint64 start)
{
    return t < 0 ? QStringLiteral("–") : QStringLiteral("+") + TimeScale::formatDuration(t - start);
}

} // namespace

WaterfallView::WaterfallView(TimelineModel *model, QWidget *parent)
    : QAbstractScrollArea(parent)
    , m_model(model)
{
    setObjectName(QStringLiteral("waterfall"));
    viewport()->setMouseTracking(true);
    viewport()->setAttribute(Qt::WA_OpaquePaintEvent);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOn);
    const int text = fontMetrics().height();
    m_laneHeight = text + 4;
    m_callHeight = std::max(10, text - 2);
    connect(model, &QAbstractItemModel::modelReset, this, [this] {
        m_fitted = false;
        m_selectedCall = m_selectedBatch = 0;
    });
    // A chunk of events inserts rows under many lanes: lay out once, after all of them.
    const auto changed = [this] {
        m_layoutDirty = true;
        if (!std::exchange(m_changeQueued, true))
            QMetaObject::invokeMethod(this, &WaterfallView::modelChanged, Qt::QueuedConnection);
    };
    connect(model, &TimelineModel::updated, this, changed);
    connect(model, &QAbstractItemModel::modelReset, this, changed);
    // The model drops its oldest rows as it goes (its retention): what is in view stays put.
    connect(model, &QAbstractItemModel::rowsAboutToBeRemoved, this,
            [this](const QModelIndex &under, int first, int last) {
                m_layoutDirty = true; // rows may have come since the last layout
                if (under.isValid()) {
                    m_removedHeight = m_showCalls ? (last - first + 1) * m_callHeight : 0;
                    return;
                }
                const int end
                    = last + 1 < m_model->rowCount() ? laneTop(last + 1) : contentHeight();
                m_removedHeight = end - laneTop(first);
            });
    connect(model, &QAbstractItemModel::rowsRemoved, this, [this] {
        m_layoutDirty = true;
        if (!m_follow)
            verticalScrollBar()->setValue(verticalScrollBar()->value() - m_removedHeight);
        m_removedHeight = 0;
    });
    m_scale.originNs = model->startTime();
    m_scale.zeroNs = model->startTime();
}

int WaterfallView::plotWidth() const
{
    return std::max(1, viewport()->width() - m_gutter);
}

qint64 WaterfallView::endTime() const
{
    return std::max(m_model->drawnEnd(), m_model->startTime() + 1);
}

void WaterfallView::followNewest()
{
    // As a network waterfall does: the whole run fitted while it is short, then the newest
    // kFollowWindowNs with the newest work a little inside the right edge. Before any work
    // (no run yet, or only settings changes) nothing moves: the axis stays at 0.
    if (m_model->workEnd() < 0) {
        m_scale.originNs = m_model->startTime(); // restarted for another set: from 0, not −13 s
        return;
    }
    const qint64 start = m_model->startTime();
    const qint64 length = std::max<qint64>(endTime() - start, 1);
    const auto shown = qint64(double(length) / (1.0 - kEndMargin));
    if (shown <= kFollowWindowNs) {
        m_scale.fit(start, start + std::max(shown, kMinFollowSpanNs), plotWidth());
    } else {
        m_scale.fit(start, start + kFollowWindowNs, plotWidth());
        m_scale.originNs = endTime() - qint64(double(kFollowWindowNs) * (1.0 - kEndMargin));
    }
}

void WaterfallView::modelChanged()
{
    m_changeQueued = false;
    m_layoutDirty = true;
    m_scale.zeroNs = m_model->startTime();
    if (!m_fitted && m_model->rowCount() > 0)
        m_fitted = true;
    if (m_follow)
        followNewest();
    updateScrollBars();
    if (m_follow)
        verticalScrollBar()->setValue(verticalScrollBar()->maximum());
    viewport()->update();
    Q_EMIT scaleChanged();
}

void WaterfallView::runFinished()
{
    // The run's last events may still wait for the next chunk: read them, show them, stop.
    m_model->fetchNew();
    if (m_follow)
        modelChanged();
    if (std::exchange(m_follow, false))
        Q_EMIT followLiveChanged(false);
}

void WaterfallView::relayout() const
{
    if (!m_layoutDirty)
        return;
    const auto &lanes = m_model->lanes();
    m_laneTops.resize(lanes.size());
    int y = kSummaryRows * m_laneHeight;
    for (size_t i = 0; i < lanes.size(); ++i) {
        m_laneTops[i] = y;
        y += m_laneHeight + (m_showCalls ? int(m_model->calls(int(i)).size()) * m_callHeight : 0);
    }
    m_layoutDirty = false;
}

int WaterfallView::contentHeight() const
{
    relayout();
    if (m_laneTops.empty())
        return kSummaryRows * m_laneHeight;
    const int last = int(m_laneTops.size()) - 1;
    return m_laneTops.back() + m_laneHeight
        + (m_showCalls ? int(m_model->calls(last).size()) * m_callHeight : 0);
}

int WaterfallView::laneTop(int lane) const
{
    relayout();
    return lane >= 0 && size_t(lane) < m_laneTops.size() ? m_laneTops[size_t(lane)] : -1;
}

void WaterfallView::updateScrollBars()
{
    m_updatingBars = true;
    QScrollBar *v = verticalScrollBar();
    v->setRange(0, std::max(0, contentHeight() - viewport()->height()));
    v->setPageStep(viewport()->height());
    v->setSingleStep(m_callHeight * 3);
    // The horizontal bar moves over the run at the current zoom.
    QScrollBar *h = horizontalScrollBar();
    const auto extent = qint64(double(endTime() - m_model->startTime()) / m_scale.nsPerPixel);
    h->setRange(0, int(std::clamp<qint64>(extent - plotWidth(), 0, INT_MAX)));
    h->setPageStep(plotWidth());
    h->setSingleStep(20);
    h->setValue(
        int(std::clamp<qint64>(qint64(m_scale.x(m_model->startTime()) * -1), 0, h->maximum())));
    m_updatingBars = false;
}

void WaterfallView::scrollContentsBy(int dx, int)
{
    if (m_updatingBars)
        return;
    if (dx != 0) {
        m_scale.originNs
            = m_model->startTime() + qint64(horizontalScrollBar()->value() * m_scale.nsPerPixel);
        afterUserMove();
        Q_EMIT scaleChanged();
    }
    viewport()->update();
}

void WaterfallView::afterUserMove()
{
    if (m_follow) {
        m_follow = false;
        Q_EMIT followLiveChanged(false);
    }
}

void WaterfallView::fitAll()
{
    // A margin at the right: the last bar, its settle tick and its note end inside the view.
    const qint64 start = m_model->startTime();
    const auto length = double(std::max<qint64>(endTime() - start, 1));
    m_scale.fit(start, start + qint64(length / (1.0 - kEndMargin)), plotWidth());
    m_fitted = true;
    updateScrollBars();
    viewport()->update();
    Q_EMIT scaleChanged();
}

void WaterfallView::setFollowLive(bool follow)
{
    if (m_follow == follow)
        return;
    m_follow = follow;
    if (follow)
        modelChanged();
    Q_EMIT followLiveChanged(follow);
}

void WaterfallView::setShowCalls(bool show)
{
    m_showCalls = show;
    m_layoutDirty = true;
    updateScrollBars();
    viewport()->update();
}

void WaterfallView::zoomAround(double x, double factor)
{
    m_scale.zoomAround(x, factor);
    keepInRange();
    updateScrollBars();
    viewport()->update();
    Q_EMIT scaleChanged();
}

void WaterfallView::keepInRange()
{
    // Loose on purpose: zooming keeps the time under the cursor still, so the view may go
    // half a width past either end of the run, never further.
    const auto half = qint64(plotWidth() * m_scale.nsPerPixel / 2);
    const qint64 start = m_model->startTime() - half;
    m_scale.originNs = std::clamp(m_scale.originNs, start, std::max(start, endTime() - half));
}

void WaterfallView::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    updateScrollBars();
    Q_EMIT scaleChanged();
}

void WaterfallView::wheelEvent(QWheelEvent *event)
{
    // As network waterfalls do: the wheel scrolls the rows, Ctrl+wheel zooms the time around
    // the cursor, a horizontal wheel (or Shift+wheel) moves along the time.
    const QPoint delta = event->angleDelta();
    if (event->modifiers() & Qt::ControlModifier) {
        const double x = event->position().x() - m_gutter;
        afterUserMove();
        zoomAround(std::max(0.0, x), std::pow(1.0015, delta.y() ? delta.y() : delta.x()));
        event->accept();
        return;
    }
    const bool sideways = (event->modifiers() & Qt::ShiftModifier) || std::abs(delta.x()) > std::abs(delta.y());
    if (sideways) {
        const int d = delta.x() ? delta.x() : delta.y();
        afterUserMove();
        m_scale.pan(double(d) / 120.0 * plotWidth() / 10.0);
        keepInRange();
        updateScrollBars();
        viewport()->update();
        Q_EMIT scaleChanged();
        event->accept();
        return;
    }
    const int before = verticalScrollBar()->value();
    verticalScrollBar()->setValue(before - delta.y() * verticalScrollBar()->singleStep() / 120);
    if (verticalScrollBar()->value() != before)
        afterUserMove(); // scrolled away from the newest rows: they no longer pull the view
    event->accept();
}

void WaterfallView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton)
        return;
    m_pressPos = m_lastDrag = event->position().toPoint();
    m_dragging = false;
}

void WaterfallView::mouseMoveEvent(QMouseEvent *event)
{
    if (!(event->buttons() & Qt::LeftButton))
        return;
    const QPoint pos = event->position().toPoint();
    if (!m_dragging && (pos - m_pressPos).manhattanLength() < 4)
        return;
    m_dragging = true;
    afterUserMove();
    const QPoint d = pos - m_lastDrag;
    m_lastDrag = pos;
    m_scale.pan(d.x());
    keepInRange();
    verticalScrollBar()->setValue(verticalScrollBar()->value() - d.y());
    updateScrollBars();
    viewport()->update();
    Q_EMIT scaleChanged();
}

void WaterfallView::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton || m_dragging)
        return;
    const Hit hit = hitAt(event->position().toPoint());
    m_selectedCall = 0;
    m_selectedBatch = 0;
    if (hit.kind == Hit::Call) {
        m_selectedCall = m_model->calls(hit.lane)[size_t(hit.call)].id;
        Q_EMIT callSelected(m_selectedCall);
    } else if (hit.kind == Hit::Lane) {
        m_selectedBatch = m_model->lanes()[size_t(hit.lane)].batchId;
        Q_EMIT batchSelected(m_selectedBatch);
    }
    viewport()->update();
}

QMenu *WaterfallView::createContextMenu(const QPoint &pos)
{
    const Hit hit = hitAt(pos);
    if (hit.kind != Hit::Lane && hit.kind != Hit::Call)
        return nullptr;
    auto *menu = new QMenu(this);
    CurlCopy::addBatchActions(menu, m_wireLog, m_model->lanes()[size_t(hit.lane)].batchId);
    return menu;
}

void WaterfallView::contextMenuEvent(QContextMenuEvent *event)
{
    const std::unique_ptr<QMenu> menu(createContextMenu(event->pos()));
    if (menu)
        menu->exec(event->globalPos());
}

void WaterfallView::selectCall(quint64 requestId)
{
    const auto [lane, row] = m_model->findCall(requestId);
    if (lane < 0)
        return;
    m_selectedCall = requestId;
    m_selectedBatch = 0;
    afterUserMove();
    if (!m_showCalls)
        setShowCalls(true);
    const int y = laneTop(lane) + m_laneHeight + row * m_callHeight;
    verticalScrollBar()->setValue(y - viewport()->height() / 2);
    const TimelineCall &call = m_model->calls(lane)[size_t(row)];
    const qint64 middle = (call.enqueued + std::max(call.settled, call.enqueued)) / 2;
    m_scale.originNs = middle - qint64(plotWidth() / 2 * m_scale.nsPerPixel);
    updateScrollBars();
    viewport()->update();
    Q_EMIT scaleChanged();
}

WaterfallView::Hit WaterfallView::hitAt(const QPoint &pos) const
{
    relayout();
    const int y = pos.y() + verticalScrollBar()->value();
    if (y < 0)
        return {};
    if (y < kSummaryRows * m_laneHeight)
        return {y < m_laneHeight ? Hit::CacheRow : Hit::UnsentRow};
    const auto it = std::upper_bound(m_laneTops.cbegin(), m_laneTops.cend(), y);
    if (it == m_laneTops.cbegin())
        return {};
    const int lane = int(it - m_laneTops.cbegin()) - 1;
    const int inside = y - m_laneTops[size_t(lane)];
    if (inside < m_laneHeight)
        return {Hit::Lane, lane};
    const int call = (inside - m_laneHeight) / m_callHeight;
    if (!m_showCalls || call >= int(m_model->calls(lane).size()))
        return {};
    return {Hit::Call, lane, call};
}

QString WaterfallView::toolTipAt(const QPoint &pos) const
{
    const Hit hit = hitAt(pos);
    const qint64 start = m_model->startTime();
    const QLocale locale;
    switch (hit.kind) {
    case Hit::None:
        return {};
    case Hit::CacheRow:
    case Hit::UnsentRow: {
        // The nearest mark of that row within a few pixels.
        const qint64 t = m_scale.time(pos.x() - m_gutter);
        const auto tolerance = qint64(4 * m_scale.nsPerPixel);
        for (const TimelineMark &m : m_model->marks()) {
            if ((m.kind == EventKind::CacheHit) != (hit.kind == Hit::CacheRow)
                || std::abs(m.time - t) > tolerance)
                continue;
            return TimelineTr::tr("%1: %2 at %3").arg(m_model->callName(m.id), eventKindName(m.kind), at(m.time, start));
        }
        return hit.kind == Hit::CacheRow ? TimelineTr::tr("Calls answered from the cache (ticks)")
                                         : TimelineTr::tr("Calls never sent: refused by the breaker, the queue "
                                              "limit, or timed out while queued (crosses)");
    }
    case Hit::Lane: {
        const TimelineLane &l = m_model->lanes()[size_t(hit.lane)];
        const QString taught = l.learned < 0 ? QString() : u'\n' + TimelineModel::learnedNote(l);
        return TimelineTr::tr("%1 %2 · %3 items · flushed by %4\nflushed %5 · sent %6 · answered %7\nin flight "
                  "%8 · HTTP %9\n%10")
            .arg(l.plain ? TimelineTr::tr("Plain request") : TimelineTr::tr("Batch"))
            .arg(l.batchId)
            .arg(l.size)
            .arg(flushReasonName(l.reason), at(l.flushed, start), at(l.sent, start),
                 at(l.answered, start),
                 l.answered >= 0 ? TimeScale::formatDuration(l.answered - l.sent) : TimelineTr::tr("still"),
                 l.status ? QString::number(l.status) : TimelineTr::tr("none"),
                 m_model->telemetry()->keyName(l.keyId))
            + taught;
    }
    case Hit::Call: {
        const TimelineCall &c = m_model->calls(hit.lane)[size_t(hit.call)];
        const TimelineLane &l = m_model->lanes()[size_t(hit.lane)];
        QString text = m_model->callLabel(c);
        text += TimelineTr::tr("\nenqueued %1 · in batch %2 flushed %3 · sent %4 · answered %5 · settled %6")
                    .arg(at(c.enqueued, start))
                    .arg(l.batchId)
                    .arg(at(l.flushed, start), at(l.sent, start), at(l.answered, start),
                         at(c.settled, start));
        text += TimelineTr::tr("\nqueued %1 · total %2")
                    .arg(TimeScale::formatDuration(std::max<qint64>(0, l.flushed - c.enqueued)),
                         TimeScale::formatDuration(c.settled - c.enqueued));
        if (!c.retryLanes.empty())
            text += TimelineTr::tr("\n%1 attempts").arg(c.retryLanes.size() + 1);
        if (c.ok())
            text += TimelineTr::tr("\nHTTP %1").arg(c.status);
        else if (c.endedWaiting)
            text += TimelineTr::tr("\nfailed while waiting to retry: %1")
                        .arg(errorKindName(c.error));
        else
            text += TimelineTr::tr("\nfailed: %1").arg(errorKindName(c.error));
        return text;
    }
    }
    return {};
}

bool WaterfallView::viewportEvent(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        const auto *help = static_cast<QHelpEvent *>(event);
        const QString text = toolTipAt(help->pos());
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), text, viewport());
        return true;
    }
    return QAbstractScrollArea::viewportEvent(event);
}

WaterfallPainter WaterfallView::painter(int width) const
{
    relayout();
    WaterfallPainter::Layout layout{m_gutter, m_laneHeight, m_callHeight,
                                    width,    m_showCalls,  &m_laneTops};
    return WaterfallPainter(*m_model, m_scale, layout, palette(), font());
}

void WaterfallView::paintEvent(QPaintEvent *event)
{
    QPainter p(viewport());
    painter(viewport()->width())
        .paint(p, event->rect(), verticalScrollBar()->value(), m_selectedCall, m_selectedBatch);
}

void WaterfallView::render(QPainter &p, const QSize &size)
{
    p.save();
    p.setClipRect(QRect(QPoint(0, 0), size));
    painter(size.width())
        .paint(p, QRect(QPoint(0, 0), size), verticalScrollBar()->value(), m_selectedCall,
               m_selectedBatch);
    p.restore();
}

void WaterfallView::renderAll(QPainter &p, const TimeScale &scale, int width) const
{
    relayout();
    const QSize size(width, contentHeight());
    WaterfallPainter::Layout layout{m_gutter, m_laneHeight, m_callHeight,
                                    width,    m_showCalls,  &m_laneTops};
    p.save();
    p.setClipRect(QRect(QPoint(0, 0), size));
    WaterfallPainter(*m_model, scale, layout, palette(), font())
        .paint(p, QRect(QPoint(0, 0), size), 0, 0, 0);
    p.restore();
}

} // namespace batchlab
