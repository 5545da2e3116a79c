// SPDX-License-Identifier: BSD-3-Clause
#include "telemetry/telemetry.h"
#include "telemetry/telemetrytr.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QMetaObject>

namespace batchlab {

namespace {
constexpr int kDefaultCapacity = 1 << 16;
} // namespace

QString eventKindName(EventKind kind)
{
    static constexpr std::array<const char *, kEventKindCount> names{
        "enqueued",        "dedup-joined",     "flushed",         "sent",       "answered",
        "settled",         "failed",           "timed-out",       "overflowed", "protocol-issue",
        "config-changed",  "retry-scheduled",  "retry-exhausted", "cache-hit",  "cache-miss",
        "breaker-changed", "breaker-rejected", "origin-paused", "limit-learned", "check-failed"};
    return QLatin1String(names.at(size_t(kind)));
}

Telemetry::Telemetry(QObject *parent)
    : QObject(parent)
    , m_ring(kDefaultCapacity)
{
    m_clock.start();
    m_startedAt = QDateTime::currentDateTime();
    m_keys.append(QString()); // key id 0: no key
}

void Telemetry::record(const Event &event)
{
    count(event);
    m_ring[m_sequence % m_ring.size()] = event;
    ++m_sequence;
    if (!m_notifyPending) {
        m_notifyPending = true;
        QMetaObject::invokeMethod(
            this,
            [this] {
                m_notifyPending = false;
                Q_EMIT eventsAppended();
            },
            Qt::QueuedConnection);
    }
}

void Telemetry::count(const Event &event)
{
    TelemetryCounters &c = m_counters;
    switch (event.kind) {
    case EventKind::Enqueued:
        ++c.calls;
        break;
    case EventKind::DedupJoined:
        ++c.dedupHits;
        break;
    case EventKind::Flushed:
        ++c.flushesByReason.at(size_t(event.reason));
        c.items += event.value;
        break;
    case EventKind::Sent:
        ++c.httpRequests;
        ++(event.value ? c.plainRequests : c.batches);
        break;
    case EventKind::Settled:
    case EventKind::Failed:
        if (event.kind == EventKind::Settled) {
            ++c.succeeded;
        } else {
            ++c.failed;
            ++c.failuresByKind.at(size_t(event.error));
        }
        if (event.aux != Event::kNeverQueued)
            m_latency.add(event.value);
        if (event.aux >= 0)
            m_queueWait.add(event.aux);
        break;
    case EventKind::ProtocolIssue:
        ++c.protocolIssues;
        break;
    case EventKind::RetryScheduled:
        ++c.retries;
        break;
    case EventKind::RetryExhausted:
        ++c.retriesExhausted;
        break;
    case EventKind::CacheHit:
        ++c.cacheHits;
        break;
    case EventKind::CacheMiss:
        ++c.cacheMisses;
        break;
    case EventKind::BreakerChanged:
        ++c.breakerTransitions;
        break;
    case EventKind::BreakerRejected:
        ++c.breakerRejections;
        break;
    case EventKind::Answered:
    case EventKind::TimedOut:
    case EventKind::Overflowed:
    case EventKind::ConfigChanged:
    case EventKind::OriginPaused:
    case EventKind::LimitLearned:
    case EventKind::CheckFailed:
        break;
    }
}

TelemetryCounters Telemetry::counters() const
{
    TelemetryCounters c = m_counters;
    c.latency = m_latency.percentiles();
    c.queueWait = m_queueWait.percentiles();
    return c;
}

quint32 Telemetry::internKey(const QString &key)
{
    const auto found = m_keyIds.constFind(key);
    if (found != m_keyIds.cend())
        return *found;
    const auto id = quint32(m_keys.size());
    m_keys.append(key);
    m_keyIds.insert(key, id);
    return id;
}

namespace {
constexpr quint32 kNoteBit = 0x80000000u; // note ids are apart from key ids
} // namespace

quint32 Telemetry::internNote(const QString &text)
{
    if (!m_notes.empty() && m_notes.back() == text) // the same change said again
        return kNoteBit | (m_firstNote + quint32(m_notes.size()) - 1);
    m_notes.push_back(text);
    if (qsizetype(m_notes.size()) > kNotesKept) {
        m_notes.pop_front();
        ++m_firstNote;
    }
    return kNoteBit | ((m_firstNote + quint32(m_notes.size()) - 1) & ~kNoteBit);
}

QString Telemetry::keyName(quint32 keyId) const
{
    if (!(keyId & kNoteBit))
        return m_keys.value(qsizetype(keyId));
    const quint32 note = keyId & ~kNoteBit;
    const quint32 first = m_firstNote & ~kNoteBit;
    if (note - first < quint32(m_notes.size()))
        return m_notes[size_t(note - first)];
    return TelemetryTr::tr("(an earlier change; only the latest %n are kept)", nullptr, int(kNotesKept));
}

std::vector<Event> Telemetry::eventsSince(quint64 from, quint64 *lost) const
{
    const quint64 oldest
        = qMax(m_firstStored, m_sequence > m_ring.size() ? m_sequence - m_ring.size() : 0);
    const quint64 start = qMax(from, oldest);
    if (lost)
        *lost = start - qMin(from, start);
    std::vector<Event> events;
    if (start >= m_sequence)
        return events;
    events.reserve(size_t(m_sequence - start));
    for (quint64 seq = start; seq < m_sequence; ++seq)
        events.push_back(m_ring[seq % m_ring.size()]);
    return events;
}

void Telemetry::setCapacity(int events)
{
    // Sequence numbers stay monotonic for readers; what was stored is simply gone.
    m_ring.assign(size_t(qMax(1, events)), Event());
    m_firstStored = m_sequence;
}

QByteArray Telemetry::toJson(const Event &event) const
{
    QJsonObject object{{QStringLiteral("t_ms"), double(event.time) / 1e6},
                       {QStringLiteral("kind"), eventKindName(event.kind)}};
    if (event.requestId)
        object.insert(QStringLiteral("request"), qint64(event.requestId));
    if (event.batchId)
        object.insert(QStringLiteral("batch"), qint64(event.batchId));
    if (event.keyId) { // config-changed and check-failed events intern words, not a batch key
        object.insert(event.kind == EventKind::ConfigChanged ? QStringLiteral("change")
                          : event.kind == EventKind::CheckFailed ? QStringLiteral("why")
                                                                 : QStringLiteral("key"),
                      keyName(event.keyId));
    }
    if (event.status)
        object.insert(QStringLiteral("status"), event.status);
    if (event.kind == EventKind::DedupJoined) {
        if (event.sharerId())
            object.insert(QStringLiteral("sharer"), qint64(event.sharerId()));
    } else {
        if (event.value)
            object.insert(QStringLiteral("value"), event.value);
        if (event.aux)
            object.insert(QStringLiteral("aux"), event.aux);
    }
    if (event.error != ErrorKind::None)
        object.insert(QStringLiteral("error"), errorKindName(event.error));
    if (const quint32 note = event.note())
        object.insert(QStringLiteral("why"), keyName(note));
    if (event.kind == EventKind::Flushed)
        object.insert(QStringLiteral("reason"), flushReasonName(event.reason));
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

qint64 Telemetry::writeJsonLines(QIODevice *device, quint64 from) const
{
    qint64 written = 0;
    for (const Event &event : eventsSince(from)) {
        device->write(toJson(event));
        device->write("\n", 1);
        ++written;
    }
    return written;
}

} // namespace batchlab
