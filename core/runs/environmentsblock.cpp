// SPDX-License-Identifier: BSD-3-Clause
#include "runs/environmentsblock.h"
#include "runs/fieldreader.h"
#include "runs/runstr.h"

#include <QJsonArray>

namespace batchlab {

namespace {

QJsonArray variablesToJson(const QList<Variable> &variables)
{
    QJsonArray array;
    for (const Variable &v : variables) {
        // A secret's value stays in memory: the file says only that it is needed.
        QJsonObject variable{{QStringLiteral("name"), v.name},
                             {QStringLiteral("value"), v.secret ? QString() : v.value}};
        if (v.secret)
            variable.insert(QStringLiteral("secret"), true);
        array.append(variable);
    }
    return array;
}

QList<Variable> variablesFromJson(const QJsonValue &value, const QString &at, FieldReader &r)
{
    QList<Variable> out;
    if (value.isUndefined())
        return out;
    if (!value.isArray()) {
        r.fail(at, RunsTr::tr("expected an array"));
        return out;
    }
    const QJsonArray array = value.toArray();
    for (qsizetype i = 0; r.ok() && i < array.size(); ++i) {
        const QString field = QStringLiteral("%1[%2]").arg(at).arg(i);
        if (!array.at(i).isObject()) {
            r.fail(field, RunsTr::tr("expected an object"));
            break;
        }
        const QJsonObject v = array.at(i).toObject();
        const QString where = field + u'.';
        Variable variable{r.string(v, "name", where, true), r.string(v, "value", where, false),
                          r.boolean(v, "secret", where, false)};
        if (r.ok() && variable.name.isEmpty())
            r.fail(where + QStringLiteral("name"), RunsTr::tr("must not be empty"));
        for (const Variable &earlier : std::as_const(out)) {
            if (r.ok() && earlier.name == variable.name)
                r.fail(where + QStringLiteral("name"), RunsTr::tr("\"%1\" is defined twice").arg(variable.name));
        }
        out.append(variable);
    }
    return out;
}

} // namespace

bool EnvironmentsBlock::any(const RequestSet &set)
{
    return !set.environments.isEmpty() || !set.environment.isEmpty();
}

void EnvironmentsBlock::write(const RequestSet &set, QJsonObject *root)
{
    if (!set.environments.isEmpty()) {
        QJsonArray environments;
        for (const Environment &e : set.environments) {
            environments.append(QJsonObject{{QStringLiteral("name"), e.name},
                                            {QStringLiteral("variables"), variablesToJson(e.variables)}});
        }
        root->insert(QStringLiteral("environments"), environments);
    }
    if (!set.environment.isEmpty())
        root->insert(QStringLiteral("environment"), set.environment);
}

void EnvironmentsBlock::read(const QJsonObject &root, RequestSet *set, FieldReader &r)
{
    if (!r.ok())
        return;
    const QJsonValue environments = root.value(QStringLiteral("environments"));
    if (!environments.isUndefined() && !environments.isArray()) {
        r.fail(QStringLiteral("environments"), RunsTr::tr("expected an array"));
        return;
    }
    const QJsonArray array = environments.toArray();
    for (qsizetype i = 0; r.ok() && i < array.size(); ++i) {
        const QString at = QStringLiteral("environments[%1]").arg(i);
        if (!array.at(i).isObject()) {
            r.fail(at, RunsTr::tr("expected an object"));
            return;
        }
        const QJsonObject o = array.at(i).toObject();
        Environment environment;
        environment.name = r.string(o, "name", at + u'.', true);
        if (r.ok() && environment.name.trimmed().isEmpty())
            r.fail(at + QStringLiteral(".name"), RunsTr::tr("must not be empty"));
        for (const Environment &earlier : std::as_const(set->environments)) {
            if (r.ok() && earlier.name == environment.name)
                r.fail(at + QStringLiteral(".name"),
                       RunsTr::tr("there is already an environment \"%1\"").arg(environment.name));
        }
        if (!r.ok())
            return;
        environment.variables = variablesFromJson(o.value(QStringLiteral("variables")), at + QStringLiteral(".variables"), r);
        set->environments.append(environment);
    }
    set->environment = r.string(root, "environment", {}, false);
    if (r.ok() && root.contains(QStringLiteral("environment")) && !set->activeEnvironment()) {
        QStringList names;
        for (const Environment &e : std::as_const(set->environments))
            names.append(e.name);
        r.fail(QStringLiteral("environment"),
               set->environment.isEmpty()
                   ? RunsTr::tr("must not be empty (leave it out for none)")
                   : RunsTr::tr("no environment is named \"%1\"; there are: %2")
                         .arg(set->environment, names.isEmpty() ? RunsTr::tr("none") : names.join(QStringLiteral(", "))));
    }
}

} // namespace batchlab
