// SPDX-License-Identifier: BSD-3-Clause
// State that belongs to a run or a set stays with it: breakers reset between runs and by hand,
// the status bar's breaker is the target's, every setting that shapes a run goes with its set
// (applied on open, defaults for what it lacks, saved, an unsaved change when it differs), and
// the Details pane forgets the previous set.
#include "client/apiclient.h"
#include "editor/requestseteditor.h"
#include "mainwindow.h"
#include "resilience/breakerregistry.h"
#include "run/breakerbox.h"
#include "run/detailspane.h"
#include "run/runpanel.h"
#include "runs/requestsetfile.h"
#include "runs/runner.h"
#include "runsetup.h"
#include "support/workbenchfixture.h"
#include "telemetry/telemetry.h"
#include "translations.h"

#include <QCheckBox>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

using namespace batchlab;
using namespace std::chrono_literals;

namespace {

QString originOf(const QUrl &url)
{
    return url.adjusted(QUrl::RemovePath).toString();
}

void tripBreaker(ApiClient *client, const QString &origin)
{
    CircuitBreaker *breaker = client->breakers()->breaker(origin);
    for (int i = 0; i < 5; ++i)
        breaker->record(AttemptOutcome::Failure);
}

int breakerEvents(const ApiClient *client, BreakerState to)
{
    int count = 0;
    for (const Event &e : client->telemetry()->eventsSince(0))
        count += e.kind == EventKind::BreakerChanged && BreakerState(e.value) == to;
    return count;
}

/// Every live setting moved away from its default, as a user tuning a set would.
void tuneEverything(MainWindow *window, SandboxServer *sandbox)
{
    ClientConfig config = window->client()->config();
    config.batch.maxBatchSize = 7;
    config.batch.maxDelay = 33ms;
    config.retry.maxAttempts = 5;
    config.retry.jitter = Jitter::Equal;
    config.breaker.failureRateThreshold = 0.3;
    config.breaker.openDuration = 2500ms;
    config.cache.enabled = false;
    config.cache.defaultTtl = 1234ms;
    QVERIFY(window->client()->setConfig(config));
    window->findChild<RunPanel *>()->setPlan(RunPlan{30, ArrivalPattern::FixedRate, 150, 7});
    SandboxBehavior faults = sandbox->behavior();
    faults.latencyMs = 20;
    faults.itemErrorRate = 0.6;
    faults.throttleRate = 0.1;
    faults.hangRate = 0.1;
    QVERIFY(sandbox->setBehavior(faults));
}

} // namespace

class TestRunState : public WorkbenchFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(installTranslations(QCoreApplication::instance())); // the plural forms
    }
    void init() { QVERIFY(open()); }
    void cleanup() { close(); }

    void resetBreakersClosesEveryBreakerAndLogsIt();
    void keepBreakerStateIsAPreferenceOfTheRunner();
    void theStatusBarShowsTheTargetsBreaker();
    void settingsDoNotLeakFromOneSetToTheNext();
    void saveAndReopenKeepsEverySetting();
    void aChangedSettingIsAnUnsavedChange();
    void detailsForgetThePreviousSet();
    void detailsTitleFollowsARename();
    void sandboxFaultNamesAgreeWithTheFile();
    void theLastSetIsReopenedAtStart();
    void resetFaultsAndTheHintForAnotherApi();
};

