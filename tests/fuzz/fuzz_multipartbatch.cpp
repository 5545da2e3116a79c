// SPDX-License-Identifier: BSD-3-Clause
// Fuzz target: MultipartBatchCodec::decode over any answer, and an encode → answer → decode
// round trip. Input format: see fuzzsupport.h; line 1 carries the answer's Content-Type with
// its boundary, e.g. "3 multipart/mixed; boundary=batch_foobarbaz". Seeds:
// tests/fixtures/fuzz/multipartbatch/.
#include "fuzzsupport.h"
#include "wire/jsonbatchcodec.h"
#include "wire/itemtarget.h"
#include "wire/multipartbatchcodec.h"

using namespace batchlab;
using namespace batchlab::fuzz;

namespace {

void checkDecode(const FuzzCase &input)
{
    const BatchRequest batch = makeBatch(input.itemCount, input.notificationMask);
    const DecodedBatch decoded = MultipartBatchCodec().decode(batch, input.headers, input.body);
    checkCommon(batch, decoded);
    for (const ItemResult &item : decoded.items) {
        // Strict: an item is a real HTTP answer, or says why it is not one.
        FUZZ_CHECK("status-or-problem",
                   !item.problem.isEmpty() || (item.status >= 100 && item.status <= 599),
                   describe(item));
    }
}

/// A token boundary, from the fuzzer's bytes, that occurs nowhere in `content`.
QByteArray boundaryFor(Bytes &bytes, const QByteArray &prefix, const QByteArray &content)
{
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789_-";
    QByteArray boundary = prefix;
    for (int i = 0, n = bytes.below(12); i < n; ++i)
        boundary += alphabet[bytes.below(int(sizeof alphabet) - 1)];
    for (int suffix = 0; content.contains(boundary); ++suffix)
        boundary = prefix + "_" + QByteArray::number(suffix);
    return boundary;
}

/// The first line after the delimiters of an encoded request, for checking; "" when absent.
QByteArray encodedPart(const QByteArray &body, const QByteArray &boundary, int i)
{
    const QByteArray delimiter = "--" + boundary + "\r\n";
    qsizetype at = 0;
    for (int k = 0; k <= i; ++k) {
        at = body.indexOf(delimiter, at);
        if (at < 0)
            return {};
        at += delimiter.size();
    }
    const qsizetype end = body.indexOf(QByteArray("\r\n--" + boundary), at);
    return end < 0 ? QByteArray() : body.mid(at, end - at);
}

struct Answer
{
    int status = 0;
    QByteArray body;
};

/// Encodes a random batch and checks the request; answers it with a well-formed multipart
/// answer drawn from the fuzzer's bytes (any order, Content-ID styles, a change set, preamble,
/// transport padding, epilogue, bodies with and without Content-Length, binary bodies); checks
/// that every call gets its own status and its body byte for byte.
void checkRoundTrip(const QByteArray &random)
{
    Bytes bytes(random);
    std::vector<RequestSpec> specs;
    const BatchRequest batch = randomBatch(bytes, &specs);
    const int count = int(batch.items.size());
    WireOptions options;
    options.itemUrls = bytes.flag() ? ItemUrls::AbsolutePath
                                    : (bytes.flag() ? ItemUrls::Absolute : ItemUrls::Relative);
    options.continueOnError = bytes.flag();
    const MultipartBatchCodec codec(options);

    const EncodedRequest encoded = codec.encode(batch);
    const QByteArray type = headerValue(encoded.headers, "content-type");
    const QByteArray sentBoundary = MultipartBatchCodec::headerParameter(type, "boundary");
    FUZZ_CHECK("encode-envelope",
               type.startsWith("multipart/mixed") && !sentBoundary.isEmpty()
                   && sentBoundary.size() <= 70
                   && encoded.body.endsWith(QByteArray("\r\n--" + sentBoundary + "--\r\n"))
                   && encoded.body.count(QByteArray("--" + sentBoundary)) == count + 1,
               type + "\n" + encoded.body);
    for (int i = 0; i < count; ++i) {
        const RequestSpec &spec = specs[size_t(i)];
        const QByteArray part = encodedPart(encoded.body, sentBoundary, i);
        // The request line: the method, the target in the form the options ask for, HTTP/1.1;
        // a Host header exactly when the target is an absolute path.
        const qsizetype headersEnd = part.indexOf("\r\n\r\n");
        const qsizetype lineEnd = headersEnd < 0 ? -1 : part.indexOf("\r\n", headersEnd + 4);
        const QList<QByteArray> words = lineEnd < 0
            ? QList<QByteArray>()
            : part.mid(headersEnd + 4, lineEnd - headersEnd - 4).split(' ');
        const bool requestLine = words.size() == 3 && words[0] == spec.method
            && words[2] == "HTTP/1.1"
            && words[1] == itemTarget(spec.url, batch.endpoint, options.itemUrls, true)
            && part.contains("\r\nHost: ") == (options.itemUrls == ItemUrls::AbsolutePath);
        FUZZ_CHECK(
            "encode-part",
            part.contains(QByteArray("\r\nContent-ID: <item-" + QByteArray::number(i) + ">\r\n"))
                && requestLine && part.endsWith(QByteArray("\r\n\r\n" + spec.body)),
            "part " + QByteArray::number(i) + ":\n" + part);
    }

    static const int statuses[] = {200, 201, 204, 304, 404, 429, 500, 503};
    const bool inOrder = bytes.flag();
    Bytes none{QByteArray()};
    const std::vector<int> order = shuffled(inOrder ? none : bytes, count);
    std::vector<Answer> answers(static_cast<size_t>(count));
    std::vector<QByteArray> parts; // one per call, in answer order
    for (int position = 0; position < count; ++position) {
        const int i = order[size_t(position)];
        Answer &answer = answers[size_t(i)];
        answer.status = statuses[bytes.below(8)];
        answer.body = bytes.flag() ? specs[size_t(i)].body : bytes.take(40);
        QByteArray part = "Content-Type: application/http\r\n";
        switch (bytes.below(inOrder ? 5 : 4)) {
        case 0:
            part += "Content-ID: <response-item-" + QByteArray::number(i) + ">\r\n";
            break;
        case 1:
            part += "Content-ID: response-item-" + QByteArray::number(i) + "\r\n";
            break;
        case 2:
            part += "content-id:<item-" + QByteArray::number(i) + ">\r\n";
            break;
        case 3:
            part += "Content-Transfer-Encoding: binary\r\nContent-ID: <response-item-"
                + QByteArray::number(i) + ">\r\n";
            break;
        default: // no Content-ID: matched by position
            break;
        }
        part += "\r\nHTTP/1.1 " + QByteArray::number(answer.status) + " Reason\r\n";
        part += "Content-Type: application/octet-stream\r\n";
        const bool length = bytes.flag();
        if (length)
            part += "Content-Length: " + QByteArray::number(answer.body.size()) + "\r\n";
        part += "\r\n" + answer.body;
        if (length && bytes.flag())
            part += "\r\n"; // after the declared length: not part of the body
        parts.push_back(part);
    }

    // Optionally, parts [from, to) go inside a change set.
    int from = count, to = count;
    if (count >= 2 && bytes.flag()) {
        from = bytes.below(count);
        to = from + 1 + bytes.below(count - from);
    }
    QByteArray changeSet;
    if (from < to) {
        QByteArray inner;
        for (int p = from; p < to; ++p)
            inner += parts[size_t(p)];
        const QByteArray boundary = boundaryFor(bytes, "changesetresponse", inner);
        for (int p = from; p < to; ++p)
            changeSet += "--" + boundary + "\r\n" + parts[size_t(p)] + "\r\n";
        changeSet = "Content-Type: multipart/mixed; boundary="
            + (bytes.flag() ? '"' + boundary + '"' : boundary) + "\r\n\r\n" + changeSet + "--"
            + boundary + "--";
    }
    std::vector<QByteArray> outer;
    for (int p = 0; p < count; ++p) {
        if (p == from)
            outer.push_back(changeSet);
        if (p < from || p >= to)
            outer.push_back(parts[size_t(p)]);
    }
    QByteArray content;
    for (const QByteArray &part : outer)
        content += part;
    const QByteArray boundary = boundaryFor(bytes, "batchresponse", content);
    QByteArray answer = bytes.flag() ? "This is the preamble.\r\n" : "";
    const QByteArray padding = bytes.flag() ? " \t " : "";
    for (const QByteArray &part : outer)
        answer += "--" + boundary + padding + "\r\n" + part + "\r\n";
    answer += "--" + boundary + "--" + (bytes.flag() ? "\r\nepilogue\r\n" : "\r\n");

    const DecodedBatch decoded
        = codec.decode(batch, {{"Content-Type", "multipart/mixed; boundary=" + boundary}}, answer);
    FUZZ_CHECK("roundtrip-ok", decoded.error.isEmpty() && int(decoded.items.size()) == count,
               decoded.error.toUtf8() + " in\n" + answer);
    for (const ItemResult &item : decoded.items) {
        const bool ok = item.index >= 0 && item.index < count && item.problem.isEmpty()
            && item.status == answers[size_t(item.index)].status
            && item.body == answers[size_t(item.index)].body;
        FUZZ_CHECK("roundtrip-item", ok, describe(item) + " in\n" + answer);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const FuzzCase input = parseCase(data, size);
    if (input.roundTrip)
        checkRoundTrip(input.body);
    else
        checkDecode(input);
    return 0;
}
