// SPDX-License-Identifier: BSD-3-Clause
#include "commands/sandboxoptions.h"
#include "apptr.h"
#include "commands/cliparser.h"

#include <functional>

namespace batchlab {

namespace {

/// One option and where its value goes.
struct Field
{
    const char *name;
    QString valueName;
    QString help;
    std::function<bool(const QString &, SandboxBehavior *)> apply;
};

template<typename T>
std::function<bool(const QString &, SandboxBehavior *)> number(T SandboxBehavior::*member)
{
    return [member](const QString &text, SandboxBehavior *b) {
        bool ok = false;
        if constexpr (std::is_same_v<T, double>)
            b->*member = text.toDouble(&ok);
        else if constexpr (std::is_same_v<T, quint64>)
            b->*member = text.toULongLong(&ok);
        else
            b->*member = text.toInt(&ok);
        return ok;
    };
}

QList<Field> fields()
{
    const QString ms = AppTr::tr("MS");
    const QString p = AppTr::tr("P");
    const QString n = AppTr::tr("N");
    const QString status = AppTr::tr("STATUS");
    return {
        {"latency", ms, AppTr::tr("Fixed delay before every answer, in milliseconds."), number(&SandboxBehavior::latencyMs)},
        {"jitter", ms, AppTr::tr("Extra uniform delay in [0, MS] per answer."), number(&SandboxBehavior::jitterMs)},
        {"error-rate", p, AppTr::tr("Share of items (0..1) answered with --error-status."),
         number(&SandboxBehavior::itemErrorRate)},
        {"error-status", status, AppTr::tr("Status of injected item errors (default 500)."),
         number(&SandboxBehavior::itemErrorStatus)},
        {"batch-failure-rate", p, AppTr::tr("Share of batch requests (0..1) failed as a whole."),
         number(&SandboxBehavior::batchFailureRate)},
        {"batch-failure-status", status, AppTr::tr("Status of failed batches: 500, 503, or 429 (default 500)."),
         number(&SandboxBehavior::batchFailureStatus)},
        {"throttle-rate", p, AppTr::tr("Share of items (0..1) answered 429 with Retry-After."),
         number(&SandboxBehavior::throttleRate)},
        {"retry-after", AppTr::tr("S"), AppTr::tr("Retry-After of every 429, in seconds (default 1)."),
         number(&SandboxBehavior::retryAfterSeconds)},
        {"hang-rate", p, AppTr::tr("Share of requests (0..1) accepted and never answered."), number(&SandboxBehavior::hangRate)},
        {"drop-rate", p, AppTr::tr("Share of requests (0..1) whose connection is reset."), number(&SandboxBehavior::dropRate)},
        {"malformed-rate", p, AppTr::tr("Share of batch answers (0..1) that are malformed."),
         number(&SandboxBehavior::malformedRate)},
        {"max-batch-items", n, AppTr::tr("Largest batch accepted; 0 = no limit (default 1000)."),
         number(&SandboxBehavior::maxBatchItems)},
        {"seed", AppTr::tr("S"), AppTr::tr("Seed of every random draw (default 1)."), number(&SandboxBehavior::seed)},
    };
}

const char *const kMalformedKind = "malformed-kind";
const char *const kShuffle = "shuffle";

} // namespace

QList<CliOption> SandboxOptions::options(const QString &prefix)
{
    QList<CliOption> options;
    for (const Field &field : fields())
        options.append({{prefix + QLatin1String(field.name)}, field.valueName, field.help, {}, {}});
    options.append({{prefix + QLatin1String(kMalformedKind)},
                    AppTr::tr("KIND"),
                    AppTr::tr("How answers are malformed: any, bad-json, missing-id, duplicate-id, unknown-id."),
                    {},
                    {QStringLiteral("any"), QStringLiteral("bad-json"), QStringLiteral("missing-id"),
                     QStringLiteral("duplicate-id"), QStringLiteral("unknown-id")}});
    options.append({{prefix + QLatin1String(kShuffle)}, {}, AppTr::tr("Answer batch items in random order."), {}, {}});
    return options;
}

QString SandboxOptions::apply(const CliParser &parser, const QString &prefix, SandboxBehavior *behavior)
{
    for (const Field &field : fields()) {
        const QString name = prefix + QLatin1String(field.name);
        if (parser.isSet(name) && !field.apply(parser.value(name), behavior))
            return AppTr::tr("--%1 expects a number, not \"%2\"").arg(name, parser.value(name));
    }
    const QString kind = prefix + QLatin1String(kMalformedKind);
    if (parser.isSet(kind) && !parseMalformKind(parser.value(kind), &behavior->malformKind))
        return AppTr::tr("unknown --%1 \"%2\"").arg(kind, parser.value(kind));
    if (parser.isSet(prefix + QLatin1String(kShuffle)))
        behavior->shuffle = true;
    return behavior->validate();
}

} // namespace batchlab
