// SPDX-License-Identifier: BSD-3-Clause
#include "commands/servecommand.h"
#include "apptr.h"

#include "commands/cliparser.h"
#include "commands/exitcode.h"
#include "commands/sandboxoptions.h"
#include "commands/stopsignals.h"

#include "sandbox/sandboxserver.h"

#include <QCoreApplication>
#include <QTextStream>

namespace batchlab {

CliCommand serveCommandSpec()
{
    CliCommand command;
    command.name = QStringLiteral("serve");
    command.summary = AppTr::tr("run the sandbox batch server alone, in the foreground");
    command.synopsis = QStringLiteral("[OPTIONS]");
    command.description = AppTr::tr(
        "Runs the Batchlab sandbox batch server on 127.0.0.1 in the foreground: resources, the JSON "
        "($batch), multipart (/batch) and JSON-RPC (/rpc) batch endpoints and seeded faults, so that "
        "curl, another client or `batchlab run --target` can be pointed at it. Ctrl+C stops it and "
        "prints what it served.");
    command.options.append({{QStringLiteral("port")}, AppTr::tr("N"),
                            AppTr::tr("Port to listen on; 0 picks a free one."), QStringLiteral("0"), {}});
    command.options += SandboxOptions::options();
    command.examples = {
        {QStringLiteral("serve --port 8080"), AppTr::tr("a sandbox on a fixed port")},
        {QStringLiteral("serve --latency 20 --jitter 10 --error-rate 0.05"),
         AppTr::tr("a slow server that fails one item in twenty")},
    };
    return command;
}

int runServeCommand(const QStringList &arguments)
{
    QTextStream out(stdout);
    const CliCommand command = serveCommandSpec();
    CliParser parser(command);
    if (const std::optional<int> done = parser.parse(arguments))
        return *done;
    if (!parser.positionalArguments().isEmpty())
        return parser.usageError(AppTr::tr("unexpected argument \"%1\"").arg(parser.positionalArguments().constFirst()));
    SandboxBehavior behavior;
    if (const QString problem = SandboxOptions::apply(parser, QString(), &behavior); !problem.isEmpty())
        return parser.usageError(problem);
    bool ok = false;
    const uint port = parser.value(QStringLiteral("port")).toUInt(&ok);
    if (!ok || port > 65535)
        return parser.usageError(AppTr::tr("--port expects 0..65535"));

    SandboxServer server;
    server.setBehavior(behavior);
    if (!server.start(quint16(port))) {
        // The port asked for is taken (or privileged): an argument that cannot be used.
        return parser.usageError(AppTr::tr("cannot listen on 127.0.0.1:%1").arg(port));
    }
    out << AppTr::tr("Batchlab sandbox listening on %1 (Ctrl+C to stop)").arg(server.url().toString())
        << Qt::endl
        << AppTr::tr("Try: curl -s -X POST %1/\\$batch -H 'Content-Type: application/json' "
              "-d '{\"requests\":[{\"id\":\"1\",\"method\":\"GET\",\"url\":\"/users/1\"}]}'")
               .arg(server.url().toString())
        << Qt::endl;

    StopSignals stop;
    QObject::connect(&stop, &StopSignals::stopRequested, qApp, &QCoreApplication::quit);
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
