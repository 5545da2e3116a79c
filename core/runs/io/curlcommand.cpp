// SPDX-License-Identifier: BSD-3-Clause
#include "runs/io/curlcommand.h"
#include "runs/runstr.h"

#include <QNetworkRequest>
#include <QStringDecoder>

#include <algorithm>

namespace batchlab {

namespace {

bool hasHeader(const HttpHeaders &headers, QByteArrayView name)
{
    for (const auto &header : headers) {
        if (QByteArrayView(header.first).compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

/// The bytes of a printf format that prints `bytes` (every byte but printable ASCII as a
/// three-digit octal escape, which POSIX printf reads), single-quoted: for bodies with a NUL.
QString printfFormat(QByteArrayView bytes)
{
    QString out = QStringLiteral("'");
    for (const char c : bytes) {
        const auto u = uchar(c);
        if (c == '\'')
            out += QStringLiteral("'\\''");
        else if (c == '\\')
            out += QStringLiteral("\\\\");
        else if (c == '%')
            out += QStringLiteral("%%");
        else if (u >= 0x20 && u < 0x7f)
            out += QLatin1Char(c);
        else
            out += u'\\' + QString::number(u, 8).rightJustified(3, u'0');
    }
    return out + u'\'';
}

/// Whether curl would read the path's dot segments away: it sends /a/../b as /b unless told.
bool hasDotSegments(const QByteArray &path)
{
    for (const QByteArray &segment : path.split('/')) {
        if (segment == "." || segment == "..")
            return true;
    }
    return false;
}

} // namespace

QString CurlCommand::word(QByteArrayView bytes)
{
    QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = utf8.decode(bytes);
    const bool printable = !utf8.hasError() && std::none_of(text.cbegin(), text.cend(), [](QChar c) {
        return c.unicode() < 0x20 || c.unicode() == 0x7f || c.category() == QChar::Other_Format;
    });
    if (printable) {
        QString out = text;
        out.replace(u'\'', QStringLiteral("'\\''"));
        return u'\'' + out + u'\'';
    }
    // $'…': valid UTF-8 sequences stay readable, every other byte is escaped.
    QString out = QStringLiteral("$'");
    qsizetype i = 0;
    while (i < bytes.size()) {
        const auto u = uchar(bytes.at(i));
        const int length = u >= 0xf0 && u < 0xf5 ? 4 : u >= 0xe0 ? 3 : u >= 0xc2 && u < 0xe0 ? 2 : 1;
        if (u >= 0x80 && length > 1 && i + length <= bytes.size()) {
            QStringDecoder one(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
            const QString c = one.decode(bytes.sliced(i, length));
            if (!one.hasError() && c.size() >= 1 && !c.contains(QChar::ReplacementCharacter)
                && QChar::category(c.toUcs4().value(0)) != QChar::Other_Format) {
                out += c;
                i += length;
                continue;
            }
        }
        switch (u) {
        case '\\': out += QStringLiteral("\\\\"); break;
        case '\'': out += QStringLiteral("\\'"); break;
        case '\n': out += QStringLiteral("\\n"); break;
        case '\r': out += QStringLiteral("\\r"); break;
        case '\t': out += QStringLiteral("\\t"); break;
        default:
            if (u >= 0x20 && u < 0x7f)
                out += QLatin1Char(char(u));
            else
                out += QStringLiteral("\\x") + QString::number(u, 16).rightJustified(2, u'0');
        }
        ++i;
    }
    return out + u'\'';
}

QString CurlCommand::write(const QByteArray &method, const QUrl &url, const HttpHeaders &headers,
                           const QByteArray &body, QString *error)
{
    const auto fail = [error](const QString &why) {
        if (error)
            *error = why;
        return QString();
    };
    // What HTTP itself cannot carry in a head, no command line needs to.
    const auto breaks = [](QByteArrayView text) {
        return text.contains('\0') || text.contains('\n') || text.contains('\r');
    };
    const QByteArray target = url.adjusted(QUrl::RemoveFragment).toEncoded();
    if (breaks(method) || breaks(target))
        return fail(RunsTr::tr("the method or URL holds a control character that no command line can carry"));
    for (const auto &[name, value] : headers) {
        if (breaks(name) || breaks(value))
            return fail(RunsTr::tr("header %1 holds a control character that no command line can carry")
                            .arg(QString::fromLatin1(name)));
    }
    if (error)
        error->clear();

    QStringList parts{QStringLiteral("curl ") + word(target)};
    // curl reads [] and {} in a URL as ranges and sets, and removes dot segments, unless told.
    if (target.contains('[') || target.contains(']') || target.contains('{') || target.contains('}'))
        parts.append(QStringLiteral("--globoff"));
    if (hasDotSegments(url.path(QUrl::FullyEncoded).toLatin1()))
        parts.append(QStringLiteral("--path-as-is"));
    const bool hasBody = !body.isEmpty();
    if (method == "HEAD" && !hasBody)
        parts.append(QStringLiteral("--head"));
    else if (method != (hasBody ? "POST" : "GET"))
        parts.append(QStringLiteral("-X ") + word(method));
    for (const auto &[name, value] : headers) {
        // "Name;" is curl's way to send a header with no value ("Name:" removes one).
        parts.append(QStringLiteral("-H ") + word(value.isEmpty() ? QByteArray(name + ';') : QByteArray(name + ": " + value)));
    }
    if (hasBody) {
        // Else curl adds a form Content-Type, and (curl 7) waits for 100 Continue before a
        // body over 1 KiB: neither went over the wire the first time.
        if (!hasHeader(headers, "Content-Type"))
            parts.append(QStringLiteral("-H 'Content-Type:'"));
        if (!hasHeader(headers, "Expect") && body.size() > 1024)
            parts.append(QStringLiteral("-H 'Expect:'"));
    }
    QString pipe;
    if (hasBody && (body.contains('\0') || body.size() > kMaxArgumentBytes)) {
        pipe = QStringLiteral("printf ")
            + (body.contains('\0') ? printfFormat(body) : QStringLiteral("'%s' ") + word(body)) + QStringLiteral(" |\n");
        parts.append(QStringLiteral("--data-binary @-"));
    } else if (hasBody) {
        parts.append(QStringLiteral("--data-binary ") + word(body));
    }
    return pipe + parts.join(QStringLiteral(" \\\n  ")) + u'\n';
}

QString CurlCommand::forExchange(const WireExchange &exchange, const Hiding &hiding, QString *error)
{
    if (exchange.requestCut()) {
        if (error)
            *error = RunsTr::tr("the wire log kept %1 of the body's %2 bytes: a command would send another body")
                         .arg(exchange.requestBody.size())
                         .arg(exchange.requestBytes);
        return {};
    }
    HttpHeaders headers = exchange.requestHeaders;
    if (hiding.hides()) {
        for (auto &[name, value] : headers) {
            if (hiding.isSensitive(name))
                value = hiding.placeholder;
        }
    }
    return write(exchange.method, exchange.url, headers, exchange.requestBody, error);
}

QString CurlCommand::forRequest(const RequestSet &set, int row, const QUrl &base, const Hiding &hiding,
                                QString *error)
{
    const auto fail = [error](const QString &why) {
        if (error)
            *error = why;
        return QString();
    };
    if (row < 0 || row >= set.requests.size())
        return fail(RunsTr::tr("select the request to copy"));
    RequestSet resolving = set;
    if (hiding.hides()) {
        const QString placeholder = QString::fromUtf8(hiding.placeholder);
        for (Variable &variable : resolving.variables) {
            if (variable.secret)
                variable.value = placeholder;
        }
        for (Environment &environment : resolving.environments) {
            for (Variable &variable : environment.variables) {
                if (variable.secret)
                    variable.value = placeholder;
            }
        }
    }
    QString problem;
    const HttpHeaders envelope = resolving.targetHeaders(&problem);
    if (!problem.isEmpty())
        return fail(problem);
    const RequestItem &item = resolving.requests.at(row);
    const RequestSpec spec = resolving.resolve(item, base, &problem);
    if (!problem.isEmpty())
        return fail(RunsTr::tr("request %1 (%2): %3").arg(row + 1).arg(item.name, problem));
    // The headers as the transport sets them (NetworkTransport): the call's own, then the
    // target's it does not set, through QNetworkRequest, which keeps one of each name.
    QNetworkRequest request(spec.url);
    for (const auto &[name, value] : spec.headers)
        request.setRawHeader(name, value);
    for (const auto &[name, value] : envelope) {
        if (!request.hasRawHeader(name))
            request.setRawHeader(name, value);
    }
    HttpHeaders headers;
    for (const QByteArray &name : request.rawHeaderList()) {
        const QByteArray value = request.rawHeader(name);
        headers.append({name, hiding.hides() && hiding.isSensitive(name) ? hiding.placeholder : value});
    }
    return write(spec.method, spec.url, headers, spec.body, error);
}

} // namespace batchlab
