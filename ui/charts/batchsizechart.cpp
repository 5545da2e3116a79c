// SPDX-License-Identifier: BSD-3-Clause
#include "charts/batchsizechart.h"
#include "charts/chartstr.h"

#include "charts/chartdata.h"

#include <QBarCategoryAxis>
#include <QFontMetricsF>
#include <QBarSet>
#include <QChart>
#include <QLegendMarker>
#include <QLineSeries>
#include <QStackedBarSeries>
#include <QValueAxis>

#include <algorithm>

namespace batchlab {

BatchSizeChart::BatchSizeChart(const ChartTheme &theme)
    : RunChart(ChartsTr::tr("Batch sizes by flush reason"), theme)
    , m_series(new QStackedBarSeries(chart()))
    , m_sizeAxis(new QBarCategoryAxis(chart()))
    , m_countAxis(newValueAxis(ChartsTr::tr("HTTP requests"), 0.25))
    , m_maxBatchLine(newLine(QStringLiteral("maxBatchSize"), ChartsTr::tr("maxBatchSize")))
{
    m_series->setObjectName(QStringLiteral("batchSizes"));
    m_series->setBarWidth(0.8);
    for (int r = 0; r < kFlushReasonCount; ++r) {
        auto *set = new QBarSet(flushReasonName(FlushReason(r)), m_series);
        set->setObjectName(QLatin1String("reason.") + flushReasonName(FlushReason(r)));
        m_series->append(set);
        m_sets.at(size_t(r)) = set;
    }
    chart()->addSeries(m_series);
    styleAxis(m_sizeAxis, ChartsTr::tr("batch size (calls per HTTP request)"));
    chart()->addAxis(m_sizeAxis, Qt::AlignBottom);
    chart()->addAxis(m_countAxis, Qt::AlignLeft);
    m_series->attachAxis(m_sizeAxis);
    m_series->attachAxis(m_countAxis);
    attach(m_maxBatchLine, m_sizeAxis, m_countAxis);
}

void BatchSizeChart::applyTheme(const ChartTheme &theme)
{
    RunChart::applyTheme(theme);
    for (int r = 0; r < kFlushReasonCount; ++r) {
        QBarSet *set = m_sets.at(size_t(r));
        set->setColor(theme.reasonColor(FlushReason(r)));
        set->setBorderColor(theme.base());
        set->setLabelColor(theme.text());
    }
    m_maxBatchLine->setPen(ChartTheme::pen(theme.text(), 2, Qt::DashLine));
}

void BatchSizeChart::refresh(const ChartData &data)
{
    const int maxBatch = qMax(1, data.maxBatchSize());
    const int upper = qMax(data.largestFlush(), maxBatch);
    // Bars of a round width (1, 2, 5, 10, 20, 50…), the narrowest whose labels ("1", "12",
    // "19–20") fit under them at the chart's width, at most kMaxBins: Qt Charts gives each
    // label the axis's width over (bars + 1), less its padding, and turns a label that does
    // not fit into "…" (10 bars of 1 in a 280 px chart made "10" into "…").
    const QFontMetricsF metrics(m_sizeAxis->labelsFont());
    const double axisWidth = chart()->plotArea().width() > 0 ? chart()->plotArea().width()
                                                             : chart()->size().width() - 80;
    const auto labelOf = [upper](int lo, int hi) {
        hi = qMin(upper, hi);
        return lo == hi ? QString::number(lo) : QString::number(lo) + QChar(0x2013) + QString::number(hi);
    };
    const auto fits = [&](int width) {
        const int bins = (upper + width - 1) / width;
        if (bins > kMaxBins)
            return false;
        const double room = axisWidth / (bins + 1) - 2 * kLabelPadding;
        const int lo = (bins - 1) * width + 1; // the last label is the widest
        return metrics.horizontalAdvance(labelOf(lo, lo + width - 1)) <= room || width >= upper;
    };
    int binWidth = 1;
    for (int magnitude = 1; !fits(binWidth); magnitude *= 10) {
        for (const int m : {1, 2, 5}) {
            binWidth = m * magnitude;
            if (fits(binWidth))
                break;
        }
    }
    const int bins = (upper + binWidth - 1) / binWidth;
    QStringList categories;
    categories.reserve(bins);
    for (int b = 0; b < bins; ++b)
        categories.append(labelOf(b * binWidth + 1, (b + 1) * binWidth));
    if (categories != m_categories) {
        m_categories = categories;
        m_sizeAxis->setCategories(categories);
    }
    std::vector<double> totals(size_t(bins), 0.0);
    for (int r = 0; r < kFlushReasonCount; ++r) {
        QList<qreal> values(bins, 0.0);
        qint64 any = 0;
        for (int size = 1; size <= data.largestFlush(); ++size) {
            const qint64 n = data.flushes(size, FlushReason(r));
            values[(size - 1) / binWidth] += double(n);
            any += n;
        }
        for (int b = 0; b < bins; ++b)
            totals[size_t(b)] += values[b];
        QBarSet *set = m_sets.at(size_t(r));
        if (set->count() == bins) {
            for (int b = 0; b < bins; ++b) {
                if (set->at(b) != values[b])
                    set->replace(b, values[b]);
            }
        } else {
            set->remove(0, set->count());
            set->append(values);
        }
        const QList<QLegendMarker *> markers = chart()->legend()->markers(m_series);
        if (r < markers.size())
            showInLegend(markers[r], any > 0);
    }
    const double most = totals.empty() ? 0 : *std::max_element(totals.begin(), totals.end());
    const double yMax = setNiceRange(m_countAxis, qMax(most, 1.0), 4, 1);
    // The maxBatchSize line: at its size inside its bar.
    const double x = (double(maxBatch) - 0.5) / double(binWidth) - 0.5;
    m_maxBatchLine->replace(QList<QPointF>{{x, 0}, {x, yMax}});
    m_maxBatchLine->setName(ChartsTr::tr("maxBatchSize = %1").arg(maxBatch));
}

} // namespace batchlab
