// SPDX-License-Identifier: BSD-3-Clause
// The workbench's target: the sandbox or another API, server profiles that choose the wire
// format and cap batches, and a saved set that brings its target back — driven through the
// widgets offscreen, against real sandbox servers over loopback.
#include "client/apiclient.h"
#include "editor/keyvalueeditor.h"
#include "editor/targetpanel.h"
#include "runs/runner.h"
#include "sandbox/sandboxserver.h"
#include "support/testwait.h"
#include "support/workbenchfixture.h"
#include "telemetry/telemetry.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

using namespace batchlab;
using namespace workbench;

class TestWorkbenchTargets : public WorkbenchFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init() { QVERIFY(open()); }
    void cleanup() { close(); }
    void anotherApiAsTarget();
    void aBadTargetSaysWhy();
    void serverProfilesSetTheFormatAndCapBatches();
    void theJsonRpcSampleDoesWhatItSays();
    void savedSetKeepsTargetAndSettings();
    void aSecretTokenInTheTargetHeadersAuthenticatesEveryBatch();
};

void TestWorkbenchTargets::anotherApiAsTarget()
{
    // A second sandbox stands in for a real API: a different origin, reached over HTTP.
    SandboxServer remote;
    QVERIFY(remote.start());
    RequestSetDocument *doc = m_window->document();
    auto *kind = m_window->findChild<QComboBox *>(QStringLiteral("targetKind"));
    auto *baseUrl = m_window->findChild<QLineEdit *>(QStringLiteral("targetBaseUrl"));
    auto *batchPath = m_window->findChild<QLineEdit *>(QStringLiteral("targetBatchPath"));
    auto *endpoint = m_window->findChild<QLabel *>(QStringLiteral("targetEndpoint"));
    QVERIFY(!baseUrl->isEnabled());
    kind->setCurrentIndex(1);
    Q_EMIT kind->activated(1);
    QVERIFY(baseUrl->isEnabled());
    QVERIFY(baseUrl->text().isEmpty());
    QVERIFY2(endpoint->text().contains(QStringLiteral("enter the base URL")),
             qPrintable(endpoint->text()));

    baseUrl->setFocus();
    QTest::keyClicks(baseUrl, remote.url().toString());
    QTest::keyClick(baseUrl, Qt::Key_Return);
    batchPath->selectAll();
    QTest::keyClicks(batchPath, QStringLiteral("/api/$batch"));
    QTest::keyClick(batchPath, Qt::Key_Return);
    QCOMPARE(doc->set().target->kind, TargetSpec::Kind::Url);
    QCOMPARE(doc->set().target->baseUrl, remote.url().toString());
    QCOMPARE(m_window->client()->config().batch.batchPath, QStringLiteral("/api/$batch"));
    QVERIFY2(endpoint->text().contains(remote.url().toString() + QStringLiteral("/api/$batch")),
             qPrintable(endpoint->text()));
    doc->undoStack()->undo(); // the batch path back to /$batch
    QCOMPARE(m_window->client()->config().batch.batchPath, QStringLiteral("/$batch"));

    QSignalSpy finished(m_window->runner(), &Runner::finished);
    QTest::mouseClick(m_window->findChild<QPushButton *>(QStringLiteral("startRun")),
                      Qt::LeftButton);
    QVERIFY(finished.wait(10000));
    QCOMPARE(m_window->runner()->history().back().progress.succeeded, 3);
    QCOMPARE(remote.counters().batchItems, 3);
    QCOMPARE(m_sandbox->counters().httpRequests, 0);

    // Back to the sandbox, by undo as well.
    doc->undoStack()->undo();
    QCOMPARE(kind->currentIndex(), 1);
    doc->undoStack()->undo();
    QCOMPARE(kind->currentIndex(), 0);
    QCOMPARE(baseUrl->text(), m_sandbox->url().toString());
}

