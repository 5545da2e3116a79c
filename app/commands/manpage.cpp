// SPDX-License-Identifier: BSD-3-Clause
#include "commands/manpage.h"
#include "apptr.h"
#include "commands/exitcode.h"

#include <QDateTime>

namespace batchlab {

namespace {

/// One character as troff input; `code` keeps every dash a minus (\-), so that an option or
/// a command copied from the rendered page still works (a plain '-' renders as a hyphen, U+2010).
void appendChar(QString *out, char32_t c, bool dashIsMinus)
{
    switch (c) {
    case U'\\':
        *out += QStringLiteral("\\e");
        return;
    case U'-':
        *out += dashIsMinus ? QStringLiteral("\\-") : QStringLiteral("-");
        return;
    case U'"':
        // Safe inside macro arguments (.TP, .SS) as well as in text.
        *out += QStringLiteral("\\(dq");
        return;
    default:
        break;
    }
    if (c < 0x80) {
        *out += QChar(char16_t(c));
        return;
    }
    *out += QStringLiteral("\\[u%1]").arg(QString::number(uint(c), 16).toUpper().rightJustified(4, u'0'));
}

bool isWordChar(char32_t c)
{
    return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z') || (c >= U'0' && c <= U'9') || c == U'_';
}

/// A line of text: a dash inside a word is a hyphen, a dash that starts a word (and every dash
/// of a word that starts with one: --batch-path) a minus; `quoted` spans are code, in bold.
QString escapeLine(const QString &line, bool code)
{
    QString out;
    const QList<uint> chars = line.toUcs4();
    bool inQuote = false;
    bool optionWord = false; // inside a word that started with a dash
    char32_t previous = U' ';
    for (qsizetype i = 0; i < chars.size(); ++i) {
        const char32_t c = chars.at(i);
        if (c == U'`' && !code) {
            // Only a pair makes a code span; a lone backquote is printed as itself.
            if (inQuote || chars.indexOf(uint(U'`'), i + 1) != -1) {
                out += inQuote ? QStringLiteral("\\fR") : QStringLiteral("\\fB");
                inQuote = !inQuote;
                previous = U' ';
                continue;
            }
            out += QStringLiteral("\\(ga");
            previous = c;
            continue;
        }
        if (c == U' ' || c == U'\t')
            optionWord = false;
        else if (c == U'-' && !isWordChar(previous))
            optionWord = true;
        appendChar(&out, c, code || inQuote || optionWord);
        previous = c;
    }
    if (inQuote)
        out += QStringLiteral("\\fR");
    // A line that starts with a dot or a quote would be read as a request.
    if (out.startsWith(u'.') || out.startsWith(u'\''))
        out.prepend(QStringLiteral("\\&"));
    return out;
}

QString escapeText(const QString &text, bool code)
{
    QStringList lines;
    for (const QString &line : text.split(u'\n'))
        lines.append(escapeLine(line.trimmed(), code));
    return lines.join(u'\n');
}

/// Paragraphs (separated by a blank line) as .PP blocks.
QString paragraphs(const QString &text)
{
    QString out;
    for (const QString &paragraph : text.split(QStringLiteral("\n\n"), Qt::SkipEmptyParts))
        out += QStringLiteral(".PP\n") + ManPage::escape(paragraph) + u'\n';
    return out;
}

QString optionNames(const CliOption &option)
{
    QStringList names;
    for (const QString &spelling : option.spellings())
        names.append(QStringLiteral("\\fB") + escapeLine(spelling, true) + QStringLiteral("\\fR"));
    QString tag = names.join(QStringLiteral(", "));
    if (option.takesValue())
        tag += QStringLiteral(" \\fI") + escapeLine(option.valueName, true) + QStringLiteral("\\fR");
    return tag;
}

QString synopsisLine(const CliCommand &command)
{
    return QStringLiteral(".B batchlab ") + escapeLine(command.name, true) + u'\n'
           + escapeLine(command.synopsis, true) + QStringLiteral("\n.br\n");
}

QString commandSection(const CliCommand &command)
{
    QString out = QStringLiteral(".SS \"batchlab ") + escapeLine(command.name, true) + u' '
                  + escapeLine(command.synopsis, true) + QStringLiteral("\"\n");
    out += paragraphs(command.description.isEmpty() ? command.summary : command.description);
    if (!command.positionals.isEmpty()) {
        out += QStringLiteral(".PP\n") + ManPage::escape(AppTr::tr("Arguments:")) + u'\n';
        for (const auto &[name, help] : command.positionals)
            out += QStringLiteral(".TP\n\\fI") + escapeLine(name, true) + QStringLiteral("\\fR\n") + ManPage::escape(help) + u'\n';
    }
    out += QStringLiteral(".PP\n") + ManPage::escape(AppTr::tr("Options:")) + u'\n';
    for (const CliOption &option : command.options) {
        out += QStringLiteral(".TP\n") + optionNames(option) + u'\n' + ManPage::escape(option.help) + u'\n';
        if (!option.defaultValue.isEmpty())
            out += ManPage::escape(AppTr::tr("Default: %1.").arg(option.defaultValue)) + u'\n';
    }
    out += QStringLiteral(".TP\n\\fB\\-h\\fR, \\fB\\-\\-help\\fR\n") + ManPage::escape(AppTr::tr("Shows the help of this command.")) + u'\n';
    if (!command.examples.isEmpty()) {
        out += QStringLiteral(".PP\n") + ManPage::escape(AppTr::tr("Examples:")) + u'\n';
        for (const CliExample &example : command.examples) {
            // "a sandbox on a fixed port" (a phrase in --help) starts a sentence here.
            QString what = example.what;
            if (!what.isEmpty())
                what[0] = what.at(0).toUpper();
            out += QStringLiteral(".PP\n") + ManPage::escape(what) + QStringLiteral(":\n");
            out += QStringLiteral(".RS 4\n.nf\n") + escapeText(QStringLiteral("batchlab ") + example.command, true)
                   + QStringLiteral("\n.fi\n.RE\n");
        }
    }
    return out;
}

} // namespace

QString ManPage::escape(const QString &text)
{
    return escapeText(text, false);
}

QDate ManPage::pageDate()
{
    bool ok = false;
    const qint64 epoch = qEnvironmentVariable("SOURCE_DATE_EPOCH").toLongLong(&ok);
    if (ok)
        return QDateTime::fromSecsSinceEpoch(epoch).toUTC().date();
    return QDateTime::currentDateTimeUtc().date();
}

QString ManPage::troff(const QList<CliCommand> &commands, const QString &version, const QDate &date)
{
    QString out;
    out += QStringLiteral(".\\\" Generated by `batchlab help --man` from the command tables (app/commands/); do not edit.\n");
    out += QStringLiteral(".TH BATCHLAB 1 \"%1\" \"batchlab %2\" \"User Commands\"\n")
               .arg(date.toString(Qt::ISODate), escapeLine(version, true));

    out += QStringLiteral(".SH NAME\nbatchlab \\- ") + escape(AppTr::tr("request batching engine and workbench")) + u'\n';

    out += QStringLiteral(".SH SYNOPSIS\n");
    out += QStringLiteral(".B batchlab\n[\\fIFILE\\fR]\n.br\n");
    out += QStringLiteral(".B batchlab\n\\fB\\-\\-version\\fR | \\fB\\-\\-help\\fR\n.br\n");
    for (const CliCommand &command : commands)
        out += synopsisLine(command);

    out += QStringLiteral(".SH DESCRIPTION\n");
    out += paragraphs(AppTr::tr(
        "Batchlab is a request batching engine and a desktop workbench around it. It turns many API calls "
        "into few HTTP requests (JSON `$batch` as in Microsoft Graph and OData 4.01, `multipart/mixed` as in "
        "OData 4.0 and Google APIs, JSON-RPC 2.0) with de-duplication, retries, a circuit breaker and a "
        "cache, and shows, measured, what those settings do to the traffic.\n\n"
        "Without a command, `batchlab` starts the workbench (it needs a display), with the built-in "
        "sandbox server running; FILE is a request set (.batchlab.json) to open in it. With a command, it "
        "runs in the terminal and needs no display."));
    out += QStringLiteral(".TP\n\\fB\\-v\\fR, \\fB\\-\\-version\\fR\n")
           + escape(AppTr::tr("Prints the version of Batchlab and of the Qt it runs on.")) + u'\n';
    out += QStringLiteral(".TP\n\\fB\\-h\\fR, \\fB\\-\\-help\\fR\n")
           + escape(AppTr::tr("Lists the commands; `batchlab COMMAND --help` shows one command's options.")) + u'\n';

    out += QStringLiteral(".SH COMMANDS\n");
    for (const CliCommand &command : commands)
        out += commandSection(command);

    out += QStringLiteral(".SH \"EXIT STATUS\"\n");
    for (const ExitCodeText &code : exitCodeTexts())
        out += QStringLiteral(".TP\n.B %1\n").arg(code.code) + escape(code.meaning) + u'\n';

    out += QStringLiteral(".SH FILES\n");
    out += QStringLiteral(".TP\n.I ~/.config/Batchlab/batchlab.conf\n")
           + escape(AppTr::tr("The workbench's settings (XDG_CONFIG_HOME when set, instead of ~/.config).")) + u'\n';
    out += QStringLiteral(".TP\n.I /usr/share/batchlab/sets/\n")
           + escape(AppTr::tr("Sample request sets (.batchlab.json), as installed by the package; the workbench "
                              "also carries them built in (File > Open Sample). A build installed with "
                              "`cmake --install` puts them under its prefix (/usr/local/share/batchlab/sets/).")) + u'\n';

    out += QStringLiteral(".SH \"SEE ALSO\"\n");
    out += QStringLiteral(".BR curl (1)\n.PP\n")
           + escape(AppTr::tr("The README and docs/architecture.md of the source tree.")) + u'\n';
    return out;
}

} // namespace batchlab
