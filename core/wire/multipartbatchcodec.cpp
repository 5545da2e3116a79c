// SPDX-License-Identifier: BSD-3-Clause
#include "wire/multipartbatchcodec.h"
#include "wire/wiretr.h"

#include "wire/itemtarget.h"

#include <QCoreApplication>

namespace batchlab {

namespace {

// Limits that keep a hostile or broken answer from costing more than it should.
constexpr qsizetype kMaxHeaderBytes = 64 * 1024;
constexpr int kMaxParts = 100000;
constexpr int kMaxDepth = 2; // a batch, and change sets inside it

const QByteArray kCrlf = QByteArrayLiteral("\r\n");

QByteArray contentId(int index)
{
    return "<item-" + QByteArray::number(index) + '>';
}

/// "<response-item-3>", "response-item-3", "<item-3>" → 3; anything else → -1.
/// `text` with CR and LF made spaces: a header value must not start a line of its own, or a
/// caller's header could smuggle another request into the part.
QByteArray oneLine(QByteArray text)
{
    text.replace('\r', ' ');
    text.replace('\n', ' ');
    return text;
}

/// `prefix` followed by the first number that makes a boundary found in none of `parts`.
QByteArray boundaryFor(const std::vector<QByteArray> &parts, const QByteArray &prefix)
{
    for (int attempt = 0;; ++attempt) {
        QByteArray boundary = prefix + QByteArray::number(attempt);
        if (std::none_of(parts.cbegin(), parts.cend(),
                         [&](const QByteArray &p) { return p.contains(boundary); }))
            return boundary;
    }
}

QByteArray multipartBody(const std::vector<QByteArray> &parts, const QByteArray &boundary)
{
    QByteArray body;
    for (const QByteArray &part : parts)
        body += "--" + boundary + kCrlf + part + kCrlf;
    body += "--" + boundary + "--\r\n";
    return body;
}

int indexOfContentId(QByteArray id)
{
    id = id.trimmed();
    if (id.startsWith('<') && id.endsWith('>'))
        id = id.mid(1, id.size() - 2);
    if (id.startsWith("response-"))
        id = id.mid(9);
    if (!id.startsWith("item-"))
        return -1;
    bool ok = false;
    const int index = id.mid(5).toInt(&ok);
    return ok && index >= 0 && QByteArray::number(index) == id.mid(5) ? index : -1;
}

/// Splits header lines ("Name: value", CRLF or LF) into pairs; false when one is not a header.
bool parseHeaders(const QByteArray &block, HttpHeaders *headers, QString *error)
{
    for (QByteArray line : block.split('\n')) {
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.isEmpty())
            continue;
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0) {
            *error
                = WireTr::tr("a header line has no name: \"%1\"").arg(QString::fromLatin1(line.left(80)));
            return false;
        }
        headers->append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
    }
    return true;
}

/// Where the header block of `data` from `from` ends: the index after the empty line, or -1.
qsizetype headerEnd(const QByteArray &data, qsizetype from, qsizetype *blockEnd)
{
    for (qsizetype i = from; i < data.size(); ++i) {
        if (data[i] != '\n')
            continue;
        if (i + 1 < data.size() && data[i + 1] == '\n') {
            *blockEnd = i;
            return i + 2;
        }
        if (i + 2 < data.size() && data[i + 1] == '\r' && data[i + 2] == '\n') {
            *blockEnd = i;
            return i + 3;
        }
    }
    return -1;
}

struct Part
{
    HttpHeaders headers;
    QByteArray body;
};

