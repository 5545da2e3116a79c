// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "client/apiclient.h"
#include "runs/answercheck.h"
#include "runs/calldirectory.h"
#include "runs/requestset.h"
#include "runs/runplan.h"
#include "telemetry/telemetry.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QRandomGenerator>
#include <QStringList>
#include <QTimer>

#include <optional>
#include <vector>

namespace batchlab {

struct RunProgress
{
    int total = 0;
    int sent = 0;
    int succeeded = 0;
    int failed = 0;
    int cancelled = 0; ///< by Stop: neither an answer nor a failure of the server
    qint64 elapsedMs = 0;
    qint64 etaMs = -1; ///< -1 while unknown

    int settled() const { return succeeded + failed + cancelled; }
};

/// Settings changed while a run was going: when, and what ("maxBatchSize 10 → 20", one per
/// field, as configChanges() says it).
struct SettingsChange
{
    qint64 atMs = 0; ///< since the run started, pauses included (as on the timeline)
    QStringList changes;

    bool operator==(const SettingsChange &other) const = default;
};

/// What a finished (or stopped) run keeps for comparison with others: its plan, the settings
/// it started and ended with and every change between, and what the telemetry counted.
struct RunSummary
{
    int number = 0;
    QString setName;
    QDateTime startedAt;
    RunPlan plan;
    ClientConfig config;      ///< at the start
    ClientConfig configAtEnd; ///< at the end: config plus every settingsChanges entry
    std::vector<SettingsChange> settingsChanges;
    RunProgress progress;
    TelemetryCounters counters; ///< the change over the run, not since the client was made
    CheckTally checks; ///< the requests' expectations over the run's answers
    bool stopped = false;
};

/// The runs a Runner (and a set's history file) keeps: the newest, so a day of tuning does not
/// grow without bound.
inline constexpr int kRunsKept = 50;

/// The most calls one run may make: its bookkeeping is about 24 bytes a call, so this is
/// about 2.4 GB, and the arrival times of a timed plan as much again.
inline constexpr qint64 kMaxCallsPerRun = 100'000'000;

/// Plays a request set through an ApiClient: resolves every enabled call (variables, base
/// URL), sends them as the plan says, and follows them until every one settled. Sending is
/// spread over event-loop passes, so a GUI stays responsive with a million calls.
/// Per iteration, the requests of one change set (RequestItem::group) form one atomic group,
/// opened at its first member and closed after its last, and a request's dependsOn become the
/// request ids its dependencies got in the same iteration.
class Runner : public QObject
{
    Q_OBJECT

public:
    enum class State : quint8 { Idle, Running, Paused, Finished, Stopped };

    explicit Runner(ApiClient *client, QObject *parent = nullptr);
    /// Cancels the calls still pending; answers that come later are ignored.
    ~Runner() override;

    /// Starts a run; false, with `error` naming the request, when a call cannot be resolved,
    /// its change set or dependencies are unusable (RequestOrder::problem()), it depends on a
    /// request turned off, or a run is already going.
    bool start(const RequestSet &set, const QUrl &base, const RunPlan &plan, QString *error = nullptr);
    void pause();
    void resume();
    /// Sends nothing more and cancels the calls still waiting; the run then finishes.
    void stop();

    /// Whether a run starts with what earlier traffic taught the client (open breakers,
    /// spent retry budgets, learned batch limits); by default each run starts afresh
    /// (ApiClient::forgetServerState()), so that one run's outage does not fail the next.
    bool keepsServerState() const { return m_keepServerState; }
    void setKeepServerState(bool keep) { m_keepServerState = keep; }

