// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "telemetry/event.h"
#include "telemetry/loghistogram.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QIODevice>
#include <QObject>
#include <QStringList>

#include <array>
#include <deque>
#include <vector>

namespace batchlab {

/// Running totals, all derived from recorded events.
struct TelemetryCounters
{
    qint64 calls = 0; ///< calls enqueued
    qint64 succeeded = 0; ///< calls resolved
    qint64 failed = 0; ///< calls rejected, any kind
    qint64 httpRequests = 0; ///< HTTP requests sent (batches and plain)
    qint64 batches = 0; ///< of which batches
    qint64 plainRequests = 0; ///< of which plain
    qint64 items = 0; ///< calls carried inside HTTP requests (de-duplicated ones once)
    qint64 dedupHits = 0; ///< calls that joined an identical one
    qint64 protocolIssues = 0; ///< malformed batch answers
    qint64 retries = 0; ///< retries scheduled (per call)
    qint64 retriesExhausted = 0; ///< retriable failures given up on (attempts or budget)
    qint64 cacheHits = 0;
    qint64 cacheMisses = 0;
    qint64 breakerRejections = 0;
    qint64 breakerTransitions = 0;
    Percentiles latency; ///< enqueue to settle, µs, every settled call
    Percentiles queueWait; ///< enqueue to flush, µs, calls that were sent: the price of batching
    std::array<qint64, kErrorKindCount> failuresByKind{};
    std::array<qint64, kFlushReasonCount> flushesByReason{};

    qint64 settled() const { return succeeded + failed; }
    /// Share of calls that needed no HTTP request of their own, in percent.
    double savedPercent() const { return calls ? 100.0 * double(calls - httpRequests) / double(calls) : 0.0; }
    qint64 failures(ErrorKind kind) const { return failuresByKind.at(size_t(kind)); }
};

/// The one event stream of the engine: every step records an Event here; counters, the GUI,
/// reports and tests all read from it. Events go to a bounded ring buffer; readers keep a
/// sequence number and ask for what came after it. eventsAppended() is emitted at most once
/// per event-loop pass, however many events arrive.
class Telemetry : public QObject
{
    Q_OBJECT

public:
    explicit Telemetry(QObject *parent = nullptr);

    /// Nanoseconds since this Telemetry was created, on a monotonic clock.
    qint64 now() const { return m_clock.nsecsElapsed(); }
    /// Wall-clock time of now() == 0, to show event times as times of day.
    QDateTime startedAt() const { return m_startedAt; }

    void record(const Event &event);

    /// A small id for a batch key, stable for this Telemetry's lifetime.
    quint32 internKey(const QString &key);
    /// An id for a text said once, such as what a settings change changed: unlike keys, only
    /// the latest kNotesKept are kept (a sweep changes settings thousands of times); an
    /// older one reads as a note that it is gone.
    quint32 internNote(const QString &text);
    static constexpr qsizetype kNotesKept = 4096;
    QString keyName(quint32 keyId) const;
    /// How many texts are kept for keyName(), for tests.
    qsizetype keyCount() const { return m_keys.size() + m_notes.size(); }

    TelemetryCounters counters() const;
    /// The histograms behind the latency percentiles: a run copies them at its start to know
    /// its own percentiles at its end (LogHistogram::since).
    const LogHistogram &latencyHistogram() const { return m_latency; }
    const LogHistogram &queueWaitHistogram() const { return m_queueWait; }

    /// How many events were ever recorded; the sequence number of the next one.
    quint64 sequence() const { return m_sequence; }
    /// Events with sequence numbers >= from, oldest first. Events that already left the ring
    /// are counted in `lost`.
    std::vector<Event> eventsSince(quint64 from, quint64 *lost = nullptr) const;
    int capacity() const { return int(m_ring.size()); }
    /// Keeps the newest `events` events (at least 1); changing it drops what is stored.
    void setCapacity(int events);

    /// Writes the stored events with sequence numbers >= from as JSON Lines, one object per
    /// line with the event's fields by name and its time in milliseconds. Returns how many.
    qint64 writeJsonLines(QIODevice *device, quint64 from = 0) const;
    /// One event as the JSON object writeJsonLines() writes.
    QByteArray toJson(const Event &event) const;

Q_SIGNALS:
    void eventsAppended();

private:
    void count(const Event &event);

    QElapsedTimer m_clock;
    QDateTime m_startedAt;
    TelemetryCounters m_counters;
    LogHistogram m_latency;
    LogHistogram m_queueWait;
    std::vector<Event> m_ring;
    quint64 m_sequence = 0;
    quint64 m_firstStored = 0;
    QStringList m_keys;
    QHash<QString, quint32> m_keyIds;
    std::deque<QString> m_notes; ///< the latest internNote() texts
    quint32 m_firstNote = 0; ///< the note number of m_notes.front()
    bool m_notifyPending = false;
};

} // namespace batchlab
