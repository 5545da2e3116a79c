// SPDX-License-Identifier: BSD-3-Clause
#include "charts/batchsizechart.h"
#include "charts/chartstr.h"

#include "charts/chartdata.h"

#include <QBarCategoryAxis>
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
    // At most kMaxBins bars of a round width (1, 2, 5, 10, 20, 50…): their labels
    // ("1", "12", "19–20") fit under them in a chart of the panel's smallest width, where 20
    // bars turned "10" into "…".
    int binWidth = 1;
    for (int magnitude = 1; (upper + binWidth - 1) / binWidth > kMaxBins; magnitude *= 10) {
        for (const int m : {1, 2, 5}) {
            binWidth = m * magnitude;
            if ((upper + binWidth - 1) / binWidth <= kMaxBins)
                break;
        }
    }
    const int bins = (upper + binWidth - 1) / binWidth;
    QStringList categories;
    categories.reserve(bins);
    for (int b = 0; b < bins; ++b) {
        const int lo = b * binWidth + 1;
        const int hi = qMin(upper, (b + 1) * binWidth);
        categories.append(lo == hi ? QString::number(lo)
                                   : QString::number(lo) + QChar(0x2013) + QString::number(hi));
    }
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
