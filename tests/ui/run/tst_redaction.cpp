// SPDX-License-Identifier: BSD-3-Clause
// isSensitiveHeader() and redacted(): the one rule for which header values the workbench hides.
#include "run/redaction.h"

#include <QtTest>

using namespace batchlab;

class TestRedaction : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sensitiveHeaders_data();
    void sensitiveHeaders();
    void redactedHidesOnlySensitiveValues();
};

void TestRedaction::sensitiveHeaders_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<bool>("sensitive");
    QTest::newRow("Authorization") << QByteArray("Authorization") << true;
    QTest::newRow("lower case") << QByteArray("authorization") << true;
    QTest::newRow("Proxy-Authorization") << QByteArray("Proxy-Authorization") << true;
    QTest::newRow("Cookie") << QByteArray("COOKIE") << true;
    QTest::newRow("Set-Cookie") << QByteArray("set-cookie") << true;
    QTest::newRow("X-Api-Key") << QByteArray("X-Api-Key") << true;
    QTest::newRow("Ocp-Apim-Subscription-Key") << QByteArray("Ocp-Apim-Subscription-Key") << true;
    QTest::newRow("Idempotency-Key (not a credential)") << QByteArray("Idempotency-Key") << false;
    QTest::newRow("apikey") << QByteArray("ApiKey") << true;
    QTest::newRow("api_key") << QByteArray("X_API_KEY") << true;
    QTest::newRow("X-Auth-Token") << QByteArray("X-Auth-Token") << true;
    QTest::newRow("X-Client-Secret") << QByteArray("X-Client-Secret") << true;
    QTest::newRow("padded") << QByteArray(" Authorization ") << true;
    QTest::newRow("Content-Type") << QByteArray("Content-Type") << false;
    QTest::newRow("Authorized-By (not the header)") << QByteArray("Authorized-By") << false;
    QTest::newRow("Cookies-Allowed (not the header)") << QByteArray("Cookies-Allowed") << false;
    QTest::newRow("ETag") << QByteArray("ETag") << false;
    QTest::newRow("empty") << QByteArray() << false;
}

void TestRedaction::sensitiveHeaders()
{
    QFETCH(QByteArray, name);
    QFETCH(bool, sensitive);
    QCOMPARE(isSensitiveHeader(name), sensitive);
}

void TestRedaction::redactedHidesOnlySensitiveValues()
{
    const QByteArray hidden = redacted("Authorization", "Bearer abc.def");
    QVERIFY(!hidden.contains("abc"));
    QCOMPARE(QString::fromUtf8(hidden), QStringLiteral("•••• (hidden)"));
    QCOMPARE(redacted("set-cookie", "session=42; HttpOnly"), hidden);
    QCOMPARE(redacted("Content-Type", "application/json"), QByteArray("application/json"));
    QCOMPARE(redacted("Content-Length", QByteArray()), QByteArray());
}

QTEST_GUILESS_MAIN(TestRedaction)
#include "tst_redaction.moc"
