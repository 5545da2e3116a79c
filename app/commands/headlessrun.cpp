// SPDX-License-Identifier: BSD-3-Clause
#include "commands/headlessrun.h"
#include "apptr.h"
#include "commands/exitcode.h"
#include "commands/progressline.h"
#include "commands/stopsignals.h"

#include "runs/record/runrecorder.h"
#include "runs/resolvedtarget.h"
#include "transport/wirelog.h"

#include "sandbox/sandboxserver.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QTextStream>

#include <cstdio>
#include <unistd.h>

namespace batchlab {

namespace {

const RunRecord &noRecord()
{
    static const RunRecord none;
    return none;
}

} // namespace

HeadlessRun::HeadlessRun(QObject *parent) : QObject(parent)
{
    m_deadline.setSingleShot(true);
    // A coarse timer may fire up to 5 % early: --duration 30s would stop at 28.5 s.
    m_deadline.setTimerType(Qt::PreciseTimer);
    connect(&m_deadline, &QTimer::timeout, this, &HeadlessRun::stop);
}

HeadlessRun::~HeadlessRun() = default;

bool HeadlessRun::start(const HeadlessSetup &setup, QString *error)
{
    const bool sandbox = !setup.set.target || setup.set.target->kind == TargetSpec::Kind::Sandbox;
    if (sandbox) {
        m_sandbox = std::make_unique<SandboxServer>();
        m_sandbox->setBehavior(setup.sandbox);
        if (!m_sandbox->start()) {
            *error = AppTr::tr("the built-in sandbox could not listen on 127.0.0.1");
            return false;
        }
    }
    const ResolvedTarget target = ResolvedTarget::resolve(setup.set.target, m_sandbox ? m_sandbox->url() : QUrl());
    if (!target.error.isEmpty()) {
        *error = target.error;
        return false;
    }
    m_endpoint = target.base;
    m_endpoint.setPath(target.batchPath);
    m_endpoint.setQuery(QString());
    m_client = new ApiClient(target.base, {}, nullptr, nullptr, nullptr, this);
    if (!m_client->setConfig(setup.config)) {
        *error = AppTr::tr("the client refused these settings");
        return false;
    }
    m_runner = new Runner(m_client, this);
    if (setup.keepWire) {
        m_wire = new WireLog(this);
        m_client->setWireLog(m_wire);
    }
    m_recorder = new RunRecorder(m_runner, m_client->telemetry(), m_wire, this);
    connect(m_runner, &Runner::progressChanged, this, &HeadlessRun::progressChanged);
    // The record is complete once the recorder read the end: finished() follows it.
    connect(m_recorder, &RunRecorder::recorded, this, &HeadlessRun::finished);
    if (!m_runner->start(setup.set, target.base, setup.plan, error))
        return false;
    if (setup.durationMs > 0)
        m_deadline.start(std::chrono::milliseconds(setup.durationMs));
    return true;
}

void HeadlessRun::stop()
{
    m_deadline.stop();
    if (m_runner && (m_runner->state() == Runner::State::Running || m_runner->state() == Runner::State::Paused))
        m_runner->stop();
}

bool HeadlessRun::runToEnd(StopSignals *stop, bool quiet)
{
    bool interrupted = false;
    const QMetaObject::Connection stopping = connect(stop, &StopSignals::stopRequested, this, [&](int count) {
        interrupted = true;
        if (count > 1)
            std::_Exit(ExitInterrupted); // a second Ctrl+C: the user means it
        if (!quiet) {
            QTextStream err(stderr);
            err << Qt::endl << AppTr::tr("Stopping: cancelling what still waits (Ctrl+C again to quit at once)") << Qt::endl;
        }
        this->stop();
    });
    std::unique_ptr<ProgressLine> progress;
    if (!quiet)
        progress = std::make_unique<ProgressLine>(this, stderr, ::isatty(STDERR_FILENO) == 1);
    QEventLoop loop;
    connect(this, &HeadlessRun::finished, &loop, &QEventLoop::quit);
    loop.exec();
    disconnect(stopping);
    if (progress)
        progress->finish();
    return interrupted;
}

RunProgress HeadlessRun::progress() const
{
    return m_runner ? m_runner->progress() : RunProgress();
}

TelemetryCounters HeadlessRun::counters() const
{
    return m_runner ? m_runner->runCounters() : TelemetryCounters();
}

SandboxCounters HeadlessRun::sandboxCounters() const
{
    return m_sandbox ? m_sandbox->counters() : SandboxCounters();
}

const std::optional<RunRecord> &HeadlessRun::record() const
{
    static const std::optional<RunRecord> none;
    return m_recorder ? m_recorder->last() : none;
}

bool HeadlessRun::targetUnreachable(QString *why) const
{
    const RunRecord &run = record() ? *record() : noRecord();
    const RecordedBatch *unreachable = nullptr;
    for (const RecordedBatch &batch : run.batches) {
        if (batch.httpStatus > 0)
            return false; // something answered
        if (!unreachable && batch.error == ErrorKind::Network)
            unreachable = &batch;
    }
    if (unreachable && why)
        *why = unreachable->errorText;
    return unreachable != nullptr;
}

} // namespace batchlab
