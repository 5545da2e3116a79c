// SPDX-License-Identifier: BSD-3-Clause
#include "runs/requestset.h"
#include "runs/runstr.h"

#include "types/urljoin.h"

#include <QCoreApplication>
#include <QRegularExpression>

#include <algorithm>
#include <string_view>

namespace batchlab {

namespace {

/// An RFC 9110 token: what a method and a header name must be.
bool isToken(QByteArrayView text)
{
    static constexpr std::string_view extra = "!#$%&'*+-.^_`|~";
    return !text.isEmpty() && std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
            || extra.find(c) != std::string_view::npos;
    });
}

} // namespace

const Environment *RequestSet::activeEnvironment() const
{
    if (environment.isEmpty())
        return nullptr;
    const auto found = std::find_if(environments.cbegin(), environments.cend(),
                                    [this](const Environment &e) { return e.name == environment; });
    return found != environments.cend() ? &*found : nullptr;
}

QString RequestSet::substitute(const QString &text, QStringList *unknown) const
{
    static const QRegularExpression pattern(
        QStringLiteral(R"(\{\{\s*(env:[A-Za-z_][A-Za-z0-9_]*|[A-Za-z_][A-Za-z0-9_.-]*)\s*\}\})"));
    if (!text.contains(QLatin1String("{{")))
        return text;
    // Found once per text, not per {{name}}: a handful of environments, no map to build.
    const Environment *active = activeEnvironment();
    QString out;
    qsizetype last = 0;
    for (auto it = pattern.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        out += QStringView(text).mid(last, match.capturedStart() - last);
        const QString wanted = match.captured(1);
        const Variable *found = nullptr;
        const auto named = [&wanted](const Variable &v) { return v.name == wanted; };
        if (active) {
            const auto in = std::find_if(active->variables.cbegin(), active->variables.cend(), named);
            found = in != active->variables.cend() ? &*in : nullptr;
        }
        if (!found) {
            const auto in = std::find_if(variables.cbegin(), variables.cend(), named);
            found = in != variables.cend() ? &*in : nullptr;
        }
        const bool fromEnvironment = wanted.startsWith(QLatin1String("env:"));
        const QByteArray environmentName = fromEnvironment ? wanted.mid(4).toLatin1() : QByteArray();
        if (fromEnvironment && qEnvironmentVariableIsSet(environmentName.constData())) {
            out += qEnvironmentVariable(environmentName.constData());
        } else if (!fromEnvironment && found) {
            out += found->value;
        } else {
            out += match.captured(0);
            if (unknown && !unknown->contains(wanted))
                unknown->append(wanted);
        }
        last = match.capturedEnd();
    }
    out += QStringView(text).mid(last);
    return out;
}

RequestSpec RequestSet::resolve(const RequestItem &item, const QUrl &base, QString *error) const
{
    QStringList unknown;
    RequestSpec spec;
    spec.name = item.name;
    spec.method = substitute(item.method, &unknown).trimmed().toUpper().toLatin1();
    spec.url = joinUrl(base, substitute(item.url, &unknown).trimmed());
    for (const auto &[header, value] : item.headers)
        spec.headers.append({substitute(header, &unknown).toLatin1(), substitute(value, &unknown).toUtf8()});
    spec.body = substitute(item.body, &unknown).toUtf8();
    if (error) {
        if (!unknown.isEmpty())
            *error = RunsTr::tr("unknown variable %1").arg(unknown.join(QStringLiteral(", ")));
        else if (!spec.url.isValid() || spec.url.scheme().isEmpty())
            *error = RunsTr::tr("not a usable URL: %1").arg(item.url);
        else if (spec.method.isEmpty())
            *error = RunsTr::tr("no method");
        else if (!isToken(spec.method))
            *error = RunsTr::tr("\"%1\" is not a method: a method is one word of letters, digits and "
                                "!#$%&'*+-.^_`|~").arg(QString::fromLatin1(spec.method));
        else
            error->clear();
        // A header the server would refuse, or worse read another way, is never sent.
        for (const auto &[header, value] : spec.headers) {
            if (error->isEmpty() && !isToken(header))
                *error = RunsTr::tr("\"%1\" is not a valid header name").arg(QString::fromLatin1(header));
        }
    }
    return spec;
}

HttpHeaders RequestSet::targetHeaders(QString *error) const
{
    HttpHeaders headers;
    QStringList unknown;
    if (target) {
        for (const auto &[header, value] : target->headers)
            headers.append({substitute(header, &unknown).trimmed().toLatin1(), substitute(value, &unknown).toUtf8()});
    }
    if (error)
        *error = unknown.isEmpty() ? QString()
                                   : RunsTr::tr("the target's headers use unknown variable %1")
                                         .arg(unknown.join(QStringLiteral(", ")));
    return headers;
}

} // namespace batchlab
