// SPDX-License-Identifier: BSD-3-Clause
#include "runs/secretresolver.h"
#include "runs/keychainstore.h"

#include <QPointer>

#include <algorithm>
#include <memory>
#include <vector>

namespace batchlab {

namespace {

const Variable *findIn(const QList<Variable> &variables, const QString &name)
{
    const auto found = std::find_if(variables.cbegin(), variables.cend(),
                                    [&name](const Variable &v) { return v.name == name; });
    return found != variables.cend() ? &*found : nullptr;
}

QString keyOf(const RequestSet &set, const SecretNeed &need)
{
    return secretStoreKey(set.name, need.environment, need.name);
}

} // namespace

QString SecretNeed::label() const
{
    return environment.isEmpty() ? name : environment + QStringLiteral(" · ") + name;
}

SecretResolver::SecretResolver(KeychainStore *store, QObject *parent) : QObject(parent), m_store(store) { }

QList<SecretNeed> SecretResolver::needed(const RequestSet &set, const QList<int> &rows)
{
    // Every {{name}} the texts use, found by substituting with no variables at all.
    RequestSet bare;
    QStringList used;
    const auto scan = [&](const QString &text) { bare.substitute(text, &used); };
    for (qsizetype row = 0; row < set.requests.size(); ++row) {
        const RequestItem &item = set.requests.at(row);
        if (rows.isEmpty() ? !item.enabled : !rows.contains(int(row)))
            continue;
        scan(item.method);
        scan(item.url);
        scan(item.body);
        for (const auto &[name, value] : item.headers) {
            scan(name);
            scan(value);
        }
    }
    if (set.target) {
        for (const auto &[name, value] : set.target->headers) {
            scan(name);
            scan(value);
        }
    }
    QList<SecretNeed> out;
    const Environment *active = set.activeEnvironment();
    for (const QString &name : std::as_const(used)) {
        const Variable *inEnvironment = active ? findIn(active->variables, name) : nullptr;
        const Variable *variable = inEnvironment ? inEnvironment : findIn(set.variables, name);
        if (variable && variable->secret && variable->value.isEmpty())
            out.append({inEnvironment ? active->name : QString(), name});
    }
    return out;
}

void SecretResolver::fill(RequestSet *set, const SecretNeed &need, const QString &value)
{
    QList<Variable> *variables = &set->variables;
    if (!need.environment.isEmpty()) {
        const auto found = std::find_if(set->environments.begin(), set->environments.end(),
                                        [&need](const Environment &e) { return e.name == need.environment; });
        if (found == set->environments.end())
            return;
        variables = &found->variables;
    }
    for (Variable &v : *variables) {
        if (v.name == need.name)
            v.value = value;
    }
}

void SecretResolver::remember(const QString &setName, const SecretNeed &need, const QString &value, bool inStore)
{
    const QString key = secretStoreKey(setName, need.environment, need.name);
    m_session.insert(key, value);
    if (inStore && m_store)
        m_store->write(key, value);
}

void SecretResolver::resolve(const RequestSet &set, const QList<int> &rows, QObject *context, Done done)
{
    auto filled = std::make_shared<RequestSet>(set);
    auto missing = std::make_shared<QList<SecretNeed>>();
    for (const SecretNeed &need : needed(set, rows)) {
        const QString session = m_session.value(keyOf(set, need));
        const QByteArray variable = secretEnvironmentVariable(need.environment, need.name).toLatin1();
        const QString fromEnvironment = qEnvironmentVariable(variable.constData());
        if (!session.isEmpty())
            fill(filled.get(), need, session);
        else if (!fromEnvironment.isEmpty())
            fill(filled.get(), need, fromEnvironment);
        else
            missing->append(need);
    }
    if (missing->isEmpty() || !m_store || !m_store->isAvailable()) {
        done(*filled, *missing);
        return;
    }
    // All asked at once; the last answer (or timeout) calls back, the missing in their order.
    struct Pending
    {
        std::shared_ptr<RequestSet> filled;
        QList<SecretNeed> needs;
        std::vector<bool> found;
        qsizetype waiting = 0;
        QPointer<QObject> context;
        Done done;
    };
    auto pending = std::make_shared<Pending>(Pending{filled, *missing, std::vector<bool>(size_t(missing->size())),
                                                     missing->size(), QPointer<QObject>(context), std::move(done)});
    for (qsizetype i = 0; i < pending->needs.size(); ++i) {
        m_store->read(keyOf(set, pending->needs.at(i)), [pending, i](std::optional<QString> value) {
            if (value && !value->isEmpty()) {
                fill(pending->filled.get(), pending->needs.at(i), *value);
                pending->found[size_t(i)] = true;
            }
            if (--pending->waiting > 0 || !pending->context)
                return;
            QList<SecretNeed> still;
            for (qsizetype k = 0; k < pending->needs.size(); ++k) {
                if (!pending->found[size_t(k)])
                    still.append(pending->needs.at(k));
            }
            pending->done(*pending->filled, still);
        });
    }
}

} // namespace batchlab
