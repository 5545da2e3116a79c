// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QByteArray>
#include <QString>
#include <QtGlobal>

namespace batchlab {

/// How a malformed batch answer is malformed.
enum class MalformKind {
    Any, ///< one of the kinds below, drawn at random per answer
    BadJson, ///< the body is cut in the middle, so it does not parse
    MissingId, ///< the answer for one request is left out
    DuplicateId, ///< the answer for one request appears twice
    UnknownId, ///< one answer carries an id that no request had
};

/// The faults and delays the sandbox server applies, settable per run and reproducible
/// from `seed`. Rates are probabilities in [0, 1], drawn once per HTTP request (latency,
/// hang, drop, batch failure, malformed) or once per item (errors, throttling); a plain
/// request counts as one item.
struct SandboxBehavior
{
    int latencyMs = 0; ///< fixed delay before every HTTP answer
    int jitterMs = 0; ///< plus a uniform extra delay in [0, jitterMs]
    double itemErrorRate = 0.0; ///< share of items answered with itemErrorStatus
    int itemErrorStatus = 500; ///< e.g. 500 or 404
    double batchFailureRate = 0.0; ///< share of batch requests failed as a whole
    int batchFailureStatus = 500; ///< e.g. 500 or 503; 429 carries Retry-After
    double throttleRate = 0.0; ///< share of items answered 429 with Retry-After
    int retryAfterSeconds = 1; ///< value of Retry-After on every 429
    double hangRate = 0.0; ///< share of HTTP requests accepted and never answered
    double dropRate = 0.0; ///< share of HTTP requests whose connection is reset
    double malformedRate = 0.0; ///< share of batch answers that are malformed
    MalformKind malformKind = MalformKind::Any;
    bool shuffle = false; ///< answer batch items in random order
    int maxBatchItems = 1000; ///< larger batches are refused with 400; 0 = no limit
    /// When set, every HTTP request (a batch's outer request, a plain one) must carry this
    /// Authorization value or is refused with 401, as Microsoft Graph and Google do: a client
    /// that puts credentials only on the items fails here too.
    QByteArray requiredAuthorization;
    quint64 seed = 1; ///< seeds every random draw

    /// Empty when valid, otherwise what is wrong, naming the field.
    QString validate() const;

    friend bool operator==(const SandboxBehavior &, const SandboxBehavior &) = default;
};

/// "any", "bad-json", "missing-id", "duplicate-id", "unknown-id".
QString malformKindName(MalformKind kind);
/// The inverse of malformKindName; false when `name` is none of them.
bool parseMalformKind(const QString &name, MalformKind *kind);

} // namespace batchlab
