// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "commands/clicommand.h"

#include <QList>
#include <QString>

namespace batchlab {

/// The bash completion script of `batchlab`, written from the CliCommand tables (as the man
/// page is): sub-command names, each command's options, an option's values
/// (CliOption::completions; "<file>" = file names, a word ending in ':' such as "json:" is
/// followed by a file name) and its positional arguments (CliCommand::positionalCompletions,
/// file names by default). `batchlab completion bash` prints it; the package installs it as
/// /usr/share/bash-completion/completions/batchlab. It needs plain bash only, not the
/// bash-completion package's helpers.
class BashCompletion
{
public:
    static QString script(const QList<CliCommand> &commands);

    /// `word` quoted for bash (single quotes), for the word lists inside the script.
    static QString quoted(const QString &word);
};

} // namespace batchlab
