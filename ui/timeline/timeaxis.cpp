// SPDX-License-Identifier: BSD-3-Clause
#include "timeline/timeaxis.h"
#include "timeline/timelinetr.h"

#include "timeline/timelinemodel.h"
#include "timeline/waterfallpainter.h"
#include "timeline/waterfallview.h"

#include <QPainter>

namespace batchlab {

TimeAxis::TimeAxis(WaterfallView *view, TimelineModel *model, QWidget *parent)
    : QWidget(parent)
    , m_view(view)
    , m_model(model)
{
    setObjectName(QStringLiteral("timeAxis"));
    connect(view, &WaterfallView::scaleChanged, this, qOverload<>(&QWidget::update));
}

QSize TimeAxis::sizeHint() const
{
    return {200, fontMetrics().height() + 10};
}

void TimeAxis::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    render(p, width());
}

void TimeAxis::render(QPainter &p, int width) const
{
    // The view's viewport starts at its frame; line the axis up with it.
    render(p, width, m_view->scale(), m_view->viewport()->mapTo(m_view, QPoint(0, 0)).x());
}

void TimeAxis::render(QPainter &p, int width, const TimeScale &scale, int offset) const
{
    const QPalette &pal = palette();
    const int h = sizeHint().height();
    const int gutter = m_view->gutterWidth();
    p.fillRect(QRect(0, 0, width, h), pal.window());
    p.setPen(pal.color(QPalette::WindowText));
    p.drawText(QRect(6, 0, gutter - 10, h), Qt::AlignVCenter | Qt::AlignLeft,
               TimelineTr::tr("time since the run started"));
    const int plot = width - gutter - offset;
    p.setPen(pal.color(QPalette::Mid));
    p.drawLine(gutter + offset, h - 1, width, h - 1);
    for (const TimeScale::Tick &tick : scale.ticks(plot, 90)) {
        const double x = gutter + offset + tick.x;
        p.setPen(pal.color(QPalette::Mid));
        p.drawLine(QPointF(x, h - 6), QPointF(x, h - 1));
        if (x + 3 + p.fontMetrics().horizontalAdvance(tick.label) > width)
            continue; // a clipped label reads as another number
        p.setPen(pal.color(QPalette::WindowText));
        p.drawText(QRectF(x + 3, 0, 86, h - 4), Qt::AlignVCenter | Qt::AlignLeft, tick.label);
    }
    for (const TimelineMarker &m : m_model->markers()) {
        const double x = gutter + offset + scale.x(m.time);
        if (x < gutter + offset || x > width)
            continue;
        const QColor color = m.kind == EventKind::ConfigChanged ? WaterfallPainter::kConfigMarker
                                                                : WaterfallPainter::kFailed;
        p.setPen(Qt::NoPen);
        p.setBrush(color);
        p.drawPolygon(QPolygonF({QPointF(x - 5, h - 9), QPointF(x + 5, h - 9), QPointF(x, h - 1)}));
    }
}

} // namespace batchlab
