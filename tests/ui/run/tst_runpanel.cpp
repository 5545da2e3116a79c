// SPDX-License-Identifier: BSD-3-Clause
// RunPanel: the Runs table and the comparison say each number apart, keep the settings changed
// during a run, and keep the history beside the set across a restart — runs against the sandbox.

#include "client/apiclient.h"
#include "resilience/breakerregistry.h"
#include "runs/runcomparison.h"
#include "run/runpanel.h"
#include "runs/runhistoryfile.h"
#include "sandbox/sandboxserver.h"
#include "support/testwait.h"

#include <QAbstractItemModelTester>
#include <QHeaderView>
#include <QLabel>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSplitter>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

using namespace batchlab;
using namespace std::chrono_literals;

namespace {

RequestSet usersSet(int count)
{
    RequestSet set;
    set.name = QStringLiteral("users");
    for (int i = 1; i <= count; ++i) {
        RequestItem item;
        item.name = QStringLiteral("user %1").arg(i);
        item.url = QStringLiteral("/users/%1").arg(i);
        set.requests.append(item);
    }
    return set;
}

int columnOf(const QTableWidget *table, const QString &header)
{
    for (int c = 0; c < table->columnCount(); ++c) {
        if (table->horizontalHeaderItem(c)->text() == header)
            return c;
    }
    return -1;
}

QString cell(const QTableWidget *history, int row, const QString &header)
{
    const int column = columnOf(history, header);
    return column < 0 ? QStringLiteral("(no column %1)").arg(header) : history->item(row, column)->text();
}

/// The comparison's row labelled `label`, or null.
int comparisonRow(const QTableWidget *compare, const QString &label)
{
    for (int row = 0; row < compare->rowCount(); ++row) {
        if (compare->item(row, 0)->text() == label)
            return row;
    }
    return -1;
}

} // namespace

class TestRunPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void eachNumberHasItsColumn();
    void stopCountsCancelledAndKeepsTheColumnNarrow();
    void settingsChangedMidRunAreShownWithTimes();
    void changesAreDifferencesNotRatios_data();
    void changesAreDifferencesNotRatios();
    void historySurvivesARestartBesideTheSet();
    void aMalformedHistoryIsReportedAndKept();

private:
    void runOnce(const RunPlan &plan = RunPlan{});

    std::unique_ptr<SandboxServer> m_server;
    std::unique_ptr<ApiClient> m_client;
    std::unique_ptr<Runner> m_runner;
    std::unique_ptr<RunPanel> m_panel;
    QTableWidget *m_history = nullptr;
    QTableWidget *m_compare = nullptr;
    std::vector<std::unique_ptr<QAbstractItemModelTester>> m_testers;
};

void TestRunPanel::init()
{
    m_server = std::make_unique<SandboxServer>();
    QVERIFY(m_server->start());
    ClientConfig config;
    config.cache.enabled = false;
    config.batch.maxDelay = 5ms;
    m_client = std::make_unique<ApiClient>(m_server->url(), config);
    m_runner = std::make_unique<Runner>(m_client.get());
    m_panel = std::make_unique<RunPanel>(m_runner.get());
    m_panel->resize(520, 700);
    m_panel->show();
    m_history = m_panel->findChild<QTableWidget *>(QStringLiteral("runHistory"));
    m_compare = m_panel->findChild<QTableWidget *>(QStringLiteral("runComparison"));
    QVERIFY(m_history && m_compare);
    m_testers.clear();
    m_testers.push_back(std::make_unique<QAbstractItemModelTester>(m_history->model()));
    m_testers.push_back(std::make_unique<QAbstractItemModelTester>(m_compare->model()));
}

void TestRunPanel::cleanup()
{
    m_testers.clear();
    m_panel.reset();
    m_runner.reset();
    m_client.reset();
    m_server.reset();
}

void TestRunPanel::runOnce(const RunPlan &plan)
{
    QSignalSpy finished(m_runner.get(), &Runner::finished);
    QString error;
    QVERIFY2(m_runner->start(usersSet(10), m_server->url(), plan, &error), qPrintable(error));
    QVERIFY(finished.wait(10000));
}

