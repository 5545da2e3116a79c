// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QWidget>

namespace batchlab {

/// The waterfall's legend in the tool bar: every colour the rows use
/// (WaterfallPainter::legend()), painted as the export paints it and wrapped entry by entry,
/// so that a swatch never ends a line without its name (rich text in a label broke there).
class TimelineLegend : public QWidget
{
    Q_OBJECT

public:
    explicit TimelineLegend(QWidget *parent = nullptr);

    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
};

} // namespace batchlab
