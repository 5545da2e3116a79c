// SPDX-License-Identifier: BSD-3-Clause
#include "runs/calldirectory.h"
#include "runs/runstr.h"

#include <QTimer>

#include <algorithm>
#include <limits>

namespace batchlab {

CallDirectory::CallDirectory(QObject *parent) : QObject(parent)
{
    m_clock.start();
}

int CallDirectory::beginRun(const QString &setName, std::vector<CallLabel> labels)
{
    m_runs.push_back({++m_lastRun, m_clock.nsecsElapsed(), setName, std::move(labels)});
    return m_lastRun;
}

void CallDirectory::sent(quint64 id, quint32 spec)
{
    CallRecord record;
    record.id = id;
    record.sentAtNs = m_clock.nsecsElapsed();
    record.run = m_lastRun;
    record.spec = spec;
    if (m_records.empty() || m_records.back().id < id) {
        m_records.push_back(record);
    } else {
        // Ids only grow; should one not, the order (and binary search) still holds.
        const auto it = std::lower_bound(m_records.begin(), m_records.end(), id,
                                         [](const CallRecord &r, quint64 value) { return r.id < value; });
        m_records.insert(it, record);
    }
    trim();
    notify();
}

void CallDirectory::settled(quint64 id, const ApiResult &result)
{
    const auto it = std::lower_bound(m_records.begin(), m_records.end(), id,
                                     [](const CallRecord &r, quint64 value) { return r.id < value; });
    if (it == m_records.end() || it->id != id)
        return;
    CallRecord &r = *it;
    r.durationNs = std::max<qint64>(0, m_clock.nsecsElapsed() - r.sentAtNs);
    if (result.ok()) {
        const ApiResponse &response = result.response;
        r.status = qint16(response.status);
        r.bytes = response.body.size();
        r.batchId = response.batchId;
        r.attempts = quint8(std::clamp(response.attempt, 0, 255));
        r.shared = response.deduplicated;
        r.cached = response.cached;
        r.plain = response.plain;
        if (response.timings.flushed >= 0 && response.timings.enqueued >= 0)
            r.queueWaitNs = response.timings.flushed - response.timings.enqueued;
    } else {
        r.error = result.error.kind;
        r.status = qint16(result.error.status);
        r.bytes = result.error.body.size();
        r.batchId = result.error.batchId;
        m_errorTexts.insert(id, result.error.message);
    }
    m_settled.push_back(m_dropped + quint64(it - m_records.begin()));
    notify();
}

void CallDirectory::restore(CallRecord record, const QString &errorText)
{
    if (!m_records.empty() && m_records.back().id >= record.id)
        return;
    const Run *run = runOf(m_lastRun);
    record.run = m_lastRun;
    record.sentAtNs += run ? run->startNs : 0;
    if (!errorText.isEmpty())
        m_errorTexts.insert(record.id, errorText);
    m_records.push_back(record);
    if (!record.pending())
        m_settled.push_back(m_dropped + quint64(m_records.size() - 1));
    trim();
    notify();
}

void CallDirectory::checksFailed(quint64 id)
{
    const auto it = std::lower_bound(m_records.begin(), m_records.end(), id,
                                     [](const CallRecord &r, quint64 value) { return r.id < value; });
    if (it == m_records.end() || it->id != id)
        return;
    it->checksFailed = true;
    // Shown with the settling it follows: the same pass's changed() covers it.
    notify();
}

const CallRecord *CallDirectory::find(quint64 id) const
{
    const auto it = std::lower_bound(m_records.cbegin(), m_records.cend(), id,
                                     [](const CallRecord &r, quint64 value) { return r.id < value; });
    return it == m_records.cend() || it->id != id ? nullptr : &*it;
}

const CallDirectory::Run *CallDirectory::runOf(int number) const
{
    const auto it = std::lower_bound(m_runs.cbegin(), m_runs.cend(), number,
                                     [](const Run &run, int value) { return run.number < value; });
    return it == m_runs.cend() || it->number != number ? nullptr : &*it;
}

const CallLabel &CallDirectory::label(const CallRecord &record) const
{
    static const CallLabel none;
    const Run *run = runOf(record.run);
    return run && record.spec < run->labels.size() ? run->labels[record.spec] : none;
}

QString CallDirectory::setName(int run) const
{
    const Run *found = runOf(run);
    return found ? found->setName : QString();
}

qint64 CallDirectory::sentSinceRunStart(const CallRecord &record) const
{
    const Run *run = runOf(record.run);
    return run ? record.sentAtNs - run->startNs : 0;
}

QString CallDirectory::describe(quint64 id) const
{
    const CallRecord *record = find(id);
    if (!record)
        return RunsTr::tr("call %1").arg(id);
    const CallLabel &l = label(*record);
    QString path = l.url;
    // The path and query say which call it was; the origin is the same for the whole run.
    const qsizetype scheme = path.indexOf(QLatin1String("://"));
    if (scheme >= 0) {
        const qsizetype slash = path.indexOf(u'/', scheme + 3);
        path = slash >= 0 ? path.mid(slash) : QStringLiteral("/");
    }
    return RunsTr::tr("%1 · %2 %3").arg(l.name, QString::fromLatin1(l.method), path);
}

void CallDirectory::setRetention(int calls)
{
    m_retention = std::max(1000, calls);
    trim();
}

void CallDirectory::clear()
{
    m_records.clear();
    m_settled.clear();
    m_errorTexts.clear();
    if (m_runs.size() > 1)
        m_runs.erase(m_runs.begin(), m_runs.end() - 1); // the current run keeps its labels
    m_dropped = 0;
    Q_EMIT cleared();
}

std::vector<quint64> CallDirectory::takeSettled()
{
    std::vector<quint64> settled;
    settled.swap(m_settled);
    std::sort(settled.begin(), settled.end());
    settled.erase(std::unique(settled.begin(), settled.end()), settled.end());
    // Records that left since they settled are no one's business.
    settled.erase(settled.begin(), std::lower_bound(settled.begin(), settled.end(), m_dropped));
    return settled;
}

void CallDirectory::trim()
{
    const auto excess = qsizetype(m_records.size()) - m_retention;
    if (excess <= 0)
        return;
    // A tenth more than needed, so that trimming happens once per many calls.
    const int drop = int(std::min<qsizetype>(qsizetype(m_records.size()), excess + m_retention / 10));
    Q_EMIT aboutToDrop(drop);
    m_records.erase(m_records.begin(), m_records.begin() + drop);
    m_dropped += quint64(drop);
    const quint64 firstKept = m_records.empty() ? std::numeric_limits<quint64>::max() : m_records.front().id;
    m_errorTexts.removeIf([firstKept](const auto &entry) { return entry.key() < firstKept; });
    const int oldest = m_records.empty() ? m_lastRun : m_records.front().run;
    while (m_runs.size() > 1 && m_runs.front().number < oldest)
        m_runs.pop_front();
    Q_EMIT droppedFront(drop);
}

void CallDirectory::notify()
{
    if (m_notifyPending)
        return;
    m_notifyPending = true;
    QTimer::singleShot(0, this, [this] {
        m_notifyPending = false;
        Q_EMIT changed();
    });
}

} // namespace batchlab
