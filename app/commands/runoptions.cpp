// SPDX-License-Identifier: BSD-3-Clause
#include "commands/runoptions.h"
#include "apptr.h"
#include "commands/cliparser.h"
#include "commands/sandboxoptions.h"

#include "client/knobtable.h"
#include "runs/resolvedtarget.h"
#include "runs/secretresolver.h"
#include "runsetup.h"

#include <QProcessEnvironment>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>

namespace batchlab {

namespace {

/// The command line's short profile names (as the issue and other tools spell them) beside
/// the ids files use.
const ServerProfile *findProfile(const QString &name)
{
    static const QHash<QString, QString> aliases{{QStringLiteral("odata401"), QStringLiteral("odata-4.01")},
                                                 {QStringLiteral("odata40"), QStringLiteral("odata-4.0")}};
    return ServerProfile::find(aliases.value(name, name));
}

/// "maxBatchSize=", "batch.maxDelayMs=": what bash completes after --set.
QStringList knobCompletions()
{
    QStringList words;
    for (const Knob &knob : KnobTable::all())
        words.append(KnobTable::shortName(knob) + u'=');
    return words;
}

QStringList profileNames()
{
    return {QStringLiteral("graph"), QStringLiteral("odata401"), QStringLiteral("odata40"), QStringLiteral("google"),
            QStringLiteral("gmail"), QStringLiteral("jsonrpc")};
}

const QStringList &arrivalNames()
{
    // In ArrivalPattern's order.
    static const QStringList names{QStringLiteral("all"), QStringLiteral("fixed"), QStringLiteral("poisson"),
                                   QStringLiteral("recorded")};
    return names;
}

/// Sets variable `name` where a run reads it: the active environment's when it has one of
/// that name, else the set's own (added when missing).
void setVariable(RequestSet *set, const QString &name, const QString &value)
{
    for (Environment &environment : set->environments) {
        if (environment.name != set->environment)
            continue;
        for (Variable &variable : environment.variables) {
            if (variable.name == name) {
                variable.value = value;
                return;
            }
        }
    }
    for (Variable &variable : set->variables) {
        if (variable.name == name) {
            variable.value = value;
            return;
        }
    }
    set->variables.append({name, value, false});
}

} // namespace

QList<CliOption> RunOptions::options()
{
    QList<CliOption> options{
        {{QStringLiteral("target")}, AppTr::tr("URL"),
         AppTr::tr("Run against this API (its base URL) instead of the set's target; without it, the set's "
                   "target, or the built-in sandbox."),
         {}, {}},
        {{QStringLiteral("profile")}, AppTr::tr("NAME"),
         AppTr::tr("The server's batch format and limit: graph, odata401, odata40, google, gmail, jsonrpc."), {},
         profileNames()},
        {{QStringLiteral("batch-path")}, AppTr::tr("PATH"),
         AppTr::tr("The batch endpoint's path on the target (default: the profile's usual one)."), {}, {}},
        {{QStringLiteral("header")}, AppTr::tr("'NAME: VALUE'"),
         AppTr::tr("A header of every HTTP request to the target, batch envelopes included (credentials); "
                   "repeatable."),
         {}, {}},
        {{QStringLiteral("var")}, AppTr::tr("NAME=VALUE"),
         AppTr::tr("Sets a {{variable}} of the set (the active environment's when it has it); NAME alone takes "
                   "the environment variable NAME. Secrets also come from BATCHLAB_SECRET_<NAME>. Repeatable."),
         {}, {}},
        {{QStringLiteral("environment")}, AppTr::tr("NAME"), AppTr::tr("Makes the set's environment NAME the active one."),
         {}, {}},
        {{QStringLiteral("iterations")}, AppTr::tr("N"), AppTr::tr("Runs the set's enabled requests N times over."), {}, {}},
        {{QStringLiteral("arrival")}, AppTr::tr("PATTERN"),
         AppTr::tr("How calls arrive: all (at once), fixed (--rate a second), poisson (--rate on average), "
                   "recorded (each when it went out in the imported capture)."),
         {}, arrivalNames()},
        {{QStringLiteral("rate")}, AppTr::tr("R"), AppTr::tr("Calls a second for fixed and poisson arrivals."), {}, {}},
        {{QStringLiteral("duration")}, AppTr::tr("D"),
         AppTr::tr("Stops the run after D (30s, 500ms, 2m); calls not settled by then are cancelled. With fixed or "
                   "poisson arrivals and no --iterations, runs enough iterations to fill D."),
         {}, {}},
        {{QStringLiteral("seed")}, AppTr::tr("S"), AppTr::tr("Seed of the Poisson arrivals."), {}, {}},
        {{QStringLiteral("set")}, AppTr::tr("NAME=VALUE"),
         AppTr::tr("A batching, retry, breaker or cache setting, named as in the settings panel and the file "
                   "(maxBatchSize=20, batch.maxDelayMs=5, retry.maxAttempts=3); repeatable."),
         {}, knobCompletions()},
    };
    options += SandboxOptions::options(QStringLiteral("sandbox-"));
    return options;
}

QPair<QString, QString> RunOptions::setArgument()
{
    return {QStringLiteral("SET"), AppTr::tr("The request set to run (a file, or a sample's name).")};
}

QString RunOptions::oneSet(const CliParser &parser, QString *error)
{
    const QStringList positionals = parser.positionalArguments();
    if (positionals.size() == 1)
        return positionals.constFirst();
    *error = positionals.isEmpty() ? AppTr::tr("which set? (a file, or a sample's name)")
                                   : AppTr::tr("one set at a time, not %1").arg(positionals.join(u' '));
    return QString();
}

qint64 RunOptions::parseDuration(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("^\\s*(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?\\s*$"));
    const QRegularExpressionMatch match = pattern.match(text);
    if (!match.hasMatch())
        return -1;
    const double value = match.captured(1).toDouble();
    const QString unit = match.captured(2);
    const double factor = unit == u"ms" ? 1 : unit == u"m" ? 60'000 : unit == u"h" ? 3'600'000 : 1000;
    const double ms = value * factor;
    return ms > 1e12 ? -1 : qint64(std::llround(ms));
}

