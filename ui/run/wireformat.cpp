// SPDX-License-Identifier: BSD-3-Clause
#include "run/wireformat.h"

#include "run/redaction.h"
#include "run/runtr.h"

#include <QJsonDocument>
#include <QList>
#include <QRegularExpression>

namespace batchlab {

namespace {

/// The boundary parameter of a multipart Content-Type, unquoted; empty when there is none.
QByteArray boundaryOf(const QByteArray &contentType)
{
    if (!contentType.trimmed().toLower().startsWith("multipart/"))
        return {};
    for (const QByteArray &param : contentType.split(';')) {
        const QByteArray p = param.trimmed();
        if (p.toLower().startsWith("boundary=")) {
            QByteArray value = p.mid(9).trimmed();
            if (value.size() >= 2 && value.startsWith('"') && value.endsWith('"'))
                value = value.mid(1, value.size() - 2);
            return value;
        }
    }
    return {};
}

/// Splits `block` at its first empty line: head (without the blank line) and the rest.
std::pair<QByteArray, QByteArray> splitHead(const QByteArray &block)
{
    qsizetype at = block.indexOf("\r\n\r\n");
    qsizetype skip = 4;
    if (at < 0) {
        at = block.indexOf("\n\n");
        skip = 2;
    }
    if (at < 0)
        return {block, {}};
    return {block.left(at), block.mid(at + skip)};
}

/// The value of header `name` among "Name: value" lines.
QByteArray headerIn(const QByteArray &head, QByteArrayView name)
{
    for (const QByteArray &line : head.split('\n')) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed().compare(name, Qt::CaseInsensitive) == 0)
            return line.mid(colon + 1).trimmed();
    }
    return {};
}

constexpr int kMaxDepth = 3; // a change set inside a batch is two levels; more is not split

} // namespace

QString WireFormat::headerLine(QByteArrayView name, QByteArrayView value) const
{
    const bool sensitive = isSensitiveHeader(name);
    if (sensitive && hides)
        *hides = true;
    return QString::fromLatin1(name) + QStringLiteral(": ")
        + QString::fromUtf8(reveal ? value.toByteArray() : redacted(name, value));
}

QString WireFormat::headers(const HttpHeaders &headers) const
{
    QString out;
    for (const auto &[name, value] : headers)
        out += headerLine(name, value) + u'\n';
    return out;
}

QString WireFormat::maskedLines(const QByteArray &block) const
{
    // Header lines ("Name: value") masked; a request or status line ("GET /x HTTP/1.1") as is.
    QStringList lines;
    for (QByteArray line : block.split('\n')) {
        if (line.endsWith('\r'))
            line.chop(1);
        // Only credentials are rewritten; every other line stays byte for byte.
        const qsizetype colon = line.indexOf(':');
        const qsizetype space = line.indexOf(' ');
        const QByteArray name = line.left(qMax<qsizetype>(colon, 0));
        if (colon > 0 && (space < 0 || space > colon) && isSensitiveHeader(name))
            lines << headerLine(name, line.mid(colon + 1).trimmed());
        else
            lines << QString::fromUtf8(line);
    }
    return lines.join(u'\n');
}

QString WireFormat::text(const QByteArray &contentType, const QByteArray &body, int depth) const
{
    if (body.isEmpty())
        return {};
    if (depth < kMaxDepth) {
        if (const QByteArray boundary = boundaryOf(contentType); !boundary.isEmpty())
            return multipart(boundary, body, depth + 1);
        const QJsonDocument json = QJsonDocument::fromJson(body);
        if (!json.isNull())
            return QString::fromUtf8(json.toJson(QJsonDocument::Indented)).trimmed();
    }
    return QString::fromUtf8(body);
}

QString WireFormat::part(const QByteArray &part, int depth) const
{
    // A part: its MIME headers, a blank line, and its content — for application/http an HTTP
    // message of its own (request line, headers, blank line, body).
    auto [head, content] = splitHead(part);
    const QByteArray type = headerIn(head, "Content-Type");
    QString out = maskedLines(head) + u'\n';
    if (type.toLower().startsWith("application/http")) {
        auto [messageHead, messageBody] = splitHead(content);
        out += u'\n' + maskedLines(messageHead) + u'\n';
        const QString bodyText = text(headerIn(messageHead, "Content-Type"), messageBody, depth);
        if (!bodyText.trimmed().isEmpty())
            out += u'\n' + bodyText + u'\n';
    } else if (!content.trimmed().isEmpty()) {
        out += u'\n' + text(type, content, depth) + u'\n';
    }
    return out;
}

QString WireFormat::multipart(const QByteArray &boundary, const QByteArray &body, int depth) const
{
    const QByteArray delimiter = "--" + boundary;
    QList<QByteArray> parts;
    qsizetype from = body.indexOf(delimiter);
    while (from >= 0) {
        const qsizetype start = from + delimiter.size();
        if (body.mid(start, 2) == "--")
            break; // the closing delimiter
        const qsizetype next = body.indexOf(delimiter, start);
        QByteArray chunk = body.mid(start, next < 0 ? -1 : next - start);
        // The line break after the delimiter and the one before the next belong to them.
        if (chunk.startsWith("\r\n"))
            chunk.remove(0, 2);
        if (chunk.endsWith("\r\n"))
            chunk.chop(2);
        parts << chunk;
        from = next;
    }
    if (parts.isEmpty())
        return QString::fromUtf8(body);
    const QString indent(2 * (depth - 1), u' ');
    QString out;
    for (qsizetype i = 0; i < parts.size(); ++i) {
        out += indent + RunTr::tr("── part %1 of %2 ──").arg(i + 1).arg(parts.size()) + u'\n';
        QString partText = this->part(parts.at(i), depth);
        if (!indent.isEmpty())
            partText.replace(u'\n', u'\n' + indent).prepend(indent);
        out += partText + u'\n';
    }
    return out.trimmed();
}

QString WireFormat::maskedJson(const QString &json) const
{
    // "Authorization": "Bearer …" inside a JSON batch item's headers (or any member named
    // like a credential), in pretty and raw text alike.
    static const QRegularExpression member(
        QStringLiteral(R"re("([^"\\]{1,100})"(\s*:\s*)"((?:[^"\\]|\\.)*)")re"));
    QString out;
    qsizetype last = 0;
    QRegularExpressionMatchIterator it = member.globalMatch(json);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        if (!isSensitiveHeader(m.captured(1).toUtf8()))
            continue;
        if (hides)
            *hides = true;
        if (reveal)
            continue;
        out += QStringView(json).mid(last, m.capturedStart(3) - last);
        out += RunTr::tr("•••• (hidden)");
        last = m.capturedEnd(3);
    }
    if (last == 0)
        return json;
    return out + QStringView(json).mid(last);
}

QString WireFormat::body(const HttpHeaders &headers, const QByteArray &body) const
{
    if (!pretty) {
        // The bytes as they went, but for credentials while they are hidden.
        if (reveal)
            return QString::fromUtf8(body);
        return maskedJson(maskedLines(body));
    }
    return maskedJson(text(headerValue(headers, "Content-Type"), body, 0));
}

} // namespace batchlab
