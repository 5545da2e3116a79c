// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "runs/expectation.h"
#include "runs/jsonpath.h"
#include "types/apiresult.h"

#include <QStringList>

#include <vector>

namespace batchlab {

/// How one check fared on one answer.
struct CheckResult
{
    QString check;  ///< "status 2xx", "value[0].id equals 7", "under 250 ms"
    bool passed = false;
    /// What was found, in one line: "expected status 2xx, got 404", "value[0].id: expected
    /// 7, got 8", "took 312 ms, bound 250 ms".
    QString found;
    /// `found`, or `check` when there is nothing to say.
    QString toString() const;
};

/// The checks of a run, counted over its answers: what RunNumbers and the command line's
/// thresholds read.
struct CheckTally
{
    qint64 passed = 0;      ///< checks that held, over every answer
    qint64 failed = 0;      ///< checks that broke
    qint64 failedCalls = 0; ///< answers with at least one broken check

    friend bool operator==(const CheckTally &, const CheckTally &) = default;
};

/// An Expectation made ready to check many answers: its status list and paths parsed once,
/// so that a run of a million calls parses none of them again. Checks an answer's status,
/// JSON values and latency; a failed call is checked too (its status and body are the
/// error's), and a call that got no answer at all breaks its status and JSON checks.
class AnswerCheck
{
public:
    AnswerCheck() = default;
    /// Parts of `expectation` with a problem (Expectation::statusProblem(),
    /// JsonCheck::problem()) check nothing: the editor and the file refuse them first.
    explicit AnswerCheck(const Expectation &expectation);

    bool isEmpty() const { return m_count == 0; }
    /// Checks per answer.
    int count() const { return m_count; }

    /// Checks `result`, which took `latencyMs` (-1 when unknown: the bound is then not
    /// checked). With `all`, every check's result; otherwise only the broken ones, so that
    /// a passing answer builds no text.
    /// `checked` gets how many checks were made.
    std::vector<CheckResult> check(const ApiResult &result, qint64 latencyMs, bool all = false,
                                   int *checked = nullptr) const;

private:
    struct Json
    {
        JsonCheck check;
        JsonPath path;
        QString label;
    };
    QString m_status;
    QList<std::pair<int, int>> m_statusRanges;
    std::vector<Json> m_json;
    int m_maxLatencyMs = 0;
    int m_count = 0;
};

} // namespace batchlab
