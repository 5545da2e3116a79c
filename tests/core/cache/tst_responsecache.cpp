// SPDX-License-Identifier: BSD-3-Clause
// ResponseCache with a ManualClock: freshness, Cache-Control, LRU by entries and bytes.
#include "cache/responsecache.h"

#include <QtTest>

using namespace batchlab;
using namespace std::chrono_literals;

namespace {

RequestSpec get(const QString &path)
{
    return RequestSpec::get(QUrl(QStringLiteral("http://api.test") + path));
}

ApiResult ok(const QByteArray &body, const HttpHeaders &headers = {})
{
    ApiResult result;
    result.response.status = 200;
    result.response.body = body;
    result.response.headers = headers;
    return result;
}

/// An answer with `headers` is fresh for exactly `freshForMs` (-1: not stored at all).
void checkFreshFor(const HttpHeaders &headers, qint64 freshForMs)
{
    ManualClock clock;
    ResponseCache cache(&clock);
    cache.store(get(QStringLiteral("/a")), ok("A", headers));
    if (freshForMs < 0) {
        QCOMPARE(cache.size(), 0);
        return;
    }
    clock.advance(freshForMs - 1);
    QVERIFY(cache.lookup(get(QStringLiteral("/a"))));
    clock.advance(1);
    QVERIFY(!cache.lookup(get(QStringLiteral("/a"))));
}

} // namespace

class TestResponseCache : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void freshUntilTheTtl();
    void cacheControl_data();
    void cacheControl();
    void lruByEntries();
    void lruByBytes();
    void errorsOnlyWhenAsked();
    void onlySafeMethodsAndExactCalls();
    void invalidatePrimeClear();
    void freshnessFromEveryField_data();
    void freshnessFromEveryField();
    void aWriteInvalidatesItsPathAndWhereItPoints();
};

void TestResponseCache::freshUntilTheTtl()
{
    ManualClock clock;
    ResponseCache cache(&clock, CacheConfig{true, 1000ms, 100, 1 << 20, false});
    cache.store(get(QStringLiteral("/a")), ok("A"));
    QCOMPARE(cache.lookup(get(QStringLiteral("/a")))->response.body, QByteArray("A"));
    clock.advance(999);
    QVERIFY(cache.lookup(get(QStringLiteral("/a"))));
    clock.advance(1);
    QVERIFY(!cache.lookup(get(QStringLiteral("/a"))));
    QCOMPARE(cache.size(), 0);
}

void TestResponseCache::cacheControl_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<qint64>("freshForMs"); // -1: not stored
    QTest::newRow("none: default ttl") << QByteArray() << qint64(30000);
    QTest::newRow("max-age") << QByteArray("public, max-age=5") << qint64(5000);
    QTest::newRow("max-age=0") << QByteArray("max-age=0") << qint64(-1);
    QTest::newRow("no-store") << QByteArray("no-store") << qint64(-1);
    QTest::newRow("no-cache") << QByteArray("no-cache, max-age=60") << qint64(-1);
    QTest::newRow("private") << QByteArray("private") << qint64(-1);
    QTest::newRow("upper case") << QByteArray("Max-Age=2") << qint64(2000);
    // Capped at 2^31 s (RFC 9111 §1.2.2) rather than overflowing.
    QTest::newRow("huge max-age") << QByteArray("max-age=9223372036854775807") << qint64(2147483648LL * 1000);
}

void TestResponseCache::cacheControl()
{
    QFETCH(QByteArray, header);
    QFETCH(qint64, freshForMs);
    HttpHeaders headers;
    if (!header.isEmpty())
        headers.append(qMakePair(QByteArray("Cache-Control"), header));
    checkFreshFor(headers, freshForMs);
}

void TestResponseCache::lruByEntries()
{
    ManualClock clock;
    ResponseCache cache(&clock, CacheConfig{true, 60s, 3, 1 << 20, false});
    for (const char *path : {"/1", "/2", "/3"})
        cache.store(get(QLatin1String(path)), ok(path));
    QVERIFY(cache.lookup(get(QStringLiteral("/1")))); // /1 is now the most recent
    cache.store(get(QStringLiteral("/4")), ok("4"));
    QCOMPARE(cache.size(), 3);
    QVERIFY(!cache.lookup(get(QStringLiteral("/2")))); // the least recently used went
    QVERIFY(cache.lookup(get(QStringLiteral("/1"))));
    QVERIFY(cache.lookup(get(QStringLiteral("/3"))));
    QVERIFY(cache.lookup(get(QStringLiteral("/4"))));
}

void TestResponseCache::lruByBytes()
{
    ManualClock clock;
    ResponseCache cache(&clock, CacheConfig{true, 60s, 1000, 4000, false});
    const QByteArray kilobyte(1000, 'x');
    for (int i = 0; i < 10; ++i)
        cache.store(get(QStringLiteral("/%1").arg(i)), ok(kilobyte));
    QVERIFY(cache.bytes() <= 4000);
    QCOMPARE(cache.size(), 3); // three of about 1.2 kB each fit
    QVERIFY(cache.lookup(get(QStringLiteral("/9"))));
    QVERIFY(!cache.lookup(get(QStringLiteral("/6"))));
    // Something larger than the whole budget is not kept at all.
    cache.store(get(QStringLiteral("/huge")), ok(QByteArray(5000, 'y')));
    QVERIFY(!cache.lookup(get(QStringLiteral("/huge"))));
    QCOMPARE(cache.size(), 3);
}