/// The parts of a multipart body. A delimiter is "--boundary" at the start of a line; the line
/// break before it belongs to it, so bodies come out byte for byte.
bool splitParts(const QByteArray &body, const QByteArray &boundary, std::vector<Part> *parts,
                QString *error)
{
    const QByteArray delimiter = "--" + boundary;
    const QByteArray lineDelimiter = '\n' + delimiter;
    // The first delimiter may be preceded by a preamble, which is ignored.
    qsizetype at = body.startsWith(delimiter) ? 0 : body.indexOf(lineDelimiter);
    if (at < 0) {
        *error = WireTr::tr("no part starts with the boundary \"%1\"").arg(QString::fromLatin1(boundary));
        return false;
    }
    if (at > 0)
        ++at;
    while (true) {
        qsizetype next = at + delimiter.size();
        if (body.mid(next, 2) == QByteArrayView("--"))
            return true; // the close delimiter; an epilogue after it is ignored
        // The rest of the delimiter line (transport padding) up to its line break.
        const qsizetype lineEnd = body.indexOf('\n', next);
        if (lineEnd < 0) {
            *error = WireTr::tr("the body ends inside a delimiter line (no close delimiter \"%1--\")")
                         .arg(QString::fromLatin1(delimiter));
            return false;
        }
        const qsizetype partStart = lineEnd + 1;
        const qsizetype end = body.indexOf(lineDelimiter, partStart - 1);
        if (end < 0) {
            *error = WireTr::tr("part %1 is not closed: the close delimiter \"%2--\" is missing (truncated "
                        "answer?)")
                         .arg(parts->size() + 1)
                         .arg(QString::fromLatin1(delimiter));
            return false;
        }
        if (int(parts->size()) >= kMaxParts) {
            *error = WireTr::tr("more than %1 parts").arg(kMaxParts);
            return false;
        }
        qsizetype partEnd = end; // the line break before the delimiter is not part of the body
        if (partEnd > partStart && body[partEnd - 1] == '\r')
            --partEnd;
        const QByteArray part = body.mid(partStart, std::max<qsizetype>(0, partEnd - partStart));
        Part p;
        qsizetype blockEnd = 0;
        const qsizetype bodyStart = part.startsWith("\r\n") ? 2 : part.startsWith('\n') ? 1 : -1;
        if (bodyStart > 0) {
            p.body = part.mid(bodyStart); // no part headers
        } else {
            const qsizetype start = headerEnd(part, 0, &blockEnd);
            if (start < 0 || blockEnd > kMaxHeaderBytes) {
                *error = WireTr::tr("part %1 has no end of headers").arg(parts->size() + 1);
                return false;
            }
            QString headerError;
            if (!parseHeaders(part.left(blockEnd), &p.headers, &headerError)) {
                *error = WireTr::tr("part %1: %2").arg(parts->size() + 1).arg(headerError);
                return false;
            }
            p.body = part.mid(start);
        }
        parts->push_back(std::move(p));
        at = end + 1;
    }
}

/// One `application/http` response: status line, headers, body (Content-Length respected).
ItemResult parseResponse(const QByteArray &http, QString *problem)
{
    ItemResult item;
    const qsizetype lineEnd = http.indexOf('\n');
    const QByteArray statusLine = (lineEnd < 0 ? http : http.left(lineEnd)).trimmed();
    const QList<QByteArray> words = statusLine.split(' ');
    bool ok = false;
    const int status = words.size() >= 2 ? words.at(1).toInt(&ok) : 0;
    if (!statusLine.startsWith("HTTP/") || !ok || status < 100 || status > 599) {
        *problem = WireTr::tr("not an HTTP response: \"%1\"").arg(QString::fromLatin1(statusLine.left(80)));
        return item;
    }
    if (lineEnd < 0) { // a status line alone
        item.status = status;
        return item;
    }
    qsizetype blockEnd = 0;
    const qsizetype bodyStart = headerEnd(http, lineEnd, &blockEnd);
    if (bodyStart < 0) {
        // A status line and headers without a body and without the empty line.
        QString error;
        parseHeaders(http.mid(lineEnd + 1), &item.headers, &error);
        item.status = error.isEmpty() ? status : 0;
        *problem = error;
        return item;
    }
    QString error;
    if (!parseHeaders(http.mid(lineEnd + 1, blockEnd - lineEnd), &item.headers, &error)) {
        *problem = error;
        return item;
    }
    item.body = http.mid(bodyStart);
    const QByteArray length = headerValue(item.headers, "content-length");
    if (!length.isEmpty()) {
        const qint64 declared = length.toLongLong(&ok);
        if (!ok || declared < 0) {
            *problem = WireTr::tr("Content-Length \"%1\" is not a number of bytes")
                           .arg(QString::fromLatin1(length.left(40)));
            return item;
        }
        if (declared > item.body.size()) {
            *problem = WireTr::tr("body is shorter than its Content-Length %1 (%2 bytes)")
                           .arg(QString::fromLatin1(length))
                           .arg(item.body.size());
            return item;
        }
        item.body.truncate(qsizetype(declared));
    }
    item.status = status;
    return item;
}

