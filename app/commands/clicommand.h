// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QCommandLineOption>
#include <QList>
#include <QString>
#include <QStringList>

namespace batchlab {

/// One option of a sub-command, as `--help`, the man page and bash completion all show it:
/// the one table each of them reads, so that none of them can list an option the parser
/// does not know.
struct CliOption
{
    QStringList names;       ///< {"t", "target"}: the long name last
    QString valueName;       ///< "URL"; empty for a switch
    QString help;
    QString defaultValue;    ///< shown in --help; empty for none
    /// What bash completes after it: fixed words ("json:", "graph"), or {"<file>"} for a
    /// file name; empty for nothing to offer.
    QStringList completions;

    QString longName() const { return names.constLast(); }
    /// How each name is typed: "-q" beside "--quiet"; an option named by one letter only is
    /// still "--a", as compare's --a and --b.
    QStringList spellings() const;
    bool takesValue() const { return !valueName.isEmpty(); }
    QCommandLineOption toQt() const;
};

/// A command line someone would type, and what it does: `--help` and the man page list them.
struct CliExample
{
    QString command; ///< without the leading "batchlab "
    QString what;
};

/// One sub-command of `batchlab` (`run`, `convert`…): its words and options as data.
struct CliCommand
{
    QString name;        ///< "run"
    QString summary;     ///< one line, for `batchlab --help` and the man page's NAME list
    QString synopsis;    ///< after "batchlab run ": "[OPTIONS] SET"
    QString description; ///< paragraphs separated by blank lines
    QList<QPair<QString, QString>> positionals; ///< name, help
    QList<CliOption> options;
    QList<CliExample> examples;
    /// What bash completes for each positional, by index, as CliOption::completions ("<file>"
    /// for file names, "<command>" for the sub-commands' names); missing: file names.
    QList<QStringList> positionalCompletions;

    const CliOption *option(const QString &longName) const;
};

} // namespace batchlab
