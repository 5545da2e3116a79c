// SPDX-License-Identifier: BSD-3-Clause
#include "commands/servecommand.h"
#include "apptr.h"

#include "sandbox/sandboxserver.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QSocketNotifier>
#include <QTextStream>

#include <csignal>
#include <functional>
#include <unistd.h>

namespace batchlab {

namespace {

/// One numeric option: its names, help, and where its value goes once parsed.
struct NumberOption
{
    QCommandLineOption option;
    std::function<bool(const QString &)> apply;
};

bool toInt(const QString &text, int *out)
{
    bool ok = false;
    const int value = text.toInt(&ok);
    if (ok)
        *out = value;
    return ok;
}

bool toDouble(const QString &text, double *out)
{
    bool ok = false;
    const double value = text.toDouble(&ok);
    if (ok)
        *out = value;
    return ok;
}

int g_signalPipe[2] = {-1, -1};

extern "C" void onStopSignal(int)
{
    // Only async-signal-safe work here: the event loop reads the pipe and quits.
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(g_signalPipe[1], &byte, 1);
}

/// Ctrl+C and SIGTERM end the event loop normally, so the summary is printed.
void quitOnStopSignals(QObject *context)
{
    if (::pipe(g_signalPipe) != 0)
        return;
    auto *notifier = new QSocketNotifier(g_signalPipe[0], QSocketNotifier::Read, context);
    QObject::connect(notifier, &QSocketNotifier::activated, qApp, &QCoreApplication::quit);
    std::signal(SIGINT, onStopSignal);
    std::signal(SIGTERM, onStopSignal);
}

} // namespace

int runServeCommand(const QStringList &arguments)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    SandboxBehavior behavior;