void TestRunPanel::eachNumberHasItsColumn()
{
    runOnce();
    QCOMPARE(m_history->rowCount(), 1);
    const RunSummary &run = m_runner->history().back();
    const QLocale locale;
    QCOMPARE(cell(m_history, 0, QStringLiteral("Calls")), QStringLiteral("10"));
    QCOMPARE(cell(m_history, 0, QStringLiteral("HTTP")), locale.toString(run.counters.httpRequests));
    QCOMPARE(cell(m_history, 0, QStringLiteral("Batched")), locale.toString(run.counters.items - run.counters.httpRequests));
    QCOMPARE(cell(m_history, 0, QStringLiteral("Cache")), QStringLiteral("0"));
    QCOMPARE(cell(m_history, 0, QStringLiteral("Failed")), QStringLiteral("0"));
    QVERIFY(m_history->horizontalHeaderItem(columnOf(m_history, QStringLiteral("Saved")))->toolTip().contains(
        QStringLiteral("Cache hits")));
    // A second run all refused by the breaker: rejected, not failed, and not "100 % saved".
    m_runner->setKeepServerState(true); // else the run closes the breaker the test opened
    m_client->breakers()->breaker(m_server->url().toString(QUrl::RemovePath | QUrl::StripTrailingSlash))->forceOpen();
    runOnce();
    QCOMPARE(cell(m_history, 1, QStringLiteral("Rejected")), QStringLiteral("10"));
    QCOMPARE(cell(m_history, 1, QStringLiteral("Failed")), QStringLiteral("10")); // never "failed 0"
    QCOMPARE(cell(m_history, 1, QStringLiteral("HTTP")), QStringLiteral("0"));
    QCOMPARE(cell(m_history, 1, QStringLiteral("Saved")), QStringLiteral("—"));
    QVERIFY(m_compare->isVisibleTo(m_panel.get()));
    const int saved = comparisonRow(m_compare, QStringLiteral("Saved"));
    QVERIFY(saved >= 0);
    QCOMPARE(m_compare->item(saved, 2)->text(), QStringLiteral("—"));
    QCOMPARE(m_compare->item(saved, 3)->text(), QString()); // no change from or to "nothing sent"
    const int rejected = comparisonRow(m_compare, QStringLiteral("Rejected by breaker"));
    QCOMPARE(m_compare->item(rejected, 3)->text(), QStringLiteral("+10"));
}

void TestRunPanel::stopCountsCancelledAndKeepsTheColumnNarrow()
{
    ClientConfig config = m_client->config();
    config.batch.maxDelay = 10s; // everything waits until Stop
    config.batch.maxBatchSize = 1000;
    QVERIFY(m_client->setConfig(config));
    QVERIFY(m_runner->start(usersSet(10), m_server->url(), RunPlan{}));
    QVERIFY(waitUntil([&] { return m_runner->progress().sent == 10; }, 2000));
    const int narrow = m_history->columnWidth(0);
    m_runner->stop();
    QCOMPARE(m_history->rowCount(), 1);
    QCOMPARE(cell(m_history, 0, QStringLiteral("Cancelled")), QStringLiteral("10"));
    QCOMPARE(cell(m_history, 0, QStringLiteral("Failed")), QStringLiteral("0"));
    QVERIFY(!cell(m_history, 0, QStringLiteral("#")).contains(QStringLiteral("stopped")));
    QVERIFY(m_history->item(0, 0)->toolTip().contains(QStringLiteral("stopped")));
    QVERIFY2(m_history->columnWidth(0) <= narrow + m_history->fontMetrics().horizontalAdvance(QStringLiteral("■ ")),
             qPrintable(QStringLiteral("%1 → %2").arg(narrow).arg(m_history->columnWidth(0))));
}

