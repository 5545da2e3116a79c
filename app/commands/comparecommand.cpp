// SPDX-License-Identifier: BSD-3-Clause
#include "commands/comparecommand.h"
#include "apptr.h"
#include "commands/cliparser.h"
#include "commands/exitcode.h"
#include "commands/headlessrun.h"
#include "commands/runoptions.h"
#include "commands/runreporttargets.h"
#include "commands/setloader.h"
#include "commands/stopsignals.h"

#include "runs/runcomparison.h"
#include "runs/runnumbers.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTextStream>

namespace batchlab {

CliCommand compareCommandSpec()
{
    CliCommand command;
    command.name = QStringLiteral("compare");
    command.summary = AppTr::tr("run a set twice with different settings and show the two side by side");
    command.synopsis = AppTr::tr("[OPTIONS] SET --a SETTINGS --b SETTINGS");
    command.description = AppTr::tr(
        "Runs SET twice, one run after the other, each on a fresh client and (for the built-in sandbox) a fresh "
        "sandbox with the same seed: first with the settings of --a, then with those of --b, over what the set "
        "and the other options say. Prints the two runs side by side as the workbench's Run dock compares them, "
        "with the change of each line.\n\n"
        "SETTINGS are NAME=VALUE pairs as --set takes them, separated by spaces or commas: "
        "'maxBatchSize=10 batch.maxDelayMs=5'. With --same-arrivals both runs get the same arrival times (Poisson "
        "arrivals drawn from one seed); without it the second run draws its own.");
    command.positionals = {RunOptions::setArgument()};
    command.options = {
        {{QStringLiteral("a")}, AppTr::tr("SETTINGS"), AppTr::tr("The settings of the first run."), {}, {}},
        {{QStringLiteral("b")}, AppTr::tr("SETTINGS"), AppTr::tr("The settings of the second run."), {}, {}},
        {{QStringLiteral("same-arrivals")}, {}, AppTr::tr("Both runs get the same arrival times."), {}, {}},
    };
    command.options += RunOptions::options();
    command.options += {
        {{QStringLiteral("report")}, AppTr::tr("FORMAT:FILE"),
         AppTr::tr("Writes a report of each run, FILE with .a and .b before its extension (run.a.json, "
                   "run.b.json); formats as for run; repeatable."),
         {}, {QStringLiteral("json:"), QStringLiteral("csv:"), QStringLiteral("junit:"), QStringLiteral("html:"),
              QStringLiteral("har:")}},
        {{QStringLiteral("q"), QStringLiteral("quiet")}, {}, AppTr::tr("No progress; the comparison only."), {}, {}},
        {{QStringLiteral("json")}, {}, AppTr::tr("Prints the comparison as JSON on stdout instead of the table."), {}, {}},
    };
    command.examples = {
        {QStringLiteral("compare user-fanout --a maxBatchSize=10 --b maxBatchSize=20"),
         AppTr::tr("does a larger batch limit save more requests?")},
        {QStringLiteral("compare capture.har --arrival poisson --rate 500 --same-arrivals --a batch.maxDelayMs=0 --b batch.maxDelayMs=10"),
         AppTr::tr("what a 10 ms window costs and saves on the same traffic")},
    };
    return command;
}

namespace {

QStringList splitSettings(const QString &text)
{
    static const QRegularExpression separators(QStringLiteral("[\\s,]+"));
    return text.split(separators, Qt::SkipEmptyParts);
}

/// `path` with `.a` or `.b` before its extension: run.json → run.a.json, run → run.a.
QString sidePath(const QString &path, const QString &side)
{
    const QFileInfo info(path);
    const QString name = info.fileName();
    const qsizetype dot = name.indexOf(u'.', 1);
    const QString renamed = dot < 0 ? QString(name + u'.' + side) : QString(name.left(dot) + u'.' + side + name.mid(dot));
    return info.path() == u"." && !path.startsWith(QLatin1String("./")) ? renamed : QString(info.path() + u'/' + renamed);
}

/// The comparison as text columns: label, A, B, change; a wide row's text across.
QString table(const QList<ComparisonRow> &rows)
{
    int label = 0;
    int a = int(AppTr::tr("A").size());
    int b = int(AppTr::tr("B").size());
    for (const ComparisonRow &row : rows) {
        label = std::max(label, int(row.label.size()));
        if (!row.wide) {
            a = std::max(a, int(row.a.size()));
            b = std::max(b, int(row.b.size()));
        }
    }
    QString text = QStringLiteral("%1  %2  %3  %4\n")
                       .arg(QString(), -label)
                       .arg(AppTr::tr("A"), a)
                       .arg(AppTr::tr("B"), b)
                       .arg(AppTr::tr("change"));
    for (const ComparisonRow &row : rows) {
        if (row.wide) {
            const QStringList lines = row.a.split(u'\n');
            for (qsizetype i = 0; i < lines.size(); ++i)
                text += QStringLiteral("%1  %2\n").arg(i == 0 ? row.label : QString(), -label).arg(lines.at(i));
            continue;
        }
        text += QStringLiteral("%1  %2  %3  %4\n").arg(row.label, -label).arg(row.a, a).arg(row.b, b).arg(row.change);
    }
    return text;
}

QJsonArray jsonRows(const QList<ComparisonRow> &rows)
{
    QJsonArray array;
    for (const ComparisonRow &row : rows) {
        QJsonObject object{{QStringLiteral("label"), row.label}, {QStringLiteral("a"), row.a}};
        if (!row.wide) {
            object.insert(QStringLiteral("b"), row.b);
            object.insert(QStringLiteral("change"), row.change);
        }
        array.append(object);
    }
    return array;
}

} // namespace

int runCompareCommand(const QStringList &arguments)
{
    const CliCommand command = compareCommandSpec();
    CliParser parser(command);
    if (const std::optional<int> done = parser.parse(arguments))
        return *done;
    QString usage;
    const QString setName = RunOptions::oneSet(parser, &usage);
    if (setName.isEmpty())
        return parser.usageError(usage);
    if (!parser.isSet(QStringLiteral("a")) && !parser.isSet(QStringLiteral("b")))
        return parser.usageError(AppTr::tr("say what differs: --a 'maxBatchSize=10' --b 'maxBatchSize=20'"));
    RunReportTargets reports;
    if (const QString error = reports.parse(parser.values(QStringLiteral("report"))); !error.isEmpty())
        return parser.usageError(error);
    const bool quiet = parser.isSet(QStringLiteral("quiet"));
    QTextStream err(stderr);

    const ImportResult loaded = SetLoader::load(setName);
    if (!loaded.ok()) {
        err << AppTr::tr("batchlab compare: %1").arg(loaded.error.toString()) << Qt::endl;
        return ExitUsage;
    }
    HeadlessSetup base;
    if (const QString error = RunOptions::read(parser, loaded.set, &base); !error.isEmpty())
        return parser.usageError(error);
    base.keepWire = reports.wantsWire();
    HeadlessSetup setups[2] = {base, base};
    const char *const sides[2] = {"a", "b"};
    for (int i = 0; i < 2; ++i) {
        const QString option = QLatin1String(sides[i]);
        if (const QString error = RunOptions::applySettings(splitSettings(parser.value(option)), &setups[i].config);
            !error.isEmpty())
            return parser.usageError(QStringLiteral("--%1 %2").arg(option, error));
    }
    if (!parser.isSet(QStringLiteral("same-arrivals")))
        setups[1].plan.seed = base.plan.seed + 1;

    bool interrupted = false;
    StopSignals stop;
    std::optional<RunRecord> records[2];
    bool unreachable = false;
    QString why;
    for (int i = 0; i < 2 && !interrupted && !unreachable; ++i) {
        HeadlessRun run;
        QString error;
        if (!run.start(setups[i], &error)) {
            err << AppTr::tr("batchlab compare: cannot start run %1: %2").arg(QString(QLatin1String(sides[i])).toUpper(), error)
                << Qt::endl;
            return ExitUsage;
        }
        if (!quiet)
            err << AppTr::tr("Run %1: %2").arg(QString(QLatin1String(sides[i])).toUpper(), parser.value(QLatin1String(sides[i])))
                << Qt::endl;
        interrupted = run.runToEnd(&stop, quiet);
        records[i] = *run.record();
        records[i]->summary.number = i + 1;
        unreachable = run.targetUnreachable(&why);
    }

    QStringList problems;
    for (int i = 0; i < 2; ++i) {
        if (!records[i])
            continue;
        QStringList written;
        RunReportTargets side;
        QStringList values;
        for (const QString &value : parser.values(QStringLiteral("report"))) {
            const qsizetype colon = value.indexOf(u':');
            values.append(value.left(colon + 1) + sidePath(value.mid(colon + 1), QLatin1String(sides[i])));
        }
        side.parse(values);
        problems += side.write(*records[i], &written);
        for (const QString &file : written) {
            if (!quiet)
                err << AppTr::tr("Wrote %1").arg(file) << Qt::endl;
        }
    }
    for (const QString &problem : problems)
        err << AppTr::tr("batchlab compare: cannot write the report %1").arg(problem) << Qt::endl;

    if (records[0] && records[1]) {
        const QList<ComparisonRow> rows = compareRuns(records[0]->summary, records[1]->summary);
        QTextStream out(stdout);
        if (parser.isSet(QStringLiteral("json")))
            out << QJsonDocument(QJsonObject{{QStringLiteral("rows"), jsonRows(rows)}}).toJson();
        else
            out << table(rows);
    }
    if (interrupted)
        return ExitInterrupted;
    if (unreachable) {
        err << AppTr::tr("batchlab compare: the target could not be reached: %1").arg(why) << Qt::endl;
        return ExitUnreachable;
    }
    if (!problems.isEmpty())
        return ExitUsage;
    const bool broke = RunNumbers::of(records[0]->summary).checksBroke() || RunNumbers::of(records[1]->summary).checksBroke();
    return broke ? ExitThresholdFailed : ExitOk;
}

} // namespace batchlab
