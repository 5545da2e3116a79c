// SPDX-License-Identifier: BSD-3-Clause
#include "runs/verdict/threshold.h"
#include "runs/runstr.h"

#include <array>

namespace batchlab {

namespace {

using Kind = RunMetrics::Kind;

constexpr std::array<Threshold::Op, 6> kOps{Threshold::Op::Less,  Threshold::Op::LessEqual,
                                            Threshold::Op::Greater, Threshold::Op::GreaterEqual,
                                            Threshold::Op::Equal, Threshold::Op::NotEqual};

QString operatorList()
{
    QStringList ops;
    for (const Threshold::Op op : kOps)
        ops.append(Threshold::opText(op));
    return ops.join(QLatin1Char(' '));
}

bool isNameChar(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') || c == u'_';
}

bool isOpChar(QChar c)
{
    return c == u'<' || c == u'>' || c == u'=' || c == u'!';
}

bool fail(QString *error, const QString &why)
{
    if (error)
        *error = why;
    return false;
}

/// The unit `written` (after the number) means on a metric of `kind`, or false and why not.
bool unitFor(Kind kind, const QString &written, Threshold::Unit *unit, QString *error)
{
    using U = Threshold::Unit;
    const bool ms = written == QLatin1String("ms");
    const bool s = written == QLatin1String("s");
    const bool percent = written == QLatin1String("%");
    const bool perSecond = written == QLatin1String("/s");
    if (!written.isEmpty() && !ms && !s && !percent && !perSecond)
        return fail(error, RunsTr::tr("unknown unit '%1' (ms or s after a time, % after saved or a count, "
                                      "/s after a rate)")
                               .arg(written));
    switch (kind) {
    case Kind::Millis:
    case Kind::Seconds:
        // A bare number on a time is ms, as in k6, whatever unit the metric is kept in.
        if (percent || perSecond)
            return fail(error, RunsTr::tr("'%1' cannot follow a time (write ms or s)").arg(written));
        *unit = s ? U::Seconds : U::Millis;
        return true;
    case Kind::Percent:
        if (ms || s || perSecond)
            return fail(error, RunsTr::tr("'%1' cannot follow a percentage (write % or a bare number)").arg(written));
        *unit = U::Percent;
        return true;
    case Kind::Count:
        if (ms || s || perSecond)
            return fail(error, RunsTr::tr("'%1' cannot follow a count (write a number, or % for a share of "
                                          "the calls)")
                                   .arg(written));
        *unit = percent ? U::Percent : U::None;
        return true;
    case Kind::Rate:
        if (ms || s || percent)
            return fail(error, RunsTr::tr("'%1' cannot follow a rate (write calls per second, e.g. "
                                          "rate>=100/s)")
                                   .arg(written));
        *unit = perSecond ? U::PerSecond : U::None;
        return true;
    }
    return false;
}

} // namespace

QString Threshold::opText(Op op)
{
    switch (op) {
    case Op::Less: return QStringLiteral("<");
    case Op::LessEqual: return QStringLiteral("<=");
    case Op::Greater: return QStringLiteral(">");
    case Op::GreaterEqual: return QStringLiteral(">=");
    case Op::Equal: return QStringLiteral("==");
    case Op::NotEqual: return QStringLiteral("!=");
    }
    return {};
}

std::optional<Threshold> Threshold::parse(const QString &expression, QString *error)
{
    const QString text = expression.trimmed();
    const QString known = RunMetrics::names().join(QStringLiteral(", "));
    if (text.isEmpty()) {
        fail(error, RunsTr::tr("empty threshold: expected a metric, an operator and a value, e.g. p95<250ms"));
        return std::nullopt;
    }
    qsizetype i = 0;
    while (i < text.size() && isNameChar(text.at(i)))
        ++i;
    const QString name = text.left(i);
    if (name.isEmpty()) {
        fail(error, RunsTr::tr("'%1' does not start with a metric name (known: %2)").arg(text, known));
        return std::nullopt;
    }
    const std::optional<RunMetrics::Metric> metric = RunMetrics::metric(name);
    if (!metric) {
        fail(error, RunsTr::tr("unknown metric '%1' (known: %2)").arg(name, known));
        return std::nullopt;
    }
    while (i < text.size() && text.at(i).isSpace())
        ++i;
    const qsizetype opStart = i;
    while (i < text.size() && isOpChar(text.at(i)))
        ++i;
    const QString opWritten = text.mid(opStart, i - opStart);
    if (opWritten.isEmpty()) {
        fail(error, RunsTr::tr("missing operator after '%1' (one of %2)").arg(name, operatorList()));
        return std::nullopt;
    }
    std::optional<Op> op;
    for (const Op candidate : kOps) {
        if (opText(candidate) == opWritten)
            op = candidate;
    }
    if (!op) {
        fail(error, RunsTr::tr("unknown operator '%1' (one of %2)").arg(opWritten, operatorList()));
        return std::nullopt;
    }
    const QString rest = text.mid(i).trimmed();
    if (rest.isEmpty()) {
        fail(error, RunsTr::tr("missing value after '%1%2'").arg(name, opWritten));
        return std::nullopt;
    }
    qsizetype n = 0;
    while (n < rest.size() && (rest.at(n).isDigit() || rest.at(n) == u'.'))
        ++n;
    bool ok = n > 0;
    const double limit = ok ? rest.left(n).toDouble(&ok) : 0.0;
    if (!ok) {
        fail(error, RunsTr::tr("'%1' is not a number").arg(rest));
        return std::nullopt;
    }
    Threshold t;
    if (!unitFor(RunMetrics::kind(*metric), rest.mid(n).trimmed(), &t.m_unit, error))
        return std::nullopt;
    t.m_expression = text;
    t.m_metric = *metric;
    t.m_op = *op;
    t.m_limit = limit;
    return t;
}

std::optional<double> Threshold::measured(const RunMetrics &metrics) const
{
    const std::optional<double> v = metrics.value(m_metric);
    if (!v)
        return std::nullopt;
    switch (RunMetrics::kind(m_metric)) {
    case Kind::Millis:
        return m_unit == Unit::Seconds ? *v / 1000.0 : *v;
    case Kind::Seconds:
        return m_unit == Unit::Seconds ? *v : *v * 1000.0;
    case Kind::Count:
        if (m_unit != Unit::Percent)
            return v;
        if (metrics.numbers.calls <= 0)
            return std::nullopt;
        return 100.0 * *v / double(metrics.numbers.calls);
    case Kind::Percent:
    case Kind::Rate:
        return v;
    }
    return std::nullopt;
}

QString Threshold::format(double value) const
{
    switch (m_unit) {
    case Unit::Millis: return RunMetrics::formatMillis(value);
    case Unit::Seconds: return RunMetrics::formatSeconds(value);
    case Unit::Percent: return QString::number(value, 'f', 1) + QLatin1Char('%');
    case Unit::PerSecond: return QString::number(value, 'f', 1) + QStringLiteral("/s");
    case Unit::None:
        break;
    }
    if (RunMetrics::kind(m_metric) == Kind::Rate)
        return QString::number(value, 'f', 1);
    return QString::number(qint64(value));
}

ThresholdResult Threshold::evaluate(const RunMetrics &metrics) const
{
    ThresholdResult r;
    r.expression = m_expression;
    r.value = measured(metrics);
    if (!r.value) {
        r.passed = false; // a threshold that cannot be checked does not hold
        r.valueText = RunsTr::tr("no value");
        r.reason = metrics.value(m_metric) ? RunsTr::tr("the run made no call, so a share of its calls has no value")
                                           : metrics.noValueReason(m_metric);
        return r;
    }
    const double v = *r.value;
    switch (m_op) {
    case Op::Less: r.passed = v < m_limit; break;
    case Op::LessEqual: r.passed = v <= m_limit; break;
    case Op::Greater: r.passed = v > m_limit; break;
    case Op::GreaterEqual: r.passed = v >= m_limit; break;
    case Op::Equal: r.passed = v == m_limit; break;
    case Op::NotEqual: r.passed = v != m_limit; break;
    }
    r.valueText = format(v);
    return r;
}

QString ThresholdResult::text(bool unicode) const
{
    const QString mark = unicode ? (passed ? QStringLiteral("\u2713") : QStringLiteral("\u2717"))
                                 : (passed ? RunsTr::tr("PASS") : RunsTr::tr("FAIL"));
    QString out = expression + QStringLiteral("  ") + mark + QStringLiteral("  ") + valueText;
    if (!reason.isEmpty())
        out += (unicode ? QStringLiteral(" \u2014 ") : QStringLiteral(" - ")) + reason;
    return out;
}

} // namespace batchlab