bool isMultipart(const QByteArray &contentType)
{
    return contentType.trimmed().toLower().startsWith("multipart/mixed");
}

/// Which items a top-level part answers when it has no Content-ID: a call alone, or the
/// members of a change set (`count` items from `first`).
struct Slot
{
    int first = 0;
    int count = 1;
};

/// Empty when the batch has no change set: then every part, nested or not, answers the item
/// at its place among all the parts read (what servers write, and what a lenient reader takes).
std::vector<Slot> slotsOf(const BatchRequest &request)
{
    std::vector<Slot> slots;
    if (std::none_of(request.items.cbegin(), request.items.cend(),
                     [](const OutgoingItem &i) { return i.group >= 0; }))
        return slots;
    for (int i = 0; i < int(request.items.size());) {
        const int group = request.items[size_t(i)].group;
        int end = i + 1;
        while (group >= 0 && end < int(request.items.size())
               && request.items[size_t(end)].group == group)
            ++end;
        slots.push_back({i, end - i});
        i = end;
    }
    return slots;
}

/// `slots` are those of the batch (depth 0), or the one change set being read (depth 1); none
/// when the batch has no change set.
void decodeParts(const QByteArray &body, const QByteArray &boundary, int depth,
                 const std::vector<Slot> &slots, DecodedBatch *out)
{
    std::vector<Part> parts;
    QString error;
    if (!splitParts(body, boundary, &parts, &error)) {
        out->error = depth == 0 ? error : WireTr::tr("change set: %1").arg(error);
        return;
    }
    int position = 0; // of this part among its siblings
    for (Part &part : parts) {
        const Slot slot = slots.empty()    ? Slot{int(out->items.size()), 1}
            : position < int(slots.size()) ? slots[size_t(position)]
                                           : Slot{-1, 1};
        ++position;
        const QByteArray type = headerValue(part.headers, "content-type");
        if (isMultipart(type)) {
            const QByteArray inner = MultipartBatchCodec::headerParameter(type, "boundary");
            if (inner.isEmpty() || depth + 1 >= kMaxDepth) {
                out->error = inner.isEmpty() ? WireTr::tr("a change set has no boundary")
                                             : WireTr::tr("change sets nested deeper than OData allows");
                return;
            }
            std::vector<Slot> members;
            for (int i = 0; !slots.empty() && slot.first >= 0 && i < slot.count; ++i)
                members.push_back({slot.first + i, 1});
            decodeParts(part.body, inner, depth + 1, members, out);
            if (!out->error.isEmpty())
                return;
            continue;
        }
        const int number = int(out->items.size()) + 1;
        QString problem;
        ItemResult item;
        if (!type.toLower().startsWith("application/http"))
            problem = WireTr::tr("part %1 has content type \"%2\", not application/http")
                          .arg(number)
                          .arg(QString::fromLatin1(type));
        else
            item = parseResponse(part.body, &problem);
        const QByteArray id = headerValue(part.headers, "content-id");
        item.id = id.isEmpty() ? QStringLiteral("part %1").arg(number) : QString::fromLatin1(id);
        // By Content-ID; without one, by position (the OData rule for plain parts). A failed
        // change set is answered by one part: without a Content-ID it stands for the first
        // member, and the engine fails the others with it.
        item.index = id.isEmpty() ? slot.first : indexOfContentId(id);
        item.problem = problem; // its caller fails with a protocol error that says why
        out->items.push_back(std::move(item));
    }
}

} // namespace

QByteArray MultipartBatchCodec::headerParameter(const QByteArray &value, const QByteArray &name)
{
    for (const QByteArray &piece : value.split(';')) {
        const qsizetype eq = piece.indexOf('=');
        if (eq < 0 || piece.left(eq).trimmed().toLower() != name)
            continue;
        QByteArray v = piece.mid(eq + 1).trimmed();
        if (v.size() >= 2 && v.startsWith('"') && v.endsWith('"'))
            v = v.mid(1, v.size() - 2);
        return v;
    }
    return {};
}

