// SPDX-License-Identifier: BSD-3-Clause
#include "charts/requestssavedchart.h"
#include "charts/chartstr.h"

#include "charts/chartdata.h"

#include <QAreaSeries>
#include <QChart>
#include <QLineSeries>

namespace batchlab {

RequestsSavedChart::RequestsSavedChart(const ChartTheme &theme)
    : TimeChart(ChartsTr::tr("Requests saved: calls vs HTTP requests"), ChartsTr::tr("calls, cumulative"), theme)
    , m_calls(newLine(QStringLiteral("calls"), ChartsTr::tr("calls")))
    , m_http(newLine(QStringLiteral("httpRequests"), ChartsTr::tr("HTTP requests")))
    , m_saved(newArea(QStringLiteral("saved"), ChartsTr::tr("saved")))
{
    attach(m_saved);
    attach(m_calls);
    attach(m_http);
}

void RequestsSavedChart::applyTheme(const ChartTheme &theme)
{
    TimeChart::applyTheme(theme);
    m_calls->setPen(ChartTheme::pen(theme.color(ChartTheme::Hue::Blue), 2));
    m_http->setPen(ChartTheme::pen(theme.color(ChartTheme::Hue::Orange), 2));
    QColor savedFill = theme.color(ChartTheme::Hue::Blue);
    savedFill.setAlpha(50);
    m_saved->setBrush(savedFill);
    m_saved->setPen(Qt::NoPen);
}

double RequestsSavedChart::redraw(const ChartData &data)
{
    const std::vector<ChartData::Bucket> &buckets = data.buckets();
    QList<QPointF> calls;
    QList<QPointF> http;
    calls.reserve(qsizetype(buckets.size()) + 1);
    http.reserve(qsizetype(buckets.size()) + 1);
    calls.append({0, 0});
    http.append({0, 0});
    qint64 c = 0;
    qint64 h = 0;
    const double end = double(data.lastTime()) / 1e9;
    for (size_t i = 0; i < buckets.size(); ++i) {
        c += buckets[i].calls;
        h += buckets[i].httpRequests;
        const double x = qMin(end, data.bucketStartSeconds(int(i) + 1));
        calls.append({x, double(c)});
        http.append({x, double(h)});
    }
    m_calls->replace(calls);
    m_http->replace(http);
    m_saved->upperSeries()->replace(calls);
    m_saved->lowerSeries()->replace(http);
    const double yMax = setNiceRange(yAxis(), qMax<double>(1, double(c)), 4, 1);
    const double saved = c ? 100.0 * double(c - h) / double(c) : 0.0;
    chart()->setTitle(ChartsTr::tr("Requests saved: %1 % (%2 calls, %3 HTTP requests)")
                          .arg(saved, 0, 'f', 0)
                          .arg(c)
                          .arg(h));
    return yMax;
}

} // namespace batchlab
