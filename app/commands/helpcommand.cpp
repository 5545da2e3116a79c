// SPDX-License-Identifier: BSD-3-Clause
#include "commands/helpcommand.h"
#include "apptr.h"

#include "commands/cliparser.h"
#include "commands/commandtable.h"
#include "commands/exitcode.h"
#include "commands/manpage.h"

#include <QCoreApplication>
#include <QTextStream>

namespace batchlab {

QList<CliCommand> allCommandSpecs()
{
    QList<CliCommand> specs;
    for (const CommandEntry &entry : CommandTable::all())
        specs.append(entry.spec());
    return specs;
}

CliCommand helpCommandSpec()
{
    CliCommand command;
    command.name = QStringLiteral("help");
    command.summary = AppTr::tr("show a command's help, or the batchlab(1) man page");
    command.synopsis = QStringLiteral("[--man] [COMMAND]");
    command.description = AppTr::tr(
        "Shows the help of COMMAND, as `batchlab COMMAND --help` does, or lists the commands.\n\n"
        "With --man, prints the batchlab(1) man page instead, in troff, written from the same "
        "tables as every --help: the build installs it, and `man -l -` reads it from a pipe.");
    command.positionals = {{QStringLiteral("COMMAND"), AppTr::tr("The command to explain.")}};
    command.positionalCompletions = {{QStringLiteral("<command>")}};
    command.options.append({{QStringLiteral("man")}, {}, AppTr::tr("Prints the man page (troff) on stdout."), {}, {}});
    command.examples = {
        {QStringLiteral("help serve"), AppTr::tr("the options of serve")},
        {QStringLiteral("help --man | man -l -"), AppTr::tr("read the man page before it is installed")},
    };
    return command;
}

int runHelpCommand(const QStringList &arguments)
{
    const CliCommand command = helpCommandSpec();
    CliParser parser(command);
    if (const std::optional<int> done = parser.parse(arguments))
        return *done;
    const QStringList positionals = parser.positionalArguments();
    if (positionals.size() > 1)
        return parser.usageError(AppTr::tr("unexpected argument \"%1\"").arg(positionals.at(1)));
    QTextStream out(stdout);
    if (parser.isSet(QStringLiteral("man"))) {
        if (!positionals.isEmpty())
            return parser.usageError(AppTr::tr("--man shows the whole page, not one command"));
        out << ManPage::troff(allCommandSpecs(), QCoreApplication::applicationVersion(), ManPage::pageDate());
        return ExitOk;
    }
    if (!positionals.isEmpty()) {
        const CommandEntry *entry = CommandTable::find(positionals.constFirst());
        if (!entry)
            return parser.usageError(AppTr::tr("no command \"%1\"").arg(positionals.constFirst()));
        const CliCommand spec = entry->spec();
        out << CliParser(spec).helpText();
        return ExitOk;
    }
    out << AppTr::tr("Usage: batchlab [FILE]  (the workbench)\n"
                     "       batchlab COMMAND [OPTIONS]  (in the terminal)\n\nCommands:\n");
    for (const CliCommand &spec : allCommandSpecs())
        out << QStringLiteral("  %1 %2\n").arg(spec.name, -11).arg(spec.summary);
    out << u'\n' << AppTr::tr("batchlab help COMMAND shows a command's options; batchlab help --man the man page.") << u'\n';
    return ExitOk;
}

} // namespace batchlab
