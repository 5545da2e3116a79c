// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "types/apierror.h"
#include "types/apiresult.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QString>

#include <deque>
#include <vector>

namespace batchlab {

/// What a call of a run was made for: its request's name, method and URL (variables
/// resolved) and its row in the set.
struct CallLabel
{
    QString name;
    QByteArray method;
    QString url;
    int row = -1;
};

/// One call of a run as the network list shows it: when it went, how it ended.
struct CallRecord
{
    quint64 id = 0;
    quint64 batchId = 0;
    qint64 sentAtNs = 0;      ///< handed to the client, on the directory's clock
    qint64 durationNs = -1;   ///< to its settling; -1 while pending
    qint64 queueWaitNs = -1;  ///< enqueued to flushed; -1 when it never waited in a batch
    qint64 bytes = -1;        ///< the answer's body
    int run = 0;
    quint32 spec = 0;         ///< index into the run's labels
    qint16 status = 0;
    quint8 attempts = 0;
    ErrorKind error = ErrorKind::None;
    bool shared = false;
    bool cached = false;
    bool plain = false;
    bool checksFailed = false; ///< a check of its request's expectation broke on its answer

    bool pending() const { return durationNs < 0; }
    bool failed() const { return !pending() && error != ErrorKind::None; }
};

/// Every call the runs made, by request id, with what it was made for — so that the
/// timeline, the log and the network list name a call ("user 3 · GET /users/3") instead of
/// numbering it, and a call of an earlier run or another set is never taken for a row of the
/// set open now. Bounded: past `retention` calls the oldest leave (whole runs' labels with
/// them). Request ids only grow, so the records are in id order and found by binary search.
class CallDirectory : public QObject
{
    Q_OBJECT

public:
    explicit CallDirectory(QObject *parent = nullptr);

    /// A run begins with these calls per iteration (calls cycle through them in order).
    int beginRun(const QString &setName, std::vector<CallLabel> labels);
    void sent(quint64 id, quint32 spec);
    void settled(quint64 id, const ApiResult &result);
    /// Adds a call of a saved run to the run begun last, as it was recorded: `record.sentAtNs`
    /// counted from that run's start. Ids must grow, as they do when a run makes them.
    void restore(CallRecord record, const QString &errorText = {});
    /// A check broke on the answer of call `id` (Runner checks after settled()).
    void checksFailed(quint64 id);

    /// nullptr for a call no run made (or one that left).
    const CallRecord *find(quint64 id) const;
    const CallLabel &label(const CallRecord &record) const;
    QString setName(int run) const;
    /// The number of the latest run begun (0 before any).
    int lastRun() const { return m_lastRun; }
    /// Why call `id` failed, in words; empty when it did not (or left the directory).
    QString errorText(quint64 id) const { return m_errorTexts.value(id); }
    /// When the call was sent, counted from the start of its run.
    qint64 sentSinceRunStart(const CallRecord &record) const;
    /// "user 3 · GET /users/3", or "call 14" for a call no run made.
    QString describe(quint64 id) const;

    int size() const { return int(m_records.size()); }
    const CallRecord &at(int index) const { return m_records[size_t(index)]; }
    /// Records that left at the front since the directory began.
    quint64 dropped() const { return m_dropped; }
    int retention() const { return m_retention; }
    void setRetention(int calls);
    void clear();

    /// Positions (index + dropped()) of the records settled since the last call, ascending.
    std::vector<quint64> takeSettled();

Q_SIGNALS:
    /// Records were added, settled or dropped; at most once per event-loop pass.
    void changed();
    /// The oldest `count` records are about to leave / have left.
    void aboutToDrop(int count);
    void droppedFront(int count);
    void cleared();

private:
    struct Run
    {
        int number = 0;
        qint64 startNs = 0;
        QString setName;
        std::vector<CallLabel> labels;
    };
    const Run *runOf(int number) const;
    void notify();
    void trim();

    QElapsedTimer m_clock;
    std::deque<CallRecord> m_records;
    std::deque<Run> m_runs;
    std::vector<quint64> m_settled;
    QHash<quint64, QString> m_errorTexts; ///< of the failed calls only: few, and long
    quint64 m_dropped = 0;
    int m_retention = 1000000;
    int m_lastRun = 0;
    bool m_notifyPending = false;
};

} // namespace batchlab
