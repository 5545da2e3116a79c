// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "client/apiclient.h"
#include "runs/record/runrecord.h"
#include "runs/requestset.h"
#include "runs/runner.h"

#include "sandbox/sandboxbehavior.h"
#include "sandbox/sandboxcounters.h"

#include <QObject>
#include <QTimer>

#include <memory>
#include <optional>

namespace batchlab {

class RunRecorder;
class SandboxServer;
class StopSignals;
class WireLog;

/// Everything one run of a set needs, as the command line assembled it.
struct HeadlessSetup
{
    RequestSet set;            ///< secrets filled, target set
    RunPlan plan;
    ClientConfig config;       ///< the set's settings, its target's, then --set
    SandboxBehavior sandbox;   ///< used when the set targets the built-in sandbox
    qint64 durationMs = 0;     ///< 0: until every call settled; else stopped after this
    bool keepWire = false;     ///< record the exchanges' bytes (for a HAR of the wire)
};

/// One run of a request set without a window: the same Runner, ApiClient, telemetry and
/// RunRecorder as the workbench, and the built-in sandbox on this thread when the set targets
/// it. Ends with a RunRecord that reports, thresholds and the summary read.
class HeadlessRun : public QObject
{
    Q_OBJECT

public:
    explicit HeadlessRun(QObject *parent = nullptr);
    ~HeadlessRun() override;

    /// Starts the built-in sandbox when the set targets it, then the run; false with `error`
    /// when either cannot start (a call that cannot be resolved, settings the client refuses).
    bool start(const HeadlessSetup &setup, QString *error);
    /// Sends nothing more and cancels what still waits (Ctrl+C): the run then finishes, and
    /// record() holds what it did.
    void stop();
    /// Runs the event loop until the run finished, with the progress line on stderr unless
    /// `quiet`; the first stop signal stops the run (a second quits at once). True when a stop
    /// signal ended it.
    bool runToEnd(StopSignals *stop, bool quiet);

    bool targetIsSandbox() const { return m_sandbox != nullptr; }
    /// The endpoint batches went to, for messages.
    QUrl endpoint() const { return m_endpoint; }
    RunProgress progress() const;
    /// The run's counters so far (the progress line reads them).
    TelemetryCounters counters() const;
    /// What the built-in sandbox counted (zeros when the set targets another server).
    SandboxCounters sandboxCounters() const;
    /// The record once finished() was emitted.
    const std::optional<RunRecord> &record() const;
    /// Whether no call got an answer from the target and at least one failed because it could
    /// not be reached (connection refused, unknown host, TLS): `why` is the first such error.
    bool targetUnreachable(QString *why = nullptr) const;

Q_SIGNALS:
    void progressChanged();
    void finished();

private:
    std::unique_ptr<SandboxServer> m_sandbox;
    ApiClient *m_client = nullptr;
    Runner *m_runner = nullptr;
    WireLog *m_wire = nullptr;
    RunRecorder *m_recorder = nullptr;
    QTimer m_deadline;
    QUrl m_endpoint;
};

} // namespace batchlab
