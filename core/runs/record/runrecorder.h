// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "runs/record/runrecord.h"

#include <QHash>
#include <QObject>
#include <QPointer>

#include <optional>

namespace batchlab {

class Telemetry;
class WireLog;

/// Keeps the whole of each run while it goes, for what leaves Batchlab after it (reports, the
/// HAR of the wire): the batches from the telemetry's events, read as they come so that none
/// leaves the ring first, the exchanges from the wire log as each is answered (up to a byte
/// budget: a 100 000-call run's envelopes would otherwise hold hundreds of megabytes), and the
/// calls from the runner's directory when the run ends. Headless: the command line uses it as
/// the workbench does.
class RunRecorder : public QObject
{
    Q_OBJECT

public:
    static constexpr qint64 kDefaultWireBudget = 64 * 1024 * 1024;

    /// Records every run `runner` makes; `wire` may be nullptr (no bodies then).
    RunRecorder(Runner *runner, Telemetry *telemetry, WireLog *wire = nullptr, QObject *parent = nullptr);

    /// The request and answer bytes kept per run; exchanges past it are recorded without
    /// their bodies (RunRecord::wiresDropped counts them).
    qint64 wireBudget() const { return m_wireBudget; }
    void setWireBudget(qint64 bytes) { m_wireBudget = bytes; }

    /// The record of the last run that finished (or was stopped); nothing before one did.
    const std::optional<RunRecord> &last() const { return m_last; }
    bool recording() const { return m_recording; }

Q_SIGNALS:
    /// A run ended and last() holds it.
    void recorded();

private:
    void begin();
    void readEvents();
    void onWire(quint64 batchId);
    void finish(const RunSummary &summary);
    RecordedBatch &batch(quint64 id);

    QPointer<Runner> m_runner;
    QPointer<Telemetry> m_telemetry;
    QPointer<WireLog> m_wire;
    qint64 m_wireBudget = kDefaultWireBudget;
    bool m_recording = false;
    quint64 m_sequence = 0;   ///< the next telemetry event to read
    qint64 m_startNs = 0;     ///< the run's start on the telemetry clock
    qint64 m_eventsLost = 0;
    qint64 m_wireBytes = 0;
    qint64 m_wiresDropped = 0;
    std::vector<RecordedBatch> m_batches;
    QHash<quint64, qsizetype> m_batchIndex;
    QHash<quint64, quint64> m_joined;   ///< call → the call whose item it joined
    QHash<quint64, int> m_attempts;     ///< call → batches that carried it
    std::optional<RunRecord> m_last;
};

} // namespace batchlab
