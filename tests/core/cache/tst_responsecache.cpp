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
    ManualClock clock;
    ResponseCache cache(&clock);
    HttpHeaders headers;
    if (!header.isEmpty())
        headers.append(qMakePair(QByteArray("Cache-Control"), header));
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

QTEST_GUILESS_MAIN(TestResponseCache)
#include "tst_responsecache.moc"
