// SPDX-License-Identifier: BSD-3-Clause
#include "runs/expectationjson.h"
#include "runs/fieldreader.h"
#include "runs/runstr.h"

#include <QJsonArray>


namespace batchlab {

QJsonObject ExpectationJson::write(const Expectation &e)
{
    QJsonObject o;
    if (!e.status.trimmed().isEmpty())
        o.insert(QStringLiteral("status"), e.status.trimmed());
    if (e.maxLatencyMs > 0)
        o.insert(QStringLiteral("maxLatencyMs"), e.maxLatencyMs);
    if (!e.json.isEmpty()) {
        QJsonArray checks;
        for (const JsonCheck &check : e.json) {
            QJsonObject c{{QStringLiteral("path"), check.path}, {QStringLiteral("op"), JsonCheck::opName(check.op)}};
            if (check.op == JsonCheck::Op::Equals || check.op == JsonCheck::Op::Contains)
                c.insert(QStringLiteral("value"), check.value);
            checks.append(c);
        }
        o.insert(QStringLiteral("json"), checks);
    }
    return o;
}

void ExpectationJson::read(const QJsonObject &request, const QString &requestAt, Expectation *e, FieldReader &r)
{
    const QJsonValue expect = request.value(QStringLiteral("expect"));
    if (expect.isUndefined() || !r.ok())
        return;
    const QString at = requestAt + QStringLiteral("expect.");
    if (!expect.isObject()) {
        r.fail(at.chopped(1), RunsTr::tr("expected an object"));
        return;
    }
    const QJsonObject o = expect.toObject();
    e->status = r.string(o, "status", at, false);
    if (r.ok()) {
        if (const QString problem = Expectation::statusProblem(e->status); !problem.isEmpty())
            r.fail(at + QStringLiteral("status"), problem);
    }
    e->maxLatencyMs = r.integer(o, "maxLatencyMs", at, 0, 1);
    const QJsonValue json = o.value(QStringLiteral("json"));
    if (!r.ok() || json.isUndefined())
        return;
    if (!json.isArray()) {
        r.fail(at + QStringLiteral("json"), RunsTr::tr("expected an array of {path, op, value}"));
        return;
    }
    const QJsonArray checks = json.toArray();
    for (qsizetype i = 0; r.ok() && i < checks.size(); ++i) {
        const QString checkAt = at + QStringLiteral("json[%1].").arg(i);
        if (!checks.at(i).isObject()) {
            r.fail(checkAt.chopped(1), RunsTr::tr("expected an object"));
            return;
        }
        const QJsonObject c = checks.at(i).toObject();
        JsonCheck check;
        check.path = r.string(c, "path", checkAt, true);
        check.op = JsonCheck::Op(r.choice(c, "op", checkAt, JsonCheck::kOpNames, int(JsonCheck::Op::Exists)));
        if (!r.ok())
            return;
        if (!c.contains(QStringLiteral("op"))) {
            r.fail(checkAt + QStringLiteral("op"), RunsTr::tr("missing"));
            return;
        }
        const bool takesValue = check.op == JsonCheck::Op::Equals || check.op == JsonCheck::Op::Contains;
        if (takesValue)
            check.value = c.value(QStringLiteral("value"));
        else if (c.contains(QStringLiteral("value")))
            r.fail(checkAt + QStringLiteral("value"), RunsTr::tr("\"%1\" takes no value").arg(JsonCheck::opName(check.op)));
        if (!r.ok())
            return;
        if (const QString problem = check.pathProblem(); !problem.isEmpty()) {
            r.fail(checkAt + QStringLiteral("path"), problem);
            return;
        }
        if (const QString problem = check.valueProblem(); !problem.isEmpty()) {
            r.fail(checkAt + QStringLiteral("value"), problem);
            return;
        }
        e->json.append(check);
    }
}

} // namespace batchlab
