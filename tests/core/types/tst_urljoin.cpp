// SPDX-License-Identifier: BSD-3-Clause
// joinUrl: the one way a call's URL is made from a base URL and what the user wrote.

#include "types/urljoin.h"

#include <QtTest>

using namespace batchlab;

class TestUrlJoin : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void joins_data();
    void joins();
    void defaultPortsGo();
};

void TestUrlJoin::joins_data()
{
    QTest::addColumn<QString>("base");
    QTest::addColumn<QString>("reference");
    QTest::addColumn<QString>("expected");
    const QString graph = QStringLiteral("https://graph.microsoft.com/v1.0");
    // RFC 3986 resolution would give https://graph.microsoft.com/me for the first two.
    QTest::newRow("absolute path below a base with a path") << graph << "/me" << "https://graph.microsoft.com/v1.0/me";
    QTest::newRow("relative path below a base with a path") << graph << "me/messages" << "https://graph.microsoft.com/v1.0/me/messages";
    QTest::newRow("base with a trailing slash") << graph + u'/' << "/me" << "https://graph.microsoft.com/v1.0/me";
    QTest::newRow("base without a path") << "http://127.0.0.1:8080" << "/users/1" << "http://127.0.0.1:8080/users/1";
    QTest::newRow("query kept") << graph << "/users?$top=5&$filter=a%20eq%201"
                                << "https://graph.microsoft.com/v1.0/users?$top=5&$filter=a%20eq%201";
    QTest::newRow("OData key") << "http://h/odata/v4/api" << "Users(1)" << "http://h/odata/v4/api/Users(1)";
    QTest::newRow("only a query") << "http://h/v1/items" << "?page=2" << "http://h/v1/items?page=2";
    QTest::newRow("nothing") << "http://h/v1" << "" << "http://h/v1";
    QTest::newRow("fragment dropped") << "http://h/v1" << "/a#part" << "http://h/v1/a";
    QTest::newRow("absolute URL stands for itself") << graph << "https://other.example/x" << "https://other.example/x";
    QTest::newRow("network path takes the base's scheme") << graph << "//other.example/x" << "https://other.example/x";
    QTest::newRow("default port of the base dropped") << "http://h:80/v1" << "/a" << "http://h/v1/a";
}

void TestUrlJoin::joins()
{
    QFETCH(QString, base);
    QFETCH(QString, reference);
    QFETCH(QString, expected);
    QCOMPARE(joinUrl(QUrl(base), reference).toString(QUrl::FullyEncoded), expected);
}

void TestUrlJoin::defaultPortsGo()
{
    QCOMPARE(normalizedUrl(QUrl(QStringLiteral("http://h:80/a"))), QUrl(QStringLiteral("http://h/a")));
    QCOMPARE(normalizedUrl(QUrl(QStringLiteral("https://h:443/a"))), QUrl(QStringLiteral("https://h/a")));
    QCOMPARE(normalizedUrl(QUrl(QStringLiteral("http://h:443/a"))), QUrl(QStringLiteral("http://h:443/a")));
    QCOMPARE(normalizedUrl(QUrl(QStringLiteral("HTTP://Example.COM/A"))), QUrl(QStringLiteral("http://example.com/A")));
}

QTEST_GUILESS_MAIN(TestUrlJoin)
#include "tst_urljoin.moc"
