// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QLabel>
#include <QStringList>

QT_BEGIN_NAMESPACE
class QChart;
QT_END_NAMESPACE

namespace batchlab {

/// A chart's legend as a wrapping label under its view, in place of Qt Charts' own, which
/// elides names in a narrow chart ("failu…", "thre…") and draws long ones over each other.
/// It lists the legend markers the chart keeps visible, each with its whole name and a swatch
/// drawn as its series is (a line in its colour and dash pattern, or a filled box), and wraps
/// to as many lines as the width needs. Settings changes are markers on the time axis, not
/// entries here.
class ChartLegend : public QLabel
{
    Q_OBJECT

public:
    explicit ChartLegend(QChart *chart, QWidget *parent = nullptr);

    /// Reads the chart's visible legend markers again (after each redraw); cheap when nothing
    /// changed.
    void sync();
    /// The names shown, in order.
    QStringList entries() const { return m_entries; }

private:
    QChart *m_chart;
    QStringList m_entries;
    QString m_key; ///< what the text was built from
};

} // namespace batchlab
