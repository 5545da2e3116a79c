// SPDX-License-Identifier: BSD-3-Clause
#include "charts/breakerchart.h"
#include "charts/chartstr.h"

#include "charts/chartdata.h"
#include "client/apiclient.h"

#include <QAreaSeries>
#include <QCategoryAxis>
#include <QUrl>
#include <QChart>
#include <QLineSeries>
#include <QLocale>

namespace batchlab {

namespace {

constexpr int kMaxBandRows = 4;
constexpr double kBandRow = 25.0; // failure-rate units per breaker row above 100 %

QCategoryAxis *newCategoryAxis()
{
    auto *axis = new QCategoryAxis;
    axis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    return axis;
}

/// The name of a band row beside the axis, where Qt Charts cuts what is longer than a few
/// characters: "breaker" when there is one, else the host (with the port when hosts repeat).
QString bandLabel(const std::vector<ChartData::BreakerTrack> &tracks, int rows, int row)
{
    if (rows == 1)
        return ChartsTr::tr("breaker");
    const auto hostOf = [](const QString &origin) { return QUrl(origin).host(); };
    const QString host = hostOf(tracks[size_t(row)].name);
    int same = 0;
    for (int r = 0; r < rows; ++r)
        same += hostOf(tracks[size_t(r)].name) == host;
    QString label = same > 1 || host.isEmpty() ? QUrl(tracks[size_t(row)].name).authority() : host;
    if (label.isEmpty())
        label = tracks[size_t(row)].name;
    return label.size() > 14 ? label.left(13) + QChar(0x2026) : label;
}

} // namespace

BreakerChart::BreakerChart(const ApiClient *client, const ChartTheme &theme)
    : TimeChart(ChartsTr::tr("Circuit breaker and failure rate"), ChartsTr::tr("failure rate (%)"), theme,
                newCategoryAxis())
    , m_client(client)
    , m_axis(static_cast<QCategoryAxis *>(yAxis()))
    , m_failureRate(newLine(QStringLiteral("failureRate"), ChartsTr::tr("failure rate")))
    , m_threshold(newLine(QStringLiteral("threshold"), ChartsTr::tr("threshold")))
{
    attach(m_failureRate);
    attach(m_threshold);
}

void BreakerChart::applyTheme(const ChartTheme &theme)
{
    TimeChart::applyTheme(theme);
    m_failureRate->setPen(ChartTheme::pen(theme.color(ChartTheme::Hue::Blue), 2)); // no state's
    m_threshold->setPen(ChartTheme::pen(theme.text(), 1.5, Qt::DashLine));
    for (const Band &band : m_bands) {
        for (int s = 0; s < kStateCount; ++s) {
            band.at(size_t(s))->setBrush(theme.stateColor(BreakerState(s)));
            band.at(size_t(s))->setPen(Qt::NoPen);
        }
    }
}

double BreakerChart::redraw(const ChartData &data)
{
    const auto &tracks = data.breakers();
    const int rows = qMin(kMaxBandRows, int(tracks.size()));
    updateBandRows(data, rows);

    // Bands: one step area per state, up where the breaker was in it, flat elsewhere.
    const double end = qMax(double(data.lastTime()) / 1e9, 1e-3);
    std::array<bool, kStateCount> seen{};
    for (int row = 0; row < rows; ++row) {
        const ChartData::BreakerTrack &track = tracks[size_t(row)];
        const double bottom = 100 + kBandRow * row + 6;
        const double top = 100 + kBandRow * (row + 1) - 4;
        // Segments [start, end) with their state.
        std::vector<std::pair<double, BreakerState>> segments{{0.0, track.initial}};
        for (const ChartData::BreakerTransition &t : track.transitions)
            segments.emplace_back(double(t.time) / 1e9, t.to);
        for (int s = 0; s < kStateCount; ++s) {
            QList<QPointF> upper;
            upper.reserve(qsizetype(segments.size()) * 2);
            bool any = false;
            for (size_t k = 0; k < segments.size(); ++k) {
                const double x0 = segments[k].first;
                const double x1 = k + 1 < segments.size() ? segments[k + 1].first : end;
                const bool in = int(segments[k].second) == s;
                any = any || (in && x1 >= x0);
                upper.append({x0, in ? top : bottom});
                upper.append({x1, in ? top : bottom});
            }
            QAreaSeries *area = m_bands[size_t(row)].at(size_t(s));
            area->upperSeries()->replace(upper);
            area->lowerSeries()->replace(QList<QPointF>{{0, bottom}, {end, bottom}});
            // One legend entry per state shown, not one per origin.
            setLegendVisible(area, any && !seen.at(size_t(s)));
            seen.at(size_t(s)) = seen.at(size_t(s)) || any;
        }
    }

    // The rate the breaker itself judges: over its window, from its minimum of calls, so the
    // threshold line means what the breaker does (a rate per bucket spiked to 100 % while the
    // breaker, over 30 s, stayed closed).
    const BreakerConfig breaker = m_client->config().breaker;
    QList<QPointF> rate;
    const auto points = data.windowFailureRate(qint64(breaker.window.count()) * 1'000'000, breaker.minimumCalls);
    rate.reserve(qsizetype(points.size()));
    for (const auto &[x, percent] : points)
        rate.append({x, percent});
    m_failureRate->replace(rate);
    const QLocale locale;
    const QString window = locale.toString(double(breaker.window.count()) / 1000.0, 'g', 3);
    const bool byRate = breaker.enabled && breaker.trip == BreakerConfig::Trip::FailureRate;
    const double threshold = 100.0 * breaker.failureRateThreshold;
    m_threshold->replace(byRate ? QList<QPointF>{{0, threshold}, {timeRange(), threshold}} : QList<QPointF>{});
    m_threshold->setName(ChartsTr::tr("threshold %1 %").arg(threshold, 0, 'f', 0));
    setLegendVisible(m_threshold, byRate);
    chart()->setTitle(ChartsTr::tr("Circuit breaker, %1 s window").arg(window));
    QStringList origins;
    for (int row = 0; row < rows; ++row)
        origins.append(tracks[size_t(row)].name);
    setDescription(ChartsTr::tr("The failure rate is the one the circuit breaker judges: attempts that "
                                "failed (transport errors, timeouts, 5xx, 408) out of the attempts "
                                "answered over the last %1 s, the breaker's window, drawn from %2 "
                                "attempts on, below which it does not trip. %3 The bands above 100 % "
                                "show the state of each origin's breaker, from the bottom up: %4.")
                       .arg(window)
                       .arg(breaker.minimumCalls)
                       .arg(byRate ? ChartsTr::tr("It trips at the threshold line.")
                                   : ChartsTr::tr("This breaker trips on consecutive failures or is off, "
                                                  "so no threshold line is drawn."))
                       .arg(origins.isEmpty() ? ChartsTr::tr("none yet") : origins.join(QStringLiteral(", "))));
    return 100 + kBandRow * rows;
}

void BreakerChart::updateBandRows(const ChartData &data, int rows)
{
    while (int(m_bands.size()) < rows) {
        Band band{};
        for (int s = 0; s < kStateCount; ++s) {
            const QString state = breakerStateName(BreakerState(s));
            QAreaSeries *area
                = newArea(QStringLiteral("breaker.%1.%2").arg(m_bands.size()).arg(state), state);
            area->setBrush(theme().stateColor(BreakerState(s))); // opaque: states told apart
            area->setPen(Qt::NoPen);
            attach(area);
            band.at(size_t(s)) = area;
        }
        m_bands.push_back(band);
    }
    if (rows == m_bandRows)
        return;
    // The axis: 0–100 % for the failure rate, then a row per origin named after it.
    m_bandRows = rows;
    const QStringList labels = m_axis->categoriesLabels();
    for (const QString &label : labels)
        m_axis->remove(label);
    m_axis->setStartValue(0);
    for (int p = 0; p <= 100; p += 25)
        m_axis->append(QStringLiteral("%1 %").arg(p), p == 0 ? 0.001 : p);
    for (int row = 0; row < rows; ++row)
        m_axis->append(bandLabel(data.breakers(), rows, row),
                       100 + kBandRow * (row + 1) - 4);
    m_axis->setRange(0, 100 + kBandRow * rows + (rows ? 2 : 0));
}

} // namespace batchlab
