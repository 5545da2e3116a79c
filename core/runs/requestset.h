// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "cache/responsecache.h"
#include "engine/batchconfig.h"
#include "resilience/circuitbreaker.h"
#include "resilience/retrypolicy.h"
#include "runs/environment.h"
#include "runs/expectation.h"
#include "runs/runplan.h"
#include "runs/sandboxfaults.h"
#include "types/requestspec.h"

#include <QList>
#include <QPair>
#include <QString>

#include <optional>

namespace batchlab {

/// One call of a request set as the user wrote it: text with {{variables}} still in it.
struct RequestItem
{
    bool enabled = true;
    QString name;
    QString method = QStringLiteral("GET");
    QString url;
    QList<QPair<QString, QString>> headers;
    /// Headers and query parameters kept but not sent: turned off in the tool the request came
    /// from (Postman's disabled ones) or in the editor; a Postman export writes them back off.
    QList<QPair<QString, QString>> disabledHeaders;
    QList<QPair<QString, QString>> disabledQuery;
    QString body;
    /// What other requests name it by in `dependsOn`: unique within its set, and kept when it
    /// is renamed or moved (names may repeat or be empty). Empty until something depends on
    /// it; copies of a request get none.
    QString id;
    /// The label of its atomic group (an OData change set, a JSON atomicityGroup), shared by
    /// the requests that must take effect all or none; empty for none.
    QString group;
    /// The ids of earlier requests of the set it needs: it is sent only after they succeeded
    /// in the same iteration, and fails unsent (ErrorKind::Dependency) when one failed.
    QStringList dependsOn;
    /// What its answers must be (status, JSON values, latency): checked on each of them in a
    /// run and on Send; empty for no checks.
    Expectation expect;
    /// When it went out in the traffic it came from (a HAR's `startedDateTime`), in ms after
    /// the first call of that traffic; none for a request written by hand. Kept through save
    /// and load (file version 5), so that a run can one day replay the original pacing; runs do
    /// not use it yet.
    std::optional<qint64> atMs;

    friend bool operator==(const RequestItem &, const RequestItem &) = default;
};

/// Where a request set runs: the built-in sandbox, or a real API.
struct TargetSpec
{
    enum class Kind : quint8 { Sandbox, Url };
    Kind kind = Kind::Sandbox;
    QString baseUrl;
    QString batchPath = QStringLiteral("/$batch");
    /// The ServerProfile id: wire format and batch limit of the server.
    QString profile = QStringLiteral("odata-4.01");
    /// Headers of every HTTP request to the target, the outer request of each batch included:
    /// where credentials go (`Authorization: Bearer {{token}}`), since Graph and Google read
    /// them there and not on the items. May use {{variables}}.
    QList<QPair<QString, QString>> headers;

    friend bool operator==(const TargetSpec &, const TargetSpec &) = default;
};

/// A set of API calls to run together, with the variables they use and, optionally, every
/// setting that shapes its runs: batching, retry, breaker, cache, the run plan, the sandbox's
/// faults, and the target. A setting the set lacks means the default, so that nothing of the
/// set opened before leaks into it.
struct RequestSet
{
    QString name;
    QString description;
    QList<Variable> variables;
    QList<RequestItem> requests;
    std::optional<BatchConfig> batch;
    std::optional<TargetSpec> target;
    std::optional<RetryPolicy> retry;
    std::optional<BreakerConfig> breaker;
    std::optional<CacheConfig> cache;
    std::optional<RunPlan> plan;
    std::optional<SandboxFaults> sandbox;
    /// Named groups of variables (local, staging…); `environment` names the active one, empty
    /// for none. Precedence when a call is resolved: the active environment's variable, then
    /// the set's own variable of that name; `{{env:NAME}}` always reads the process environment.
    QList<Environment> environments;
    QString environment;

    /// The environment named by `environment`, or null when none is active (or it names none).
    const Environment *activeEnvironment() const;

    /// `text` with every {{name}} replaced by its variable's value (the active environment's
    /// first, then the set's own), and every {{env:NAME}} by
    /// the environment variable NAME. Names without a value are left as they are and listed
    /// in `unknown`.
    QString substitute(const QString &text, QStringList *unknown = nullptr) const;
    /// The call an item makes, its URL joined to `base` (joinUrl()) when relative. Empty `error`
    /// when it is usable; otherwise what is wrong with it.
    RequestSpec resolve(const RequestItem &item, const QUrl &base, QString *error = nullptr) const;
    /// The target's headers with their variables substituted; empty `error` when usable.
    HttpHeaders targetHeaders(QString *error = nullptr) const;
};

} // namespace batchlab
