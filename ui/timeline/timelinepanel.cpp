// SPDX-License-Identifier: BSD-3-Clause
#include "timeline/timelinepanel.h"
#include "timeline/timelinetr.h"

#include "timeline/timeaxis.h"
#include "timeline/timelinelegend.h"
#include "timeline/timelinemodel.h"
#include "timeline/waterfallpainter.h"
#include "timeline/waterfallview.h"

#include <QAction>
#include <QBuffer>
#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QImage>
#include <QSpinBox>
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
        TimelineTr::tr("Show the whole run. Wheel: scroll the rows; Ctrl+wheel: zoom around the "
                       "cursor; Shift+wheel or drag: move along the time."));
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
    // Every colour the rows use, wrapped entry by entry in a narrow dock rather than widening
    // the window.
    auto *legend = new TimelineLegend(this);
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

void TimelinePanel::runFinished()
{
    m_view->runFinished();
}

TimelinePanel::ExportOptions TimelinePanel::rangeInView() const
{
    const TimeScale &scale = m_view->scale();
    ExportOptions options;
    options.from = scale.originNs;
    options.to = scale.time(std::max(1, m_view->viewport()->width() - m_view->gutterWidth()));
    return options;
}

bool TimelinePanel::exportTo(const QString &path, QString *error, const ExportOptions &options)
{
    const int width = std::max(options.width, m_view->gutterWidth() + 100);
    const qint64 start = m_model->startTime();
    const bool whole = options.from < 0 || options.to <= options.from;
    const qint64 from = whole ? start : options.from;
    const qint64 length = std::max<qint64>(m_model->drawnEnd() - start, 1);
    const qint64 to
        = whole ? start + qint64(double(length) / (1.0 - WaterfallView::kEndMargin)) : options.to;
    TimeScale scale = m_view->scale();
    scale.zeroNs = start;
    scale.minNsPerPixel = 1;
    scale.fit(from, to, width - m_view->gutterWidth());

    const int rows = std::min(m_view->contentHeight(), kMaxExportRowsHeight);
    const bool cut = rows < m_view->contentHeight();
    QString title = TimelineTr::tr("Batchlab waterfall · %n call(s)", nullptr, m_model->callCount())
        + TimelineTr::tr(" in %n HTTP request(s)", nullptr, m_model->rowCount())
        + QStringLiteral(" · %1 – %2")
              .arg(TimeScale::formatDuration(from - start), TimeScale::formatDuration(to - start));
    if (cut)
        title += TimelineTr::tr(" · rows cut at %1 px").arg(kMaxExportRowsHeight);

    QFont titleFont = font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.25);
    const int titleHeight = QFontMetrics(titleFont).height() + 8;
    // The legend's height, measured by drawing it once where nothing keeps it.
    QImage probe(1, 1, QImage::Format_ARGB32);
    int legendHeight = 0;
    {
        QPainter p(&probe);
        p.setFont(font());
        legendHeight = WaterfallPainter::paintLegend(p, palette(), 6, 0, width - 12) + 8;
    }
    const int axis = m_axis->sizeHint().height();
    const QSize size(width, titleHeight + legendHeight + axis + rows);
    const auto paint = [&](QPainter &p) {
        p.fillRect(QRect(QPoint(0, 0), size), palette().base());
        p.setFont(titleFont);
        p.setPen(palette().color(QPalette::WindowText));
        p.drawText(QRect(6, 0, width - 12, titleHeight), Qt::AlignVCenter | Qt::AlignLeft, title);
        p.setFont(font());
        WaterfallPainter::paintLegend(p, palette(), 6, titleHeight, width - 12);
        p.translate(0, titleHeight + legendHeight);
        m_axis->render(p, width, scale, 0);
        p.translate(0, axis);
        p.setClipRect(QRect(0, 0, width, rows));
        m_view->renderAll(p, scale, width);
    };
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    if (path.endsWith(QLatin1String(".svg"), Qt::CaseInsensitive)) {
        QSvgGenerator svg;
        svg.setOutputDevice(&buffer);
        svg.setSize(size);
        svg.setViewBox(QRect(QPoint(0, 0), size));
        svg.setTitle(title);
        QPainter p(&svg);
        paint(p);
    } else {
        QImage image(size, QImage::Format_RGB32);
        if (image.isNull()) {
            *error = TimelineTr::tr("The image (%1 × %2 px) is too large to draw.")
                         .arg(size.width())
                         .arg(size.height());
            return false;
        }
        QPainter p(&image);
        paint(p);
        p.end();
        image.save(&buffer, "PNG");
    }
    QSaveFile file(path);
    if (file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size() && file.commit())
        return true;
    *error = TimelineTr::tr("Cannot write %1: %2").arg(path, file.errorString());
    return false;
}

void TimelinePanel::exportDialog(const QString &suffix)
{
    // What to draw and how wide, before where to.
    QDialog dialog(this);
    dialog.setWindowTitle(TimelineTr::tr("Export the waterfall"));
    auto *range = new QComboBox(&dialog);
    range->addItem(TimelineTr::tr("The whole run"));
    range->addItem(TimelineTr::tr("The time range in view"));
    auto *width = new QSpinBox(&dialog);
    width->setRange(800, 16000);
    width->setSingleStep(200);
    width->setValue(ExportOptions{}.width);
    width->setSuffix(TimelineTr::tr(" px"));
    auto *form = new QFormLayout(&dialog);
    form->addRow(TimelineTr::tr("Range:"), range);
    form->addRow(TimelineTr::tr("Width:"), width);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    if (dialog.exec() != QDialog::Accepted)
        return;
    ExportOptions options = range->currentIndex() == 1 ? rangeInView() : ExportOptions{};
    options.width = width->value();
    const QString path = QFileDialog::getSaveFileName(
        this, TimelineTr::tr("Export the waterfall"), QStringLiteral("waterfall.") + suffix,
        suffix == QLatin1String("svg") ? TimelineTr::tr("SVG images (*.svg)") : TimelineTr::tr("PNG images (*.png)"));
    QString error;
    if (!path.isEmpty() && !exportTo(path, &error, options))
        QMessageBox::warning(this, TimelineTr::tr("Export the waterfall"), error);
}

} // namespace batchlab
