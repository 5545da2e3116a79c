// SPDX-License-Identifier: BSD-3-Clause
#include "runs/expectation.h"
#include "runs/jsonpath.h"
#include "runs/runstr.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <array>

namespace batchlab {

namespace {
/// One part of a status expectation: a code (200) or a class (2xx), as the range it allows.
bool statusPart(QStringView part, int *from, int *to)
{
    part = part.trimmed();
    if (part.size() != 3 || part.front() < u'1' || part.front() > u'5')
        return false;
    const int hundreds = part.front().digitValue();
    if (part.sliced(1).compare(u"xx", Qt::CaseInsensitive) == 0) {
        *from = hundreds * 100;
        *to = hundreds * 100 + 99;
        return true;
    }
    if (!part.at(1).isDigit() || !part.at(2).isDigit())
        return false;
    *from = *to = hundreds * 100 + part.at(1).digitValue() * 10 + part.at(2).digitValue();
    return true;
}

} // namespace

QString JsonCheck::jsonText(const QJsonValue &value)
{
    if (value.isUndefined())
        return RunsTr::tr("nothing");
    // A scalar goes through an array: QJsonDocument holds only objects and arrays.
    const QByteArray text = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(text.mid(1, text.size() - 2));
}

QString JsonCheck::opName(Op op)
{
    return QLatin1String(kOpNames.at(size_t(op)));
}

bool JsonCheck::opFromName(const QString &name, Op *op)
{
    for (size_t i = 0; i < kOpNames.size(); ++i) {
        if (name == QLatin1String(kOpNames[i])) {
            *op = Op(i);
            return true;
        }
    }
    return false;
}

QString JsonCheck::toString() const
{
    const QString at = path.isEmpty() ? QStringLiteral("$") : path;
    switch (op) {
    case Op::Equals: return RunsTr::tr("%1 equals %2").arg(at, jsonText(value));
    case Op::Exists: return RunsTr::tr("%1 exists").arg(at);
    case Op::NotExists: return RunsTr::tr("%1 does not exist").arg(at);
    case Op::Contains: return RunsTr::tr("%1 contains \"%2\"").arg(at, value.toString());
    }
    return {};
}

QString JsonCheck::pathProblem() const
{
    QString error;
    JsonPath::parse(path, &error);
    return error;
}

QString JsonCheck::valueProblem() const
{
    if (op == Op::Equals && value.isUndefined())
        return RunsTr::tr("\"equals\" needs a JSON value");
    if (op == Op::Contains && !value.isString())
        return RunsTr::tr("\"contains\" needs text (a JSON string)");
    return {};
}

QString JsonCheck::problem() const
{
    if (const QString error = pathProblem(); !error.isEmpty())
        return RunsTr::tr("path: %1").arg(error);
    if (const QString error = valueProblem(); !error.isEmpty())
        return RunsTr::tr("value: %1").arg(error);
    return {};
}

int Expectation::checkCount() const
{
    return (status.trimmed().isEmpty() ? 0 : 1) + int(json.size()) + (maxLatencyMs > 0 ? 1 : 0);
}

QString Expectation::statusProblem(const QString &status)
{
    QString problem;
    statusRanges(status, &problem);
    return problem;
}

QList<std::pair<int, int>> Expectation::statusRanges(const QString &status, QString *problem)
{
    if (problem)
        problem->clear();
    QList<std::pair<int, int>> ranges;
    if (status.trimmed().isEmpty())
        return ranges;
    for (const QStringView part : QStringView(status).split(u',')) {
        int from = 0;
        int to = 0;
        if (!statusPart(part, &from, &to)) {
            if (problem) {
                *problem = RunsTr::tr("\"%1\" is not a status: use a code (200), a class (2xx) or a "
                                      "list (200,204)")
                               .arg(part.trimmed().toString());
            }
            return {};
        }
        ranges.append({from, to});
    }
    return ranges;
}

} // namespace batchlab
