// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "runs/answercheck.h"
#include "runs/requestset.h"
#include "types/apiresult.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>

namespace batchlab {

class ApiClient;

/// Sends one request of a set now, alone, through the same client a run uses (its target's
/// headers, variables, breaker and telemetry), as Postman's Send does: not batched, not
/// answered from the cache nor shared with another call, so that the answer is the server's
/// own to this one request.
class SingleSend : public QObject
{
    Q_OBJECT

public:
    explicit SingleSend(ApiClient *client, QObject *parent = nullptr);

    /// False, with `error` naming the problem (an unknown variable, a bad header, no such
    /// row), when nothing could be sent.
    bool send(const RequestSet &set, int row, const QUrl &base, QString *error = nullptr);
    bool isWaiting() const { return m_waiting > 0; }
    /// How the last answer fared against its request's expectation, every check with its
    /// result (Postman's Test Results); empty when the request checks nothing. Set before
    /// answered() is emitted.
    const std::vector<CheckResult> &lastChecks() const { return m_lastChecks; }

Q_SIGNALS:
    /// The answer (or failure) of the request at `row`, `elapsedNs` after it was sent.
    void answered(int row, const QString &name, const batchlab::ApiResult &result, qint64 elapsedNs);

private:
    QPointer<ApiClient> m_client;
    std::vector<CheckResult> m_lastChecks;
    int m_waiting = 0;
};

} // namespace batchlab
