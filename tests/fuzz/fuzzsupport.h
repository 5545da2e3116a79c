// SPDX-License-Identifier: BSD-3-Clause
// What the codec fuzz targets share: how an input becomes a batch, answer headers and an answer
// body; the batches themselves; and the checks that abort on a broken invariant.
//
// Input format (text, so that seeds can be written and read by hand):
//
//   line 1   <items>[!<mask>] <Content-Type value>
//   rest     the answer body, byte for byte
//
// <items> is the number of calls in the batch (1..kMaxItems, default 3), <mask> a decimal bit
// mask of the calls sent as JSON-RPC notifications (bit i: call i). An empty Content-Type sends
// no Content-Type header. A first line "@roundtrip" instead makes the rest of the input the
// random source of an encode → well-formed answer → decode round trip.
#pragma once

#include "wire/batchcodec.h"

#include <QByteArray>
#include <QString>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace batchlab::fuzz {

constexpr int kMaxItems = 100;

/// Names of invariants to report without aborting, from BATCHLAB_FUZZ_TOLERATE (comma
/// separated): to keep fuzzing past a known, reported codec bug.
inline bool tolerated(const char *name)
{
    static const QByteArray list = qgetenv("BATCHLAB_FUZZ_TOLERATE");
    if (list.isEmpty())
        return false;
    const QList<QByteArray> names = list.split(',');
    return names.contains(QByteArray(name));
}

/// `bytes` readable on a terminal: line breaks kept, CR as \r, other control and non-ASCII
/// bytes as \xHH.
inline QByteArray printable(const QByteArray &bytes)
{
    QByteArray out;
    for (const char c : bytes) {
        const auto u = uint8_t(c);
        if (c == '\n' || c == '\t' || (u >= 0x20 && u < 0x7f))
            out += c;
        else if (c == '\r')
            out += "\\r";
        else
            out += "\\x" + QByteArray::number(u, 16).rightJustified(2, '0');
    }
    return out;
}

[[noreturn]] inline void fail(const char *name, const char *condition, const QByteArray &detail)
{
    std::fprintf(stderr, "\n*** fuzz invariant \"%s\" violated: %s\n*** %s\n", name, condition,
                 printable(detail).constData());
    std::fflush(stderr);
    std::abort();
}

} // namespace batchlab::fuzz

