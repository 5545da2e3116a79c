// SPDX-License-Identifier: BSD-3-Clause
#include "sandbox/sandboxbatchrunner.h"
#include "sandbox/sandboxresources.h"
#include "sandbox/sandboxtr.h"

#include <QCoreApplication>
#include <QUrl>

namespace batchlab {

namespace {

/// 424 with an OData error body, as the other errors of the sandbox: {"error":{"code","message"}}.
/// (CAP leaves out the "error" wrapper here; OData 4.01 JSON §21 asks for it.)
SandboxReply failedDependency(const QString &why)
{
    return SandboxReply::error(424, QStringLiteral("424"),
                               SandboxTr::tr("Failed Dependency: %1").arg(why));
}

} // namespace

struct SandboxBatchRunner::State
{
    const QList<SandboxBatchItem> &items;
    SandboxBatchRun run;
    /// The latest item run so far for each id, for `$name` targets.
    QHash<QString, qsizetype> lastById;
};

SandboxBatchRunner::SandboxBatchRunner(SandboxResources *resources, Handler handler)
    : m_resources(resources)
    , m_handler(std::move(handler))
{ }

SandboxBatchRun SandboxBatchRunner::run(const QList<SandboxBatchItem> &items) const
{
    State state{items, {}, {}};
    SandboxBatchRun &run = state.run;
    const qsizetype count = items.size();
    SandboxReply unanswered;
    unanswered.status = 0;
    run.replies.fill(unanswered, count);
    run.fates.fill(SandboxItemFate::NotReached, count);

    qsizetype next = 0;
    bool stopped = false;
    while (next < count && !stopped) {
        const int unit = items.at(next).atomicUnit;
        if (unit < 0) {
            runItem(state, next, next);
            stopped = m_stopAtFailure && run.replies.at(next).status >= 400;
            ++next;
            continue;
        }
        // Members of a unit are adjacent: the parsers make them so, or refuse the batch.
        const qsizetype start = next;
        qsizetype end = start;
        while (end < count && items.at(end).atomicUnit == unit)
            ++end;
        m_resources->begin();
        qsizetype failedAt = -1;
        for (qsizetype i = start; i < end && failedAt < 0; ++i) {
            runItem(state, i, start);
            if (!succeeded(run.replies.at(i).status))
                failedAt = i;
        }
        next = end;
        if (failedAt < 0) {
            m_resources->commit();
            continue;
        }
        m_resources->rollback();
        run.failedUnits.insert(unit, failedAt);
        const SandboxBatchItem &failed = items.at(failedAt);
        const QString why = failed.atomicityGroup.isEmpty()
            ? SandboxTr::tr("request \"%1\" of this change set answered %2; the change set's changes were undone")
                  .arg(failed.id)
                  .arg(run.replies.at(failedAt).status)
            : SandboxTr::tr("request \"%1\" of atomicity group \"%2\" answered %3; the group's changes were undone")
                  .arg(failed.id, failed.atomicityGroup)
                  .arg(run.replies.at(failedAt).status);
        for (qsizetype i = start; i < end; ++i) {
            if (i == failedAt)
                continue;
            const bool ran = i < failedAt;
            run.fates[i] = ran ? SandboxItemFate::RolledBack : SandboxItemFate::NotRun;
            ++(ran ? run.rolledBack : run.skipped);
            run.replies[i] = failedDependency(why);
        }
        stopped = m_stopAtFailure;
    }
    run.skipped += count - next; // NotReached
    return run;
}

void SandboxBatchRunner::runItem(State &state, qsizetype index, qsizetype unitStart) const
{
    const SandboxBatchItem &item = state.items.at(index);
    SandboxBatchRun &run = state.run;
    for (const qsizetype prerequisite : item.prerequisites) {
        const int status = run.replies.at(prerequisite).status;
        if (!succeeded(status)) {
            run.replies[index] = failedDependency(
                SandboxTr::tr("request \"%1\" answered %2")
                    .arg(state.items.at(prerequisite).id)
                    .arg(status));
            run.fates[index] = SandboxItemFate::FailedDependency;
            ++run.skipped;
            return;
        }
    }
    run.replies[index] = m_handler(resolveReference(state, index, unitStart));
    run.fates[index] = SandboxItemFate::Ran;
    if (!item.id.isEmpty())
        state.lastById.insert(item.id, index);
}

SandboxCall SandboxBatchRunner::resolveReference(const State &state, qsizetype index,
                                                 qsizetype unitStart) const
{
    const SandboxBatchItem &item = state.items.at(index);
    SandboxCall call = item.call;
    if (!call.path.startsWith(QLatin1String("/$")))
        return call;
    const qsizetype slash = call.path.indexOf(u'/', 2);
    const QString name = call.path.mid(2, slash < 0 ? -1 : slash - 2);
    const auto found = state.lastById.constFind(name);
    if (found == state.lastById.cend())
        return call; // answered by the resources: 404, as an unknown path
    if (m_references == References::WithinAtomicUnit
        && (item.atomicUnit < 0 || *found < unitStart)) {
        return call;
    }
    const SandboxReply &created = state.run.replies.at(*found);
    const QByteArray location = created.header("location");
    if (!succeeded(created.status) || location.isEmpty())
        return call;
    QString path = QUrl(QString::fromLatin1(location)).path(QUrl::FullyDecoded);
    if (slash >= 0)
        path += QStringView(call.path).mid(slash);
    call.path = path;
    return call;
}

} // namespace batchlab
