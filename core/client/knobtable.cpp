// SPDX-License-Identifier: BSD-3-Clause
#include "client/knobtable.h"
#include "client/clienttr.h"

#include <algorithm>
#include <climits>
#include <cstring>

namespace batchlab {

namespace {

/// Edits from one name to the other (Levenshtein), ignoring case: "maxdelay" is one edit
/// away from nothing, two from "maxDelayMs".
int editDistance(const QString &a, const QString &b)
{
    const QString x = a.toLower();
    const QString y = b.toLower();
    std::vector<int> row(size_t(y.size()) + 1);
    for (size_t j = 0; j < row.size(); ++j)
        row[j] = int(j);
    for (qsizetype i = 1; i <= x.size(); ++i) {
        int diagonal = row[0];
        row[0] = int(i);
        for (qsizetype j = 1; j <= y.size(); ++j) {
            const int up = row[size_t(j)];
            row[size_t(j)] = std::min(
                {up + 1, row[size_t(j) - 1] + 1, diagonal + (x[i - 1] == y[j - 1] ? 0 : 1)});
            diagonal = up;
        }
    }
    return row.back();
}

QString orList(const QStringList &names)
{
    if (names.size() < 2)
        return names.value(0);
    return ClientTr::tr("%1 or %2")
        .arg(names.mid(0, names.size() - 1).join(QStringLiteral(", ")), names.last());
}

} // namespace

std::vector<const Knob *> KnobTable::block(const char *block)
{
    std::vector<const Knob *> out;
    for (const Knob &k : all()) {
        if (std::strcmp(k.block, block) == 0)
            out.push_back(&k);
    }
    return out;
}

QString KnobTable::shortName(const Knob &knob)
{
    const auto same = std::count_if(all().cbegin(), all().cend(), [&](const Knob &k) {
        return std::strcmp(k.name, knob.name) == 0;
    });
    return same == 1 ? QLatin1String(knob.name) : knob.qualifiedName();
}

QStringList KnobTable::names()
{
    QStringList out;
    for (const Knob &k : all())
        out.append(k.qualifiedName());
    return out;
}

const Knob *KnobTable::find(const QString &name, QString *error)
{
    const bool qualified = name.contains(u'.');
    std::vector<const Knob *> found;
    for (const Knob &k : all()) {
        if (qualified ? k.qualifiedName() == name : QLatin1String(k.name) == name)
            found.push_back(&k);
    }
    if (found.size() == 1)
        return found.front();
    if (error) {
        if (found.size() > 1) {
            QStringList which;
            for (const Knob *k : found)
                which.append(k->qualifiedName());
            *error = ClientTr::tr("\"%1\" is a setting of more than one block: say %2")
                         .arg(name, orList(which));
        } else {
            // The nearest names, by their shortest form, every one as near as the nearest.
            int best = INT_MAX;
            QStringList nearest;
            for (const Knob &k : all()) {
                const int d = std::min(editDistance(name, QLatin1String(k.name)),
                                       editDistance(name, k.qualifiedName()));
                if (d < best) {
                    best = d;
                    nearest.clear();
                }
                if (d == best)
                    nearest.append(shortName(k));
            }
            *error = ClientTr::tr("no setting is called \"%1\"; did you mean %2?")
                         .arg(name, orList(nearest));
        }
    }
    return nullptr;
}

bool KnobTable::apply(ClientConfig *config, const QString &assignment, QString *error)
{
    const qsizetype equals = assignment.indexOf(u'=');
    if (equals <= 0) {
        if (error)
            *error
                = ClientTr::tr("\"%1\" is not name=value, as in maxBatchSize=20").arg(assignment);
        return false;
    }
    const Knob *knob = find(assignment.left(equals).trimmed(), error);
    if (!knob)
        return false;
    ClientConfig changed = *config;
    if (!knob->setText(&changed, assignment.mid(equals + 1), error))
        return false;
    for (const QString &problem :
         {changed.batch.validate(), changed.retry.validate(), changed.breaker.validate()}) {
        if (!problem.isEmpty()) {
            if (error)
                *error = ClientTr::tr("%1: %2").arg(assignment, problem);
            return false;
        }
    }
    *config = changed;
    return true;
}

} // namespace batchlab
