// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "commands/clicommand.h"

#include <QCommandLineParser>

#include <optional>

namespace batchlab {

/// Parses a sub-command's arguments against its CliCommand. `--help` prints the options,
/// examples and exit codes; a bad argument gets one line on stderr naming it and exit code 2
/// (QCommandLineParser::process() would exit with 1, which CI reads as a failed threshold).
class CliParser
{
public:
    explicit CliParser(const CliCommand &command);

    /// Parses `arguments` (argv: the program, the sub-command, then its own). An exit code
    /// when the command is done already (help shown: 0; bad usage: 2), nothing to go on.
    std::optional<int> parse(const QStringList &arguments);

    bool isSet(const QString &longName) const;
    QString value(const QString &longName) const;
    QStringList values(const QString &longName) const;
    QStringList positionalArguments() const;

    /// Prints "batchlab NAME: MESSAGE (see batchlab NAME --help)" on stderr; returns 2.
    int usageError(const QString &message) const;
    /// The full `--help` text: usage, description, options, examples, exit codes.
    QString helpText() const;

private:
    const CliCommand &m_command;
    QCommandLineParser m_parser;
};

} // namespace batchlab