    QCommandLineParser parser;
    parser.setApplicationDescription(
        AppTr::tr("Runs the Batchlab sandbox batch server on 127.0.0.1 in the foreground."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("serve"), AppTr::tr("The serve sub-command."));
    const QCommandLineOption portOption(QStringLiteral("port"),
                                        AppTr::tr("Port to listen on; 0 picks a free one (default)."),
                                        AppTr::tr("N"), QStringLiteral("0"));
    parser.addOption(portOption);
    const QCommandLineOption shuffleOption(QStringLiteral("shuffle"),
                                           AppTr::tr("Answer batch items in random order."));
    parser.addOption(shuffleOption);

    auto intOption = [](const char *name, const QString &help, const QString &value, int *target) {
        return NumberOption{QCommandLineOption(QLatin1String(name), help, value),
                            [target](const QString &text) { return toInt(text, target); }};
    };
    auto rateOption = [](const char *name, const QString &help, double *target) {
        return NumberOption{QCommandLineOption(QLatin1String(name), help, AppTr::tr("P")),
                            [target](const QString &text) { return toDouble(text, target); }};
    };
    QList<NumberOption> numbers{
        intOption("latency", AppTr::tr("Fixed delay before every answer, in milliseconds."), AppTr::tr("MS"),
                  &behavior.latencyMs),
        intOption("jitter", AppTr::tr("Extra uniform delay in [0, MS] per answer."), AppTr::tr("MS"),
                  &behavior.jitterMs),
        rateOption("error-rate", AppTr::tr("Share of items (0..1) answered with --error-status."),
                   &behavior.itemErrorRate),
        intOption("error-status", AppTr::tr("Status of injected item errors (default 500)."), AppTr::tr("STATUS"),
                  &behavior.itemErrorStatus),
        rateOption("batch-failure-rate", AppTr::tr("Share of batch requests (0..1) failed as a whole."),
                   &behavior.batchFailureRate),
        intOption("batch-failure-status",
                  AppTr::tr("Status of failed batches: 500, 503, or 429 (default 500)."), AppTr::tr("STATUS"),
                  &behavior.batchFailureStatus),
        rateOption("throttle-rate", AppTr::tr("Share of items (0..1) answered 429 with Retry-After."),
                   &behavior.throttleRate),
        intOption("retry-after", AppTr::tr("Retry-After of every 429, in seconds (default 1)."), AppTr::tr("S"),
                  &behavior.retryAfterSeconds),
        rateOption("hang-rate", AppTr::tr("Share of requests (0..1) accepted and never answered."),
                   &behavior.hangRate),
        rateOption("drop-rate", AppTr::tr("Share of requests (0..1) whose connection is reset."),
                   &behavior.dropRate),
        rateOption("malformed-rate", AppTr::tr("Share of batch answers (0..1) that are malformed."),
                   &behavior.malformedRate),
        intOption("max-batch-items", AppTr::tr("Largest batch accepted; 0 = no limit (default 1000)."),
                  AppTr::tr("N"), &behavior.maxBatchItems),
    };
    for (const NumberOption &number : numbers)
        parser.addOption(number.option);
    const QCommandLineOption malformOption(
        QStringLiteral("malformed-kind"),
        AppTr::tr("How answers are malformed: any, bad-json, missing-id, duplicate-id, unknown-id."),
        AppTr::tr("KIND"), QStringLiteral("any"));
    parser.addOption(malformOption);
    const QCommandLineOption seedOption(QStringLiteral("seed"),
                                        AppTr::tr("Seed of every random draw (default 1)."), AppTr::tr("S"),
                                        QStringLiteral("1"));
    parser.addOption(seedOption);

    parser.process(arguments);

    for (const NumberOption &number : numbers) {
        const QString name = number.option.names().constFirst();
        if (parser.isSet(number.option) && !number.apply(parser.value(number.option))) {
            err << AppTr::tr("batchlab serve: --%1 expects a number, not \"%2\"")
                       .arg(name, parser.value(number.option))
                << Qt::endl;
            return 2;
        }
    }
    bool ok = false;
    const uint port = parser.value(portOption).toUInt(&ok);
    if (!ok || port > 65535) {
        err << AppTr::tr("batchlab serve: --port expects 0..65535") << Qt::endl;
        return 2;
    }
    behavior.seed = parser.value(seedOption).toULongLong(&ok);
    if (!ok) {
        err << AppTr::tr("batchlab serve: --seed expects a non-negative integer") << Qt::endl;
        return 2;
    }
    if (!parseMalformKind(parser.value(malformOption), &behavior.malformKind)) {
        err << AppTr::tr("batchlab serve: unknown --malformed-kind \"%1\"")
                   .arg(parser.value(malformOption))
            << Qt::endl;
        return 2;
    }
    behavior.shuffle = parser.isSet(shuffleOption);
    if (const QString problem = behavior.validate(); !problem.isEmpty()) {
        err << AppTr::tr("batchlab serve: %1").arg(problem) << Qt::endl;
        return 2;
    }

    SandboxServer server;
    server.setBehavior(behavior);
    if (!server.start(quint16(port))) {
        err << AppTr::tr("batchlab serve: cannot listen on 127.0.0.1:%1").arg(port) << Qt::endl;
        return 1;
    }
    out << AppTr::tr("Batchlab sandbox listening on %1 (Ctrl+C to stop)").arg(server.url().toString())
        << Qt::endl
        << AppTr::tr("Try: curl -s -X POST %1/\\$batch -H 'Content-Type: application/json' "
              "-d '{\"requests\":[{\"id\":\"1\",\"method\":\"GET\",\"url\":\"/users/1\"}]}'")
               .arg(server.url().toString())
        << Qt::endl;

    quitOnStopSignals(&server);
    const int code = QCoreApplication::exec();
    const SandboxCounters counters = server.counters();
    out << AppTr::tr("Served %n HTTP request(s) (%1 batches, %2 batch items).", nullptr,
                     int(counters.httpRequests))
               .arg(counters.batchRequests)
               .arg(counters.batchItems)
        << Qt::endl;
    return code;
}

} // namespace batchlab
