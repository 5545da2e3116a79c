// SPDX-License-Identifier: BSD-3-Clause
// Environments in the workbench: the chooser at the top decides what Send and Start send, and
// a secret the file keeps empty is found or asked for once per session before anything goes.
#include "client/apiclient.h"
#include "editor/environmentchooser.h"
#include "mainwindow.h"
#include "run/responseview.h"
#include "run/secretgate.h"
#include "run/secretsdialog.h"
#include "runs/requestsetfile.h"
#include "runs/runner.h"
#include "support/workbenchfixture.h"
#include "translations.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QtTest>

using namespace batchlab;

namespace {

RequestSet environmentSet()
{
    RequestSet set = workbench::smallSet();
    set.requests[0].url = QStringLiteral("/users/{{uid}}");
    set.variables = {{QStringLiteral("uid"), QStringLiteral("1")}};
    set.environments = {{QStringLiteral("local"), {{QStringLiteral("uid"), QStringLiteral("2")}}},
                        {QStringLiteral("staging"),
                         {{QStringLiteral("uid"), QStringLiteral("3")}, {QStringLiteral("token"), QString(), true}}}};
    return set;
}

} // namespace

class TestWorkbenchEnvironments : public WorkbenchFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(installTranslations(QCoreApplication::instance()));
    }
    void init()
    {
        QVERIFY(open());
        ClientConfig config = m_window->client()->config();
        config.cache.enabled = false;
        m_window->client()->setConfig(config);
    }
    void cleanup()
    {
        SecretGate::setAskHook({});
        qunsetenv("BATCHLAB_SECRET_STAGING_TOKEN");
        close();
    }
    void theChooserAtTheTopDecidesWhatSendSends();
    void aSecretIsAskedOncePerSession();
    void aSecretFromTheProcessEnvironmentIsNotAskedFor();
    void aSecretLeftEmptyIsNamedAndNothingIsSent();
    void theDialogAsksForEachSecretMasked();
    void theFanOutSampleOffersItsEnvironments();

private:
    /// Starts a run with the Start button and waits for it to end; false if it did not start.
    bool runOnce()
    {
        QSignalSpy finished(m_window->runner(), &Runner::finished);
        QTest::mouseClick(m_window->findChild<QPushButton *>(QStringLiteral("startRun")), Qt::LeftButton);
        return finished.wait(10000);
    }
    /// The sandbox wants the staging token on every HTTP request, the batch envelope's too.
    void requireToken()
    {
        SandboxBehavior behavior = m_sandbox->behavior();
        behavior.requiredAuthorization = "Bearer t0ken";
        QVERIFY(m_sandbox->setBehavior(behavior));
        RequestSet set = environmentSet();
        set.target = TargetSpec{};
        set.target->headers = {{QStringLiteral("Authorization"), QStringLiteral("Bearer {{token}}")}};
        set.environment = QStringLiteral("staging");
        m_window->document()->reset(set);
    }
};

void TestWorkbenchEnvironments::theChooserAtTheTopDecidesWhatSendSends()
{
    m_window->document()->reset(environmentSet());
    auto *bar = m_window->findChild<QToolBar *>(QStringLiteral("environmentBar"));
    auto *chooser = m_window->findChild<EnvironmentChooser *>(QStringLiteral("environmentChooser"));
    QVERIFY(bar && chooser);
    QVERIFY(chooser->isVisible());
    QCOMPARE(chooser->count(), 3);
    auto *table = m_window->findChild<QTableView *>(QStringLiteral("requestTable"));
    auto *view = m_window->findChild<ResponseView *>();
    QAction *send = m_window->findChild<QAction *>(QStringLiteral("sendRequest"));
    table->selectRow(0);
    const auto sentId = [&] {
        const int before = m_sandbox->counters().httpRequests;
        send->trigger();
        if (!QTest::qWaitFor([&] { return m_sandbox->counters().httpRequests > before
                                          && view->statusText().startsWith(QStringLiteral("200")); }))
            return QString();
        return view->bodyText();
    };
    QVERIFY2(sentId().contains(QStringLiteral("\"id\": 1")), qPrintable(view->bodyText()));
    chooser->setFocus();
    QTest::keyClick(chooser, Qt::Key_Down);
    QCOMPARE(m_window->document()->set().environment, QStringLiteral("local"));
    QVERIFY(m_window->isWindowModified());
    QVERIFY2(sentId().contains(QStringLiteral("\"id\": 2")), qPrintable(view->bodyText()));
    m_window->document()->undoStack()->undo();
    QCOMPARE(chooser->currentIndex(), 0);
    QVERIFY2(sentId().contains(QStringLiteral("\"id\": 1")), qPrintable(view->bodyText()));
}

void TestWorkbenchEnvironments::aSecretIsAskedOncePerSession()
{
    requireToken();
    int asked = 0;
    QStringList labels;
    SecretGate::setAskHook([&](const QList<SecretNeed> &needs, bool, QWidget *) {
        ++asked;
        for (const SecretNeed &need : needs)
            labels.append(need.label());
        return std::optional<SecretGate::Answer>(SecretGate::Answer{{QStringLiteral("t0ken")}, false});
    });
    QVERIFY(runOnce());
    QCOMPARE(asked, 1);
    QCOMPARE(labels, QStringList{QStringLiteral("staging · token")});
    QCOMPARE(m_window->runner()->history().back().progress.succeeded, 3);
    QCOMPARE(m_sandbox->counters().rejected, 0);
    // The second Start, and a Send, use what was given: not asked again.
    QVERIFY(runOnce());
    QCOMPARE(asked, 1);
    QCOMPARE(m_window->runner()->history().back().progress.succeeded, 3);
    // Kept in the session, never in the set: its file has the secret empty.
    QVERIFY(!RequestSetFile::serialize(m_window->document()->set()).contains("t0ken"));
    const QString path = QDir(QStandardPaths::writableLocation(QStandardPaths::TempLocation)).filePath(QStringLiteral("envs.batchlab.json"));
    QVERIFY(m_window->saveTo(path));
    QFile saved(path);
    QVERIFY(saved.open(QIODevice::ReadOnly));
    QVERIFY(!saved.readAll().contains("t0ken"));
    saved.remove();
}

