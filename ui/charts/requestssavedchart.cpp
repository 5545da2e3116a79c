// SPDX-License-Identifier: BSD-3-Clause
#include "charts/requestssavedchart.h"
#include "charts/chartstr.h"

#include "charts/chartdata.h"

#include <QAreaSeries>
#include <QChart>
#include <QLineSeries>
#include <QLocale>

namespace batchlab {

RequestsSavedChart::RequestsSavedChart(const ChartTheme &theme)
    : TimeChart(ChartsTr::tr("HTTP requests avoided by batching and de-duplication"),
                ChartsTr::tr("total requests"), theme)
    , m_calls(newLine(QStringLiteral("calls"), ChartsTr::tr("one request per call")))
    , m_http(newLine(QStringLiteral("httpRequests"), ChartsTr::tr("HTTP requests sent")))
    , m_saved(newArea(QStringLiteral("saved"), ChartsTr::tr("avoided")))
{
    setDescription(ChartsTr::tr("Upper line: the HTTP requests the calls that reached the network "
                                "would have needed one by one (calls carried by requests, retries "
                                "once per attempt, plus calls that shared an identical call's "
                                "item). Lower line: the HTTP requests sent. The shaded gap is what "
                                "batching and de-duplication avoided. Cache hits, calls refused by "
                                "the circuit breaker and calls never sent avoided no request and "
                                "are not counted."));
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
        // A step where a bucket's counts arrive, flat across it: a line from one bucket's
        // end to the next drew a ramp for calls that all went out at once.
        const double x0 = data.bucketStartSeconds(int(i));
        const double x1 = qMax(x0, qMin(end, data.bucketStartSeconds(int(i) + 1)));
        const qint64 c0 = c;
        const qint64 h0 = h;
        c += buckets[i].items + buckets[i].dedupHits;
        h += buckets[i].httpRequests;
        if (c != c0 || h != h0) {
            calls.append({x0, double(c0)});
            http.append({x0, double(h0)});
            calls.append({x0, double(c)});
            http.append({x0, double(h)});
        }
        calls.append({x1, double(c)});
        http.append({x1, double(h)});
    }
    m_calls->replace(calls);
    m_http->replace(http);
    m_saved->upperSeries()->replace(calls);
    m_saved->lowerSeries()->replace(http);
    const double yMax = setNiceRange(yAxis(), qMax<double>(1, double(c)), 4, 1);
    const QLocale locale;
    // The title stays short enough for the smallest cell; the figures go to the legend,
    // which wraps.
    if (h == 0) {
        // Nothing went out: nothing was avoided, whatever the cache or the breaker did.
        chart()->setTitle(ChartsTr::tr("Requests avoided: none sent"));
        m_saved->setName(ChartsTr::tr("avoided"));
        m_http->setName(ChartsTr::tr("HTTP requests sent"));
    } else {
        const qint64 byBatching = qMax<qint64>(0, data.items() - data.httpRequests());
        const qint64 total = data.items() + data.dedupHits();
        chart()->setTitle(ChartsTr::tr("Requests avoided: %1 %")
                              .arg(locale.toString(100.0 * double(total - data.httpRequests()) / double(total), 'f', 0)));
        m_saved->setName(ChartsTr::tr("avoided: %1 batched, %2 de-dup")
                             .arg(locale.toString(byBatching), locale.toString(data.dedupHits())));
        m_http->setName(ChartsTr::tr("HTTP requests sent: %1").arg(locale.toString(data.httpRequests())));
    }
    return yMax;
}

} // namespace batchlab
