// SPDX-License-Identifier: BSD-3-Clause
#pragma once

// Comparing what Batchlab gave each call with what the same call got when sent alone, as a
// plain request to a second instance of the same server, for the interop suites.

#include "types/apiresult.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QStringList>

/// What a call came back with, reduced to what both paths must agree on.
struct Outcome
{
    int status = 0; ///< 0: no HTTP answer
    QByteArray body; ///< JSON in a canonical form, anything else as it came
    QString failure; ///< why there was no HTTP answer

    friend bool operator==(const Outcome &, const Outcome &) = default;
    friend bool operator<(const Outcome &a, const Outcome &b)
    {
        return std::tie(a.status, a.body, a.failure) < std::tie(b.status, b.body, b.failure);
    }
    QString toString() const
    {
        return failure.isEmpty() ? QStringLiteral("%1 %2").arg(status).arg(QString::fromUtf8(body.left(300)))
                                 : QStringLiteral("failed: %1").arg(failure);
    }
};

/// JSON with its keys sorted and no spaces, so that the same value written two ways compares
/// equal; anything else unchanged.
inline QByteArray canonicalBody(const QByteArray &body)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    return error.error == QJsonParseError::NoError && !body.trimmed().isEmpty()
        ? doc.toJson(QJsonDocument::Compact)
        : body;
}

/// A batched call's result: an answer, an HTTP error with the server's status and body, a
/// JSON-RPC error with its code (as the status) and error object, or a failure without an
/// answer (which never matches one).
inline Outcome outcomeOf(const batchlab::ApiResult &result)
{
    using batchlab::ErrorKind;
    if (result.ok())
        return {result.response.status, canonicalBody(result.response.body), {}};
    if (result.error.kind == ErrorKind::Http || result.error.kind == ErrorKind::Rpc)
        return {result.error.status, canonicalBody(result.error.body), {}};
    return {0, {}, result.error.toString()};
}

/// Inside a batch an OData service may mark an error with the Content-ID of the part it
/// answers (SAP CAP's `"@Core.ContentID"`, an annotation of the OData Core vocabulary); alone
/// there is no part to name. The only difference the two paths may have, so it is taken out.
inline Outcome withoutContentId(Outcome outcome)
{
    QJsonObject root = QJsonDocument::fromJson(outcome.body).object();
    QJsonObject error = root.value(QStringLiteral("error")).toObject();
    if (error.remove(QStringLiteral("@Core.ContentID")), !error.isEmpty()) {
        root.insert(QStringLiteral("error"), error);
        outcome.body = QJsonDocument(root).toJson(QJsonDocument::Compact);
    }
    return outcome;
}

/// Compares call by call; identical calls (same `keys[i]`) as a group, since a server may run
/// them in either order within a batch. Returns one line per mismatch.
inline QStringList mismatches(const QStringList &keys, const QList<Outcome> &batched,
                              const QList<Outcome> &alone)
{
    QMap<QString, QList<Outcome>> b, a;
    for (qsizetype i = 0; i < keys.size(); ++i) {
        b[keys.at(i)].append(batched.value(i));
        a[keys.at(i)].append(alone.value(i));
    }
    QStringList out;
    for (auto it = b.begin(); it != b.end(); ++it) {
        QList<Outcome> got = it.value(), want = a.value(it.key());
        std::sort(got.begin(), got.end());
        std::sort(want.begin(), want.end());
        if (got == want)
            continue;
        QStringList g, w;
        for (const Outcome &o : got)
            g.append(o.toString());
        for (const Outcome &o : want)
            w.append(o.toString());
        out.append(QStringLiteral("%1\n    batched: %2\n    alone:   %3")
                       .arg(it.key(), g.join(QStringLiteral(" | ")), w.join(QStringLiteral(" | "))));
    }
    return out;
}