void TestWorkbenchEnvironments::aSecretFromTheProcessEnvironmentIsNotAskedFor()
{
    requireToken();
    qputenv("BATCHLAB_SECRET_STAGING_TOKEN", "t0ken");
    int asked = 0;
    SecretGate::setAskHook([&](const QList<SecretNeed> &, bool, QWidget *) {
        ++asked;
        return std::optional<SecretGate::Answer>();
    });
    QVERIFY(runOnce());
    QCOMPARE(asked, 0);
    QCOMPARE(m_window->runner()->history().back().progress.succeeded, 3);
}

void TestWorkbenchEnvironments::aSecretLeftEmptyIsNamedAndNothingIsSent()
{
    requireToken();
    SecretGate::setAskHook([](const QList<SecretNeed> &, bool, QWidget *) {
        return std::optional<SecretGate::Answer>(SecretGate::Answer{{QString()}, false});
    });
    QString said;
    QTimer::singleShot(0, this, [&] {
        // The warning is modal: read it and close it as the user would.
        QTRY_VERIFY(qobject_cast<QMessageBox *>(QApplication::activeModalWidget()));
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        said = box->text();
        box->accept();
    });
    QTest::mouseClick(m_window->findChild<QPushButton *>(QStringLiteral("startRun")), Qt::LeftButton);
    QTRY_VERIFY(!said.isEmpty());
    QVERIFY2(said.contains(QStringLiteral("staging · token")), qPrintable(said));
    QVERIFY(m_window->runner()->history().empty());
    QCOMPARE(m_sandbox->counters().httpRequests, 0);
    // Cancelled: the same.
    SecretGate::setAskHook([](const QList<SecretNeed> &, bool, QWidget *) { return std::optional<SecretGate::Answer>(); });
    said.clear();
    QTimer::singleShot(0, this, [&] {
        QTRY_VERIFY(qobject_cast<QMessageBox *>(QApplication::activeModalWidget()));
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        said = box->text();
        box->accept();
    });
    m_window->findChild<QAction *>(QStringLiteral("sendRequest"))->trigger();
    QTRY_VERIFY(!said.isEmpty());
    QVERIFY2(said.contains(QStringLiteral("staging · token")), qPrintable(said));
    QCOMPARE(m_sandbox->counters().httpRequests, 0);
}

void TestWorkbenchEnvironments::theDialogAsksForEachSecretMasked()
{
    const QList<SecretNeed> needs{{QStringLiteral("staging"), QStringLiteral("token")}, {QString(), QStringLiteral("key")}};
    SecretsDialog dialog(needs, false, m_window.get());
    const QList<QLineEdit *> fields = dialog.findChildren<QLineEdit *>();
    QCOMPARE(fields.size(), 2);
    for (QLineEdit *field : fields)
        QCOMPARE(field->echoMode(), QLineEdit::Password);
    QVERIFY2(fields.at(0)->toolTip().contains(QStringLiteral("BATCHLAB_SECRET_STAGING_TOKEN")),
             qPrintable(fields.at(0)->toolTip()));
    auto *remember = dialog.findChild<QCheckBox *>(QStringLiteral("rememberSecrets"));
    QVERIFY(remember && !remember->isEnabled()); // no secret store here
    QTest::keyClicks(fields.at(0), QStringLiteral("t0ken"));
    QTest::keyClicks(fields.at(1), QStringLiteral("k3y"));
    QCOMPARE(dialog.values(), (QStringList{QStringLiteral("t0ken"), QStringLiteral("k3y")}));
    QVERIFY(!dialog.remember());
    SecretsDialog withStore(needs, true, m_window.get());
    QVERIFY(withStore.findChild<QCheckBox *>(QStringLiteral("rememberSecrets"))->isEnabled());
}

void TestWorkbenchEnvironments::theFanOutSampleOffersItsEnvironments()
{
    m_window->openSample(QStringLiteral("user-fanout"));
    auto *chooser = m_window->findChild<EnvironmentChooser *>(QStringLiteral("environmentChooser"));
    QCOMPARE(chooser->count(), 3);
    QCOMPARE(chooser->itemText(2), QStringLiteral("page 2"));
    QCOMPARE(chooser->currentIndex(), 0); // none in use until chosen: the sample runs as before
    QTest::keyClick(chooser, Qt::Key_End);
    QCOMPARE(m_window->document()->set().environment, QStringLiteral("page 2"));
    const RequestSet &set = m_window->document()->set();
    QString error;
    const RequestSpec page = set.resolve(set.requests.at(0), m_sandbox->url(), &error);
    QVERIFY2(page.url.query().contains(QStringLiteral("page=2")), qPrintable(page.url.toString()));
}

QTEST_MAIN(TestWorkbenchEnvironments)
#include "tst_workbenchenvironments.moc"
