// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace batchlab {

/// One word of a shell command line after quote removal, and where it began (1-based).
struct ShellWord
{
    QString text;
    int line = 0;
    int column = 0;
    /// Names of the `$name`/`${name}` expansions in it (outside single quotes): they are in
    /// `text` as `{{name}}`, Batchlab's own variable syntax, since no shell ran them.
    QStringList variables;
    /// A `$(…)` or backquote command substitution, kept as written: nothing runs it.
    bool substitution = false;
};

/// The words of one simple command: up to a line end, `;`, `&&`, `||` or `|`.
struct ShellCommand
{
    QList<ShellWord> words;
};

struct ShellSplit
{
    QList<ShellCommand> commands;
    QString error; ///< empty when the whole text split
    int line = 0;
    int column = 0;
};

/// Splits pasted shell text into commands and words the way a POSIX shell does before it runs
/// them: '…', "…" with its escapes, backslash escapes, `$'…'` ANSI-C quoting, backslash-newline
/// continuations and `#` comments. Nothing is expanded or run. An unclosed quote is an error
/// naming where it opened.
class ShellWords
{
public:
    static ShellSplit split(const QString &text);
};

} // namespace batchlab
