// SPDX-License-Identifier: BSD-3-Clause
#include "runs/singlesend.h"
#include "runs/runstr.h"

#include "client/apiclient.h"

namespace batchlab {

SingleSend::SingleSend(ApiClient *client, QObject *parent) : QObject(parent), m_client(client) { }

bool SingleSend::send(const RequestSet &set, int row, const QUrl &base, QString *error)
{
    const auto fail = [error](const QString &why) {
        if (error)
            *error = why;
        return false;
    };
    if (!m_client)
        return fail(RunsTr::tr("no client to send with"));
    if (row < 0 || row >= set.requests.size())
        return fail(RunsTr::tr("select the request to send"));
    QString problem;
    const HttpHeaders target = set.targetHeaders(&problem);
    if (!problem.isEmpty())
        return fail(problem);
    const RequestItem &item = set.requests.at(row);
    const RequestSpec spec = set.resolve(item, base, &problem);
    if (!problem.isEmpty())
        return fail(RunsTr::tr("request %1 (%2): %3").arg(row + 1).arg(item.name, problem));
    m_client->setTargetHeaders(target);
    FetchOptions options;
    options.batch = false;
    options.cache = false;
    options.deduplicate = false;
    QElapsedTimer clock;
    clock.start();
    ++m_waiting;
    const QPointer<SingleSend> self(this);
    const QString name = item.name;
    const AnswerCheck checks(item.expect); // as the set was when sent, not as edited since
    m_client->send(spec, options, [self, row, name, clock, checks](const ApiResult &result) {
        if (!self)
            return;
        --self->m_waiting;
        // The latency the telemetry takes (enqueued to settled) where the answer has it.
        const CallTimings &t = result.response.timings;
        const qint64 latencyNs = result.ok() && t.enqueued >= 0 && t.settled >= t.enqueued ? t.settled - t.enqueued
                                                                                           : clock.nsecsElapsed();
        self->m_lastChecks = checks.check(result, latencyNs / 1'000'000, true);
        Q_EMIT self->answered(row, name, result, clock.nsecsElapsed());
    });
    return true;
}

} // namespace batchlab