void TestWorkbenchTargets::aBadTargetSaysWhy()
{
    const QUrl sandbox(QStringLiteral("http://127.0.0.1:1234"));
    const auto error = [&](const QString &url, const QString &path = QStringLiteral("/$batch")) {
        TargetSpec t;
        t.kind = TargetSpec::Kind::Url;
        t.baseUrl = url;
        t.batchPath = path;
        return ResolvedTarget::resolve(t, sandbox).error;
    };
    QCOMPARE(error(QString()), QStringLiteral("enter the base URL of the API"));
    QCOMPARE(error(QStringLiteral("not a url")), QStringLiteral("\"not a url\" is not a URL"));
    QCOMPARE(error(QStringLiteral("ftp://example.com")),
             QStringLiteral("the base URL must start with http:// or https://"));
    QCOMPARE(error(QStringLiteral("https://example.com"), QStringLiteral("batch")),
             QStringLiteral("the batch path must start with /"));
    QCOMPARE(error(QStringLiteral("https://example.com/v1.0"), QStringLiteral("/v1.0/$batch")),
             QString());
    QCOMPARE(ResolvedTarget::resolve(std::nullopt, sandbox).base, sandbox);
}

void TestWorkbenchTargets::serverProfilesSetTheFormatAndCapBatches()
{
    RequestSetDocument *doc = m_window->document();
    auto *profile = m_window->findChild<QComboBox *>(QStringLiteral("targetProfile"));
    auto *endpoint = m_window->findChild<QLabel *>(QStringLiteral("targetEndpoint"));
    auto *start = m_window->findChild<QPushButton *>(QStringLiteral("startRun"));
    QSignalSpy finished(m_window->runner(), &Runner::finished);
    const auto choose = [&](const QString &id) {
        profile->setCurrentIndex(profile->findData(id));
        Q_EMIT profile->activated(profile->currentIndex());
    };
    ClientConfig config = m_window->client()->config();
    config.cache.enabled = false;
    config.batch.maxBatchSize = 50;
    config.batch.maxDelay = std::chrono::milliseconds(200);
    m_window->client()->setConfig(config);
    RequestSet set;
    for (int i = 1; i <= 45; ++i) {
        RequestItem item;
        item.url = QStringLiteral("/users/%1").arg(i);
        set.requests.append(item);
    }
    doc->reset(set);

    // Microsoft Graph takes 20 calls per batch, whatever maxBatchSize says.
    choose(QStringLiteral("graph"));
    QCOMPARE(doc->set().target->profile, QStringLiteral("graph"));
    QCOMPARE(doc->set().target->kind, TargetSpec::Kind::Sandbox);
    QCOMPARE(m_window->client()->config().batch.serverLimit, 20);
    QCOMPARE(m_window->client()->config().batch.batchLimit(), 20);
    QVERIFY2(endpoint->text().contains(QStringLiteral("as JSON, at most 20 calls each")),
             qPrintable(endpoint->text()));
    QTest::mouseClick(start, Qt::LeftButton);
    QVERIFY(finished.wait(10000));
    QCOMPARE(m_sandbox->counters().batchItems, 45);
    QCOMPARE(m_sandbox->counters().batchRequests, 3); // 20 + 20 + 5

    // OData 4.0 multipart: the same calls, the sandbox's multipart $batch.
    m_sandbox->resetCounters();
    choose(QStringLiteral("odata-4.0"));
    QCOMPARE(m_window->client()->config().batch.format, BatchFormat::Multipart);
    QCOMPARE(m_window->client()->config().batch.serverLimit, 0);
    QTest::mouseClick(start, Qt::LeftButton);
    QVERIFY(finished.wait(10000));
    QCOMPARE(m_window->runner()->history().back().progress.succeeded, 45);
    QCOMPARE(m_sandbox->counters().batchRequests, 1);
    QCOMPARE(m_sandbox->counters().requestsByRoute.value(QStringLiteral("POST /$batch")), 1);

    // JSON-RPC: calls name their method by URL and carry params as their body.
    m_sandbox->resetCounters();
    choose(QStringLiteral("jsonrpc"));
    QCOMPARE(m_window->client()->config().batch.batchPath, QStringLiteral("/rpc"));
    RequestSet rpc;
    for (int i = 1; i <= 4; ++i) {
        RequestItem item;
        item.method = QStringLiteral("POST");
        item.url = QStringLiteral("/rpc/users.get");
        item.body = QStringLiteral("{\"id\": %1}").arg(i);
        rpc.requests.append(item);
    }
    RequestItem unknown;
    unknown.method = QStringLiteral("POST");
    unknown.url = QStringLiteral("/rpc/users.delete");
    rpc.requests.append(unknown);
    rpc.target = doc->set().target;
    doc->reset(rpc);
    QTest::mouseClick(start, Qt::LeftButton);
    QVERIFY(finished.wait(10000));
    const RunSummary &run = m_window->runner()->history().back();
    QCOMPARE(run.progress.succeeded, 4);
    QCOMPARE(run.counters.failures(ErrorKind::Rpc), 1); // -32601, and not retried
    QCOMPARE(m_sandbox->counters().requestsByRoute.value(QStringLiteral("POST /rpc")), 1);
    QCOMPARE(m_sandbox->counters().itemsByRoute.value(QStringLiteral("rpc users.get")), 4);

    // Back to the default by undo: plain JSON, no limit.
    doc->reset(set);
    choose(QStringLiteral("google"));
    QCOMPARE(m_window->client()->config().batch.batchPath, QStringLiteral("/batch"));
    doc->undoStack()->undo();
    QCOMPARE(doc->set().target, std::optional<TargetSpec>());
    QCOMPARE(m_window->client()->config().batch.format, BatchFormat::Json);
    QCOMPARE(m_window->client()->config().batch.batchPath, QStringLiteral("/$batch"));
    QCOMPARE(profile->currentData().toString(), QStringLiteral("odata-4.01"));
}

