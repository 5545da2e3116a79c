// SPDX-License-Identifier: BSD-3-Clause
#include "runs/bodycheck.h"
#include "runs/runstr.h"

#include <QJsonDocument>
#include <QJsonParseError>

namespace batchlab {

QString JsonProblem::toString() const
{
    return RunsTr::tr("line %1, column %2: %3").arg(line).arg(column).arg(reason);
}

bool claimsJson(const QList<QPair<QString, QString>> &headers)
{
    for (const auto &[name, value] : headers) {
        if (name.trimmed().compare(QLatin1String("Content-Type"), Qt::CaseInsensitive) == 0)
            return value.contains(QLatin1String("json"), Qt::CaseInsensitive);
    }
    return false;
}

JsonProblem jsonProblem(const QByteArray &body)
{
    QJsonParseError error;
    QJsonDocument::fromJson(body, &error);
    JsonProblem problem;
    if (error.error == QJsonParseError::NoError)
        return problem;
    // Qt counts the offset in bytes of UTF-8; lines and columns are counted in characters.
    problem.offset = std::clamp<qsizetype>(error.offset, 0, body.size());
    const QString before = QString::fromUtf8(body.left(problem.offset));
    problem.line = int(before.count(u'\n')) + 1;
    problem.column = int(before.size() - (before.lastIndexOf(u'\n') + 1)) + 1;
    problem.reason = error.errorString();
    return problem;
}

QStringList jsonBodyProblems(const RequestSet &set, const QUrl &base, const QList<int> &rows)
{
    QStringList problems;
    for (qsizetype row = 0; row < set.requests.size(); ++row) {
        const RequestItem &item = set.requests.at(row);
        if ((!rows.isEmpty() && !rows.contains(int(row))) || (rows.isEmpty() && !item.enabled))
            continue;
        if (item.body.trimmed().isEmpty() || !claimsJson(item.headers))
            continue;
        const JsonProblem problem = jsonProblem(set.resolve(item, base).body);
        if (problem.found())
            problems.append(RunsTr::tr("request %1 (%2): %3").arg(row + 1).arg(item.name, problem.toString()));
    }
    return problems;
}

} // namespace batchlab
