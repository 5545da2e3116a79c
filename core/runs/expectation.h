// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QJsonValue>
#include <QList>
#include <QString>

#include <array>
#include <utility>

namespace batchlab {

/// One check of a value in the answer's JSON body.
struct JsonCheck
{
    enum class Op : quint8 {
        Equals,    ///< the value at `path` equals `value` (any JSON value)
        Exists,    ///< there is a value at `path` (null counts)
        NotExists, ///< there is none
        Contains,  ///< the value at `path` is a string containing `value` (a string)
    };
    static constexpr int kOpCount = int(Op::Contains) + 1;
    /// The operators' names in the file, by Op.
    static constexpr std::array<const char *, kOpCount> kOpNames{"equals", "exists", "notExists", "contains"};

    QString path; ///< JsonPath text: `value[0].id`, `$.users[1].name`
    Op op = Op::Exists;
    QJsonValue value; ///< for Equals and Contains; undefined otherwise

    /// "equals", "exists", "notExists", "contains": as the file writes them.
    static QString opName(Op op);
    /// The Op a file's name stands for; false when it names none.
    static bool opFromName(const QString &name, Op *op);
    /// `value` as compact JSON text (7, "text", {"a":1}); "nothing" when undefined.
    static QString jsonText(const QJsonValue &value);
    /// "value[0].id equals 7", for people.
    QString toString() const;
    /// Why `path` is not a JsonPath ("character 7: …"), empty when it is.
    QString pathProblem() const;
    /// Why `value` does not suit `op`, empty when it does.
    QString valueProblem() const;
    /// Either problem, with the field it is in ("path: character 7: …"); empty for none.
    QString problem() const;

    friend bool operator==(const JsonCheck &, const JsonCheck &) = default;
};

/// What a request's answers are expected to be, as Postman's tests or k6's checks say it
/// without a script: a status (a code, a class, or a list of both), values in the JSON body,
/// and a latency bound. Checked on every answer a run (or Send) gets for the request; an empty
/// expectation checks nothing.
struct Expectation
{
    /// "200", "2xx", "200,204", "2xx,304"; empty for no status check.
    QString status;
    QList<JsonCheck> json;
    /// The answer must come in under this many milliseconds, from sending to settling as the
    /// telemetry measures a call's latency; 0 for no bound.
    int maxLatencyMs = 0;

    bool isEmpty() const { return status.trimmed().isEmpty() && json.isEmpty() && maxLatencyMs <= 0; }
    /// How many checks each answer gets.
    int checkCount() const;
    /// Why `status` is not a status expectation, empty when it is (or is empty).
    static QString statusProblem(const QString &status);
    /// The codes `status` allows, as inclusive ranges (2xx is 200–299); empty, with
    /// `problem` set, when a part is not a status, and empty for an empty `status`.
    static QList<std::pair<int, int>> statusRanges(const QString &status, QString *problem = nullptr);

    friend bool operator==(const Expectation &, const Expectation &) = default;
};

} // namespace batchlab
