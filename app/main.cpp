// SPDX-License-Identifier: BSD-3-Clause
// batchlab: the workbench by default; headless sub-commands for the terminal and CI.
#include "apptr.h"
#include "buildinfo.h"
#include "commands/commandtable.h"
#include "commands/exitcode.h"
#include "mainwindow.h"
#include "sandbox/sandboxserver.h"
#include "translations.h"
#include "version.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QTextStream>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

void setApplicationIdentity()
{
    QCoreApplication::setOrganizationName(QStringLiteral("Batchlab"));
    QCoreApplication::setApplicationName(QStringLiteral("batchlab"));
    QCoreApplication::setApplicationVersion(QLatin1String(batchlab::versionString()));
}

bool wantsTerminalOnly(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        const char *arg = argv[i];
        if (!std::strcmp(arg, "-h") || !std::strcmp(arg, "--help")
            || !std::strcmp(arg, "--help-all") || !std::strcmp(arg, "-v")
            || !std::strcmp(arg, "--version"))
            return true;
    }
    return argc > 1 && batchlab::CommandTable::find(QString::fromLocal8Bit(argv[1]));
}

/// Without a display Qt aborts in its platform plugin with a message that does not say what to
/// do; say it ourselves, before any QGuiApplication exists.
bool haveDisplay()
{
#if defined(Q_OS_LINUX) || defined(Q_OS_FREEBSD)
    const auto set = [](const char *name) {
        const char *value = std::getenv(name);
        return value && *value;
    };
    // offscreen, vnc, eglfs… need no display server; xcb and wayland (the defaults) do.
    const QByteArray platform = qgetenv("QT_QPA_PLATFORM");
    if (!platform.isEmpty() && !platform.startsWith("xcb") && !platform.startsWith("wayland"))
        return true;
    return set("DISPLAY") || set("WAYLAND_DISPLAY");
#else
    return true;
#endif
}

int runTerminal(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    setApplicationIdentity();
    batchlab::installTranslations(&app);
    const QStringList arguments = QCoreApplication::arguments();
    if (arguments.size() > 1) {
        if (const batchlab::CommandEntry *command = batchlab::CommandTable::find(arguments.at(1)))
            return command->run(arguments);
    }

    QString commands;
    for (const batchlab::CommandEntry &entry : batchlab::CommandTable::all()) {
        const batchlab::CliCommand spec = entry.spec();
        commands += QStringLiteral("\n  %1 %2").arg(spec.name, -11).arg(spec.summary);
    }
    QCommandLineParser parser;
    parser.setApplicationDescription(batchlab::AppTr::tr("Batchlab: a request batching engine and a workbench to watch it work.\n\n"
        "Without a sub-command, starts the workbench. Sub-commands (batchlab COMMAND --help):%1").arg(commands));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("file"), batchlab::AppTr::tr("A request set (.batchlab.json) to open in the workbench."),
                                 QStringLiteral("[FILE]"));
    const QCommandLineOption versionOption(
        {QStringLiteral("v"), QStringLiteral("version")},
        batchlab::AppTr::tr("Displays version information."));
    parser.addOption(versionOption);
    // parse(), not process(): a bad argument exits 2, as every sub-command's does.
    if (!parser.parse(arguments)) {
        QTextStream(stderr) << batchlab::AppTr::tr("batchlab: %1 (see batchlab --help)").arg(parser.errorText()) << Qt::endl;
        return batchlab::ExitUsage;
    }
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(); // exits 0
    if (parser.isSet(versionOption))
        QTextStream(stdout) << batchlab::buildInfo() << Qt::endl;
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    if (wantsTerminalOnly(argc, argv))
        return runTerminal(argc, argv);
    if (!haveDisplay()) {
        std::fprintf(
            stderr, "%s\n",
            qPrintable(batchlab::AppTr::tr("batchlab: no display found (neither DISPLAY nor WAYLAND_DISPLAY is set).\n"
                "The workbench needs a graphical session. You can:\n"
                "  - run it inside a desktop session or with X forwarding (ssh -X),\n"
                "  - run it on a virtual display:  xvfb-run -a batchlab\n"
                "  - run only the sandbox server:  batchlab serve --port 8080")));
        return 2;
    }

    QApplication app(argc, argv);
    setApplicationIdentity();
    batchlab::installTranslations(&app);
    QCommandLineParser parser;
    parser.setApplicationDescription(batchlab::AppTr::tr("Batchlab workbench"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("file"), batchlab::AppTr::tr("A request set (.batchlab.json) to open."),
                                 QStringLiteral("[FILE]"));
    if (!parser.parse(QCoreApplication::arguments())) {
        std::fprintf(stderr, "%s\n",
                     qPrintable(batchlab::AppTr::tr("batchlab: %1 (see batchlab --help)").arg(parser.errorText())));
        return batchlab::ExitUsage;
    }

    batchlab::SandboxServer sandbox;
    if (!sandbox.start()) {
        std::fprintf(stderr, "%s\n",
                     qPrintable(batchlab::AppTr::tr("batchlab: the sandbox server could not listen on 127.0.0.1")));
    }
    batchlab::MainWindow window(&sandbox);
    window.show();
    // `batchlab FILE`, as the desktop file and a file manager's "Open with" run it.
    if (const QStringList files = parser.positionalArguments(); !files.isEmpty())
        window.openFile(QFileInfo(files.first()).absoluteFilePath());
    return QApplication::exec();
}