void TestRunState::resetBreakersClosesEveryBreakerAndLogsIt()
{
    ApiClient *client = m_window->client();
    const QString target = originOf(m_sandbox->url());
    tripBreaker(client, target);
    tripBreaker(client, QStringLiteral("http://127.0.0.1:1"));
    auto *box = m_window->findChild<BreakerBox *>();
    QVERIFY(box);
    QTRY_VERIFY(box->findChild<QLabel *>(QStringLiteral("breakerState"))->text().endsWith(QStringLiteral("open")));
    QCOMPARE(breakerEvents(client, BreakerState::Closed), 0);

    // From the Run menu.
    QAction *reset = workbench::action(m_window.get(), QStringLiteral("Reset &Breakers"));
    QVERIFY(reset);
    reset->trigger();
    QCOMPARE(client->breakers()->stateFor(target), BreakerState::Closed);
    QCOMPARE(client->breakers()->stateFor(QStringLiteral("http://127.0.0.1:1")), BreakerState::Closed);
    QCOMPARE(breakerEvents(client, BreakerState::Closed), 2); // each one in the log
    QVERIFY(m_window->statusBar()->currentMessage().contains(QStringLiteral("Closed 2 circuit breakers")));
    QVERIFY(box->findChild<QLabel *>(QStringLiteral("breakerState"))->text().endsWith(QStringLiteral("closed")));

    // And from the button in the Run dock.
    tripBreaker(client, target);
    QTest::mouseClick(box->findChild<QPushButton *>(QStringLiteral("resetBreakers")), Qt::LeftButton);
    QCOMPARE(client->breakers()->stateFor(target), BreakerState::Closed);
    QCOMPARE(breakerEvents(client, BreakerState::Closed), 3);
}

void TestRunState::keepBreakerStateIsAPreferenceOfTheRunner()
{
    auto *keep = m_window->findChild<QCheckBox *>(QStringLiteral("keepBreakerState"));
    QVERIFY(keep);
    QVERIFY(!keep->isChecked()); // off by default: each run starts afresh
    QVERIFY(!m_window->runner()->keepsServerState());
    keep->click();
    QVERIFY(m_window->runner()->keepsServerState());
    QVERIFY(QSettings().value(QStringLiteral("run/keepBreakerState")).toBool());
    // A new window starts with it on.
    close();
    QVERIFY(open());
    QVERIFY(m_window->runner()->keepsServerState());
    keep = m_window->findChild<QCheckBox *>(QStringLiteral("keepBreakerState"));
    QVERIFY(keep->isChecked());
    keep->click();
    QVERIFY(!m_window->runner()->keepsServerState());
    QVERIFY(!QSettings().value(QStringLiteral("run/keepBreakerState")).toBool());
}

void TestRunState::theStatusBarShowsTheTargetsBreaker()
{
    auto *label = m_window->findChild<QLabel *>(QStringLiteral("telemetryCounters"));
    QVERIFY(label);
    // An origin used once and broken says nothing about the sandbox the set runs against.
    tripBreaker(m_window->client(), QStringLiteral("http://127.0.0.1:1"));
    QTest::qWait(300); // two refreshes of the counters
    QVERIFY2(label->text().endsWith(QStringLiteral("breaker closed")), qPrintable(label->text()));
    tripBreaker(m_window->client(), originOf(m_sandbox->url()));
    QTRY_VERIFY2(label->text().endsWith(QStringLiteral("breaker open")), qPrintable(label->text()));
}

void TestRunState::settingsDoNotLeakFromOneSetToTheNext()
{
    // The report's steps: Flaky backend, faults and settings tuned, then Mixed CRUD.
    m_window->openSample(QStringLiteral("flaky-backend"));
    QCOMPARE(m_window->client()->config().batch.maxBatchSize, 20);
    QCOMPARE(m_window->client()->config().batch.attemptTimeout, 2000ms);
    tuneEverything(m_window.get(), m_sandbox.get());
    m_window->openSample(QStringLiteral("mixed-crud")); // has no settings blocks at all
    const ClientConfig config = m_window->client()->config();
    const ClientConfig defaults;
    QCOMPARE(config.batch.maxBatchSize, defaults.batch.maxBatchSize);
    QCOMPARE(config.batch.maxDelay, defaults.batch.maxDelay);
    QCOMPARE(config.batch.attemptTimeout, defaults.batch.attemptTimeout);
    QCOMPARE(config.batch.timeout, defaults.batch.timeout);
    QVERIFY(config.retry == defaults.retry);
    QCOMPARE(config.breaker.failureRateThreshold, defaults.breaker.failureRateThreshold);
    QCOMPARE(config.breaker.openDuration, defaults.breaker.openDuration);
    QCOMPARE(config.cache.enabled, true);
    QCOMPARE(config.cache.defaultTtl, defaults.cache.defaultTtl);
    QCOMPARE(m_window->findChild<RunPanel *>()->plan(), RunPlan());
    QCOMPARE(m_sandbox->behavior(), SandboxBehavior());
    QVERIFY(!m_window->document()->isModified());
}

