// SPDX-License-Identifier: BSD-3-Clause
#include "timeline/timelinepanel.h"
#include "timeline/timelinetr.h"

#include "timeline/timeaxis.h"
#include "timeline/timelinemodel.h"
#include "timeline/waterfallpainter.h"
#include "timeline/waterfallview.h"

#include <QAction>
#include <QBuffer>
#include <QCheckBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPainter>
#include <QPixmap>
#include <QPushButton>
#include <QSaveFile>
#include <QSvgGenerator>
#include <QToolButton>
#include <QVBoxLayout>

namespace batchlab {

namespace {

/// One legend entry: a colour swatch (filled, or an outline for shared calls) and its name.
QString legendItem(const QString &text, const QColor &color, bool hollow)
{
    QPixmap swatch(14, 10);
    swatch.fill(Qt::transparent);
    QPainter p(&swatch);
    if (hollow) {
        p.setPen(color);
        p.drawRect(0, 0, 13, 9);
    } else {
        p.fillRect(swatch.rect(), color);
    }
    p.end();
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    swatch.save(&buffer, "PNG");
    return QStringLiteral("<span style='white-space:nowrap'><img "
                          "src='data:image/png;base64,%1'>&nbsp;%2</span>")
        .arg(QString::fromLatin1(png.toBase64()), text.toHtmlEscaped());
}

} // namespace

TimelinePanel::TimelinePanel(Telemetry *telemetry, QWidget *parent)
    : QWidget(parent)
    , m_model(new TimelineModel(telemetry, this))
{
    m_view = new WaterfallView(m_model, this);
    m_axis = new TimeAxis(m_view, m_model, this);
    m_axis->setFixedHeight(m_axis->sizeHint().height());

    auto *bar = new QHBoxLayout;
    m_follow = new QCheckBox(TimelineTr::tr("Follow live"), this);
    m_follow->setObjectName(QStringLiteral("timelineFollow"));
    m_follow->setChecked(true);
    m_follow->setToolTip(TimelineTr::tr("Keep the newest HTTP requests in view while a run goes on."));
    auto *calls = new QCheckBox(TimelineTr::tr("Calls"), this);
    calls->setChecked(true);
    calls->setToolTip(TimelineTr::tr("Show the calls under each HTTP request, or the HTTP requests only."));
    auto *fit = new QPushButton(TimelineTr::tr("Fit"), this);
    fit->setToolTip(
        TimelineTr::tr("Show the whole run. Wheel: zoom around the cursor; Shift+wheel: scroll; drag: pan."));
    auto *exportButton = new QToolButton(this);
    exportButton->setText(TimelineTr::tr("Export"));
    exportButton->setPopupMode(QToolButton::InstantPopup);
    auto *menu = new QMenu(exportButton);
    QAction *png = menu->addAction(TimelineTr::tr("Export as PNG…"), this,
                                   [this] { exportDialog(QStringLiteral("png")); });
    QAction *svg = menu->addAction(TimelineTr::tr("Export as SVG…"), this,
                                   [this] { exportDialog(QStringLiteral("svg")); });
    exportButton->setMenu(menu);
    m_view->viewport()->addActions({png, svg}); // the same two in the waterfall's context menu
    m_view->viewport()->setContextMenuPolicy(Qt::ActionsContextMenu);
    bar->addWidget(m_follow);
    bar->addWidget(calls);
    bar->addWidget(fit);
    bar->addWidget(exportButton);
    bar->addSpacing(12);
    // One wrapping label, so that a narrow dock wraps the legend instead of widening the window.
    auto *legend = new QLabel(
        QStringList{legendItem(TimelineTr::tr("queued"), WaterfallPainter::kQueued, false),
                    legendItem(TimelineTr::tr("in flight"), WaterfallPainter::kInFlight, false),
                    legendItem(TimelineTr::tr("failed"), WaterfallPainter::kFailed, false),
                    legendItem(TimelineTr::tr("shared (dedup)"), WaterfallPainter::kInFlight, true),
                    legendItem(TimelineTr::tr("cache hit"), WaterfallPainter::kCache, false),
                    legendItem(TimelineTr::tr("settings change"), WaterfallPainter::kConfigMarker, false)}
            .join(QStringLiteral(" &nbsp; ")),
        this);
    legend->setWordWrap(true);
    bar->addWidget(legend, 1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->setSpacing(0);
    layout->addLayout(bar);
    layout->addSpacing(2);
    layout->addWidget(m_axis);
    layout->addWidget(m_view, 1);

    connect(m_follow, &QCheckBox::toggled, m_view, &WaterfallView::setFollowLive);
    connect(m_view, &WaterfallView::followLiveChanged, m_follow, &QCheckBox::setChecked);
    connect(calls, &QCheckBox::toggled, m_view, &WaterfallView::setShowCalls);
    connect(fit, &QPushButton::clicked, m_view, &WaterfallView::fitAll);
    connect(m_view, &WaterfallView::scaleChanged, m_axis, qOverload<>(&QWidget::update));
}

void TimelinePanel::restart()
{
    m_model->restart();
    m_view->setFollowLive(true);
}

bool TimelinePanel::exportTo(const QString &path, QString *error)
{
    const int axis = m_axis->height();
    const QSize size(m_view->viewport()->width()
                         + m_view->viewport()->mapTo(m_view, QPoint(0, 0)).x(),
                     axis + m_view->viewport()->height());
    const auto paint = [&](QPainter &p) {
        m_axis->render(p, size.width());
        p.translate(m_view->viewport()->mapTo(m_view, QPoint(0, 0)).x(), axis);
        m_view->render(p, m_view->viewport()->size());
    };
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    if (path.endsWith(QLatin1String(".svg"), Qt::CaseInsensitive)) {
        QSvgGenerator svg;
        svg.setOutputDevice(&buffer);
        svg.setSize(size);
        svg.setViewBox(QRect(QPoint(0, 0), size));
        svg.setTitle(TimelineTr::tr("Batchlab waterfall"));
        QPainter p(&svg);
        paint(p);
    } else {
        QPixmap pixmap(size * devicePixelRatioF());
        pixmap.setDevicePixelRatio(devicePixelRatioF());
        QPainter p(&pixmap);
        paint(p);
        p.end();
        pixmap.save(&buffer, "PNG");
    }
    QSaveFile file(path);
    if (file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size() && file.commit())
        return true;
    *error = TimelineTr::tr("Cannot write %1: %2").arg(path, file.errorString());
    return false;
}

void TimelinePanel::exportDialog(const QString &suffix)
{
    const QString path = QFileDialog::getSaveFileName(
        this, TimelineTr::tr("Export the waterfall"), QStringLiteral("waterfall.") + suffix,
        suffix == QLatin1String("svg") ? TimelineTr::tr("SVG images (*.svg)") : TimelineTr::tr("PNG images (*.png)"));
    QString error;
    if (!path.isEmpty() && !exportTo(path, &error))
        QMessageBox::warning(this, TimelineTr::tr("Export the waterfall"), error);
}

} // namespace batchlab
