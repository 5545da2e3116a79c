// SPDX-License-Identifier: BSD-3-Clause
#include "timeline/timelinelegend.h"

#include "timeline/waterfallpainter.h"

#include <QImage>
#include <QPainter>

namespace batchlab {

TimelineLegend::TimelineLegend(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("timelineLegend"));
    QSizePolicy policy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
}

int TimelineLegend::heightForWidth(int width) const
{
    // Measured by painting where nothing keeps it: one layout, for the screen and the export.
    QImage probe(1, 1, QImage::Format_ARGB32);
    QPainter p(&probe);
    p.setFont(font());
    return WaterfallPainter::paintLegend(p, palette(), 0, 0, std::max(1, width));
}

QSize TimelineLegend::sizeHint() const
{
    return {400, heightForWidth(width() > 1 ? width() : 400)};
}

QSize TimelineLegend::minimumSizeHint() const
{
    return {120, heightForWidth(width() > 1 ? width() : 400)};
}

void TimelineLegend::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    // A new width may take another number of lines.
    if (heightForWidth(width()) != height())
        updateGeometry();
}

void TimelineLegend::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setFont(font());
    WaterfallPainter::paintLegend(p, palette(), 0, 0, width());
}

} // namespace batchlab