void TestResponseCache::errorsOnlyWhenAsked()
{
    ManualClock clock;
    ApiResult failed;
    failed.error = {
        ErrorKind::Http, ErrorKind::Http, QStringLiteral("answered with HTTP 404"), 404, {}, 0, 0};
    ResponseCache cache(&clock);
    cache.store(get(QStringLiteral("/gone")), failed);
    QCOMPARE(cache.size(), 0);
    ResponseCache keeping(&clock, CacheConfig{true, 60s, 10, 1 << 20, true});
    keeping.store(get(QStringLiteral("/gone")), failed);
    QCOMPARE(keeping.lookup(get(QStringLiteral("/gone")))->error.status, 404);
}

void TestResponseCache::onlySafeMethodsAndExactCalls()
{
    ManualClock clock;
    ResponseCache cache(&clock);
    RequestSpec post = get(QStringLiteral("/a"));
    post.method = "POST";
    cache.store(post, ok("P"));
    QCOMPARE(cache.size(), 0);
    RequestSpec withAuth = get(QStringLiteral("/a"));
    withAuth.headers.append(qMakePair(QByteArray("Authorization"), QByteArray("Bearer one")));
    cache.store(withAuth, ok("mine"));
    // Another user's token is another key.
    RequestSpec otherUser = get(QStringLiteral("/a"));
    otherUser.headers.append(qMakePair(QByteArray("Authorization"), QByteArray("Bearer two")));
    QVERIFY(!cache.lookup(otherUser));
    QVERIFY(!cache.lookup(get(QStringLiteral("/a"))));
    QCOMPARE(cache.lookup(withAuth)->response.body, QByteArray("mine"));
}

void TestResponseCache::invalidatePrimeClear()
{
    ManualClock clock;
    ResponseCache cache(&clock);
    ApiResponse primed;
    primed.status = 200;
    primed.body = "primed";
    cache.prime(get(QStringLiteral("/p")), primed, 10s);
    QCOMPARE(cache.lookup(get(QStringLiteral("/p")))->response.body, QByteArray("primed"));
    RequestSpec withHeader = get(QStringLiteral("/p"));
    withHeader.headers.append(qMakePair(QByteArray("Accept"), QByteArray("text/plain")));
    cache.prime(withHeader, primed);
    QCOMPARE(cache.invalidate(QUrl(QStringLiteral("http://api.test/p"))), 2);
    QCOMPARE(cache.size(), 0);
    cache.prime(get(QStringLiteral("/q")), primed);
    cache.clear();
    QCOMPARE(cache.size(), 0);
    QCOMPARE(cache.bytes(), 0);
}

void TestResponseCache::freshnessFromEveryField_data()
{
    QTest::addColumn<HttpHeaders>("headers");
    QTest::addColumn<qint64>("freshForMs"); // -1: not stored
    // Multipart answers keep header fields apart: every Cache-Control counts.
    QTest::newRow("two Cache-Control fields")
        << HttpHeaders{{"Cache-Control", "public"}, {"Cache-Control", "no-store"}} << qint64(-1);
    QTest::newRow("max-age in the second field")
        << HttpHeaders{{"Cache-Control", "public"}, {"cache-control", "max-age=9"}} << qint64(9000);
    QTest::newRow("Age spent elsewhere") << HttpHeaders{{"Cache-Control", "max-age=10"}, {"Age", "4"}} << qint64(6000);
    QTest::newRow("older than max-age") << HttpHeaders{{"Cache-Control", "max-age=10"}, {"Age", "12"}} << qint64(-1);
    QTest::newRow("Expires after Date")
        << HttpHeaders{{"Date", "Wed, 02 Dec 2026 10:00:00 GMT"}, {"Expires", "Wed, 02 Dec 2026 10:00:20 GMT"}}
        << qint64(20000);
    QTest::newRow("max-age wins over Expires")
        << HttpHeaders{{"Cache-Control", "max-age=3"}, {"Date", "Wed, 02 Dec 2026 10:00:00 GMT"},
                       {"Expires", "Wed, 02 Dec 2026 11:00:00 GMT"}}
        << qint64(3000);
    QTest::newRow("Expires that does not parse") << HttpHeaders{{"Expires", "0"}} << qint64(-1);
}

void TestResponseCache::freshnessFromEveryField()
{
    QFETCH(HttpHeaders, headers);
    QFETCH(qint64, freshForMs);
    checkFreshFor(headers, freshForMs);
}

void TestResponseCache::aWriteInvalidatesItsPathAndWhereItPoints()
{
    ManualClock clock;
    ResponseCache cache(&clock);
    for (const QString &path : {QStringLiteral("/items"), QStringLiteral("/items?page=1"), QStringLiteral("/items/501"),
                                QStringLiteral("/items/7"), QStringLiteral("/users/1")})
        cache.store(get(path), ok("x"));
    // POST /items answered 201 with Location /items/501: the list, any page of it, and the
    // new item go; the rest stays.
    QCOMPARE(cache.invalidate(get(QStringLiteral("/items")).url, {{"Location", "/items/501"}}), 3);
    QVERIFY(cache.lookup(get(QStringLiteral("/items/7"))));
    QVERIFY(cache.lookup(get(QStringLiteral("/users/1"))));
    QVERIFY(!cache.lookup(get(QStringLiteral("/items?page=1"))));
}

QTEST_GUILESS_MAIN(TestResponseCache)
#include "tst_responsecache.moc"