void TestRunState::saveAndReopenKeepsEverySetting()
{
    tuneEverything(m_window.get(), m_sandbox.get());
    const ClientConfig tuned = m_window->client()->config();
    const RunPlan plan = m_window->findChild<RunPanel *>()->plan();
    const SandboxBehavior faults = m_sandbox->behavior();
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("tuned.batchlab.json"));
    QVERIFY(m_window->saveTo(path));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray text = file.readAll();
    for (const char *block : {"\"batch\"", "\"retry\"", "\"breaker\"", "\"cache\"", "\"plan\"", "\"sandbox\""})
        QVERIFY2(text.contains(block), block);

    m_window->openSample(QStringLiteral("mixed-crud")); // back to the defaults
    QCOMPARE(m_window->client()->config().batch.maxBatchSize, ClientConfig().batch.maxBatchSize);
    QVERIFY(m_window->openFile(path));
    const ClientConfig reopened = m_window->client()->config();
    QCOMPARE(reopened.batch.maxBatchSize, 7);
    QCOMPARE(reopened.batch.maxDelay, 33ms);
    QVERIFY(reopened.retry == tuned.retry);
    QCOMPARE(reopened.breaker.failureRateThreshold, 0.3);
    QCOMPARE(reopened.breaker.openDuration, 2500ms);
    QCOMPARE(reopened.cache.enabled, false);
    QCOMPARE(reopened.cache.defaultTtl, 1234ms);
    QCOMPARE(m_window->findChild<RunPanel *>()->plan(), plan);
    QCOMPARE(m_sandbox->behavior(), faults);
    QVERIFY(!m_window->document()->isModified());
}

void TestRunState::aChangedSettingIsAnUnsavedChange()
{
    RequestSetDocument *document = m_window->document();
    m_window->openSample(QStringLiteral("flaky-backend"));
    QVERIFY(!document->isModified());
    QSignalSpy modified(document, &RequestSetDocument::modifiedChanged);
    ClientConfig config = m_window->client()->config();
    config.cache.enabled = false;
    QVERIFY(m_window->client()->setConfig(config));
    QVERIFY(document->isModified());
    QCOMPARE(modified.size(), 1);
    config.cache.enabled = true; // back as the set has it
    QVERIFY(m_window->client()->setConfig(config));
    QVERIFY(!document->isModified());
    // The plan and the sandbox's faults count too.
    const RunPlan own = m_window->findChild<RunPanel *>()->plan(); // the sample's
    m_window->findChild<RunPanel *>()->setPlan(RunPlan{4, ArrivalPattern::AllAtOnce, 200, 1});
    QVERIFY(document->isModified());
    m_window->findChild<RunPanel *>()->setPlan(own);
    QVERIFY(!document->isModified());
    SandboxBehavior faults = m_sandbox->behavior();
    faults.itemErrorRate = 0.6;
    QVERIFY(m_sandbox->setBehavior(faults));
    QVERIFY(document->isModified());
    QTemporaryDir dir;
    QVERIFY(m_window->saveTo(dir.filePath(QStringLiteral("flaky.batchlab.json"))));
    QVERIFY(!document->isModified());
}

void TestRunState::detailsForgetThePreviousSet()
{
    QSignalSpy finished(m_window->runner(), &Runner::finished);
    QString error;
    QVERIFY(m_window->runner()->start(m_window->document()->set(), m_sandbox->url(), RunPlan{}, &error));
    QVERIFY(finished.wait(5000));
    m_window->findChild<RequestSetEditor *>()->selectRow(0);
    auto *summary = m_window->findChild<DetailsPane *>()->findChildren<QLabel *>().first();
    QTRY_VERIFY2(summary->text().contains(QStringLiteral("HTTP 200")), qPrintable(summary->text()));
    m_window->openSample(QStringLiteral("flaky-backend"));
    QVERIFY2(!summary->text().contains(QStringLiteral("HTTP")), qPrintable(summary->text()));
    // Selecting a request of the new set shows no answer of the old one at its row.
    m_window->findChild<RequestSetEditor *>()->selectRow(0);
    QVERIFY2(summary->text().contains(QStringLiteral("no answer yet")), qPrintable(summary->text()));
}

