// SPDX-License-Identifier: BSD-3-Clause
#include "charts/chartexporter.h"
#include "charts/chartstr.h"

#include <QChartView>
#include <QFileInfo>
#include <QPainter>
#include <QSaveFile>
#include <QSvgGenerator>

namespace batchlab {

ChartExporter::ChartExporter(QWidget *view)
    : m_view(view)
{ }

bool ChartExporter::write(const QString &path, QString *error)
{
    const auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix != QLatin1String("png") && suffix != QLatin1String("svg"))
        return fail(ChartsTr::tr("%1: unknown format \"%2\"; use .png or .svg").arg(path, suffix));
    // A chart that was never laid out (the dock closed) is drawn at a readable size.
    const QSize size
        = m_view->width() >= 200 && m_view->height() >= 150 ? m_view->size() : QSize(800, 500);
    if (m_view->size() != size)
        m_view->resize(size);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return fail(ChartsTr::tr("cannot write %1: %2").arg(path, file.errorString()));
    if (suffix == QLatin1String("png")) {
        const QPixmap pixmap = m_view->grab();
        if (pixmap.isNull() || !pixmap.save(&file, "PNG"))
            return fail(ChartsTr::tr("cannot encode %1 as PNG").arg(path));
    } else {
        QSvgGenerator svg;
        svg.setOutputDevice(&file);
        svg.setSize(size);
        svg.setViewBox(QRect(QPoint(0, 0), size));
        svg.setTitle(m_title);
        svg.setDescription(m_description);
        QPainter painter;
        if (!painter.begin(&svg))
            return fail(ChartsTr::tr("cannot draw %1 as SVG").arg(path));
        m_view->render(&painter);
        painter.end();
    }
    if (!file.commit())
        return fail(ChartsTr::tr("cannot write %1: %2").arg(path, file.errorString()));
    return true;
}

} // namespace batchlab
