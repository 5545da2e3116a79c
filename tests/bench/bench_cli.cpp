// SPDX-License-Identifier: BSD-3-Clause
// `batchlab run` of 100 000 calls at full speed against its built-in sandbox, beside the same
// run through the library alone in this process (Runner, ApiClient and the sandbox on one
// thread, as the command has them), de-duplication off so that every call travels: what the command line adds — starting a process, reading
// the set, recording the run for its summary, printing it. Median of several runs each.
#include "client/apiclient.h"
#include "runs/requestsetfile.h"
#include "runs/runner.h"

#include "sandbox/sandboxserver.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QProcess>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>

using namespace batchlab;

namespace {

constexpr int kRequests = 100;
constexpr int kIterations = 1000; // 100 000 calls
constexpr int kRuns = 5;

RequestSet makeSet()
{
    RequestSet set;
    set.name = QStringLiteral("bench");
    // Every call travels: without de-duplication the 1 000 copies of a request in flight at
    // once would share one item, and the run would measure little but the start.
    set.batch = BatchConfig();
    set.batch->dedup = DedupScope::Off;
    for (int i = 0; i < kRequests; ++i) {
        RequestItem item;
        item.name = QStringLiteral("user %1").arg(i);
        item.url = QStringLiteral("/users/%1").arg(i + 1);
        set.requests.append(item);
    }
    return set;
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

/// The run through the library: what `batchlab run` does without the command line around it.
double libraryRunMs(const RequestSet &set)
{
    SandboxServer sandbox;
    sandbox.start();
    ClientConfig config;
    config.batch = *set.batch;
    ApiClient client(sandbox.url(), config);
    Runner runner(&client);
    RunPlan plan;
    plan.iterations = kIterations;
    QEventLoop loop;
    QObject::connect(&runner, &Runner::finished, &loop, &QEventLoop::quit);
    QElapsedTimer clock;
    clock.start();
    QString error;
    if (!runner.start(set, sandbox.url(), plan, &error)) {
        std::fprintf(stderr, "cannot start: %s\n", qPrintable(error));
        return -1;
    }
    loop.exec();
    const double ms = double(clock.nsecsElapsed()) / 1e6;
    if (runner.history().back().progress.succeeded != kRequests * kIterations)
        std::fprintf(stderr, "library run: not every call succeeded\n");
    return ms;
}

double commandRunMs(const QString &binary, const QString &setPath)
{
    QProcess process;
    QElapsedTimer clock;
    clock.start();
    process.start(binary, {QStringLiteral("run"), setPath, QStringLiteral("--iterations"), QString::number(kIterations),
                           QStringLiteral("--quiet")});
    process.waitForFinished(600000);
    const double ms = double(clock.nsecsElapsed()) / 1e6;
    if (process.exitCode() != 0)
        std::fprintf(stderr, "batchlab run failed: %s\n", process.readAllStandardError().constData());
    return ms;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QString binary = QStringLiteral(BATCHLAB_BINARY);
    QTemporaryDir dir;
    const RequestSet set = makeSet();
    const QString path = dir.filePath(QStringLiteral("bench.batchlab.json"));
    FileError error;
    if (!RequestSetFile::save(path, set, &error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error.toString()));
        return 1;
    }
    std::vector<double> library;
    std::vector<double> command;
    for (int i = 0; i < kRuns; ++i) {
        // Interleaved, so that a noisy minute weighs on both alike.
        library.push_back(libraryRunMs(set));
        command.push_back(commandRunMs(binary, path));
    }
    const double lib = median(library);
    const double cli = median(command);
    std::printf("bench_cli: %d calls at full speed against the built-in sandbox, median of %d\n", kRequests * kIterations,
                kRuns);
    std::printf("  library alone (Runner + ApiClient + sandbox, one thread)  %8.0f ms\n", lib);
    std::printf("  batchlab run --quiet (process, set file, record, summary) %8.0f ms  = %.2fx the library\n", cli,
                cli / lib);
    return 0;
}