void TestRunState::detailsTitleFollowsARename()
{
    m_window->findChild<RequestSetEditor *>()->selectRow(0);
    auto *summary = m_window->findChild<DetailsPane *>()->findChildren<QLabel *>().first();
    QVERIFY2(summary->text().contains(QStringLiteral("r1")), qPrintable(summary->text()));
    RequestItem renamed = m_window->document()->set().requests.at(0);
    renamed.name = QStringLiteral("user by variable");
    m_window->document()->setItem(0, renamed);
    QVERIFY2(summary->text().contains(QStringLiteral("user by variable")), qPrintable(summary->text()));
}

void TestRunState::sandboxFaultNamesAgreeWithTheFile()
{
    // core cannot include the sandbox: its list of malformed-answer kinds is a copy.
    for (MalformKind kind : {MalformKind::Any, MalformKind::BadJson, MalformKind::MissingId, MalformKind::DuplicateId,
                             MalformKind::UnknownId}) {
        SandboxBehavior behavior;
        behavior.malformKind = kind;
        RequestSet set;
        set.requests = {RequestItem()};
        set.requests[0].url = QStringLiteral("/a");
        set.sandbox = RunSetup::faultsOf(behavior);
        RequestSet loaded;
        FileError error;
        QVERIFY2(RequestSetFile::parse(RequestSetFile::serialize(set), &loaded, &error), qPrintable(error.toString()));
        QCOMPARE(RunSetup::behaviorOf(*loaded.sandbox), behavior);
    }
}

void TestRunState::theLastSetIsReopenedAtStart()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("last.batchlab.json"));
    QVERIFY(m_window->saveTo(path));
    m_window->close(); // the close event remembers the set
    QCOMPARE(QSettings().value(QStringLiteral("lastSet")).toString(), path);
    {
        MainWindow again(m_sandbox.get());
        QCOMPARE(again.document()->filePath(), path);
        QCOMPARE(again.document()->set().name, QStringLiteral("small"));
    }
    QFile::remove(path);
    MainWindow without(m_sandbox.get());
    QCOMPARE(without.document()->set().name, QStringLiteral("User fan-out with duplicates")); // the sample
    QVERIFY2(without.statusBar()->currentMessage().contains(QStringLiteral("is gone")),
             qPrintable(without.statusBar()->currentMessage()));
    QVERIFY(QSettings().value(QStringLiteral("lastSet")).toString().isEmpty());
}

void TestRunState::resetFaultsAndTheHintForAnotherApi()
{
    SandboxBehavior faults = m_sandbox->behavior();
    faults.latencyMs = 20;
    faults.itemErrorRate = 0.6;
    faults.hangRate = 0.1;
    QVERIFY(m_sandbox->setBehavior(faults));
    auto *latency = m_window->findChild<QSpinBox *>(QStringLiteral("sandboxLatency"));
    QCOMPARE(latency->value(), 20); // the dock follows the sandbox
    QTest::mouseClick(m_window->findChild<QPushButton *>(QStringLiteral("resetFaults")), Qt::LeftButton);
    QCOMPARE(m_sandbox->behavior(), SandboxBehavior());
    QCOMPARE(latency->value(), 0);

    auto *hint = m_window->findChild<QLabel *>(QStringLiteral("faultsHint"));
    QVERIFY(hint && hint->isHidden());
    TargetSpec other;
    other.kind = TargetSpec::Kind::Url;
    other.baseUrl = QStringLiteral("https://api.example.test");
    m_window->document()->setTarget(other);
    QVERIFY(!hint->isHidden());
    m_window->document()->setTarget(std::nullopt);
    QVERIFY(hint->isHidden());
}

QTEST_MAIN(TestRunState)
#include "tst_runstate.moc"