QString RunOptions::applySettings(const QStringList &assignments, ClientConfig *config)
{
    QString error;
    for (const QString &assignment : assignments) {
        if (!KnobTable::apply(config, assignment, &error))
            return error;
    }
    return QString();
}

QString RunOptions::read(const CliParser &parser, RequestSet set, HeadlessSetup *setup)
{
    // The target.
    if (parser.isSet(QStringLiteral("environment"))) {
        const QString name = parser.value(QStringLiteral("environment"));
        set.environment = name;
        if (!set.activeEnvironment())
            return AppTr::tr("the set has no environment \"%1\"").arg(name);
    }
    TargetSpec target = set.target.value_or(TargetSpec());
    if (parser.isSet(QStringLiteral("profile"))) {
        const ServerProfile *profile = findProfile(parser.value(QStringLiteral("profile")));
        if (!profile)
            return AppTr::tr("unknown --profile \"%1\" (known: %2)")
                .arg(parser.value(QStringLiteral("profile")), profileNames().join(QStringLiteral(", ")));
        target.profile = profile->id;
        target.batchPath = profile->batchPath;
    }
    if (parser.isSet(QStringLiteral("target"))) {
        target.kind = TargetSpec::Kind::Url;
        target.baseUrl = parser.value(QStringLiteral("target"));
        if (!parser.isSet(QStringLiteral("profile")) && (!set.target || set.target->kind == TargetSpec::Kind::Sandbox))
            target.batchPath = ServerProfile::find(target.profile)->batchPath;
    }
    if (parser.isSet(QStringLiteral("batch-path"))) {
        if (target.kind == TargetSpec::Kind::Sandbox)
            return AppTr::tr("--batch-path needs --target (the sandbox serves each format at its own path)");
        target.batchPath = parser.value(QStringLiteral("batch-path"));
    }
    for (const QString &header : parser.values(QStringLiteral("header"))) {
        const qsizetype colon = header.indexOf(u':');
        if (colon <= 0 || header.left(colon).trimmed().isEmpty())
            return AppTr::tr("--header expects 'Name: value', not \"%1\"").arg(header);
        target.headers.append({header.left(colon).trimmed(), header.mid(colon + 1).trimmed()});
    }
    set.target = target;
    if (const QString error = ResolvedTarget::resolve(set.target, QUrl(QStringLiteral("http://127.0.0.1"))).error;
        !error.isEmpty())
        return error;

    // Variables, then the secrets still empty from the environment.
    const QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const QString &assignment : parser.values(QStringLiteral("var"))) {
        const qsizetype equals = assignment.indexOf(u'=');
        const QString name = equals < 0 ? assignment : assignment.left(equals);
        if (name.isEmpty())
            return AppTr::tr("--var expects NAME=VALUE or NAME, not \"%1\"").arg(assignment);
        if (equals < 0 && !environment.contains(name))
            return AppTr::tr("--var %1: no environment variable %1").arg(name);
        setVariable(&set, name, equals < 0 ? environment.value(name) : assignment.mid(equals + 1));
    }
    for (const SecretNeed &need : SecretResolver::needed(set)) {
        const QString variable = secretEnvironmentVariable(need.environment, need.name);
        if (!environment.contains(variable))
            return AppTr::tr("the secret \"%1\" has no value: set the environment variable %2, or --var %3=…")
                .arg(need.label(), variable, need.name);
        SecretResolver::fill(&set, need, environment.value(variable));
    }

    // The plan.
    RunPlan plan = set.plan.value_or(RunPlan());
    bool ok = true;
    if (parser.isSet(QStringLiteral("iterations"))) {
        plan.iterations = parser.value(QStringLiteral("iterations")).toInt(&ok);
        if (!ok || plan.iterations < 1)
            return AppTr::tr("--iterations expects a whole number from 1, not \"%1\"").arg(parser.value(QStringLiteral("iterations")));
    }
    if (parser.isSet(QStringLiteral("arrival"))) {
        const qsizetype index = arrivalNames().indexOf(parser.value(QStringLiteral("arrival")));
        if (index < 0)
            return AppTr::tr("unknown --arrival \"%1\" (known: %2)")
                .arg(parser.value(QStringLiteral("arrival")), arrivalNames().join(QStringLiteral(", ")));
        plan.arrival = ArrivalPattern(index);
    }
    if (parser.isSet(QStringLiteral("rate"))) {
        plan.ratePerSecond = parser.value(QStringLiteral("rate")).toDouble(&ok);
        if (!ok || !(plan.ratePerSecond >= 0.001 && plan.ratePerSecond <= 1e9))
            return AppTr::tr("--rate expects calls a second (0.001 to 1e9), not \"%1\"").arg(parser.value(QStringLiteral("rate")));
    }
    if (parser.isSet(QStringLiteral("seed"))) {
        plan.seed = parser.value(QStringLiteral("seed")).toULongLong(&ok);
        if (!ok)
            return AppTr::tr("--seed expects a whole number, not \"%1\"").arg(parser.value(QStringLiteral("seed")));
    }
    setup->durationMs = 0;
    if (parser.isSet(QStringLiteral("duration"))) {
        setup->durationMs = parseDuration(parser.value(QStringLiteral("duration")));
        if (setup->durationMs <= 0)
            return AppTr::tr("--duration expects a time such as 30s, 500ms or 2m, not \"%1\"")
                .arg(parser.value(QStringLiteral("duration")));
        qsizetype enabled = 0;
        for (const RequestItem &item : set.requests)
            enabled += item.enabled ? 1 : 0;
        const bool paced = plan.arrival == ArrivalPattern::FixedRate || plan.arrival == ArrivalPattern::Poisson;
        if (paced && !parser.isSet(QStringLiteral("iterations")) && enabled > 0) {
            const double calls = plan.ratePerSecond * double(setup->durationMs) / 1000.0;
            plan.iterations = int(std::clamp(std::ceil(calls / double(enabled)), 1.0, double(kMaxCallsPerRun / enabled)));
        }
    }
    if (qint64(plan.iterations) * set.requests.size() > kMaxCallsPerRun)
        return AppTr::tr("%1 iterations of %2 requests is more than the %3 calls a run may make")
            .arg(plan.iterations).arg(set.requests.size()).arg(kMaxCallsPerRun);

    // The settings: the set's, its target's, the command line's.
    ClientConfig config;
    config.batch = set.batch.value_or(BatchConfig());
    config.retry = set.retry.value_or(RetryPolicy());
    config.breaker = set.breaker.value_or(BreakerConfig());
    config.cache = set.cache.value_or(CacheConfig());
    ResolvedTarget::resolve(set.target, QUrl(QStringLiteral("http://127.0.0.1"))).applyTo(&config.batch);
    if (const QString error = applySettings(parser.values(QStringLiteral("set")), &config); !error.isEmpty())
        return AppTr::tr("--set %1").arg(error);

    SandboxBehavior sandbox = RunSetup::behaviorOf(set.sandbox.value_or(SandboxFaults()));
    if (const QString error = SandboxOptions::apply(parser, QStringLiteral("sandbox-"), &sandbox); !error.isEmpty())
        return error;

    setup->set = std::move(set);
    setup->plan = plan;
    setup->config = config;
    setup->sandbox = sandbox;
    return QString();
}

} // namespace batchlab