void TestWorkbenchTargets::theJsonRpcSampleDoesWhatItSays()
{
    m_window->openSample(QStringLiteral("jsonrpc-calls"));
    QCOMPARE(m_window->document()->set().target->profile, QStringLiteral("jsonrpc"));
    QCOMPARE(m_window->client()->config().batch.format, BatchFormat::JsonRpc);
    QCOMPARE(m_window->client()->config().batch.batchPath, QStringLiteral("/rpc"));
    QSignalSpy finished(m_window->runner(), &Runner::finished);
    QTest::mouseClick(m_window->findChild<QPushButton *>(QStringLiteral("startRun")),
                      Qt::LeftButton);
    QVERIFY(finished.wait(10000));
    const RunSummary &run = m_window->runner()->history().back();
    // 12 calls: two repeated users and one repeated item share answers, the unknown method
    // fails once (-32601 is not retried) and the notification settles with 204.
    QCOMPARE(run.counters.calls, 12);
    QCOMPARE(run.counters.dedupHits, 3);
    QCOMPARE(run.counters.failures(ErrorKind::Rpc), 1);
    QCOMPARE(run.progress.succeeded, 11);
    QCOMPARE(run.counters.retries, 0);
    QCOMPARE(m_sandbox->counters().itemsByRoute.value(QStringLiteral("rpc users.get")), 4);
    QCOMPARE(m_sandbox->counters().itemsByRoute.value(QStringLiteral("rpc echo")), 2);
    QCOMPARE(m_sandbox->counters().itemsByRoute.value(QStringLiteral("rpc users.delete")), 1);
}

void TestWorkbenchTargets::savedSetKeepsTargetAndSettings()
{
    RequestSetDocument *doc = m_window->document();
    TargetSpec target;
    target.kind = TargetSpec::Kind::Url;
    target.baseUrl = QStringLiteral("https://graph.example.com/v1.0");
    target.batchPath = QStringLiteral("/v1.0/$batch");
    doc->setTarget(target);
    m_window->findChild<QSpinBox *>(QStringLiteral("maxBatchSize"))->setValue(7);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("tuned.batchlab.json"));
    QVERIFY(m_window->saveTo(path));
    QVERIFY(!doc->isModified());

    // Another set in between, then the saved one again: target and settings come back.
    m_window->document()->reset(smallSet());
    m_window->findChild<QSpinBox *>(QStringLiteral("maxBatchSize"))->setValue(3);
    QVERIFY(m_window->openFile(path));
    QCOMPARE(doc->set().target, std::optional<TargetSpec>(target));
    QCOMPARE(m_window->client()->config().batch.maxBatchSize, 7);
    QCOMPARE(m_window->client()->config().batch.batchPath, QStringLiteral("/v1.0/$batch"));
    QCOMPARE(m_window->findChild<QLineEdit *>(QStringLiteral("targetBaseUrl"))->text(),
             target.baseUrl);
}

