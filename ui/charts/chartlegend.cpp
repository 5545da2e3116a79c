// SPDX-License-Identifier: BSD-3-Clause
#include "charts/chartlegend.h"

#include "charts/runchart.h"

#include <QAbstractSeries>
#include <QBuffer>
#include <QChart>
#include <QLegend>
#include <QLegendMarker>
#include <QPainter>
#include <QPixmap>
#include <QXYSeries>

namespace batchlab {

namespace {

struct Swatch
{
    QColor color;
    Qt::PenStyle style = Qt::SolidLine;
    bool line = false;
};

Swatch swatchOf(QLegendMarker *marker)
{
    const QAbstractSeries *series = marker->series();
    const bool line = series
        && (series->type() == QAbstractSeries::SeriesTypeLine
            || series->type() == QAbstractSeries::SeriesTypeSpline);
    if (line) {
        const QPen pen = static_cast<const QXYSeries *>(series)->pen();
        return {pen.color(), pen.style(), true};
    }
    return {marker->brush().color(), Qt::SolidLine, false};
}

QString swatchImage(const Swatch &s)
{
    // Wide enough for a dash pattern to show (the report: "the swatches do not show the dash
    // pattern").
    QPixmap pixmap(22, 12);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    if (s.line) {
        QPen pen(s.color, 2, s.style);
        pen.setCapStyle(Qt::FlatCap);
        p.setPen(pen);
        p.drawLine(QPointF(0, 6), QPointF(22, 6));
    } else {
        p.fillRect(QRect(3, 1, 16, 10), s.color);
    }
    p.end();
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    pixmap.save(&buffer, "PNG");
    return QString::fromLatin1(png.toBase64());
}

} // namespace

ChartLegend::ChartLegend(QChart *chart, QWidget *parent)
    : QLabel(parent)
    , m_chart(chart)
{
    setObjectName(QStringLiteral("chartLegend"));
    setWordWrap(true);
    setTextFormat(Qt::RichText);
    setContentsMargins(6, 0, 6, 2);
    chart->legend()->hide();
    sync();
}

void ChartLegend::sync()
{
    QStringList entries;
    QList<Swatch> swatches;
    QString key;
    const QList<QLegendMarker *> markers = m_chart->legend()->markers();
    for (QLegendMarker *marker : markers) {
        if (!RunChart::shownInLegend(marker) || (marker->series() && !marker->series()->isVisible())
            || marker->label().isEmpty())
            continue;
        const Swatch s = swatchOf(marker);
        entries.append(marker->label());
        swatches.append(s);
        key += marker->label() + s.color.name(QColor::HexArgb) + QString::number(int(s.style))
            + QString::number(int(s.line)) + u'\n';
    }
    if (key == m_key)
        return;
    m_key = key;
    m_entries = entries;
    QStringList items;
    for (qsizetype i = 0; i < entries.size(); ++i)
        // <nobr>: a swatch never wraps away from its name.
        items.append(QStringLiteral("<nobr><img src='data:image/png;base64,%1'>&nbsp;%2</nobr>")
                         .arg(swatchImage(swatches[i]), entries[i].toHtmlEscaped()));
    setText(items.join(QStringLiteral(" &nbsp; ")));
}

} // namespace batchlab