EncodedRequest MultipartBatchCodec::encode(const BatchRequest &request) const
{
    std::vector<QByteArray> parts;
    parts.reserve(request.items.size());
    for (const OutgoingItem &item : request.items) {
        const RequestSpec &spec = *item.spec;
        QByteArray part
            = "Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\nContent-ID: "
            + contentId(item.index) + "\r\n\r\n";
        // OData resolves a part's target against its service root ("Users(1)"); Google wants
        // the absolute path, which needs a Host header to be a whole reference.
        const QByteArray target = itemTarget(spec.url, request.endpoint, m_options.itemUrls, true);
        part += oneLine(spec.method) + ' ' + oneLine(target) + " HTTP/1.1\r\n";
        if (m_options.itemUrls == ItemUrls::AbsolutePath) {
            QByteArray host = spec.url.host(QUrl::FullyEncoded).toUtf8();
            if (spec.url.port() != -1)
                host += ':' + QByteArray::number(spec.url.port());
            part += "Host: " + oneLine(host) + kCrlf;
        }
        for (const auto &[name, value] : spec.headers) {
            // Written by us from the body and the URL; the caller's copies would contradict.
            if (name.compare("content-length", Qt::CaseInsensitive) == 0
                || name.compare("host", Qt::CaseInsensitive) == 0)
                continue;
            part += oneLine(name) + ": " + oneLine(value) + kCrlf;
        }
        if (!spec.body.isEmpty()) {
            if (headerValue(spec.headers, "content-type").isEmpty())
                part += "Content-Type: application/json\r\n";
            part += "Content-Length: " + QByteArray::number(spec.body.size()) + kCrlf;
        }
        part += kCrlf + spec.body;
        parts.push_back(std::move(part));
    }
    // The members of an atomic group (adjacent) become one change set: a part that is itself
    // multipart/mixed (OData 4.0 part 1, section 11.7.4).
    std::vector<QByteArray> slots;
    for (size_t i = 0; i < parts.size();) {
        const int group = request.items[i].group;
        size_t end = i + 1;
        while (group >= 0 && end < parts.size() && request.items[end].group == group)
            ++end;
        if (group < 0) {
            slots.push_back(std::move(parts[i]));
        } else {
            const std::vector<QByteArray> members(
                std::make_move_iterator(parts.begin() + qsizetype(i)),
                std::make_move_iterator(parts.begin() + qsizetype(end)));
            const QByteArray inner = boundaryFor(members,
                                                 "changeset_" + QByteArray::number(request.batchId)
                                                     + '_' + QByteArray::number(group) + '_');
            slots.push_back("Content-Type: multipart/mixed; boundary=" + inner + "\r\n\r\n"
                            + multipartBody(members, inner));
        }
        i = end;
    }
    // A boundary that occurs in no part: deterministic, so the same batch encodes the same way.
    const QByteArray boundary
        = boundaryFor(slots, "batchlab_" + QByteArray::number(request.batchId) + '_');
    EncodedRequest encoded;
    encoded.url = request.endpoint;
    encoded.headers = {{QByteArrayLiteral("Content-Type"), "multipart/mixed; boundary=" + boundary},
                       {QByteArrayLiteral("Accept"), QByteArrayLiteral("multipart/mixed")}};
    if (m_options.continueOnError)
        encoded.headers.append({QByteArrayLiteral("Prefer"), QByteArrayLiteral("odata.continue-on-error")});
    encoded.body = multipartBody(slots, boundary);
    return encoded;
}

DecodedBatch MultipartBatchCodec::decode(const BatchRequest &request, const HttpHeaders &headers,
                                         const QByteArray &body) const
{
    DecodedBatch decoded;
    const QByteArray contentType = headerValue(headers, "content-type");
    if (!isMultipart(contentType)) {
        decoded.error = WireTr::tr("batch answer has content type \"%1\", not multipart/mixed")
                            .arg(QString::fromLatin1(contentType));
        return decoded;
    }
    const QByteArray boundary = headerParameter(contentType, "boundary");
    if (boundary.isEmpty() || boundary.size() > 70) {
        decoded.error = boundary.isEmpty()
            ? WireTr::tr("batch answer's content type has no boundary")
            : WireTr::tr("batch answer's boundary is longer than 70 characters");
        return decoded;
    }
    decodeParts(body, boundary, 0, slotsOf(request), &decoded);
    if (!decoded.error.isEmpty())
        decoded.items.clear(); // no item of a broken envelope is trusted
    // A Content-ID or a position past the items sent answers nothing we asked.
    for (ItemResult &item : decoded.items) {
        if (item.index >= int(request.items.size()))
            item.index = -1;
    }
    return decoded;
}

} // namespace batchlab
