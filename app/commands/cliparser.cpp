// SPDX-License-Identifier: BSD-3-Clause
#include "commands/cliparser.h"
#include "apptr.h"
#include "commands/exitcode.h"

#include <QTextStream>

namespace batchlab {

namespace {

/// `text` broken at spaces into lines of at most `width` characters, every line after the
/// first indented by `indent` (which the first line's start is counted from).
QString wrapped(const QString &text, int indent, int width = 80)
{
    QString out;
    int column = indent;
    for (const QString &word : text.split(u' ', Qt::SkipEmptyParts)) {
        if (column > indent && column + 1 + word.size() > width) {
            out += u'\n' + QString(indent, u' ');
            column = indent;
        } else if (column > indent) {
            out += u' ';
            ++column;
        }
        out += word;
        column += int(word.size());
    }
    return out;
}

} // namespace

CliParser::CliParser(const CliCommand &command) : m_command(command)
{
    m_parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    m_parser.addPositionalArgument(command.name, command.summary);
    for (const auto &[name, help] : command.positionals)
        m_parser.addPositionalArgument(name, help);
    for (const CliOption &option : command.options)
        m_parser.addOption(option.toQt());
    m_parser.addOption(QCommandLineOption({QStringLiteral("h"), QStringLiteral("help")},
                                          AppTr::tr("Displays help on this command.")));
}

std::optional<int> CliParser::parse(const QStringList &arguments)
{
    if (!m_parser.parse(arguments)) {
        QString message = m_parser.errorText();
        if (message.endsWith(u'.'))
            message.chop(1);
        return usageError(message);
    }
    if (m_parser.isSet(QStringLiteral("help"))) {
        QTextStream(stdout) << helpText();
        return ExitOk;
    }
    return std::nullopt;
}

bool CliParser::isSet(const QString &longName) const
{
    return m_parser.isSet(longName);
}

QString CliParser::value(const QString &longName) const
{
    return m_parser.value(longName);
}

QStringList CliParser::values(const QString &longName) const
{
    return m_parser.values(longName);
}

QStringList CliParser::positionalArguments() const
{
    // The first is the sub-command's own name.
    return m_parser.positionalArguments().mid(1);
}

int CliParser::usageError(const QString &message) const
{
    QTextStream(stderr) << AppTr::tr("batchlab %1: %2 (see batchlab %1 --help)").arg(m_command.name, message)
                        << Qt::endl;
    return ExitUsage;
}

QString CliParser::helpText() const
{
    QString text;
    for (const QString &paragraph : (m_command.description.isEmpty() ? m_command.summary : m_command.description)
                                        .split(QStringLiteral("\n\n")))
        text += (text.isEmpty() ? QString() : QStringLiteral("\n")) + wrapped(paragraph, 0) + u'\n';
    text += u'\n' + AppTr::tr("Usage: batchlab %1 %2").arg(m_command.name, m_command.synopsis) + u'\n';
    const auto row = [&text](const QString &left, const QString &help) {
        // Two columns, the help wrapped at 80 characters under itself.
        constexpr int kColumn = 30;
        QString line = QStringLiteral("  ") + left;
        line += line.size() + 2 > kColumn ? QStringLiteral("\n") + QString(kColumn, u' ')
                                          : QString(kColumn - line.size(), u' ');
        text += line + wrapped(help, kColumn) + u'\n';
    };
    if (!m_command.positionals.isEmpty()) {
        text += u'\n' + AppTr::tr("Arguments:") + u'\n';
        for (const auto &[name, help] : m_command.positionals)
            row(name, help);
    }
    text += u'\n' + AppTr::tr("Options:") + u'\n';
    for (const CliOption &option : m_command.options) {
        QString left = option.spellings().join(QStringLiteral(", "));
        if (option.takesValue())
            left += QStringLiteral(" ") + option.valueName;
        row(left, option.defaultValue.isEmpty()
                      ? option.help
                      : AppTr::tr("%1 Default: %2.").arg(option.help, option.defaultValue));
    }
    row(QStringLiteral("-h, --help"), AppTr::tr("Shows this help."));
    if (!m_command.examples.isEmpty()) {
        text += u'\n' + AppTr::tr("Examples:") + u'\n';
        for (const CliExample &example : m_command.examples)
            text += QStringLiteral("  # %1\n  batchlab %2\n").arg(example.what, example.command);
    }
    text += u'\n' + AppTr::tr("Exit codes:") + u'\n';
    for (const ExitCodeText &code : exitCodeTexts())
        text += QStringLiteral("  %1  %2\n").arg(code.code, 3).arg(code.meaning);
    return text;
}

} // namespace batchlab
