// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "commands/clicommand.h"

#include <QDate>
#include <QList>
#include <QString>

namespace batchlab {

/// batchlab(1) in troff (man macros), written from the same CliCommand tables that `--help`,
/// the parser and the bash completion read, so that the page cannot list an option the
/// program does not know or miss one it does. `batchlab help --man` prints it; the build
/// writes build/…/app/batchlab.1 with it and the package installs that file.
class ManPage
{
public:
    /// The whole page: NAME, SYNOPSIS (the workbench and every command), DESCRIPTION,
    /// COMMANDS (each one's description, arguments, options and examples), EXIT STATUS,
    /// FILES and SEE ALSO.
    static QString troff(const QList<CliCommand> &commands, const QString &version, const QDate &date);

    /// `text` as troff input text: backslashes as \e, a leading dot or quote made harmless,
    /// dashes that start a word (options, minus signs) as \-, `quoted` words in bold and
    /// every non-ASCII character as \[uXXXX] (groff reads its input as Latin-1).
    static QString escape(const QString &text);

    /// The date the page carries: SOURCE_DATE_EPOCH when set (reproducible builds, as
    /// Debian builds packages), else today (UTC).
    static QDate pageDate();
};

} // namespace batchlab