void TestRunPanel::settingsChangedMidRunAreShownWithTimes()
{
    runOnce(); // run 1: no change
    // Run 2: 30 calls over about 300 ms, two changes on the way.
    QSignalSpy finished(m_runner.get(), &Runner::finished);
    QVERIFY(m_runner->start(usersSet(10), m_server->url(), RunPlan{3, ArrivalPattern::FixedRate, 100, 1}));
    QTimer::singleShot(60, m_client.get(), [this] {
        ClientConfig c = m_client->config();
        c.batch.maxBatchSize = 20;
        m_client->setConfig(c);
    });
    QTimer::singleShot(150, m_client.get(), [this] {
        ClientConfig c = m_client->config();
        c.batch.maxDelay = 2ms;
        m_client->setConfig(c);
    });
    QVERIFY(finished.wait(10000));
    QCOMPARE(m_history->rowCount(), 2);
    // The row shows the settings at the end, and how often they changed; the tooltip says what.
    const QString settings = cell(m_history, 1, QStringLiteral("Settings"));
    QVERIFY2(settings.startsWith(QStringLiteral("20 / 2 ms")) && settings.contains(QStringLiteral("changed ×2")),
             qPrintable(settings));
    QCOMPARE(cell(m_history, 0, QStringLiteral("Settings")), QStringLiteral("10 / 5 ms"));
    const QString tip = m_history->item(1, columnOf(m_history, QStringLiteral("Settings")))->toolTip();
    QVERIFY2(tip.contains(QStringLiteral("Started with 10 / 5 ms")) && tip.contains(QStringLiteral("maxBatchSize 10 → 20"))
                 && tip.contains(QStringLiteral("batch.maxDelayMs 5 ms → 2 ms")),
             qPrintable(tip));
    // The comparison no longer says "same", and lists the changes with their times, in rows
    // as wide as the table (a sentence does not fit a value column).
    const int row = comparisonRow(m_compare, QStringLiteral("Settings"));
    QVERIFY(row >= 0);
    QVERIFY(m_compare->item(row, 1)->text() != QStringLiteral("same"));
    QCOMPARE(m_compare->columnSpan(row, 1), 3);
    const int none = comparisonRow(m_compare, QStringLiteral("Changed during run 1"));
    QVERIFY(none >= 0);
    QCOMPARE(m_compare->item(none, 1)->text(), QStringLiteral("none"));
    const int during = comparisonRow(m_compare, QStringLiteral("Changed during run 2"));
    QVERIFY(during >= 0);
    QCOMPARE(m_compare->columnSpan(during, 1), 3);
    const QStringList lines = m_compare->item(during, 1)->text().split(u'\n');
    QCOMPARE(lines.size(), 2);
    const SettingsChange &first = m_runner->history().back().settingsChanges.at(0);
    QCOMPARE(lines.at(0), QStringLiteral("%1 s  maxBatchSize 10 → 20").arg(QLocale().toString(first.atMs / 1000.0, 'f', 2)));
    QVERIFY2(lines.at(1).endsWith(QStringLiteral("s  batch.maxDelayMs 5 ms → 2 ms")), qPrintable(lines.at(1)));
    const int atEnd = comparisonRow(m_compare, QStringLiteral("Settings at the end"));
    QVERIFY(atEnd >= 0);
    QCOMPARE(m_compare->item(atEnd, 1)->text(), QStringLiteral("maxBatchSize 10 → 20\nbatch.maxDelayMs 5 ms → 2 ms"));
    // Wrapped, not elided: the row is as tall as its two lines.
    QVERIFY(m_compare->rowHeight(during) >= 2 * m_compare->fontMetrics().height());
}

void TestRunPanel::changesAreDifferencesNotRatios_data()
{
    QTest::addColumn<double>("a");
    QTest::addColumn<double>("b");
    QTest::addColumn<int>("decimals");
    QTest::addColumn<QString>("change");
    // Written with "-" and " %" here; shown with the minus sign and a no-break space.
    const auto text = [](const char *utf8) {
        return QString::fromUtf8(utf8).replace(u'-', QChar(0x2212)).replace(QStringLiteral(" %"), QStringLiteral("\u00a0%"));
    };
    QTest::newRow("from zero") << 0.0 << 314.0 << 0 << text("+314");
    QTest::newRow("to zero") << 8.0 << 0.0 << 0 << text("-8 (-100 %)");
    QTest::newRow("grew") << 10.0 << 15.0 << 0 << text("+5 (+50 %)");
    QTest::newRow("huge") << 4.0 << 25000.0 << 0 << text("+24996"); // no ×6.25e+03, no 624 900 %
    QTest::newRow("equal") << 7.0 << 7.0 << 0 << text("=");
    QTest::newRow("rounds to nothing") << 1.02 << 1.04 << 1 << text("="); // never "-0.0"
    QTest::newRow("ms") << 2.0 << 1.5 << 1 << text("-0.5 ms (-25 %)");
}

void TestRunPanel::changesAreDifferencesNotRatios()
{
    QFETCH(double, a);
    QFETCH(double, b);
    QFETCH(int, decimals);
    QFETCH(QString, change);
    QLocale::setDefault(QLocale::c());
    QCOMPARE(changeText(a, b, decimals, decimals ? QStringLiteral(" ms") : QString()), change);
    QLocale::setDefault(QLocale::system());
}

