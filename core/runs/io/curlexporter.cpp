// SPDX-License-Identifier: BSD-3-Clause
#include "runs/io/curlexporter.h"
#include "runs/io/curlimporter.h"
#include "runs/runstr.h"

#include <QRegularExpression>

namespace batchlab {

namespace {

using Header = QPair<QString, QString>;

const QRegularExpression &shellName()
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    return pattern;
}

const QRegularExpression &reference()
{
    static const QRegularExpression pattern(QStringLiteral("\\{\\{\\s*(env:)?([^{}]*?)\\s*\\}\\}"));
    return pattern;
}

/// Turns the set's texts into shell words.
class Words
{
public:
    Words(const RequestSet &set, const ExportOptions &options) : m_set(set), m_options(options) {}

    /// `text` as one shell word: literal parts single-quoted, each {{name}} as "${name}" when
    /// variables are kept (and the name can be a shell variable), else its value.
    QString word(const QString &text) const
    {
        if (m_options.resolveVariables)
            return CurlExporter::quoted(m_set.substitute(text));
        QString out;
        QString literal;
        qsizetype from = 0;
        auto it = reference().globalMatch(text);
        while (it.hasNext()) {
            const QRegularExpressionMatch match = it.next();
            literal += text.mid(from, match.capturedStart() - from);
            from = match.capturedEnd();
            const QString name = match.captured(2);
            if (!shellName().match(name).hasMatch()) {
                literal += m_set.substitute(match.captured(0));
                continue;
            }
            if (!literal.isEmpty())
                out += CurlExporter::quoted(literal);
            literal.clear();
            out += QStringLiteral("\"${%1}\"").arg(name);
        }
        literal += text.mid(from);
        if (!literal.isEmpty() || out.isEmpty())
            out += CurlExporter::quoted(literal);
        return out;
    }

    /// The text as curl will see it, for the checks that need the real characters.
    QString resolved(const QString &text) const { return m_set.substitute(text); }

private:
    const RequestSet &m_set;
    const ExportOptions &m_options;
};

bool hasHeader(const QList<Header> &headers, const QString &name)
{
    for (const Header &header : headers) {
        if (header.first.compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

bool isRelative(const QString &url)
{
    return !url.contains(QStringLiteral("://")) && !url.startsWith(QStringLiteral("{{"));
}

/// The variables a run uses, the active environment's first: what the preamble defines.
QList<Variable> effectiveVariables(const RequestSet &set)
{
    QList<Variable> out;
    QStringList seen;
    if (const Environment *environment = set.activeEnvironment()) {
        for (const Variable &variable : environment->variables) {
            out.append(variable);
            seen.append(variable.name);
        }
    }
    for (const Variable &variable : set.variables) {
        if (!seen.contains(variable.name))
            out.append(variable);
    }
    return out;
}

} // namespace

QString CurlExporter::format() const
{
    return QStringLiteral("curl");
}

QString CurlExporter::name() const
{
    return RunsTr::tr("cURL command lines");
}

QString CurlExporter::suffix() const
{
    return QStringLiteral(".sh");
}

QString CurlExporter::quoted(const QString &text)
{
    QString out = text;
    out.replace(u'\'', QStringLiteral("'\\''"));
    return u'\'' + out + u'\'';
}

QByteArray CurlExporter::write(const RequestSet &set, const ExportOptions &options, QString *error) const
{
    const RequestSet values = substitutable(set, options);
    const Words words(values, options);
    const QList<Header> targetHeaders = set.target ? set.target->headers : QList<Header>{};
    QString commands;
    bool relative = false;
    for (qsizetype row = 0; row < set.requests.size(); ++row) {
        const RequestItem &item = set.requests.at(row);
        if (!item.enabled)
            continue;
        // An argument of a program cannot hold a NUL: such a request cannot be a curl line.
        QString all = item.method + item.url + item.body;
        for (const auto &[name, value] : item.headers + targetHeaders)
            all += name + value;
        if (words.resolved(all).contains(QChar(0))) {
            if (error)
                *error = RunsTr::tr("request %1 (%2) holds a NUL character, which no command line can carry")
                             .arg(row + 1)
                             .arg(item.name);
            return {};
        }
        QStringList parts;
        QString url = words.word(item.url);
        if (isRelative(item.url)) {
            relative = true;
            url = QStringLiteral("\"${%1}\"").arg(CurlImporter::baseVariable()) + url;
        }
        parts.append(QStringLiteral("curl ") + url);
        // curl reads [] and {} in a URL as ranges and sets unless told not to.
        if (words.resolved(item.url).contains(QRegularExpression(QStringLiteral("[\\[\\]{}]"))))
            parts.append(QStringLiteral("--globoff"));
        const bool body = !item.body.isEmpty();
        const QString method = item.method.toUpper();
        if (method == u"HEAD" && !body)
            parts.append(QStringLiteral("--head"));
        else if (!(method == (body ? u"POST" : u"GET") && item.method == method))
            parts.append(QStringLiteral("-X ") + words.word(item.method));
        QList<Header> headers;
        for (const Header &header : targetHeaders) {
            if (!hasHeader(item.headers, header.first))
                headers.append(header);
        }
        headers += item.headers;
        for (const auto &[name, value] : std::as_const(headers)) {
            // "Name;" is curl's way to send a header with no value ("Name:" removes one).
            parts.append(QStringLiteral("-H ")
                         + words.word(value.isEmpty() ? QString(name + u';') : QString(name + QStringLiteral(": ") + value)));
        }
        if (body) {
            // Without this curl would add its own form Content-Type, which Batchlab does not send.
            if (!hasHeader(headers, QStringLiteral("Content-Type")))
                parts.append(QStringLiteral("-H 'Content-Type:'"));
            parts.append(QStringLiteral("--data-raw ") + words.word(item.body));
        }
        commands += u'\n' + parts.join(QStringLiteral(" \\\n  ")) + u'\n';
    }

    QString script = QStringLiteral("#!/bin/sh\n# %1: exported by Batchlab\n").arg(set.name.simplified());
    if (relative) {
        const QString base = set.target && set.target->kind == TargetSpec::Kind::Url && !set.target->baseUrl.isEmpty()
            ? words.resolved(set.target->baseUrl)
            : QStringLiteral("http://127.0.0.1:8080");
        // Unquoted, so that the quotes inside the default are the shell's own.
        script += QStringLiteral("%1=${%1:-%2}\n").arg(CurlImporter::baseVariable(), quoted(base));
    }
    if (!options.resolveVariables) {
        for (const Variable &variable : effectiveVariables(set)) {
            if (!shellName().match(variable.name).hasMatch())
                continue;
            const bool hidden = variable.secret && !options.includeSecrets;
            script += variable.name + u'=' + quoted(hidden ? QString() : variable.value)
                + (hidden ? QStringLiteral(" # secret: set it here") : QString()) + u'\n';
        }
    }
    return (script + commands).toUtf8();
}

} // namespace batchlab
