// SPDX-License-Identifier: BSD-3-Clause
#include "runs/answercheck.h"
#include "runs/runstr.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

namespace batchlab {

namespace {

/// JSON's equality: 7 equals 7.0 (QJsonValue compares numbers as doubles already), and
/// objects and arrays member by member.
bool jsonEquals(const QJsonValue &a, const QJsonValue &b)
{
    return a == b;
}

} // namespace

QString CheckResult::toString() const
{
    return found.isEmpty() ? check : found;
}

AnswerCheck::AnswerCheck(const Expectation &expectation)
{
    QString problem;
    m_statusRanges = Expectation::statusRanges(expectation.status, &problem);
    if (!m_statusRanges.isEmpty()) {
        m_status = expectation.status.simplified().remove(u' ');
        ++m_count;
    }
    for (const JsonCheck &check : expectation.json) {
        if (!check.problem().isEmpty())
            continue;
        m_json.push_back({check, JsonPath::parse(check.path), check.toString()});
        ++m_count;
    }
    if (expectation.maxLatencyMs > 0) {
        m_maxLatencyMs = expectation.maxLatencyMs;
        ++m_count;
    }
}

std::vector<CheckResult> AnswerCheck::check(const ApiResult &result, qint64 latencyMs, bool all,
                                            int *checked) const
{
    std::vector<CheckResult> out;
    if (checked)
        *checked = m_count - (m_maxLatencyMs > 0 && latencyMs < 0 ? 1 : 0);
    if (m_count == 0)
        return out;
    // A failed call is checked as the server answered it: a 404's status and body are the
    // error's. A call with no HTTP answer (network, breaker, timeout) has status 0.
    const int status = result.ok() ? result.response.status : result.error.status;
    const QByteArray &body = result.ok() ? result.response.body : result.error.body;
    const bool answered = status != 0;
    const auto add = [&](bool passed, QString check, QString found) {
        if (all || !passed)
            out.push_back({std::move(check), passed, std::move(found)});
    };

    if (!m_statusRanges.isEmpty()) {
        bool passed = false;
        for (const auto &[from, to] : m_statusRanges)
            passed = passed || (status >= from && status <= to);
        if (all || !passed) {
            const QString got = answered ? QString::number(status)
                                         : RunsTr::tr("no answer (%1)").arg(errorKindName(result.error.kind));
            add(passed, RunsTr::tr("status %1").arg(m_status),
                RunsTr::tr("expected status %1, got %2").arg(m_status, got));
        }
    }

    if (!m_json.empty()) {
        // Parsed once per answer, and only when a check reads it.
        QJsonParseError error{};
        const QJsonDocument document = body.isEmpty() ? QJsonDocument() : QJsonDocument::fromJson(body, &error);
        const bool isJson = !body.isEmpty() && error.error == QJsonParseError::NoError;
        const QJsonValue root = document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object());
        for (const Json &json : m_json) {
            const QString &path = json.check.path.isEmpty() ? QStringLiteral("$") : json.check.path;
            if (!isJson) {
                const QString why = body.isEmpty() ? RunsTr::tr("the answer has no body")
                                                   : RunsTr::tr("the answer is not JSON");
                add(false, json.label, RunsTr::tr("%1: %2").arg(path, why));
                continue;
            }
            const std::optional<QJsonValue> found = json.path.find(root);
            switch (json.check.op) {
            case JsonCheck::Op::Exists:
                add(found.has_value(), json.label,
                    found ? RunsTr::tr("%1: found %2").arg(path, JsonCheck::jsonText(*found))
                          : RunsTr::tr("%1: expected a value, found none").arg(path));
                break;
            case JsonCheck::Op::NotExists:
                add(!found.has_value(), json.label,
                    found ? RunsTr::tr("%1: expected no value, found %2").arg(path, JsonCheck::jsonText(*found))
                          : RunsTr::tr("%1: none, as expected").arg(path));
                break;
            case JsonCheck::Op::Equals: {
                const bool passed = found && jsonEquals(*found, json.check.value);
                if (all || !passed) {
                    add(passed, json.label,
                        RunsTr::tr("%1: expected %2, got %3")
                            .arg(path, JsonCheck::jsonText(json.check.value),
                                 found ? JsonCheck::jsonText(*found) : RunsTr::tr("nothing")));
                }
                break;
            }
            case JsonCheck::Op::Contains: {
                const QString needle = json.check.value.toString();
                const bool passed = found && found->isString() && found->toString().contains(needle);
                if (all || !passed) {
                    add(passed, json.label,
                        RunsTr::tr("%1: expected text containing \"%2\", got %3")
                            .arg(path, needle, found ? JsonCheck::jsonText(*found) : RunsTr::tr("nothing")));
                }
                break;
            }
            }
        }
    }

    if (m_maxLatencyMs > 0 && latencyMs >= 0) {
        const bool passed = latencyMs < m_maxLatencyMs;
        add(passed, RunsTr::tr("under %1 ms").arg(m_maxLatencyMs),
            RunsTr::tr("took %1 ms, bound %2 ms").arg(QLocale().toString(latencyMs)).arg(m_maxLatencyMs));
    }
    return out;
}

} // namespace batchlab
