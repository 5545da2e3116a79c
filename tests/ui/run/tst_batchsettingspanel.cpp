// SPDX-License-Identifier: BSD-3-Clause
// BatchSettingsPanel: what a server taught about its batch limit is shown under the knob.

#include "client/apiclient.h"
#include "run/batchsettingspanel.h"
#include "sandbox/sandboxserver.h"
#include "support/testwait.h"

#include <QLabel>
#include <QtTest>

using namespace batchlab;
using namespace std::chrono_literals;

class TestBatchSettingsPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsALearnedLimit();
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

QTEST_MAIN(TestBatchSettingsPanel)
#include "tst_batchsettingspanel.moc"
