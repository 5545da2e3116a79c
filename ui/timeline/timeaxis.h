// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QWidget>

namespace batchlab {

class TimelineModel;
class WaterfallView;

/// The time axis above the waterfall: ticks and labels from the view's TimeScale (time since
/// the run started), and a small flag where the settings changed or a breaker moved.
struct TimeScale;

class TimeAxis : public QWidget
{
    Q_OBJECT

public:
    TimeAxis(WaterfallView *view, TimelineModel *model, QWidget *parent = nullptr);

    QSize sizeHint() const override;
    /// Paints into any painter at the given width: export draws the axis above the view.
    void render(QPainter &painter, int width) const;
    /// The same at another scale, the plot starting right of the gutter: the export's axis.
    void render(QPainter &painter, int width, const TimeScale &scale, int offset) const;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    WaterfallView *m_view;
    TimelineModel *m_model;
};

} // namespace batchlab
