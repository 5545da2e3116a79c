// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "runs/verdict/runmetrics.h"

#include <QString>

#include <optional>

namespace batchlab {

/// A threshold's verdict over one run: whether it held, and what was measured, in the
/// threshold's own unit ("75.0%" for `saved>=80%`, "0.3s" for `duration<2s`).
struct ThresholdResult
{
    QString expression;           ///< as written, trimmed
    bool passed = false;
    std::optional<double> value;  ///< measured, in the threshold's unit; nothing when no value
    QString valueText;            ///< value with its unit ("312.4ms"), or "no value"
    QString reason;               ///< why there is no value; empty when there is one

    /// "saved>=80%  ✗  75.0%" (ASCII: "saved>=80%  FAIL  75.0%"), the reason after a no value.
    QString text(bool unicode = true) const;
};

/// A condition on a run's metrics that fails CI, written as k6 writes them: `saved>=80%`,
/// `p95<250ms`, `failures==0`, `http_requests<=20`, `retries<5%`, `duration<2s`.
///
/// A metric name (RunMetrics::names(), or an alias), an operator (< <= > >= == !=) and a
/// number with an optional unit: `ms` or `s` on a time (a bare number is ms), `%` on saved
/// (a bare number is a percentage too) and on a count, where it means a share of the calls
/// (`retries<5%` is retries / calls × 100 < 5); `/s` may follow a rate.
class Threshold
{
public:
    enum class Op : quint8 { Less, LessEqual, Greater, GreaterEqual, Equal, NotEqual };
    /// The unit the value was written in; the measured value is shown in it.
    enum class Unit : quint8 {
        None,       ///< a count, or a rate
        Millis,
        Seconds,
        Percent,    ///< of saved: itself; of a count: a share of the calls
        PerSecond,  ///< a rate written with "/s"
    };

    /// The threshold `expression` says; nothing, and `error` says exactly what is wrong (and
    /// which metrics there are, when the name is unknown), when it does not parse.
    static std::optional<Threshold> parse(const QString &expression, QString *error = nullptr);

    /// Whether `metrics` meet it; a metric without a value (saved of a run that sent nothing)
    /// fails, and says why.
    ThresholdResult evaluate(const RunMetrics &metrics) const;

    QString expression() const { return m_expression; }
    RunMetrics::Metric metric() const { return m_metric; }
    Op op() const { return m_op; }
    /// The number as written, in unit().
    double limit() const { return m_limit; }
    Unit unit() const { return m_unit; }

    /// The measured value of `metrics` in this threshold's unit; nothing when none.
    std::optional<double> measured(const RunMetrics &metrics) const;
    /// `value` (in unit()) with the unit: "75.0%", "312.4ms", "1.25s", "12".
    QString format(double value) const;

    /// "<", "<=", …
    static QString opText(Op op);

private:
    QString m_expression;
    RunMetrics::Metric m_metric = RunMetrics::Metric::Calls;
    Op m_op = Op::Less;
    double m_limit = 0;
    Unit m_unit = Unit::None;
};

} // namespace batchlab