    State state() const { return m_state; }
    RunProgress progress() const;
    const std::vector<RunSummary> &history() const { return m_history; }
    /// Replaces the history (runs of the set just opened, read from its file; the newest
    /// kRunsKept of them); the next run is numbered after the last. Refused (false) while a
    /// run is going.
    bool setHistory(std::vector<RunSummary> history);
    /// What the telemetry counted during the run going now, or during the last run; nothing
    /// before any run. The status bar shows this, never the client's lifetime totals.
    TelemetryCounters runCounters() const;
    /// The checks of the run going now, or of the last run (as runCounters()).
    CheckTally runChecks() const;
    /// The latest answer to the request at `row` of the set being run (or last run).
    std::optional<ApiResult> lastResult(int row) const;
    /// The set row a call of the current (or last) run was made for, by the request id the
    /// telemetry gives it; -1 for a call this runner did not send in that run.
    int rowOfCall(quint64 requestId) const;
    /// The names of the requests of the set being run (or last run), by row, enabled or not.
    const QStringList &requestNames() const { return m_requestNames; }
    /// Every call of the runs so far (bounded), named by its request.
    CallDirectory *calls() { return &m_calls; }
    const CallDirectory *calls() const { return &m_calls; }

Q_SIGNALS:
    /// A run begins; its first calls are sent right after this.
    void started();
    void stateChanged(Runner::State state);
    /// At most every 50 ms while running.
    void progressChanged();
    void finished(const RunSummary &summary);
    /// A call of the request at `row` of the set settled.
    void resultArrived(int row);
    /// A check of a call's answer broke: `what` says which and what was found ("expected
    /// status 2xx, got 404"). Also in the telemetry, as an EventKind::CheckFailed event.
    void checkFailed(quint64 requestId, int row, const QString &what);

private:
    /// How the calls of one iteration are tied together: empty vectors when they are not.
    struct Ordering
    {
        std::vector<int> groupOf;              ///< per call: its change set, or -1
        std::vector<size_t> groupLast;         ///< per change set: its last call
        std::vector<std::vector<size_t>> needs; ///< per call: the earlier calls it depends on
    };
    static bool planOrder(const RequestSet &set, const std::vector<int> &rows, Ordering *ordering, QString *error);
    /// When each of `total` calls is due for ArrivalPattern::Recorded, in ms from the start.
    static std::vector<qint64> recordedArrivals(const RequestSet &set, const std::vector<int> &rows, qint64 total);
    void closeOpenGroups();
    void sendDue();
    void onSettled(size_t spec, const ApiResult &result);
    void checkAnswer(size_t spec, const ApiResult &result);
    void finishIfDone();
    void setState(State state);
    void onConfigChanged();

    QPointer<ApiClient> m_client; ///< may go first: the runner then cancels nothing
    State m_state = State::Idle;
    std::vector<RequestSpec> m_specs; ///< one iteration's calls
    std::vector<AnswerCheck> m_checks; ///< per spec: its request's expectation, parsed once
    std::vector<int> m_rows;          ///< the set row of each of them
    std::vector<std::optional<ApiResult>> m_lastResults; ///< per spec
    std::vector<qint64> m_arrivalsMs; ///< when each call is due, for timed arrivals
    std::vector<quint64> m_pending;   ///< request ids not yet settled (may hold settled ones)
    Ordering m_ordering;
    std::vector<quint64> m_iterationIds; ///< per call: its request id in the latest iteration
    std::vector<quint64> m_openGroups;   ///< per change set: its open atomic group, or 0
    RunPlan m_plan;
    RunProgress m_progress;
    RunSummary m_current;
    TelemetryCounters m_before;
    ClientConfig m_configSeen; ///< the client's settings as of the last change recorded
    LogHistogram m_latencyBefore;
    LogHistogram m_queueWaitBefore;
    QElapsedTimer m_clock;
    qint64 m_pausedAt = 0;
    qint64 m_etaAtPause = -1;
    qint64 m_pausedTotal = 0;
    QTimer m_pump;
    QTimer m_progressTimer;
    std::vector<RunSummary> m_history;
    QStringList m_requestNames;
    CallDirectory m_calls;
    int m_callRun = 0; ///< the current run's number in m_calls
    quint64 m_generation = 0; ///< answers of an earlier run are not counted in this one
    bool m_stopRequested = false;
    bool m_keepServerState = false;
};

} // namespace batchlab

Q_DECLARE_METATYPE(batchlab::RunSummary)
