// SPDX-License-Identifier: BSD-3-Clause
#include "runs/settingsblocks.h"
#include "runs/fieldreader.h"
#include "runs/runstr.h"

#include "client/knobtable.h"

#include <QJsonArray>

namespace batchlab {

namespace {

using std::chrono::milliseconds;

// The names in the file; their order is the enum's.
const char *const kArrivals[] = {"all-at-once", "fixed-rate", "poisson", "recorded"};
// The sandbox's malformKindName()s: core includes no sandbox header (tst_runstate checks
// that both lists agree).
const char *const kMalforms[] = {"any", "bad-json", "missing-id", "duplicate-id", "unknown-id"};

template<size_t N>
QLatin1String nameOf(const char *const (&names)[N], int index)
{
    return QLatin1String(names[size_t(index) < N ? size_t(index) : 0]);
}

/// The largest whole number a JSON number (a double) holds exactly.
constexpr double kMaxSeed = 9007199254740991.0; // 2^53 - 1

quint64 seed(FieldReader &r, const QJsonObject &o, const QString &at, quint64 fallback)
{
    const double value = r.real(o, "seed", at, double(fallback), 0, kMaxSeed);
    if (r.ok() && value != double(qint64(value)))
        r.fail(at + QStringLiteral("seed"), RunsTr::tr("expected a whole number"));
    return quint64(value);
}

QList<int> readStatuses(const QJsonObject &o, const char *key, const QString &at, FieldReader &r, QList<int> fallback)
{
    if (!o.contains(QLatin1String(key)) || !r.ok())
        return fallback;
    const QJsonValue v = o.value(QLatin1String(key));
    if (!v.isArray()) {
        r.fail(at + QLatin1String(key), RunsTr::tr("expected an array of HTTP statuses"));
        return fallback;
    }
    QList<int> out;
    const QJsonArray statuses = v.toArray();
    for (qsizetype i = 0; r.ok() && i < statuses.size(); ++i) {
        const double status = statuses.at(i).toDouble(-1);
        if (!statuses.at(i).isDouble() || status != double(int(status)) || status < 100 || status > 599)
            r.fail(at + QLatin1String(key) + QStringLiteral("[%1]").arg(i), RunsTr::tr("expected an HTTP status from 100 to 599"));
        out.append(int(status));
    }
    return out;
}

/// Reads one block of knobs into the part of a default ClientConfig that `part` picks, then
/// checks it whole with `validate` (nothing for the cache, which has no rule across fields).
template<typename Part>
Part readBlock(const char *block, Part ClientConfig::*part, const QJsonObject &o, FieldReader &r)
{
    ClientConfig c;
    SettingsBlocks::readKnobs(block, o, r, &c);
    if constexpr (requires(const Part &p) { p.validate(); }) {
        if (r.ok() && !(c.*part).validate().isEmpty())
            r.fail(QLatin1String(block), (c.*part).validate());
    }
    return c.*part;
}

RunPlan readPlan(const QJsonObject &o, FieldReader &r)
{
    const QString at = QStringLiteral("plan.");
    RunPlan p;
    p.iterations = r.integer(o, "iterations", at, p.iterations, 1);
    p.arrival = ArrivalPattern(r.choice(o, "arrival", at, kArrivals, int(p.arrival)));
    p.ratePerSecond = r.real(o, "ratePerSecond", at, p.ratePerSecond, 0.001, 1e9);
    p.seed = seed(r, o, at, p.seed);
    return p;
}

SandboxFaults readSandbox(const QJsonObject &o, FieldReader &r)
{
    const QString at = QStringLiteral("sandbox.");
    SandboxFaults f;
    f.latencyMs = r.integer(o, "latencyMs", at, f.latencyMs, 0);
    f.jitterMs = r.integer(o, "jitterMs", at, f.jitterMs, 0);
    f.itemErrorRate = r.real(o, "itemErrorRate", at, f.itemErrorRate, 0, 1);
    f.itemErrorStatus = r.integer(o, "itemErrorStatus", at, f.itemErrorStatus, 400, 599);
    f.batchFailureRate = r.real(o, "batchFailureRate", at, f.batchFailureRate, 0, 1);
    f.batchFailureStatus = r.integer(o, "batchFailureStatus", at, f.batchFailureStatus, 400, 599);
    f.throttleRate = r.real(o, "throttleRate", at, f.throttleRate, 0, 1);
    f.retryAfterSeconds = r.integer(o, "retryAfterSeconds", at, f.retryAfterSeconds, 0);
    f.hangRate = r.real(o, "hangRate", at, f.hangRate, 0, 1);
    f.dropRate = r.real(o, "dropRate", at, f.dropRate, 0, 1);
    f.malformedRate = r.real(o, "malformedRate", at, f.malformedRate, 0, 1);
    f.malformKind = nameOf(kMalforms, r.choice(o, "malformKind", at, kMalforms, 0));
    f.shuffle = r.boolean(o, "shuffle", at, f.shuffle);
    f.maxBatchItems = r.integer(o, "maxBatchItems", at, f.maxBatchItems, 0);
    f.seed = seed(r, o, at, f.seed);
    return f;
}

} // namespace

bool SettingsBlocks::any(const RequestSet &set)
{
    return set.retry || set.breaker || set.cache || set.plan || set.sandbox;
}

QJsonObject SettingsBlocks::knobsToJson(const char *block, const ClientConfig &c)
{
    QJsonObject o;
    for (const Knob *k : KnobTable::block(block)) {
        if (!k->inFile)
            continue;
        const QString key = QLatin1String(k->name);
        switch (k->type) {
        case Knob::Type::Integer:
            o.insert(key, qint64(k->get(c)));
            break;
        case Knob::Type::Decimal:
            o.insert(key, k->get(c));
            break;
        case Knob::Type::Switch:
            o.insert(key, k->get(c) != 0);
            break;
        case Knob::Type::Choice:
            // A value no name stands for (the custom batch key, a function) is left out.
            if (const auto index = size_t(k->get(c)); index < k->choices.size())
                o.insert(key, QLatin1String(k->choices[index]));
            break;
        case Knob::Type::StatusList: {
            QJsonArray statuses;
            for (int status : k->getList(c))
                statuses.append(status);
            o.insert(key, statuses);
            break;
        }
        }
    }
    return o;
}

void SettingsBlocks::readKnobs(const char *block, const QJsonObject &o, FieldReader &r, ClientConfig *c)
{
    const QString at = QLatin1String(block) + u'.';
    for (const Knob *k : KnobTable::block(block)) {
        if (!k->inFile)
            continue;
        switch (k->type) {
        case Knob::Type::Integer:
            k->set(*c, r.integer(o, k->name, at, int(k->get(*c)), int(k->min), int(k->max)));
            break;
        case Knob::Type::Decimal:
            k->set(*c, r.real(o, k->name, at, k->get(*c), k->min, k->max));
            break;
        case Knob::Type::Switch:
            k->set(*c, r.boolean(o, k->name, at, k->get(*c) != 0) ? 1 : 0);
            break;
        case Knob::Type::Choice:
            k->set(*c, r.choice(o, k->name, at, k->choices, int(k->get(*c))));
            break;
        case Knob::Type::StatusList:
            k->setList(*c, readStatuses(o, k->name, at, r, k->getList(*c)));
            break;
        }
    }
}

QJsonObject SettingsBlocks::toJson(const RetryPolicy &p)
{
    ClientConfig c;
    c.retry = p;
    return knobsToJson("retry", c);
}

QJsonObject SettingsBlocks::toJson(const BreakerConfig &b)
{
    ClientConfig c;
    c.breaker = b;
    return knobsToJson("breaker", c);
}

QJsonObject SettingsBlocks::toJson(const CacheConfig &h)
{
    ClientConfig c;
    c.cache = h;
    return knobsToJson("cache", c);
}

QJsonObject SettingsBlocks::toJson(const RunPlan &p)
{
    return {{QStringLiteral("iterations"), p.iterations},
            {QStringLiteral("arrival"), nameOf(kArrivals, int(p.arrival))},
            {QStringLiteral("ratePerSecond"), p.ratePerSecond},
            {QStringLiteral("seed"), double(p.seed)}};
}

QJsonObject SettingsBlocks::toJson(const SandboxFaults &f)
{
    return {{QStringLiteral("latencyMs"), f.latencyMs},
            {QStringLiteral("jitterMs"), f.jitterMs},
            {QStringLiteral("itemErrorRate"), f.itemErrorRate},
            {QStringLiteral("itemErrorStatus"), f.itemErrorStatus},
            {QStringLiteral("batchFailureRate"), f.batchFailureRate},
            {QStringLiteral("batchFailureStatus"), f.batchFailureStatus},
            {QStringLiteral("throttleRate"), f.throttleRate},
            {QStringLiteral("retryAfterSeconds"), f.retryAfterSeconds},
            {QStringLiteral("hangRate"), f.hangRate},
            {QStringLiteral("dropRate"), f.dropRate},
            {QStringLiteral("malformedRate"), f.malformedRate},
            {QStringLiteral("malformKind"), f.malformKind},
            {QStringLiteral("shuffle"), f.shuffle},
            {QStringLiteral("maxBatchItems"), f.maxBatchItems},
            {QStringLiteral("seed"), double(f.seed)}};
}

void SettingsBlocks::write(const RequestSet &set, QJsonObject *root)
{
    if (set.retry)
        root->insert(QStringLiteral("retry"), toJson(*set.retry));
    if (set.breaker)
        root->insert(QStringLiteral("breaker"), toJson(*set.breaker));
    if (set.cache)
        root->insert(QStringLiteral("cache"), toJson(*set.cache));
    if (set.plan)
        root->insert(QStringLiteral("plan"), toJson(*set.plan));
    if (set.sandbox)
        root->insert(QStringLiteral("sandbox"), toJson(*set.sandbox));
}

void SettingsBlocks::read(const QJsonObject &root, RequestSet *set, FieldReader &r)
{
    if (const std::optional<QJsonObject> o = r.object(root, "retry"))
        set->retry = readBlock("retry", &ClientConfig::retry, *o, r);
    if (const std::optional<QJsonObject> o = r.object(root, "breaker"))
        set->breaker = readBlock("breaker", &ClientConfig::breaker, *o, r);
    if (const std::optional<QJsonObject> o = r.object(root, "cache"))
        set->cache = readBlock("cache", &ClientConfig::cache, *o, r);
    if (const std::optional<QJsonObject> o = r.object(root, "plan"))
        set->plan = readPlan(*o, r);
    if (const std::optional<QJsonObject> o = r.object(root, "sandbox"))
        set->sandbox = readSandbox(*o, r);
}

} // namespace batchlab
