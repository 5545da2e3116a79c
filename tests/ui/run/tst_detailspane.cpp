// SPDX-License-Identifier: BSD-3-Clause
// DetailsPane: credentials among an answer's headers stay hidden until revealed, hidden again
// for the next request, and a request's name is shown as written, "%2" and all.
#include "run/detailspane.h"

#include <QCheckBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QtTest>

using namespace batchlab;

namespace {

ApiResult answerWithCredentials()
{
    ApiResult result;
    result.response.status = 200;
    result.response.batchId = 4;
    result.response.headers = {{"Content-Type", "application/json"},
                               {"Authorization", "Bearer s3cr3t-t0ken"},
                               {"Set-Cookie", "session=c00kie; HttpOnly"},
                               {"X-Api-Key", "k3y-value"}};
    result.response.body = R"({"id": 1})";
    return result;
}

} // namespace

class TestDetailsPane : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void credentialsAreHiddenUntilRevealed();
    void anotherRequestHidesThemAgain();
    void aNameWithPercentMarkersIsShownAsWritten_data();
    void aNameWithPercentMarkersIsShownAsWritten();

private:
    QString text() const { return m_pane->findChild<QPlainTextEdit *>(QStringLiteral("detailsText"))->toPlainText(); }
    QString summary() const { return m_pane->findChild<QLabel *>(QStringLiteral("detailsSummary"))->text(); }
    QCheckBox *reveal() const { return m_pane->findChild<QCheckBox *>(QStringLiteral("revealSecrets")); }

    DetailsPane *m_pane = nullptr;
};

void TestDetailsPane::init()
{
    m_pane = new DetailsPane;
    m_pane->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_pane));
}

void TestDetailsPane::cleanup()
{
    delete m_pane;
    m_pane = nullptr;
}

void TestDetailsPane::credentialsAreHiddenUntilRevealed()
{
    m_pane->showResult(QStringLiteral("me"), answerWithCredentials());
    for (const char *secret : {"s3cr3t-t0ken", "c00kie", "k3y-value"})
        QVERIFY2(!text().contains(QLatin1String(secret)), qPrintable(text()));
    QVERIFY2(text().contains(QStringLiteral("Authorization: •••• (hidden)")), qPrintable(text()));
    QVERIFY2(text().contains(QStringLiteral("Set-Cookie: •••• (hidden)")), qPrintable(text()));
    QVERIFY(text().contains(QStringLiteral("Content-Type: application/json")));
    QVERIFY(text().contains(QStringLiteral("\"id\": 1")));

    QVERIFY(reveal()->isEnabled());
    QVERIFY(!reveal()->isChecked());
    reveal()->setFocus();
    QTest::keyClick(reveal(), Qt::Key_Space);
    QVERIFY(reveal()->isChecked());
    QVERIFY2(text().contains(QStringLiteral("Authorization: Bearer s3cr3t-t0ken")), qPrintable(text()));
    QVERIFY(text().contains(QStringLiteral("X-Api-Key: k3y-value")));

    // A new answer to the same request keeps what the user chose to see.
    m_pane->refreshResult(QStringLiteral("me"), answerWithCredentials());
    QVERIFY(reveal()->isChecked());
    QVERIFY(text().contains(QStringLiteral("s3cr3t-t0ken")));
    QTest::mouseClick(reveal(), Qt::LeftButton);
    QVERIFY(!text().contains(QStringLiteral("s3cr3t-t0ken")));
}

void TestDetailsPane::anotherRequestHidesThemAgain()
{
    m_pane->showResult(QStringLiteral("me"), answerWithCredentials());
    reveal()->setChecked(true);
    QVERIFY(text().contains(QStringLiteral("s3cr3t-t0ken")));
    m_pane->showResult(QStringLiteral("you"), answerWithCredentials());
    QVERIFY(!reveal()->isChecked());
    QVERIFY(!text().contains(QStringLiteral("s3cr3t-t0ken")));

    // Nothing to reveal: the toggle stays in place but cannot be pressed.
    ApiResult plain;
    plain.response.status = 204;
    plain.response.headers = {{"Content-Length", "0"}};
    m_pane->showResult(QStringLiteral("plain"), plain);
    QVERIFY(!reveal()->isEnabled());
    m_pane->showResult(QString(), std::nullopt);
    QVERIFY(!reveal()->isEnabled());
}

void TestDetailsPane::aNameWithPercentMarkersIsShownAsWritten_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("%2") << QStringLiteral("50%2off");
    QTest::newRow("%1") << QStringLiteral("100%1 sure");
    QTest::newRow("%3 and %6") << QStringLiteral("%3 of %6");
}

void TestDetailsPane::aNameWithPercentMarkersIsShownAsWritten()
{
    QFETCH(QString, name);
    ApiResult result = answerWithCredentials();
    result.response.status = 201;
    m_pane->showResult(name, result);
    QVERIFY2(summary().startsWith(QStringLiteral("<b>%1</b>: HTTP 201 · batch 4").arg(name)),
             qPrintable(summary()));

    ApiResult failed;
    failed.error.kind = ErrorKind::Timeout;
    failed.error.message = QStringLiteral("no answer in time");
    m_pane->showResult(name, failed);
    QVERIFY2(summary().startsWith(QStringLiteral("<b>%1</b>: <span").arg(name)), qPrintable(summary()));
    m_pane->showResult(name, std::nullopt);
    QVERIFY2(summary().startsWith(QStringLiteral("<b>%1</b>: no answer yet").arg(name)), qPrintable(summary()));
}

QTEST_MAIN(TestDetailsPane)
#include "tst_detailspane.moc"
