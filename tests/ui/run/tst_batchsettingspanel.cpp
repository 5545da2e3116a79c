// SPDX-License-Identifier: BSD-3-Clause
// BatchSettingsPanel: what a server taught about its batch limit is shown under the knob.

#include "client/apiclient.h"
#include "run/batchsettingspanel.h"
#include "sandbox/sandboxserver.h"
#include "support/testwait.h"

#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QtTest>

using namespace batchlab;
using namespace std::chrono_literals;

class TestBatchSettingsPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsALearnedLimit();
    void showsTheServerProfilesLimit();
    void saysWhyATypedNumberWasRefused();
    void closingWithANumberHalfTypedIsSafe();
};

void TestBatchSettingsPanel::showsALearnedLimit()
{
    SandboxServer sandbox;
    QVERIFY(sandbox.start());
    SandboxBehavior behavior;
    behavior.maxBatchItems = 5; // refused above 5, with a 400 that names the limit
    QVERIFY(sandbox.setBehavior(behavior));
    ClientConfig config;
    config.batch.maxBatchSize = 20;
    config.batch.maxDelay = 5ms;
    config.cache.enabled = false;
    ApiClient client(sandbox.url(), config);
    BatchSettingsPanel panel(&client);
    auto *learned = panel.findChild<QLabel *>(QStringLiteral("learnedLimits"));
    QVERIFY(learned);
    QVERIFY(learned->isHidden());
    int settled = 0;
    for (int i = 1; i <= 20; ++i)
        client.send(RequestSpec::get(client.resolve(QStringLiteral("/users/%1").arg(i))), {},
                    [&settled](const ApiResult &) { ++settled; });
    QVERIFY(waitUntil([&] { return settled == 20; }, 10000));
    QTRY_VERIFY(!learned->isHidden());
    QVERIFY2(learned->text().contains(QStringLiteral("at most")), qPrintable(learned->text()));
    QVERIFY2(learned->text().contains(QStringLiteral("refused 10")), qPrintable(learned->text()));
}

void TestBatchSettingsPanel::showsTheServerProfilesLimit()
{
    ClientConfig config;
    config.batch.maxBatchSize = 100;
    ApiClient client(QUrl(QStringLiteral("http://127.0.0.1:9/")), config);
    BatchSettingsPanel panel(&client);
    auto *limit = panel.findChild<QLabel *>(QStringLiteral("serverLimit"));
    QVERIFY(limit);
    QVERIFY(limit->isHidden()); // no profile limit: nothing to say

    config.batch.serverLimit = 20; // what the Graph profile sets
    client.setConfig(config);
    panel.refresh();
    QVERIFY(!limit->isHidden());
    QCOMPARE(limit->text(), QStringLiteral("The server takes at most 20 per batch: batches leave at 20."));

    auto *size = panel.findChild<QSpinBox *>(QStringLiteral("maxBatchSize"));
    QVERIFY(size);
    size->setValue(10); // under the limit: the box is what applies
    QCOMPARE(client.config().batch.maxBatchSize, 10);
    QCOMPARE(limit->text(), QStringLiteral("The server takes at most 20 per batch."));
}

void TestBatchSettingsPanel::saysWhyATypedNumberWasRefused()
{
    ClientConfig config;
    config.batch.maxBatchSize = 20;
    ApiClient client(QUrl(QStringLiteral("http://127.0.0.1:9/")), config);
    BatchSettingsPanel panel(&client);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    auto *problem = panel.findChild<QLabel *>(QStringLiteral("settingsProblem"));
    auto *size = panel.findChild<QSpinBox *>(QStringLiteral("maxBatchSize"));
    QVERIFY(problem && size);
    QVERIFY(problem->isHidden());
    size->setFocus();
    size->selectAll();
    QTest::keyClicks(size, QStringLiteral("5000"));
    QTRY_VERIFY(!problem->isHidden());
    QCOMPARE(problem->text(), QStringLiteral("Max batch size: %1 is more than %2, the most it takes.")
                                  .arg(QLocale().toString(5000), QLocale().toString(1000)));
    QCOMPARE(client.config().batch.maxBatchSize, 20); // nothing applied yet

    QTest::keyClick(size, Qt::Key_Return); // 500 is fine: applied, and the complaint goes
    QCOMPARE(client.config().batch.maxBatchSize, 500);
    QVERIFY(problem->isHidden());
}

void TestBatchSettingsPanel::closingWithANumberHalfTypedIsSafe()
{
    // The box commits what was typed when it loses focus, which happens while the panel is
    // being destroyed: the panel must not hear of it by then.
    ApiClient client(QUrl(QStringLiteral("http://127.0.0.1:9/")), ClientConfig());
    auto *panel = new BatchSettingsPanel(&client);
    panel->show();
    QVERIFY(QTest::qWaitForWindowExposed(panel));
    auto *size = panel->findChild<QSpinBox *>(QStringLiteral("maxBatchSize"));
    size->setFocus();
    size->selectAll();
    QTest::keyClicks(size, QStringLiteral("7"));
    delete panel; // crashed here: the commit reached a half-destroyed panel
    QCOMPARE(client.config().batch.maxBatchSize, 7); // what was typed counts, as on leaving the box
}

QTEST_MAIN(TestBatchSettingsPanel)
#include "tst_batchsettingspanel.moc"
