// SPDX-License-Identifier: BSD-3-Clause
#include "charts/chartlegend.h"

#include "charts/runchart.h"

#include <QAbstractSeries>
#include <QChart>
#include <QLegend>
#include <QLegendMarker>
#include <QPainter>
#include <QXYSeries>

#include <algorithm>

namespace batchlab {

namespace {

constexpr int kSwatch = 22; ///< wide enough for a dash pattern to show
constexpr int kGap = 14; ///< between entries
constexpr int kMargin = 6;

} // namespace

ChartLegend::ChartLegend(QChart *chart, QWidget *parent)
    : QWidget(parent)
    , m_chart(chart)
{
    setObjectName(QStringLiteral("chartLegend"));
    QSizePolicy policy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
    chart->legend()->hide();
    sync();
}

QStringList ChartLegend::entries() const
{
    QStringList out;
    for (const Entry &e : m_entries)
        out.append(e.text);
    return out;
}

void ChartLegend::sync()
{
    QList<Entry> entries;
    const QList<QLegendMarker *> markers = m_chart->legend()->markers();
    for (QLegendMarker *marker : markers) {
        const QAbstractSeries *series = marker->series();
        if (!RunChart::shownInLegend(marker) || (series && !series->isVisible())
            || marker->label().isEmpty())
            continue;
        Entry e;
        e.text = marker->label();
        e.line = series
            && (series->type() == QAbstractSeries::SeriesTypeLine
                || series->type() == QAbstractSeries::SeriesTypeSpline);
        if (e.line) {
            const QPen pen = static_cast<const QXYSeries *>(series)->pen();
            e.color = pen.color();
            e.style = pen.style();
        } else {
            e.color = marker->brush().color();
        }
        entries.append(e);
    }
    if (entries == m_entries)
        return;
    m_entries = entries;
    updateGeometry();
    update();
}

QList<QRect> ChartLegend::entryRects(int width) const
{
    const QFontMetrics metrics = fontMetrics();
    const int h = metrics.height();
    QList<QRect> rects;
    int x = kMargin;
    int y = 1;
    for (const Entry &e : m_entries) {
        const int w = kSwatch + 4 + metrics.horizontalAdvance(e.text);
        if (x > kMargin && x + w > width - kMargin) { // the next line, whole
            x = kMargin;
            y += h + 2;
        }
        rects.append(QRect(x, y, w, h));
        x += w + kGap;
    }
    return rects;
}

int ChartLegend::heightForWidth(int width) const
{
    const QList<QRect> rects = entryRects(width);
    return rects.isEmpty() ? 0 : rects.constLast().bottom() + 3;
}

QSize ChartLegend::sizeHint() const
{
    return {200, heightForWidth(width() > 1 ? width() : 400)};
}

QSize ChartLegend::minimumSizeHint() const
{
    return {100, heightForWidth(width() > 1 ? width() : 400)};
}

void ChartLegend::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    if (heightForWidth(width()) != height())
        updateGeometry();
}

void ChartLegend::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QList<QRect> rects = entryRects(width());
    for (qsizetype i = 0; i < m_entries.size(); ++i) {
        const Entry &e = m_entries[i];
        const QRect r = rects[i];
        const int mid = r.center().y();
        if (e.line) {
            QPen pen(e.color, 2, e.style);
            pen.setCapStyle(Qt::FlatCap);
            p.setPen(pen);
            p.drawLine(QPointF(r.left(), mid + 0.5), QPointF(r.left() + kSwatch, mid + 0.5));
        } else {
            p.fillRect(QRect(r.left() + 3, mid - 5, kSwatch - 6, 10), e.color);
        }
        p.setPen(palette().color(QPalette::WindowText));
        p.drawText(QRect(r.left() + kSwatch + 4, r.top(), r.width() - kSwatch - 4, r.height()),
                   Qt::AlignVCenter | Qt::AlignLeft, e.text);
    }
}

} // namespace batchlab
