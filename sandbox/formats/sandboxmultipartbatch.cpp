// SPDX-License-Identifier: BSD-3-Clause
#include "sandbox/formats/sandboxmultipartbatch.h"
#include "sandbox/sandboxtr.h"

#include <QCoreApplication>
#include <QHash>
#include <QUrl>

#include <algorithm>

namespace batchlab {

namespace {

constexpr qsizetype kMaxBoundaryLength = 70; // RFC 2046 §5.1.1
constexpr qsizetype kQuoteLength = 80; // of input quoted in an error message

const QByteArray kCrlf = QByteArrayLiteral("\r\n");

QString quote(const QByteArray &text)
{
    return QString::fromLatin1(text.left(kQuoteLength));
}

QByteArray valueOf(const HttpHeaders &headers, QByteArrayView name)
{
    for (const auto &[key, value] : headers) {
        if (name.compare(key, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

/// The value of a parameter such as the boundary of `multipart/mixed; boundary="b"`.
QByteArray parameter(const QByteArray &headerValue, QByteArrayView name)
{
    const QList<QByteArray> pieces = headerValue.split(';');
    for (qsizetype i = 1; i < pieces.size(); ++i) {
        const QByteArray &piece = pieces.at(i);
        const qsizetype eq = piece.indexOf('=');
        if (eq < 0 || name.compare(piece.left(eq).trimmed(), Qt::CaseInsensitive) != 0)
            continue;
        QByteArray value = piece.mid(eq + 1).trimmed();
        if (value.size() >= 2 && value.startsWith('"') && value.endsWith('"'))
            value = value.mid(1, value.size() - 2);
        return value;
    }
    return {};
}

bool isMultipart(const QByteArray &contentType)
{
    return contentType.trimmed().toLower().startsWith("multipart/mixed");
}

/// Where the next delimiter line of `boundary` starts, at or after `from`, or -1. Text that
/// merely begins with "--boundary" is not one: the delimiter must start a line and be followed
/// by "--" (the close delimiter) or by optional blanks and the line end.
qsizetype findDelimiter(const QByteArray &body, const QByteArray &dashBoundary, qsizetype from)
{
    for (qsizetype at = body.indexOf(dashBoundary, from); at >= 0;
         at = body.indexOf(dashBoundary, at + 1)) {
        if (at > 0 && body.at(at - 1) != '\n')
            continue;
        qsizetype i = at + dashBoundary.size();
        if (body.mid(i, 2) == "--")
            return at;
        while (i < body.size() && (body.at(i) == ' ' || body.at(i) == '\t'))
            ++i;
        if (i == body.size() || body.at(i) == '\r' || body.at(i) == '\n')
            return at;
    }
    return -1;
}

/// The parts between the delimiters of `body`. The line end before a delimiter belongs to the
/// delimiter, so part bodies come out byte for byte; preamble and epilogue are ignored.
bool splitParts(const QByteArray &body, const QByteArray &boundary, QList<QByteArray> *parts,
                QString *problem)
{
    const QByteArray dashBoundary = "--" + boundary;
    qsizetype at = findDelimiter(body, dashBoundary, 0);
    if (at < 0) {
        *problem = SandboxTr::tr("no delimiter line \"%1\" in the body").arg(quote(dashBoundary));
        return false;
    }
    while (true) {
        const qsizetype after = at + dashBoundary.size();
        if (body.mid(after, 2) == "--")
            return true;
        const qsizetype lineEnd = body.indexOf('\n', after);
        const qsizetype start = lineEnd + 1;
        const qsizetype next = lineEnd < 0 ? -1 : findDelimiter(body, dashBoundary, start);
        if (next < 0) {
            *problem = SandboxTr::tr("the close delimiter \"%1--\" is missing after part %2")
                           .arg(quote(dashBoundary))
                           .arg(parts->size() + 1);
            return false;
        }
        qsizetype end = next;
        if (end > start && body.at(end - 1) == '\n')
            --end;
        if (end > start && body.at(end - 1) == '\r')
            --end;
        parts->append(body.mid(start, end - start));
        at = next;
    }
}

/// Reads header lines from `from` up to an empty line, which `end` is set past. Without one,
/// `end` is the size of `data` and `blankLine` false.
bool readHeaders(const QByteArray &data, qsizetype from, HttpHeaders *headers, qsizetype *end,
                 bool *blankLine, QString *problem)
{
    qsizetype at = from;
    *blankLine = false;
    while (at < data.size()) {
        const qsizetype eol = data.indexOf('\n', at);
        QByteArray line = data.mid(at, (eol < 0 ? data.size() : eol) - at);
        at = eol < 0 ? data.size() : eol + 1;
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.isEmpty()) {
            *blankLine = true;
            break;
        }
        // An obsolete folded line continues the header before it (RFC 9112 §5.2).
        if ((line.startsWith(' ') || line.startsWith('\t')) && !headers->isEmpty()) {
            headers->last().second += ' ' + line.trimmed();
            continue;
        }
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0) {
            *problem = SandboxTr::tr("header line \"%1\" has no name").arg(quote(line));
            return false;
        }
        headers->append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
    }
    *end = at;
    return true;
}

bool isToken(const QByteArray &word)
{
    return !word.isEmpty() && std::all_of(word.cbegin(), word.cend(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
            || QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
    });
}

/// Headers of the outer request that describe the connection or the envelope, not the calls
/// inside it, and so are not passed on to the parts.
bool isEnvelopeHeader(const QByteArray &name)
{
    const QByteArray lower = name.toLower();
    return lower.startsWith("content-") || lower == "host" || lower == "connection"
        || lower == "keep-alive" || lower == "transfer-encoding" || lower == "te"
        || lower == "upgrade" || lower == "trailer" || lower == "expect"
        || lower == "proxy-connection";
}

/// The call in an `application/http` part: request line, headers, empty line, body.
bool parseCall(const QByteArray &http, const HttpHeaders &inherited, bool relativeOnly,
               SandboxCall *call, QString *problem)
{
    qsizetype at = 0;
    // Empty lines before a request line are tolerated, as RFC 9112 §2.2 asks of servers.
    while (at < http.size() && (http.at(at) == '\r' || http.at(at) == '\n'))
        ++at;
    const qsizetype eol = http.indexOf('\n', at);
    const QByteArray line = http.mid(at, (eol < 0 ? http.size() : eol) - at).trimmed();
    const QList<QByteArray> words = line.simplified().split(' ');
    if (words.size() < 2 || words.size() > 3 || !isToken(words.at(0))
        || (words.size() == 3 && !words.at(2).startsWith("HTTP/"))) {
        *problem
            = SandboxTr::tr("bad request line \"%1\"; expected \"METHOD target HTTP/1.1\"").arg(quote(line));
        return false;
    }
    const QUrl url(QString::fromUtf8(words.at(1)));
    const bool absolute = !url.scheme().isEmpty();
    if (!url.isValid() || (absolute && url.scheme() != u"http" && url.scheme() != u"https")) {
        *problem = SandboxTr::tr("bad request target \"%1\"").arg(quote(words.at(1)));
        return false;
    }
    // An OData service resolves a part's target against its service root; an absolute one
    // names the root's path again and misses when the root is not "/" (a real server then
    // answers 404). Refused here, so that a client sending it fails in the sandbox too.
    if (relativeOnly && (absolute || url.path().startsWith(u'/'))) {
        *problem = SandboxTr::tr("the target \"%1\" is absolute; an OData part names its resource relative "
                                 "to the service root, as in \"users/1\"")
                       .arg(quote(words.at(1)));
        return false;
    }
    call->method = words.at(0).toUpper();
    // A target relative to the service root ("users/1") means the same as "/users/1".
    call->path = url.path(QUrl::FullyDecoded);
    if (!call->path.startsWith(u'/'))
        call->path.prepend(u'/');
    call->query = QUrlQuery(url);

    qsizetype bodyStart = 0;
    bool blankLine = false;
    // Without an empty line the request simply has no body (Google's own example).
    if (!readHeaders(http, eol < 0 ? http.size() : eol + 1, &call->headers, &bodyStart, &blankLine,
                     problem)) {
        return false;
    }
    call->body = http.mid(bodyStart);
    const QByteArray length = valueOf(call->headers, "content-length");
    if (!length.isEmpty()) {
        bool ok = false;
        const qint64 declared = length.toLongLong(&ok);
        if (!ok || declared < 0) {
            *problem = SandboxTr::tr("bad Content-Length \"%1\"").arg(quote(length));
            return false;
        }
        if (declared > call->body.size()) {
            *problem = SandboxTr::tr("the body has %1 bytes, fewer than its Content-Length %2")
                           .arg(call->body.size())
                           .arg(declared);
            return false;
        }
        call->body.truncate(qsizetype(declared));
    }
    for (const auto &header : inherited) {
        if (valueOf(call->headers, header.first).isNull())
            call->headers.append(header);
    }
    return true;
}

struct Parser
{
    const HttpHeaders &inherited;
    bool relativeOnly;
    QList<SandboxBatchItem> *items;
    int changeSets = 0;

    /// One part, labelled "part 3" or, inside the change set of part 3, "part 3.1".
    bool parsePart(const QByteArray &part, const QString &label, int changeSet, QString *problem)
    {
        HttpHeaders headers;
        qsizetype bodyStart = 0;
        bool blankLine = false;
        QString headerProblem;
        if (!readHeaders(part, 0, &headers, &bodyStart, &blankLine, &headerProblem)) {
            *problem = label + QStringLiteral(": ") + headerProblem;
            return false;
        }
        if (!blankLine) {
            *problem = SandboxTr::tr("%1 has no empty line after its headers").arg(label);
            return false;
        }
        const QByteArray type = valueOf(headers, "content-type");
        if (isMultipart(type))
            return parseChangeSet(part.mid(bodyStart), type, label, changeSet, problem);
        if (!type.trimmed().toLower().startsWith("application/http")) {
            *problem = type.isEmpty()
                ? SandboxTr::tr("%1 has no Content-Type; expected application/http").arg(label)
                : SandboxTr::tr("%1 has content type \"%2\", not application/http").arg(label, quote(type));
            return false;
        }
        // Only identity encodings: a batch is binary-safe, so nothing else is needed.
        const QByteArray encoding
            = valueOf(headers, "content-transfer-encoding").trimmed().toLower();
        if (!encoding.isEmpty() && encoding != "binary" && encoding != "8bit"
            && encoding != "7bit") {
            *problem = SandboxTr::tr("%1 has Content-Transfer-Encoding \"%2\"; only binary is supported")
                           .arg(label, quote(encoding));
            return false;
        }
        SandboxBatchItem item;
        item.id = QString::fromLatin1(valueOf(headers, "content-id"));
        item.atomicUnit = changeSet;
        QString callProblem;
        if (!parseCall(part.mid(bodyStart), inherited, relativeOnly, &item.call, &callProblem)) {
            *problem = label + QStringLiteral(": ") + callProblem;
            return false;
        }
        items->append(std::move(item));
        return true;
    }

    bool parseChangeSet(const QByteArray &body, const QByteArray &type, const QString &label,
                        int outer, QString *problem)
    {
        if (outer >= 0) {
            *problem = SandboxTr::tr("%1 is a change set inside a change set, which OData does not allow")
                           .arg(label);
            return false;
        }
        const QByteArray boundary = parameter(type, "boundary");
        if (boundary.isEmpty() || boundary.size() > kMaxBoundaryLength) {
            *problem = SandboxTr::tr("%1 is a change set without a boundary of 1 to 70 characters").arg(label);
            return false;
        }
        QList<QByteArray> parts;
        QString splitProblem;
        if (!splitParts(body, boundary, &parts, &splitProblem)) {
            *problem = SandboxTr::tr("the change set in %1: %2").arg(label, splitProblem);
            return false;
        }
        if (parts.isEmpty()) {
            *problem = SandboxTr::tr("the change set in %1 has no parts").arg(label);
            return false;
        }
        const int changeSet = changeSets++;
        for (qsizetype i = 0; i < parts.size(); ++i) {
            if (!parsePart(parts.at(i), label + u'.' + QString::number(i + 1), changeSet, problem))
                return false;
        }
        return true;
    }
};

SandboxReply badRequest(const QString &message)
{
    return SandboxReply::error(400, QStringLiteral("BadRequest"), message);
}

QByteArray answerId(const QByteArray &requestId, SandboxMultipartBatch::Style style)
{
    if (requestId.isEmpty() || style == SandboxMultipartBatch::Style::OData)
        return requestId;
    if (requestId.startsWith('<') && requestId.endsWith('>'))
        return "<response-" + requestId.mid(1);
    return "response-" + requestId;
}

QByteArray encodePart(const SandboxReply &reply, const QByteArray &contentId)
{
    QByteArray part = "Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n";
    if (!contentId.isEmpty())
        part += "Content-ID: " + contentId + kCrlf;
    part += kCrlf + "HTTP/1.1 " + QByteArray::number(reply.status) + ' '
        + SandboxReply::reasonPhrase(reply.status) + kCrlf;
    for (const auto &[name, value] : reply.headers) {
        if (name.compare("content-length", Qt::CaseInsensitive) != 0)
            part += name + ": " + value + kCrlf;
    }
    part += "Content-Length: " + QByteArray::number(reply.body.size()) + kCrlf + kCrlf;
    return part + reply.body;
}

/// The parts between delimiters of a boundary that occurs in none of them. Deterministic, so
/// that a seed reproduces the answer byte for byte. The close delimiter ends the result: the
/// caller adds any line end after it.
QByteArray joinParts(const QList<QByteArray> &parts, const QByteArray &prefix, QByteArray *boundary)
{
    for (int attempt = 0;; ++attempt) {
        *boundary = prefix + QByteArray::number(attempt);
        if (std::none_of(parts.cbegin(), parts.cend(),
                         [&](const QByteArray &part) { return part.contains(*boundary); }))
            break;
    }
    QByteArray out;
    for (const QByteArray &part : parts)
        out += "--" + *boundary + kCrlf + part + kCrlf;
    return out + "--" + *boundary + "--";
}

} // namespace

bool SandboxMultipartBatch::parseRequest(const QByteArray &contentType, const QByteArray &body,
                                         const HttpHeaders &outerHeaders, Style style,
                                         int maxItems, QList<SandboxBatchItem> *items,
                                         SandboxReply *error)
{
    const QByteArray boundary = parameter(contentType, "boundary");
    if (boundary.isEmpty()) {
        *error = badRequest(SandboxTr::tr("the multipart batch has no boundary in its Content-Type \"%1\"")
                                .arg(quote(contentType)));
        return false;
    }
    if (boundary.size() > kMaxBoundaryLength) {
        *error = badRequest(SandboxTr::tr("the boundary is longer than 70 characters"));
        return false;
    }
    QList<QByteArray> parts;
    QString problem;
    if (!splitParts(body, boundary, &parts, &problem)) {
        *error = badRequest(problem);
        return false;
    }
    if (parts.isEmpty()) {
        *error = badRequest(SandboxTr::tr("batch has no requests"));
        return false;
    }
    HttpHeaders inherited;
    for (const auto &header : outerHeaders) {
        if (!isEnvelopeHeader(header.first))
            inherited.append(header);
    }
    Parser parser{inherited, style == Style::OData, items};
    for (qsizetype i = 0; i < parts.size(); ++i) {
        if (!parser.parsePart(parts.at(i), SandboxTr::tr("part %1").arg(i + 1), -1, &problem)) {
            *error = badRequest(problem);
            return false;
        }
    }
    // Change-set items count one by one, as the calls they are.
    if (maxItems > 0 && items->size() > maxItems) {
        *error = badRequest(SandboxTr::tr("batch has %1 requests; this server accepts at most %2 (its batch limit)")
                                .arg(items->size())
                                .arg(maxItems));
        items->clear();
        return false;
    }
    return true;
}

QList<SandboxBatchAnswer> SandboxMultipartBatch::answersOf(const QList<SandboxBatchItem> &items,
                                                           const SandboxBatchRun &run)
{
    QList<SandboxBatchAnswer> answers;
    answers.reserve(items.size());
    for (qsizetype i = 0; i < items.size(); ++i) {
        if (run.fates.at(i) == SandboxItemFate::NotReached)
            continue;
        const int unit = items.at(i).atomicUnit;
        const auto failed = unit < 0 ? run.failedUnits.cend() : run.failedUnits.constFind(unit);
        if (failed == run.failedUnits.cend()) {
            answers.append({items.at(i).id, unit, {}, run.replies.at(i)});
        } else if (*failed == i) {
            // OData 4.0 §11.7.4, and SAP CAP: a failed change set is answered by a single
            // response, the failing request's, as a part of its own and not a change set.
            answers.append({items.at(i).id, -1, {}, run.replies.at(i)});
        }
    }
    return answers;
}

QByteArray SandboxMultipartBatch::encodeResponse(const QList<SandboxBatchAnswer> &answers,
                                                 const SandboxAnswerLayout &layout, Style style,
                                                 QByteArray *contentType)
{
    const QList<qsizetype> &order = layout.order;
    auto partAt = [&](qsizetype position) {
        const SandboxBatchAnswer &answer = answers.at(order.at(position));
        const QByteArray id = position == layout.unknownAt
            ? "<unknown-" + QByteArray::number(position) + '>'
            : answer.id.toLatin1();
        return encodePart(answer.reply, answerId(id, style));
    };
    // The positions of each change set's answers, gathered in one pass so that the answer is
    // written in time linear in its size, however many change sets there are.
    QHash<int, QList<qsizetype>> unitPositions;
    for (qsizetype position = 0; position < order.size(); ++position) {
        const int unit = answers.at(order.at(position)).atomicUnit;
        if (unit >= 0)
            unitPositions[unit].append(position);
    }

    QList<QByteArray> parts;
    parts.reserve(order.size());
    for (qsizetype position = 0; position < order.size(); ++position) {
        const int unit = answers.at(order.at(position)).atomicUnit;
        if (unit < 0) {
            parts.append(partAt(position));
            continue;
        }
        // A change set is answered where its first answer falls, with all its answers inside.
        const auto positions = unitPositions.find(unit);
        if (positions == unitPositions.end())
            continue; // written already
        QList<QByteArray> inner;
        inner.reserve(positions->size());
        for (const qsizetype p : std::as_const(*positions))
            inner.append(partAt(p));
        unitPositions.erase(positions);
        QByteArray innerBoundary;
        const QByteArray nested = joinParts(
            inner, "changesetresponse_" + QByteArray::number(unit) + '_', &innerBoundary);
        parts.append("Content-Type: multipart/mixed; boundary=" + innerBoundary + kCrlf + kCrlf
                     + nested);
    }
    QByteArray boundary;
    const QByteArray body = joinParts(parts, QByteArrayLiteral("batchresponse_"), &boundary);
    *contentType = "multipart/mixed; boundary=" + boundary;
    return body + kCrlf;
}

} // namespace batchlab
