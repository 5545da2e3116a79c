// SPDX-License-Identifier: BSD-3-Clause
#include "charts/hitschart.h"
#include "charts/chartstr.h"

#include "charts/chartdata.h"

#include <QLineSeries>

namespace batchlab {

HitsChart::HitsChart(const ChartTheme &theme)
    : TimeChart(ChartsTr::tr("De-duplication and cache hits"), ChartsTr::tr("hits per second"), theme)
    , m_dedup(newLine(QStringLiteral("dedupHits"), ChartsTr::tr("de-dup hits")))
    , m_cache(newLine(QStringLiteral("cacheHits"), ChartsTr::tr("cache hits")))
{
    attach(m_dedup);
    attach(m_cache);
}

void HitsChart::applyTheme(const ChartTheme &theme)
{
    TimeChart::applyTheme(theme);
    m_dedup->setPen(ChartTheme::pen(theme.color(ChartTheme::Hue::Purple), 2));
    m_cache->setPen(ChartTheme::pen(theme.color(ChartTheme::Hue::Green), 2));
}

double HitsChart::redraw(const ChartData &data)
{
    const auto &buckets = data.buckets();
    const QList<QPointF> dedup = steps(
        data, [&](size_t i) { return double(buckets[i].dedupHits) / coveredSeconds(data, i); });
    const QList<QPointF> cache = steps(
        data, [&](size_t i) { return double(buckets[i].cacheHits) / coveredSeconds(data, i); });
    m_dedup->replace(dedup);
    m_cache->replace(cache);
    m_dedup->setName(ChartsTr::tr("de-dup hits (%1)").arg(data.dedupHits()));
    m_cache->setName(ChartsTr::tr("cache hits (%1)").arg(data.cacheHits()));
    return setNiceRange(yAxis(), qMax(1.0, qMax(maxY(dedup), maxY(cache))));
}

} // namespace batchlab
