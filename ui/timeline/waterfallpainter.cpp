// SPDX-License-Identifier: BSD-3-Clause
#include "timeline/waterfallpainter.h"
#include "timeline/timelinetr.h"

#include "timeline/timelinemodel.h"

#include <QPainter>

#include <algorithm>
#include <climits>

namespace batchlab {

void WaterfallPainter::paint(QPainter &p, const QRect &area, int top, quint64 selectedCall,
                             quint64 selectedBatch) const
{
    const QPalette &pal = m_palette;
    p.fillRect(area, pal.base());
    const int bottom = top + area.bottom() + 1;
    // Summary rows.
    for (int row = 0; row < kSummaryRows; ++row) {
        const int y = row * m_layout.laneHeight - top;
        if (y + m_layout.laneHeight >= area.top() && y <= area.bottom())
            paintMarks(p, y, row == 0);
    }
    // Visible rows only: from the first lane that reaches `top`, calls from the first in view.
    const std::vector<int> &tops = *m_layout.laneTops;
    const auto visibleRows = [&](auto onLane, auto onCall) {
        const auto it = std::upper_bound(tops.cbegin(), tops.cend(), top);
        for (int lane = std::max(0, int(it - tops.cbegin()) - 1);
             lane < int(tops.size()) && tops[size_t(lane)] < bottom; ++lane) {
            const int y = tops[size_t(lane)] - top;
            onLane(lane, y);
            if (!m_layout.showCalls)
                continue;
            const int calls = int(m_model.calls(lane).size());
            const int first = std::max(
                0, (top - (tops[size_t(lane)] + m_layout.laneHeight)) / m_layout.callHeight);
            for (int c = first; c < calls; ++c) {
                const int cy = y + m_layout.laneHeight + c * m_layout.callHeight;
                if (cy > area.bottom())
                    break;
                onCall(lane, c, cy);
            }
        }
    };
    visibleRows([&](int lane, int y) { paintLane(p, lane, y, selectedBatch); },
                [&](int lane, int c, int cy) { paintCall(p, lane, c, cy, selectedCall); });
    // Markers over everything: cause and effect line up across rows.
    const int height = area.bottom() + 1;
    for (const TimelineMarker &m : m_model.markers()) {
        const double x = m_layout.gutter + m_scale.x(m.time);
        if (x < m_layout.gutter || x > area.right())
            continue;
        const bool config = m.kind == EventKind::ConfigChanged;
        p.setPen(QPen(config ? kConfigMarker : kFailed, 1, config ? Qt::DashLine : Qt::DotLine));
        p.drawLine(QPointF(x, area.top()), QPointF(x, height));
    }
    // The label gutter last, so that bars reaching left of the plot are covered.
    p.fillRect(QRect(0, area.top(), m_layout.gutter, area.height()), pal.window());
    p.setPen(pal.color(QPalette::Mid));
    p.drawLine(m_layout.gutter - 1, area.top(), m_layout.gutter - 1, area.bottom());
    p.setPen(pal.color(QPalette::WindowText));
    QFont boldFont = m_font;
    boldFont.setBold(true);
    QFont smallFont = m_font;
    smallFont.setPointSizeF(smallFont.pointSizeF() * 0.85);
    const auto label = [&](int y, int h, const QString &text, bool bold) {
        p.setFont(bold ? boldFont : m_font);
        p.drawText(QRect(6, y, m_layout.gutter - 10, h), Qt::AlignVCenter | Qt::AlignLeft,
                   p.fontMetrics().elidedText(text, Qt::ElideRight, m_layout.gutter - 10));
    };
    label(0 - top, m_layout.laneHeight, TimelineTr::tr("cache hits"), true);
    label(m_layout.laneHeight - top, m_layout.laneHeight, TimelineTr::tr("never sent"), true);
    visibleRows(
        [&](int lane, int y) {
            const TimelineLane &l = m_model.lanes()[size_t(lane)];
            label(y, m_layout.laneHeight, TimelineModel::laneLabel(l), true);
        },
        [&](int lane, int c, int cy) {
            const TimelineCall &call = m_model.calls(lane)[size_t(c)];
            p.setFont(smallFont);
            p.drawText(QRect(18, cy, m_layout.gutter - 22, m_layout.callHeight),
                       Qt::AlignVCenter | Qt::AlignLeft,
                       p.fontMetrics().elidedText(m_model.callLabel(call), Qt::ElideRight, m_layout.gutter - 22));
        });
}

std::vector<WaterfallPainter::LegendEntry> WaterfallPainter::legend(const QPalette &palette)
{
    using E = LegendEntry;
    const QColor dark = palette.color(QPalette::Dark);
    return {
        {TimelineTr::tr("queued"), kQueued, E::Bar},
        {TimelineTr::tr("in flight"), kInFlight, E::Bar},
        {TimelineTr::tr("awaiting answer"), kAwaiting, E::Bar},
        {TimelineTr::tr("failed"), kFailed, E::Bar},
        {TimelineTr::tr("shared (dedup)"), kInFlight, E::Outline},
        {TimelineTr::tr("settled"), palette.color(QPalette::WindowText), E::Tick},
        {TimelineTr::tr("waiting to retry"), dark, E::DottedLine},
        {TimelineTr::tr("cache hit"), kCache, E::Tick},
        {TimelineTr::tr("refused by breaker"), kRejected, E::Cross},
        {TimelineTr::tr("never sent"), dark, E::Cross},
        {TimelineTr::tr("settings change"), kConfigMarker, E::DashedMarker},
        {TimelineTr::tr("breaker change"), kFailed, E::DottedMarker},
    };
}

void WaterfallPainter::paintSwatch(QPainter &p, const QRectF &box, const LegendEntry &entry)
{
    using E = LegendEntry;
    p.save();
    const QPointF mid = box.center();
    switch (entry.shape) {
    case E::Bar:
        p.fillRect(box, entry.color);
        break;
    case E::Outline:
        p.setPen(QPen(entry.color, 1));
        p.setBrush(Qt::NoBrush);
        p.drawRect(box.adjusted(0.5, 0.5, -0.5, -0.5));
        break;
    case E::Tick:
        p.setPen(QPen(entry.color, 2));
        p.drawLine(QPointF(mid.x(), box.top()), QPointF(mid.x(), box.bottom()));
        break;
    case E::Cross: {
        const double r = std::min(box.width(), box.height()) / 2 - 1;
        p.setPen(QPen(entry.color, 1.5));
        p.drawLine(mid + QPointF(-r, -r), mid + QPointF(r, r));
        p.drawLine(mid + QPointF(-r, r), mid + QPointF(r, -r));
        break;
    }
    case E::DottedLine: // the backoff runs along a row
        p.setPen(QPen(entry.color, 1, Qt::DotLine));
        p.drawLine(QPointF(box.left(), mid.y()), QPointF(box.right(), mid.y()));
        break;
    case E::DashedMarker: // markers cross every row
    case E::DottedMarker:
        p.setPen(QPen(entry.color, 1, entry.shape == E::DashedMarker ? Qt::DashLine : Qt::DotLine));
        p.drawLine(QPointF(mid.x(), box.top()), QPointF(mid.x(), box.bottom()));
        break;
    }
    p.restore();
}

int WaterfallPainter::paintLegend(QPainter &p, const QPalette &palette, int x, int y, int width)
{
    const QFontMetrics metrics = p.fontMetrics();
    const int h = metrics.height();
    int cx = x;
    int cy = y;
    p.save();
    for (const LegendEntry &e : legend(palette)) {
        const int w = 18 + metrics.horizontalAdvance(e.text) + 16;
        if (cx > x && cx + w > x + width) {
            cx = x;
            cy += h + 4;
        }
        paintSwatch(p, QRectF(cx, cy + 2, 14, h - 4), e);
        p.setPen(palette.color(QPalette::WindowText));
        p.drawText(QRect(cx + 18, cy, w - 18, h), Qt::AlignVCenter | Qt::AlignLeft, e.text);
        cx += w;
    }
    p.restore();
    return cy + h - y;
}

void WaterfallPainter::paintMarks(QPainter &p, int y, bool cache) const
{
    const QPalette &pal = m_palette;
    p.fillRect(QRect(m_layout.gutter, y, m_layout.width, m_layout.laneHeight), pal.alternateBase());
    const auto &marks = m_model.marks();
    // Marks arrive in time order: start at the first one in view.
    const qint64 from = m_scale.time(-4);
    auto it = std::lower_bound(marks.cbegin(), marks.cend(), from,
                               [](const TimelineMark &m, qint64 t) { return m.time < t; });
    const double right = m_layout.width;
    int lastX = INT_MIN;
    for (; it != marks.cend(); ++it) {
        if ((it->kind == EventKind::CacheHit) != cache)
            continue;
        const double x = m_layout.gutter + m_scale.x(it->time);
        if (x > right + 4)
            break;
        if (int(x) == lastX) // one mark per pixel column is all the eye can see
            continue;
        lastX = int(x);
        const int mid = y + m_layout.laneHeight / 2;
        if (cache) {
            p.setPen(QPen(kCache, 2));
            p.drawLine(QPointF(x, y + 3), QPointF(x, y + m_layout.laneHeight - 3));
        } else {
            p.setPen(
                QPen(it->kind == EventKind::BreakerRejected ? kRejected : pal.color(QPalette::Dark),
                     1.5));
            p.drawLine(QPointF(x - 3, mid - 3), QPointF(x + 3, mid + 3));
            p.drawLine(QPointF(x - 3, mid + 3), QPointF(x + 3, mid - 3));
        }
    }
}

void WaterfallPainter::paintLane(QPainter &p, int lane, int y, quint64 selectedBatch) const
{
    const TimelineLane &l = m_model.lanes()[size_t(lane)];
    const QPalette &pal = m_palette;
    p.fillRect(QRect(m_layout.gutter, y, m_layout.width - m_layout.gutter, m_layout.laneHeight),
               pal.alternateBase());
    if (l.batchId == selectedBatch)
        p.fillRect(QRect(m_layout.gutter, y, m_layout.width - m_layout.gutter, m_layout.laneHeight),
                   pal.highlight().color().lighter(160));
    const double left = m_layout.gutter;
    const auto bar = [&](qint64 from, qint64 to, const QColor &color, int inset) {
        const TimeScale::Span s = m_scale.span(from, to);
        p.fillRect(QRectF(left + s.left, y + inset, s.width, m_layout.laneHeight - 2 * inset),
                   color);
    };
    const qint64 now = m_model.lastTime();
    if (l.sent >= 0)
        bar(l.flushed, l.sent, kQueued, 4);
    const bool failed = l.answered >= 0 && (l.status == 0 || l.status >= 400);
    const QColor flight = failed ? kFailed : kInFlight;
    if (l.sent >= 0)
        bar(l.sent, l.answered >= 0 ? l.answered : now,
            l.answered >= 0 ? flight : kAwaiting, 3);
    // What the answer taught about the endpoint's batch limit, beside the bar: the gutter is
    // too narrow to say it.
    if (l.learned >= 0 && l.answered >= 0) {
        const double x = left + m_scale.x(l.answered) + 6;
        const QString note = TimelineModel::learnedNote(l);
        p.setPen(m_palette.color(QPalette::WindowText));
        p.drawText(QRectF(qMax(x, left + 2), y, m_layout.width, m_layout.laneHeight),
                   Qt::AlignVCenter | Qt::AlignLeft, note);
    }
}

void WaterfallPainter::paintCall(QPainter &p, int lane, int call, int y, quint64 selectedCall) const
{
    const TimelineCall &c = m_model.calls(lane)[size_t(call)];
    const double left = m_layout.gutter;
    const int inset = 2;
    const int h = m_layout.callHeight - 2 * inset;
    if (c.id == selectedCall)
        p.fillRect(QRect(m_layout.gutter, y, m_layout.width - m_layout.gutter, m_layout.callHeight),
                   m_palette.highlight().color().lighter(160));
    const bool hollow = c.leader != 0;
    const auto segment = [&](qint64 from, qint64 to, const QColor &color) {
        if (from < 0 || to < 0)
            return;
        const TimeScale::Span s = m_scale.span(from, to);
        const QRectF r(left + s.left, y + inset, s.width, h);
        if (r.right() < left || r.left() > m_layout.width)
            return;
        if (hollow) {
            p.setPen(QPen(color, 1));
            p.setBrush(Qt::NoBrush);
            p.drawRect(r.adjusted(0.5, 0.5, -0.5, -0.5));
        } else {
            p.fillRect(r, color);
        }
    };
    // Each attempt: queued until its batch left, in flight until the batch was answered.
    const double mid = y + m_layout.callHeight / 2.0;
    const auto backoff = [&](qint64 from, qint64 to) { // waiting to retry: a dotted line
        p.setPen(QPen(m_palette.color(QPalette::Dark), 1, Qt::DotLine));
        p.drawLine(QPointF(left + m_scale.x(from), mid), QPointF(left + m_scale.x(to), mid));
    };
    qint64 previousEnd = c.enqueued;
    std::vector<int> attempts{lane};
    attempts.insert(attempts.end(), c.retryLanes.begin(), c.retryLanes.end());
    for (size_t a = 0; a < attempts.size(); ++a) {
        const TimelineLane &l = m_model.lanes()[size_t(attempts[a])];
        const bool last = a + 1 == attempts.size();
        if (a > 0)
            backoff(previousEnd, l.flushed);
        else
            segment(c.enqueued, std::max(c.enqueued, l.flushed), kQueued);
        const bool failed = last ? !c.ok() : true;
        segment(l.sent, l.answered >= 0 ? l.answered : c.settled, failed ? kFailed : kInFlight);
        previousEnd = l.answered;
    }
    if (c.endedWaiting) {
        // Timed out or cancelled before its next attempt: the wait runs up to its end, a cross.
        backoff(previousEnd, c.settled);
        const double x = left + m_scale.x(c.settled);
        const double r = std::min(3.0, m_layout.callHeight / 2.0 - 1);
        p.setPen(QPen(kFailed, 1.5));
        p.drawLine(QPointF(x - r, mid - r), QPointF(x + r, mid + r));
        p.drawLine(QPointF(x - r, mid + r), QPointF(x + r, mid - r));
    } else if (c.settled >= 0) { // settled: a tick
        const double x = left + m_scale.x(c.settled);
        p.setPen(QPen(m_palette.color(QPalette::WindowText), 1));
        p.drawLine(QPointF(x, y + 1), QPointF(x, y + m_layout.callHeight - 1));
    }
    if (hollow) { // linked to the call it shared with, when that one is in the same lane
        const auto [leaderLane, leaderRow] = m_model.findCall(c.leader);
        if (leaderLane == lane) {
            const double x = left + m_scale.x(c.enqueued);
            p.setPen(QPen(kInFlight, 1));
            p.drawLine(
                QPointF(x, y + m_layout.callHeight / 2.0),
                QPointF(x,
                        y - (call - leaderRow) * m_layout.callHeight + m_layout.callHeight / 2.0));
        }
    }
}

} // namespace batchlab
