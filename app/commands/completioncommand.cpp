// SPDX-License-Identifier: BSD-3-Clause
#include "commands/completioncommand.h"
#include "apptr.h"

#include "commands/bashcompletion.h"
#include "commands/cliparser.h"
#include "commands/exitcode.h"
#include "commands/helpcommand.h"

#include <QTextStream>

namespace batchlab {

CliCommand completionCommandSpec()
{
    CliCommand command;
    command.name = QStringLiteral("completion");
    command.summary = AppTr::tr("print the shell completion script");
    command.synopsis = QStringLiteral("SHELL");
    command.description = AppTr::tr(
        "Prints the completion script of SHELL (bash) on stdout, written from the same tables as "
        "every --help: sub-commands, their options, the values an option takes and file names. "
        "The package installs it as /usr/share/bash-completion/completions/batchlab; without the "
        "package, add `source <(batchlab completion bash)` to ~/.bashrc.");
    command.positionals = {{QStringLiteral("SHELL"), AppTr::tr("The shell: bash.")}};
    command.positionalCompletions = {{QStringLiteral("bash")}};
    command.examples = {
        {QStringLiteral("completion bash > ~/.local/share/bash-completion/completions/batchlab"),
         AppTr::tr("complete batchlab in every new bash of this user")},
    };
    return command;
}

int runCompletionCommand(const QStringList &arguments)
{
    const CliCommand command = completionCommandSpec();
    CliParser parser(command);
    if (const std::optional<int> done = parser.parse(arguments))
        return *done;
    const QStringList positionals = parser.positionalArguments();
    if (positionals.isEmpty())
        return parser.usageError(AppTr::tr("which shell? (bash)"));
    if (positionals.size() > 1)
        return parser.usageError(AppTr::tr("unexpected argument \"%1\"").arg(positionals.at(1)));
    if (positionals.constFirst() != QLatin1String("bash"))
        return parser.usageError(AppTr::tr("no completion for \"%1\" (only bash)").arg(positionals.constFirst()));
    QTextStream(stdout) << BashCompletion::script(allCommandSpecs());
    return ExitOk;
}

} // namespace batchlab
