// SPDX-License-Identifier: BSD-3-Clause
#include "runs/runner.h"
#include "runs/requestorder.h"
#include "runs/runstr.h"

#include "client/configchanges.h"

#include "engine/requestqueue.h"

#include <QLocale>

#include <algorithm>
#include <limits>
#include <cmath>

namespace batchlab {

namespace {
constexpr int kSendsPerPass = 2000; // keeps each event-loop pass short under AllAtOnce

TelemetryCounters minus(const TelemetryCounters &after, const TelemetryCounters &before)
{
    TelemetryCounters d = after;
    d.calls -= before.calls;
    d.succeeded -= before.succeeded;
    d.failed -= before.failed;
    d.httpRequests -= before.httpRequests;
    d.batches -= before.batches;
    d.plainRequests -= before.plainRequests;
    d.items -= before.items;
    d.dedupHits -= before.dedupHits;
    d.protocolIssues -= before.protocolIssues;
    d.retries -= before.retries;
    d.retriesExhausted -= before.retriesExhausted;
    d.cacheHits -= before.cacheHits;
    d.cacheMisses -= before.cacheMisses;
    d.breakerRejections -= before.breakerRejections;
    d.breakerTransitions -= before.breakerTransitions;
    for (size_t i = 0; i < d.failuresByKind.size(); ++i)
        d.failuresByKind[i] -= before.failuresByKind[i];
    for (size_t i = 0; i < d.flushesByReason.size(); ++i)
        d.flushesByReason[i] -= before.flushesByReason[i];
    return d;
}
} // namespace

std::vector<qint64> Runner::recordedArrivals(const RequestSet &set, const std::vector<int> &rows, qint64 total)
{
    // Times count from the capture's first call; a request typed by hand goes at its start.
    qint64 start = std::numeric_limits<qint64>::max();
    qint64 end = 0;
    for (const int row : rows) {
        if (const std::optional<qint64> atMs = set.requests.at(row).atMs) {
            start = std::min(start, *atMs);
            end = std::max(end, *atMs);
        }
    }
    if (start == std::numeric_limits<qint64>::max())
        start = end = 0;
    std::vector<qint64> at(rows.size(), 0);
    for (size_t i = 0; i < rows.size(); ++i)
        at[i] = set.requests.at(rows[i]).atMs.value_or(start);
    const qint64 span = end - start + 1; // the next iteration right after
    std::vector<qint64> arrivals;
    arrivals.reserve(size_t(total));
    for (qint64 n = 0; n < total; ++n) {
        const qint64 due = (n / qint64(rows.size())) * span + at[size_t(n % qint64(rows.size()))] - start;
        // Calls leave in the set's order: one listed before an earlier one waits for it.
        arrivals.push_back(arrivals.empty() ? due : std::max(arrivals.back(), due));
    }
    return arrivals;
}

QString arrivalPatternName(ArrivalPattern pattern)
{
    switch (pattern) {
    case ArrivalPattern::AllAtOnce: return QStringLiteral("all at once");
    case ArrivalPattern::FixedRate: return QStringLiteral("fixed rate");
    case ArrivalPattern::Poisson: return QStringLiteral("Poisson");
    case ArrivalPattern::Recorded: return QStringLiteral("as recorded");
    }
    return {};
}

Runner::~Runner()
{
    // What is still pending is cancelled, so nothing waits for an answer nobody reads.
    ++m_generation;
    if (m_client) {
        for (quint64 id : m_pending)
            m_client->queue()->cancel(id);
        closeOpenGroups();
    }
}

bool Runner::planOrder(const RequestSet &set, const std::vector<int> &rows, Ordering *ordering, QString *error)
{
    const auto named = [&set](qsizetype row) {
        return RunsTr::tr("request %1 (%2)").arg(row + 1).arg(set.requests.at(row).name);
    };
    const RequestOrder order(set.requests);
    if (const RequestOrder::Problem &problem = order.problem(); problem.isProblem()) {
        if (error)
            *error = RunsTr::tr("%1: %2: %3").arg(named(problem.request), problem.field, problem.message);
        return false;
    }
    const bool ordered = std::any_of(rows.cbegin(), rows.cend(), [&set](int row) {
        return !set.requests.at(row).group.isEmpty() || !set.requests.at(row).dependsOn.isEmpty();
    });
    if (!ordered)
        return true; // the common case keeps no bookkeeping
    std::vector<int> specOfRow(size_t(set.requests.size()), -1);
    for (size_t spec = 0; spec < rows.size(); ++spec)
        specOfRow[size_t(rows[spec])] = int(spec);
    QHash<QString, int> groups;
    ordering->groupOf.assign(rows.size(), -1);
    ordering->needs.assign(rows.size(), {});
    for (size_t spec = 0; spec < rows.size(); ++spec) {
        const RequestItem &item = set.requests.at(rows[spec]);
        if (!item.group.isEmpty()) {
            const auto found = groups.constFind(item.group);
            const int group = found != groups.cend() ? *found : int(groups.size());
            if (found == groups.cend()) {
                groups.insert(item.group, group);
                ordering->groupLast.push_back(spec);
            }
            ordering->groupOf[spec] = group;
            ordering->groupLast[size_t(group)] = spec;
        }
        for (const QString &id : item.dependsOn) {
            const int row = order.rowOf(id);
            const int needed = specOfRow[size_t(row)];
            if (needed < 0) {
                // Running it anyway could do what the dependency was there to prevent.
                if (error)
                    *error = RunsTr::tr("%1 depends on %2, which is turned off: turn it on, or remove "
                                        "the dependency")
                                 .arg(named(rows[spec]), named(row));
                return false;
            }
            ordering->needs[spec].push_back(size_t(needed));
        }
    }
    return true;
}

void Runner::closeOpenGroups()
{
    // After the cancellations: a change set whose members are gone is simply forgotten.
    for (quint64 &group : m_openGroups) {
        if (group != 0)
            m_client->closeAtomicGroup(group);
        group = 0;
    }
}

Runner::Runner(ApiClient *client, QObject *parent) : QObject(parent), m_client(client)
{
    // Single-shot, armed for the next arrival: a repeating timer would spin while paused and
    // poll at 1 kHz between arrivals seconds apart.
    m_pump.setTimerType(Qt::PreciseTimer);
    m_pump.setSingleShot(true);
    connect(&m_pump, &QTimer::timeout, this, &Runner::sendDue);
    m_progressTimer.setInterval(50);
    connect(&m_progressTimer, &QTimer::timeout, this, &Runner::progressChanged);
    // Settings tuned during a run belong to its history (issue 14: the pitch is to change them
    // live and see what they do).
    connect(client, &ApiClient::configChanged, this, &Runner::onConfigChanged);
}

void Runner::onConfigChanged()
{
    if (!m_client || (m_state != State::Running && m_state != State::Paused))
        return;
    const ClientConfig now = m_client->config();
    const QStringList changes = configChanges(m_configSeen, now);
    m_configSeen = now;
    if (!changes.isEmpty())
        m_current.settingsChanges.push_back({m_clock.elapsed(), changes});
}

bool Runner::setHistory(std::vector<RunSummary> history)
{
    if (m_state == State::Running || m_state == State::Paused)
        return false;
    m_history = std::move(history);
    if (m_history.size() > size_t(kRunsKept))
        m_history.erase(m_history.begin(), m_history.end() - kRunsKept);
    return true;
}

TelemetryCounters Runner::runCounters() const
{
    if (m_client && (m_state == State::Running || m_state == State::Paused))
        return minus(m_client->telemetry()->counters(), m_before);
    if (!m_history.empty())
        return m_history.back().counters;
    return {};
}

bool Runner::start(const RequestSet &set, const QUrl &base, const RunPlan &plan, QString *error)
{
    if (m_state == State::Running || m_state == State::Paused) {
        if (error)
            *error = RunsTr::tr("a run is already going");
        return false;
    }
    QString headerProblem;
    const HttpHeaders targetHeaders = set.targetHeaders(&headerProblem);
    if (!headerProblem.isEmpty()) {
        if (error)
            *error = headerProblem;
        return false;
    }
    std::vector<RequestSpec> specs;
    std::vector<int> rows;
    for (qsizetype i = 0; i < set.requests.size(); ++i) {
        const RequestItem &item = set.requests.at(i);
        if (!item.enabled)
            continue;
        QString problem;
        specs.push_back(set.resolve(item, base, &problem));
        rows.push_back(int(i));
        if (!problem.isEmpty()) {
            if (error)
                *error = RunsTr::tr("request %1 (%2): %3").arg(i + 1).arg(item.name, problem);
            return false;
        }
    }
    if (specs.empty() || plan.iterations < 1) {
        if (error)
            *error = RunsTr::tr("nothing to run: no enabled request");
        return false;
    }
    Ordering ordering;
    if (!planOrder(set, rows, &ordering, error))
        return false;
    // Counted in 64 bits: 10 000 copies of a request × 100 000 iterations overflowed an int.
    const qint64 total = qint64(specs.size()) * plan.iterations;
    if (total > kMaxCallsPerRun) {
        if (error)
            *error = RunsTr::tr("%1 calls in one run is more than the %2 a run may hold; "
                                "use fewer iterations or requests")
                         .arg(QLocale().toString(total), QLocale().toString(kMaxCallsPerRun));
        return false;
    }
    ++m_generation;
    if (!m_keepServerState)
        m_client->forgetServerState(); // its breaker events come before the run's own
    m_client->setTargetHeaders(targetHeaders);
    m_specs = std::move(specs);
    m_rows = std::move(rows);
    m_checks.clear();
    m_checks.reserve(m_specs.size());
    for (const int row : m_rows)
        m_checks.emplace_back(set.requests.at(row).expect);
    m_ordering = std::move(ordering);
    m_iterationIds.assign(m_specs.size(), 0);
    m_openGroups.assign(m_ordering.groupLast.size(), 0);
    m_lastResults.assign(m_specs.size(), std::nullopt);
    m_plan = plan;
    m_pending.clear();
    m_progress = RunProgress();
    m_progress.total = int(total);
    m_arrivalsMs.clear();
    if (plan.arrival == ArrivalPattern::Recorded) {
        m_arrivalsMs = recordedArrivals(set, m_rows, m_progress.total);
    } else if (plan.arrival != ArrivalPattern::AllAtOnce) {
        // Arrival times, decided up front so that a seed reproduces them.
        QRandomGenerator random(quint32(plan.seed));
        const double meanMs = 1000.0 / std::max(plan.ratePerSecond, 0.001);
        double at = 0;
        m_arrivalsMs.reserve(size_t(m_progress.total));
        for (int i = 0; i < m_progress.total; ++i) {
            m_arrivalsMs.push_back(qint64(at));
            at += plan.arrival == ArrivalPattern::FixedRate ? meanMs
                                                            : -std::log(1.0 - random.generateDouble()) * meanMs;
        }
    }
    std::vector<CallLabel> labels;
    labels.reserve(m_specs.size());
    for (size_t i = 0; i < m_specs.size(); ++i) {
        labels.push_back({set.requests.at(m_rows[i]).name, m_specs[i].method,
                          m_specs[i].url.toDisplayString(), m_rows[i]});
    }
    m_callRun = m_calls.beginRun(set.name, std::move(labels));
    m_requestNames.clear();
    for (const RequestItem &item : set.requests)
        m_requestNames.append(item.name);
    m_current = RunSummary();
    m_current.number = m_history.empty() ? 1 : m_history.back().number + 1;
    m_current.setName = set.name;
    m_current.startedAt = QDateTime::currentDateTime();
    m_current.plan = plan;
    m_current.config = m_client->config();
    m_configSeen = m_current.config;
    m_before = m_client->telemetry()->counters();
    m_latencyBefore = m_client->telemetry()->latencyHistogram();
    m_queueWaitBefore = m_client->telemetry()->queueWaitHistogram();
    m_pausedTotal = 0;
    m_stopRequested = false;
    m_clock.start();
    Q_EMIT started();
    setState(State::Running);
    m_progressTimer.start();
    sendDue();
    return true;
}

void Runner::sendDue()
{
    if (m_state != State::Running)
        return;
    const qint64 now = m_clock.elapsed() - m_pausedTotal;
    int budget = kSendsPerPass;
    while (m_progress.sent < m_progress.total && budget-- > 0) {
        if (!m_arrivalsMs.empty() && m_arrivalsMs[size_t(m_progress.sent)] > now)
            break;
        const size_t index = size_t(m_progress.sent) % m_specs.size();
        ++m_progress.sent;
        const quint64 generation = m_generation;
        // The client may outlive this runner (and call back after it is gone): the guard,
        // as KDAB's hotspot guards its jobs, makes a late answer a no-op.
        const QPointer<Runner> self(this);
        const int group = m_ordering.groupOf.empty() ? -1 : m_ordering.groupOf[index];
        FetchOptions options;
        if (group >= 0) {
            // A change set opens with its first member of the iteration, and is sent once its
            // last member joined it, whatever came in between.
            quint64 &open = m_openGroups[size_t(group)];
            if (open == 0)
                open = m_client->openAtomicGroup();
            options.atomicGroup = open;
        }
        if (!m_ordering.needs.empty()) {
            for (const size_t needed : m_ordering.needs[index])
                options.dependsOn.push_back(m_iterationIds[needed]); // sent before, in this iteration
        }
        m_pending.push_back(m_client->send(m_specs[index], options, [self, generation, index](const ApiResult &result) {
            if (!self)
                return;
            // Named in the directory even when it settles after its run (Stop, a new run).
            self->m_calls.settled(result.ok() ? result.response.requestId : result.error.requestId, result);
            if (generation == self->m_generation)
                self->onSettled(index, result);
        }));
        m_iterationIds[index] = m_pending.back();
        if (group >= 0 && m_ordering.groupLast[size_t(group)] == index) {
            m_client->closeAtomicGroup(m_openGroups[size_t(group)]);
            m_openGroups[size_t(group)] = 0;
        }
        m_calls.sent(m_pending.back(), quint32(index));
    }
    if (m_progress.sent == m_progress.total)
        return;
    // Back to the event loop between passes; a timed plan sleeps until its next arrival.
    const qint64 next = m_arrivalsMs.empty() ? now : m_arrivalsMs[size_t(m_progress.sent)];
    m_pump.start(int(std::clamp<qint64>(next - now, 0, INT_MAX)));
}

void Runner::onSettled(size_t spec, const ApiResult &result)
{
    if (result.ok())
        ++m_progress.succeeded;
    else if (m_stopRequested && result.error.kind == ErrorKind::Cancelled)
        ++m_progress.cancelled; // by Stop, not a failure of the calls
    else
        ++m_progress.failed;
    if (!m_checks[spec].isEmpty() && !(m_stopRequested && result.error.kind == ErrorKind::Cancelled))
        checkAnswer(spec, result);
    m_lastResults[spec] = result;
    Q_EMIT resultArrived(m_rows[spec]);
    finishIfDone();
}

void Runner::checkAnswer(size_t spec, const ApiResult &result)
{
    const quint64 id = result.ok() ? result.response.requestId : result.error.requestId;
    // The latency the telemetry records for the call (enqueued to settled) where the answer
    // carries it; else the directory's, from handing the call over to its settling.
    qint64 latencyMs = -1;
    const CallTimings &t = result.response.timings;
    if (result.ok() && t.enqueued >= 0 && t.settled >= t.enqueued) {
        latencyMs = (t.settled - t.enqueued) / 1'000'000;
    } else if (const CallRecord *record = m_calls.find(id); record && !record->pending()) {
        latencyMs = record->durationNs / 1'000'000;
    }
    int checked = 0;
    const std::vector<CheckResult> broken = m_checks[spec].check(result, latencyMs, false, &checked);
    m_current.checks.passed += checked - qint64(broken.size());
    m_current.checks.failed += qint64(broken.size());
    if (broken.empty())
        return;
    ++m_current.checks.failedCalls;
    m_calls.checksFailed(id);
    Telemetry *telemetry = m_client ? m_client->telemetry() : nullptr;
    for (const CheckResult &check : broken) {
        if (telemetry) {
            // One log line per broken check, named by its call as the log names calls.
            Event event;
            event.time = telemetry->now();
            event.requestId = id;
            event.kind = EventKind::CheckFailed;
            event.status = result.ok() ? result.response.status : result.error.status;
            event.keyId = telemetry->internNote(check.toString());
            telemetry->record(event);
        }
        Q_EMIT checkFailed(id, m_rows[spec], check.toString());
    }
}

CheckTally Runner::runChecks() const
{
    if (m_state == State::Running || m_state == State::Paused)
        return m_current.checks;
    if (!m_history.empty())
        return m_history.back().checks;
    return {};
}

std::optional<ApiResult> Runner::lastResult(int row) const
{
    const auto it = std::find(m_rows.cbegin(), m_rows.cend(), row);
    if (it == m_rows.cend())
        return std::nullopt;
    return m_lastResults[size_t(it - m_rows.cbegin())];
}

int Runner::rowOfCall(quint64 requestId) const
{
    // A call of an earlier run may be of another set, or of this one before an edit.
    const CallRecord *record = m_calls.find(requestId);
    return record && record->run == m_callRun ? m_calls.label(*record).row : -1;
}

void Runner::finishIfDone()
{
    if (m_progress.settled() < m_progress.total || (m_state != State::Running && m_state != State::Paused))
        return;
    m_pump.stop();
    m_progressTimer.stop();
    m_current.progress = progress();
    m_current.counters = minus(m_client->telemetry()->counters(), m_before);
    m_current.counters.latency = m_client->telemetry()->latencyHistogram().since(m_latencyBefore).percentiles();
    m_current.counters.queueWait = m_client->telemetry()->queueWaitHistogram().since(m_queueWaitBefore).percentiles();
    m_current.stopped = m_stopRequested;
    m_current.configAtEnd = m_client->config();
    m_history.push_back(m_current);
    if (m_history.size() > size_t(kRunsKept))
        m_history.erase(m_history.begin());
    setState(m_current.stopped ? State::Stopped : State::Finished);
    Q_EMIT progressChanged();
    Q_EMIT finished(m_current);
}

void Runner::pause()
{
    if (m_state != State::Running)
        return;
    m_pausedAt = m_clock.elapsed();
    m_etaAtPause = progress().etaMs;
    m_pump.stop();
    setState(State::Paused);
}

void Runner::resume()
{
    if (m_state != State::Paused)
        return;
    m_pausedTotal += m_clock.elapsed() - m_pausedAt;
    setState(State::Running);
    sendDue();
}

void Runner::stop()
{
    if (m_state != State::Running && m_state != State::Paused)
        return;
    m_pump.stop();
    m_stopRequested = true;
    // Nothing more is sent: the run is as long as what went out.
    m_progress.total = m_progress.sent;
    const std::vector<quint64> pending = std::move(m_pending);
    m_pending.clear();
    for (quint64 id : pending)
        m_client->queue()->cancel(id);
    if (m_client)
        closeOpenGroups();
    finishIfDone();
}

RunProgress Runner::progress() const
{
    RunProgress p = m_progress;
    // While paused the run's time stands still, and so does its estimate.
    const qint64 now = m_state == State::Paused ? m_pausedAt : m_clock.elapsed();
    p.elapsedMs = m_clock.isValid() ? now - m_pausedTotal : 0;
    if (p.settled() > 0 && p.settled() < p.total)
        p.etaMs = p.elapsedMs * (p.total - p.settled()) / p.settled();
    else if (p.settled() == p.total)
        p.etaMs = 0;
    if (m_state == State::Paused)
        p.etaMs = m_etaAtPause; // what was left when it paused, not what settles meanwhile
    return p;
}

void Runner::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

} // namespace batchlab
