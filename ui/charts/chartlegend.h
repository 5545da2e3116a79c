// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QColor>
#include <QList>
#include <QStringList>
#include <QWidget>

QT_BEGIN_NAMESPACE
class QChart;
QT_END_NAMESPACE

namespace batchlab {

/// A chart's legend under its view, in place of Qt Charts' own, which elides names in a
/// narrow chart ("failu…", "thre…") and draws long ones over each other. It lists the legend
/// markers the chart shows (RunChart::shownInLegend), each with its whole name and a swatch
/// drawn as its series is (a line in its colour and dash pattern, or a filled box), and wraps
/// entry by entry onto as many lines as the width needs, a swatch never apart from its name.
/// Settings changes are markers on the time axis, not entries here.
class ChartLegend : public QWidget
{
    Q_OBJECT

public:
    explicit ChartLegend(QChart *chart, QWidget *parent = nullptr);

    /// Reads the chart's legend markers again (after each redraw); cheap when nothing changed.
    void sync();
    /// The names shown, in order.
    QStringList entries() const;
    /// Where each entry is drawn at `width`: a swatch and its name, never clipped.
    QList<QRect> entryRects(int width) const;

    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    struct Entry
    {
        QString text;
        QColor color;
        Qt::PenStyle style = Qt::SolidLine;
        bool line = false;
        bool operator==(const Entry &other) const = default;
    };

    QChart *m_chart;
    QList<Entry> m_entries;
};

} // namespace batchlab
