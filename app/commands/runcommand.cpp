// SPDX-License-Identifier: BSD-3-Clause
#include "commands/runcommand.h"
#include "apptr.h"
#include "commands/cliparser.h"
#include "commands/exitcode.h"
#include "commands/headlessrun.h"
#include "commands/runoptions.h"
#include "commands/runreporttargets.h"
#include "commands/setloader.h"
#include "commands/stopsignals.h"

#include "runs/verdict/runmetrics.h"
#include "runs/verdict/runsummaryjson.h"
#include "runs/verdict/runsummarytable.h"
#include "runs/verdict/threshold.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <algorithm>
#include <langinfo.h>

namespace batchlab {

CliCommand runCommandSpec()
{
    CliCommand command;
    command.name = QStringLiteral("run");
    command.summary = AppTr::tr("run a request set without a window, with thresholds for CI");
    command.synopsis = AppTr::tr("[OPTIONS] SET");
    command.description = AppTr::tr(
        "Runs a request set as the workbench's Run does, on the same engine: against the built-in sandbox "
        "when the set targets it (nothing else to start), or against --target. SET is a .batchlab.json, a HAR, "
        "a Postman collection, a file of curl command lines, or the name of a sample (user-fanout, mixed-crud, "
        "jsonrpc-calls, flaky-backend, order-change-set).\n\n"
        "Progress goes to stderr (one line redrawn in place on a terminal, a plain line every five seconds "
        "otherwise), the summary to stdout. Ctrl+C stops the run: calls still waiting are cancelled, and the "
        "summary and reports are still written.");
    command.positionals = {RunOptions::setArgument()};
    command.options = RunOptions::options();
    command.options += {
        {{QStringLiteral("report")}, AppTr::tr("FORMAT:FILE"),
         AppTr::tr("Writes a report: json, csv, junit, html (run reports) or har (what went on the wire); "
                   "repeatable."),
         {}, {QStringLiteral("json:"), QStringLiteral("csv:"), QStringLiteral("junit:"), QStringLiteral("html:"),
              QStringLiteral("har:")}},
        {{QStringLiteral("threshold")}, AppTr::tr("EXPR"),
         AppTr::tr("Fails the run (exit 1) unless EXPR holds: 'saved>=80%', 'p95<250ms', 'failures==0', "
                   "'http_requests<=20', 'retries<5%'; repeatable."),
         {}, {}},
        {{QStringLiteral("q"), QStringLiteral("quiet")}, {}, AppTr::tr("No progress and no summary; errors only."), {}, {}},
        {{QStringLiteral("json")}, {}, AppTr::tr("Prints the summary as JSON on stdout instead of the table."), {}, {}},
    };
    command.examples = {
        {QStringLiteral("run user-fanout"), AppTr::tr("a sample against the built-in sandbox")},
        {QStringLiteral("run checkout.har --arrival recorded --set batch.maxDelayMs=10 --threshold 'saved>=50%'"),
         AppTr::tr("a browser capture with its own timing, failing below 50% saved")},
        {QStringLiteral("run api.batchlab.json --target https://graph.microsoft.com --profile graph "
                        "--header 'Authorization: Bearer {{token}}' --var token"),
         AppTr::tr("against Microsoft Graph, the token from the environment")},
        {QStringLiteral("run users.postman_collection.json --iterations 50 --report junit:run.xml --report html:run.html"),
         AppTr::tr("a Postman collection fifty times, with reports for CI")},
    };
    return command;
}

namespace {

/// Whether the terminal (or the log) takes UTF-8: the summary's ✓ and ✗, else ASCII.
bool utf8Output()
{
    const char *codeset = ::nl_langinfo(CODESET);
    return codeset && QByteArray(codeset).toUpper().replace('-', "") == "UTF8";
}

QJsonObject sandboxJson(const SandboxCounters &counters)
{
    return {{QStringLiteral("http_requests"), counters.httpRequests},
            {QStringLiteral("batch_requests"), counters.batchRequests},
            {QStringLiteral("batch_items"), counters.batchItems},
            {QStringLiteral("rejected"), counters.rejected},
            {QStringLiteral("item_errors"), counters.itemErrors},
            {QStringLiteral("throttled"), counters.throttled},
            {QStringLiteral("failed_batches"), counters.failedBatches},
            {QStringLiteral("malformed"), counters.malformed},
            {QStringLiteral("hung"), counters.hung},
            {QStringLiteral("dropped"), counters.dropped}};
}

} // namespace

int runRunCommand(const QStringList &arguments)
{
    const CliCommand command = runCommandSpec();
    CliParser parser(command);
    if (const std::optional<int> done = parser.parse(arguments))
        return *done;
    QString usage;
    const QString setName = RunOptions::oneSet(parser, &usage);
    if (setName.isEmpty())
        return parser.usageError(usage);
    RunReportTargets reports;
    if (const QString error = reports.parse(parser.values(QStringLiteral("report"))); !error.isEmpty())
        return parser.usageError(error);
    std::vector<Threshold> thresholds;
    for (const QString &expression : parser.values(QStringLiteral("threshold"))) {
        QString error;
        const std::optional<Threshold> threshold = Threshold::parse(expression, &error);
        if (!threshold)
            return parser.usageError(AppTr::tr("--threshold '%1': %2").arg(expression, error));
        thresholds.push_back(*threshold);
    }
    const bool quiet = parser.isSet(QStringLiteral("quiet"));
    const bool json = parser.isSet(QStringLiteral("json"));
    QTextStream err(stderr);

    const ImportResult loaded = SetLoader::load(setName);
    if (!loaded.ok()) {
        err << AppTr::tr("batchlab run: %1").arg(loaded.error.toString()) << Qt::endl;
        return ExitUsage;
    }
    if (!quiet && (!loaded.skipped.isEmpty() || !loaded.notes.isEmpty()))
        err << loaded.summary() << Qt::endl;
    HeadlessSetup setup;
    if (const QString error = RunOptions::read(parser, loaded.set, &setup); !error.isEmpty())
        return parser.usageError(error);
    setup.keepWire = reports.wantsWire();

    HeadlessRun run;
    QString error;
    if (!run.start(setup, &error)) {
        err << AppTr::tr("batchlab run: cannot start: %1").arg(error) << Qt::endl;
        return ExitUsage;
    }
    if (!quiet)
        err << AppTr::tr("Running %1 against %2").arg(setup.set.name.isEmpty() ? setName : setup.set.name,
                                                       run.endpoint().toString())
            << Qt::endl;

    StopSignals stop;
    const bool interrupted = run.runToEnd(&stop, quiet);

    const RunRecord &record = *run.record();
    QStringList written;
    const QStringList problems = reports.write(record, &written);
    for (const QString &problem : problems)
        err << AppTr::tr("batchlab run: cannot write the report %1").arg(problem) << Qt::endl;
    for (const QString &file : written) {
        if (!quiet)
            err << AppTr::tr("Wrote %1").arg(file) << Qt::endl;
    }

    const RunMetrics metrics = RunMetrics::of(record);
    std::vector<ThresholdResult> verdicts;
    for (const Threshold &threshold : thresholds)
        verdicts.push_back(threshold.evaluate(metrics));
    const bool thresholdFailed
        = std::any_of(verdicts.cbegin(), verdicts.cend(), [](const ThresholdResult &v) { return !v.passed; });
    QTextStream out(stdout);
    if (json) {
        QJsonObject summary = RunSummaryJson::toJson(metrics, verdicts);
        if (run.targetIsSandbox()) // what the other end counted, to set beside the client's
            summary.insert(QStringLiteral("sandbox"), sandboxJson(run.sandboxCounters()));
        out << QJsonDocument(summary).toJson();
    } else if (!quiet) {
        out << RunSummaryTable::text(metrics, verdicts, utf8Output());
    } else {
        // Quiet: only what failed, so that a CI log still says why the job is red.
        for (const ThresholdResult &verdict : verdicts) {
            if (!verdict.passed)
                err << AppTr::tr("batchlab run: threshold failed: %1").arg(verdict.text(utf8Output())) << Qt::endl;
        }
    }

    if (interrupted)
        return ExitInterrupted;
    QString why;
    if (run.targetUnreachable(&why)) {
        err << AppTr::tr("batchlab run: the target could not be reached: %1").arg(why) << Qt::endl;
        return ExitUnreachable;
    }
    if (!problems.isEmpty())
        return ExitUsage;
    return thresholdFailed || metrics.numbers.checksBroke() ? ExitThresholdFailed : ExitOk;
}

} // namespace batchlab
