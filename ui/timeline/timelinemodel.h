// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "telemetry/event.h"

#include <QAbstractItemModel>
#include <QHash>

#include <algorithm>
#include <vector>

namespace batchlab {

class CallDirectory;
class Telemetry;

/// One HTTP request of the waterfall: a lane.
struct TimelineLane
{
    quint64 batchId = 0;
    quint32 keyId = 0;
    qint64 flushed = -1; ///< ns on the telemetry clock; -1 = not yet
    qint64 sent = -1;
    qint64 answered = -1;
    int size = 0;
    FlushReason reason = FlushReason::Timer;
    qint16 status = 0; ///< HTTP status of the whole request; 0 = none (yet, or a transport failure)
    bool plain = false;
    /// The batch limit its answer taught (LimitLearned): 0 = the endpoint takes no batches,
    /// -1 = nothing
    int learned = -1;
};

/// One logical call under the lane of its first attempt.
struct TimelineCall
{
    quint64 id = 0;
    qint64 enqueued = -1;
    qint64 settled = -1;
    quint64 leader = 0; ///< the call it shared an item with (de-duplicated), 0 if none
    qint16 status = 0;
    ErrorKind error = ErrorKind::None;
    std::vector<int> retryLanes; ///< lanes of its later attempts, drawn on the same row
    /// It ended (timed out, cancelled) while waiting to travel again: its backoff runs up to
    /// `settled`, after the last of its lanes.
    bool endedWaiting = false;

    bool ok() const { return error == ErrorKind::None; }
};

/// A call that never travelled: answered from the cache, or refused (breaker, overflow, timed
/// out while queued). Drawn as a tick or a cross on a summary row.
struct TimelineMark
{
    qint64 time = 0;
    quint64 id = 0;
    EventKind kind = EventKind::CacheHit;
};

/// A moment that concerns every row: a settings change or a breaker transition.
struct TimelineMarker
{
    qint64 time = 0;
    EventKind kind = EventKind::ConfigChanged;
    QString text;
};

/// The waterfall's data, built from the telemetry event stream of the current run: top-level
/// rows are HTTP requests (lanes), their children the calls they carried. Calls appear under
/// the lane of their first attempt when they settle (the events say which batches a call
/// travelled in only by then). Updates arrive in chunks, one insertion per lane per chunk.
class TimelineModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum Column { Name, Start, End, Status, ColumnCount };

    explicit TimelineModel(Telemetry *telemetry, QObject *parent = nullptr);

    /// Forgets everything and follows the events recorded from now on (a run starts).
    void restart();
    /// Reads what the telemetry recorded since the last call (also done on eventsAppended).
    void fetchNew();
    /// Keeps the newest `calls` calls: past it, the oldest lanes go with their calls, and
    /// marks and calls still in progress are held to the same number. Applied as events
    /// are read; it removes rows, an eighth of the cap at a time.
    void setMaxCalls(int calls) { m_maxCalls = std::max(1, calls); }
    /// Settings changes and breaker transitions kept: the newest.
    static constexpr int kMaxMarkers = 1000;

    /// How much the model holds, container by container: what its retention bounds.
    struct Footprint
    {
        size_t lanes = 0;
        size_t calls = 0;
        size_t marks = 0;
        size_t markers = 0;
        size_t laneIndex = 0; ///< batch id → lane
        size_t callIndex = 0; ///< call id → row
        size_t pending = 0; ///< calls seen that have not settled
    };
    Footprint footprint() const;

    const std::vector<TimelineLane> &lanes() const { return m_lanes; }
    const std::vector<TimelineCall> &calls(int lane) const { return m_calls[size_t(lane)]; }
    const std::vector<TimelineMark> &marks() const { return m_marks; }
    const std::vector<TimelineMarker> &markers() const { return m_markers; }
    int callCount() const { return m_callCount; }
    /// Where a call is drawn: {lane, row under it}, or {-1, -1}.
    std::pair<int, int> findCall(quint64 id) const { return m_callAt.value(id, {-1, -1}); }
    /// "#2 · 3 items · timer".
    static QString laneLabel(const TimelineLane &lane);
    /// What the lane's answer taught about its endpoint's batch limit, or empty.
    static QString learnedNote(const TimelineLane &lane);
    int findLane(quint64 batchId) const { return m_laneOf.value(batchId, -1); }
    qint64 firstTime() const { return m_first; }
    qint64 lastTime() const { return m_last; }
    /// The time of the newest event of the run's work (calls, batches, refusals), -1 before
    /// any: unlike lastTime(), breaker transitions and settings changes do not move it, so a
    /// breaker's timer ticking after the run does not stretch the run.
    qint64 workEnd() const { return m_workEnd; }
    /// Where the run's drawing ends: its work, or "now" while an HTTP request awaits its answer.
    qint64 drawnEnd() const;
    qint64 startTime() const { return m_start; }
    Telemetry *telemetry() const { return m_telemetry; }
    /// Where calls find their request, to be named by it rather than numbered.
    void setCallDirectory(const CallDirectory *calls) { m_directory = calls; }
    /// "user 3 · GET /users/3 · #14" (with "shared" when it shared another call's item), or
    /// "call 14" when no run made it.
    QString callLabel(const TimelineCall &call) const;
    /// "user 3 · GET /users/3 · #14", or "call 14".
    QString callName(quint64 id) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    /// Once per chunk of events read, rows or not (marks, markers and the clock move too).
    void updated();

private:
    static constexpr int kNoLane = -1;
    static constexpr int kDroppedLane = -2; ///< its first lane was dropped: so is its row
    struct Pending
    {
        qint64 enqueued = -1;
        quint64 leader = 0;
        int lane = kNoLane; ///< the lane of its first attempt, once known
        std::vector<int> retryLanes;
    };
    void apply(const std::vector<Event> &events);
    void settle(const Event &e);
    /// Adds a call to its first lane; `lane` is where it settled, -1 when it ended waiting to
    /// travel again.
    void place(quint64 id, int lane, const Event &e);
    void trim();
    void dropLanes(int count);
    void dropCalls(int lane, int count);

    Telemetry *m_telemetry;
    const CallDirectory *m_directory = nullptr;
    quint64 m_next = 0;
    qint64 m_start = 0;
    qint64 m_first = -1;
    qint64 m_last = -1;
    qint64 m_workEnd = -1;
    int m_awaiting = 0; ///< lanes sent and not answered
    int m_maxCalls = 1000000;
    int m_callCount = 0;
    std::vector<TimelineLane> m_lanes;
    std::vector<std::vector<TimelineCall>> m_calls; ///< per lane
    std::vector<TimelineMark> m_marks;
    std::vector<TimelineMarker> m_markers;
    QHash<quint64, int> m_laneOf; ///< batch id → lane
    QHash<quint64, std::pair<int, int>> m_callAt; ///< call id → {lane, row}
    QHash<quint64, Pending> m_pending; ///< calls seen but not yet placed or settled
    quint64 m_timedOut = 0; ///< a call whose TimedOut in no batch came, its Failed not yet
    // Staged within one chunk, committed with one insertion per lane.
    std::vector<TimelineLane> m_newLanes;
    QHash<int, std::vector<TimelineCall>> m_newCalls;
};

} // namespace batchlab