void TestRunPanel::historySurvivesARestartBesideTheSet()
{
    QTemporaryDir dir;
    const QString setPath = dir.filePath(QStringLiteral("users.batchlab.json"));
    m_panel->openHistory(setPath);
    QCOMPARE(m_panel->historyFile(), dir.filePath(QStringLiteral("users.runs.json")));
    runOnce();
    runOnce(RunPlan{2, ArrivalPattern::AllAtOnce, 0, 1});
    QVERIFY(QFile::exists(m_panel->historyFile()));
    QStringList before;
    for (int row = 0; row < m_history->rowCount(); ++row)
        before.append(cell(m_history, row, QStringLiteral("Calls")) + u'/' + cell(m_history, row, QStringLiteral("HTTP"))
                      + u'/' + cell(m_history, row, QStringLiteral("Saved")));

    // A restart: a new runner and panel open the same set.
    m_testers.clear();
    m_panel.reset();
    m_runner = std::make_unique<Runner>(m_client.get());
    m_panel = std::make_unique<RunPanel>(m_runner.get());
    m_history = m_panel->findChild<QTableWidget *>(QStringLiteral("runHistory"));
    m_compare = m_panel->findChild<QTableWidget *>(QStringLiteral("runComparison"));
    m_testers.push_back(std::make_unique<QAbstractItemModelTester>(m_history->model()));
    QCOMPARE(m_history->rowCount(), 0);
    m_panel->openHistory(setPath);
    QCOMPARE(m_history->rowCount(), 2);
    QStringList after;
    for (int row = 0; row < m_history->rowCount(); ++row)
        after.append(cell(m_history, row, QStringLiteral("Calls")) + u'/' + cell(m_history, row, QStringLiteral("HTTP"))
                     + u'/' + cell(m_history, row, QStringLiteral("Saved")));
    QCOMPARE(after, before);
    QVERIFY(m_compare->isVisibleTo(m_panel.get())); // the two loaded runs side by side
    // The next run is number 3, and the file then holds three.
    runOnce();
    QCOMPARE(cell(m_history, 2, QStringLiteral("#")), QStringLiteral("3"));
    std::vector<RunSummary> stored;
    QVERIFY(RunHistoryFile::load(m_panel->historyFile(), &stored, nullptr));
    QCOMPARE(stored.size(), size_t(3));
    // An unsaved set has no history file; its runs go with it when it is saved.
    m_panel->openHistory(QString());
    QCOMPARE(m_history->rowCount(), 0);
    QVERIFY(m_panel->historyFile().isEmpty());
    m_panel->keepHistoryWith(dir.filePath(QStringLiteral("empty.batchlab.json")));
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("empty.runs.json")))); // no runs, no file
    m_panel->openHistory(QString());
    runOnce();
    const QString savedAs = dir.filePath(QStringLiteral("copy.batchlab.json"));
    m_panel->keepHistoryWith(savedAs);
    QVERIFY(RunHistoryFile::load(RunHistoryFile::pathFor(savedAs), &stored, nullptr));
    QCOMPARE(stored.size(), size_t(1));
}

void TestRunPanel::aMalformedHistoryIsReportedAndKept()
{
    QTemporaryDir dir;
    const QString setPath = dir.filePath(QStringLiteral("users.batchlab.json"));
    const QString runsPath = RunHistoryFile::pathFor(setPath);
    const QByteArray broken("{\n  \"format\": \"batchlab-runs\",\n  \"version\": 1,\n  \"runs\": [{\"number\": \"one\"}]\n}\n");
    QFile file(runsPath);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(broken);
    file.close();
    m_panel->openHistory(setPath);
    auto *problem = m_panel->findChild<QLabel *>(QStringLiteral("runHistoryProblem"));
    QVERIFY(problem);
    QVERIFY(problem->isVisibleTo(m_panel.get()));
    QVERIFY2(problem->text().contains(QStringLiteral("users.runs.json: runs[0].number: expected a number")),
             qPrintable(problem->text()));
    QCOMPARE(m_history->rowCount(), 0);
    // Runs still work and are shown, but the file is not written over.
    runOnce();
    QCOMPARE(m_history->rowCount(), 1);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), broken);
    file.close();
    QVERIFY(problem->isVisibleTo(m_panel.get()));
    // Another set that has none: the message goes.
    m_panel->openHistory(dir.filePath(QStringLiteral("other.batchlab.json")));
    QVERIFY(!problem->isVisibleTo(m_panel.get()));
}

QTEST_MAIN(TestRunPanel)
#include "tst_runpanel.moc"