void TestWorkbenchTargets::aSecretTokenInTheTargetHeadersAuthenticatesEveryBatch()
{
    // The sandbox stands in for Graph: every HTTP request, the batch's own included, must
    // carry the token.
    SandboxBehavior behavior = m_sandbox->behavior();
    behavior.requiredAuthorization = "Bearer t0ken";
    QVERIFY(m_sandbox->setBehavior(behavior));
    ClientConfig config = m_window->client()->config();
    config.cache.enabled = false;
    m_window->client()->setConfig(config);
    RequestSetDocument *doc = m_window->document();
    auto *start = m_window->findChild<QPushButton *>(QStringLiteral("startRun"));
    QSignalSpy finished(m_window->runner(), &Runner::finished);
    QTest::mouseClick(start, Qt::LeftButton);
    QVERIFY(finished.wait(10000));
    QCOMPARE(m_window->runner()->history().back().progress.succeeded, 0);

    // A secret variable for the token, marked from the keyboard.
    auto *variables = m_window->findChild<KeyValueEditor *>(QStringLiteral("variablesEditor"));
    variables->addRow();
    variables->table()->item(0, KeyValueEditor::NameColumn)->setText(QStringLiteral("token"));
    variables->table()->item(0, KeyValueEditor::ValueColumn)->setText(QStringLiteral("t0ken"));
    variables->table()->setFocus();
    variables->table()->setCurrentCell(0, KeyValueEditor::SecretColumn);
    QTest::keyClick(variables->table(), Qt::Key_Space);
    QCOMPARE(doc->set().variables, (QList<Variable>{{QStringLiteral("token"), QStringLiteral("t0ken"), true}}));

    // The header that uses it, in the target panel.
    auto *headers = m_window->findChild<KeyValueEditor *>(QStringLiteral("targetHeaders"));
    headers->addRow();
    headers->table()->item(0, KeyValueEditor::ValueColumn)->setText(QStringLiteral("Bearer {{token}}"));
    QCOMPARE(doc->set().target->headers,
             (QList<QPair<QString, QString>>{{QStringLiteral("Authorization"), QStringLiteral("Bearer {{token}}")}}));
    const QString summary = m_window->findChild<QLabel *>(QStringLiteral("targetEndpoint"))->text();
    QVERIFY2(summary.endsWith(QStringLiteral(", with Authorization")), qPrintable(summary));

    m_sandbox->resetCounters();
    QTest::mouseClick(start, Qt::LeftButton);
    QVERIFY(finished.wait(10000));
    QCOMPARE(m_window->runner()->history().back().progress.succeeded, 3);
    QCOMPARE(m_sandbox->counters().rejected, 0);

    // Revealed secrets in the details are hidden again for the next request.
    auto *requests = m_window->findChild<QTableView *>(QStringLiteral("requestTable"));
    auto *reveal = m_window->findChild<QCheckBox *>(QStringLiteral("revealSecrets"));
    requests->setCurrentIndex(requests->model()->index(0, 1));
    reveal->setChecked(true);
    requests->setCurrentIndex(requests->model()->index(1, 1));
    QVERIFY(!reveal->isChecked());

    // Saved: the header as written, the secret without its value.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("graph.batchlab.json"));
    QVERIFY(m_window->saveTo(path));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray saved = file.readAll();
    QVERIFY2(!saved.contains("t0ken"), saved.constData());
    QVERIFY(saved.contains("Bearer {{token}}"));
    QVERIFY(m_window->openFile(path));
    QCOMPARE(doc->set().variables, (QList<Variable>{{QStringLiteral("token"), QString(), true}}));

    // A header added here is one undo step, like the other target edits.
    doc->reset(smallSet());
    headers->addRow();
    QCOMPARE(doc->set().target->headers.size(), 1);
    doc->undoStack()->undo();
    QCOMPARE(doc->set().target, std::optional<TargetSpec>());
    QVERIFY(headers->pairs().isEmpty());
}

QTEST_MAIN(TestWorkbenchTargets)
#include "tst_workbenchtargets.moc"