/// Aborts (a crash for libFuzzer, a failure for the replay test) unless `condition` holds.
/// `name` names the invariant for BATCHLAB_FUZZ_TOLERATE; `detail` is a QByteArray or literal.
#define FUZZ_CHECK(name, condition, detail)                                                        \
    do {                                                                                           \
        if (!(condition) && !::batchlab::fuzz::tolerated(name))                                    \
            ::batchlab::fuzz::fail(name, #condition, QByteArray(detail));                          \
    } while (false)

namespace batchlab::fuzz {

/// An input split as described at the top of this file.
struct FuzzCase
{
    bool roundTrip = false;
    int itemCount = 3;
    quint32 notificationMask = 0;
    HttpHeaders headers;
    QByteArray body;
};

inline FuzzCase parseCase(const uint8_t *data, size_t size)
{
    FuzzCase c;
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    const qsizetype newline = input.indexOf('\n');
    QByteArray first = newline < 0 ? input : input.left(newline);
    c.body = newline < 0 ? QByteArray() : input.mid(newline + 1);
    if (first.endsWith('\r'))
        first.chop(1);
    if (first == "@roundtrip") {
        c.roundTrip = true;
        return c;
    }
    qsizetype at = 0;
    const auto number = [&](int maxDigits, quint32 *value) {
        bool any = false;
        *value = 0;
        for (int digits = 0;
             digits < maxDigits && at < first.size() && first[at] >= '0' && first[at] <= '9';
             ++digits, ++at) {
            *value = *value * 10 + quint32(first[at] - '0');
            any = true;
        }
        return any;
    };
    quint32 count = 0;
    if (number(3, &count))
        c.itemCount = int(std::clamp<quint32>(count, 1, kMaxItems));
    if (at < first.size() && first[at] == '!') {
        ++at;
        number(10, &c.notificationMask);
    }
    if (at < first.size() && first[at] == ' ')
        ++at;
    const QByteArray contentType = first.mid(at);
    if (!contentType.isEmpty())
        c.headers.append({QByteArrayLiteral("Content-Type"), contentType});
    return c;
}

/// Realistic calls: GET /users/N, every fifth a POST with a small JSON body; for JSON-RPC the
/// last URL segment is the method. Built once; a batch points into them.
struct Calls
{
    std::vector<RequestSpec> plain;
    std::vector<RequestSpec> notification;

    static const Calls &instance()
    {
        static const Calls calls;
        return calls;
    }

private:
    Calls()
    {
        for (int i = 0; i < kMaxItems; ++i) {
            RequestSpec spec;
            if (i % 5 == 4) {
                spec.method = QByteArrayLiteral("POST");
                spec.url = QUrl(QStringLiteral("https://api.example.test/v1.0/users"));
                spec.headers
                    = {{QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json")}};
                spec.body = R"({"displayName":"User )" + QByteArray::number(i)
                    + R"(","accountEnabled":true})";
            } else {
                spec = RequestSpec::get(
                    QUrl(QStringLiteral("https://api.example.test/v1.0/users/%1").arg(i)));
            }
            plain.push_back(spec);
            spec.headers.append({QByteArrayLiteral("X-Batchlab-Notification"), "true"});
            notification.push_back(spec);
        }
    }
};

inline BatchRequest makeBatch(int count, quint32 notificationMask)
{
    const Calls &calls = Calls::instance();
    BatchRequest batch;
    batch.batchId = 7;
    batch.endpoint = QUrl(QStringLiteral("https://api.example.test/v1.0/$batch"));
    batch.items.reserve(size_t(count));
    for (int i = 0; i < count; ++i) {
        const bool notification = i < 32 && (notificationMask >> i) & 1u;
        batch.items.push_back(
            {i, notification ? &calls.notification[size_t(i)] : &calls.plain[size_t(i)]});
    }
    return batch;
}

/// Reads a round trip's random choices from the fuzzer's bytes; zeros once they run out.
class Bytes
{
public:
    explicit Bytes(const QByteArray &data)
        : m_data(data)
    { }
    uint8_t byte() { return m_at < m_data.size() ? uint8_t(m_data[m_at++]) : 0; }
    /// 0..n-1
    int below(int n) { return n <= 1 ? 0 : int(byte()) % n; }
    bool flag() { return byte() & 1u; }
    QByteArray take(int maxSize)
    {
        const auto size = std::min<qsizetype>(below(maxSize + 1), m_data.size() - m_at);
        const QByteArray piece = m_data.mid(m_at, std::max<qsizetype>(0, size));
        m_at += piece.size();
        return piece;
    }

private:
    QByteArray m_data;
    qsizetype m_at = 0;
};

/// The calls of a round trip: any method, a path and body from the fuzzer's bytes, a few
/// token headers. `keepAlive` owns the specs the batch points to.
inline BatchRequest randomBatch(Bytes &bytes, std::vector<RequestSpec> *keepAlive,
                                bool notifications = false)
{
    static const char *const methods[] = {"GET", "POST", "PUT", "PATCH", "DELETE"};
    static const char *const types[] = {"", "application/json", "text/plain",
                                        "application/octet-stream", "application/merge-patch+json"};
    const int count = 1 + bytes.below(8);
    keepAlive->clear();
    keepAlive->reserve(size_t(count));
    for (int i = 0; i < count; ++i) {
        RequestSpec spec;
        spec.method = methods[bytes.below(5)];
        QUrl url(QStringLiteral("https://api.example.test/v1.0/$batch"));
        url.setPath(QStringLiteral("/v1.0/")
                        + QString::fromLatin1(bytes.take(12).toPercentEncoding()),
                    QUrl::TolerantMode);
        spec.url = url;
        if (spec.method != "GET" && spec.method != "DELETE")
            spec.body = bytes.take(40);
        const char *type = types[bytes.below(5)];
        if (*type)
            spec.headers.append({QByteArrayLiteral("Content-Type"), type});
        if (bytes.flag())
            spec.headers.append(
                {QByteArrayLiteral("If-Match"), "W/\"" + QByteArray::number(i) + '"'});
        if (notifications && bytes.below(4) == 0)
            spec.headers.append({QByteArrayLiteral("X-Batchlab-Notification"), "true"});
        keepAlive->push_back(std::move(spec));
    }
    BatchRequest batch;
    batch.batchId = bytes.byte();
    batch.endpoint = QUrl(QStringLiteral("https://api.example.test/v1.0/$batch"));
    for (int i = 0; i < count; ++i)
        batch.items.push_back({i, &(*keepAlive)[size_t(i)]});
    return batch;
}

/// A permutation of 0..n-1 drawn from the fuzzer's bytes (identity when they run out).
inline std::vector<int> shuffled(Bytes &bytes, int n)
{
    std::vector<int> order(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i)
        order[size_t(i)] = i;
    for (int i = n - 1; i > 0; --i)
        std::swap(order[size_t(i)], order[size_t(i - bytes.below(i + 1))]);
    return order;
}

inline QByteArray describe(const ItemResult &item)
{
    return "item id=\"" + item.id.toUtf8() + "\" index=" + QByteArray::number(item.index)
        + " status=" + QByteArray::number(item.status) + " problem=\"" + item.problem.toUtf8()
        + "\" body=" + item.body.left(120);
}

/// What holds for every codec and any input: an error comes without items; without an error,
/// every item's index names a call that was sent, or is -1.
inline void checkCommon(const BatchRequest &batch, const DecodedBatch &decoded)
{
    if (!decoded.error.isEmpty()) {
        FUZZ_CHECK("error-without-items", decoded.items.empty(),
                   "error \"" + decoded.error.toUtf8() + "\" but "
                       + QByteArray::number(qsizetype(decoded.items.size())) + " items");
        return;
    }
    const int count = int(batch.items.size());
    for (const ItemResult &item : decoded.items) {
        FUZZ_CHECK("index-range", item.index >= -1 && item.index < count,
                   describe(item) + " in a batch of " + QByteArray::number(count));
    }
}

} // namespace batchlab::fuzz
