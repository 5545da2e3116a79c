// SPDX-License-Identifier: BSD-3-Clause
// WireView: the batch as it went, raw bytes equal to what the server received (JSON and
// multipart), pretty JSON and multipart part by part, credentials masked until revealed and
// hidden again for the next batch, and a refused connection named in words in the view, the
// log's Answered line and the call's details.
#include "client/apiclient.h"
#include "log/eventlogmodel.h"
#include "run/detailspane.h"
#include "run/wireview.h"
#include "sandbox/sandboxserver.h"
#include "support/testformats.h"
#include "support/wirerelay.h"
#include "telemetry/telemetry.h"
#include "transport/wirelog.h"

#include <QCheckBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTcpServer>
#include <QtTest>

#include <chrono>

using namespace batchlab;
using namespace std::chrono_literals;

namespace {

const QUrl kBatchUrl(QStringLiteral("http://127.0.0.1:8080/v1/$batch"));

QString textOf(const WireView &view)
{
    return view.findChild<QPlainTextEdit *>(QStringLiteral("wireText"))->toPlainText();
}
QString summaryOf(const WireView &view)
{
    return view.findChild<QLabel *>(QStringLiteral("wireSummary"))->text();
}
QCheckBox *reveal(const WireView &view)
{
    return view.findChild<QCheckBox *>(QStringLiteral("wireRevealSecrets"));
}
QCheckBox *pretty(const WireView &view)
{
    return view.findChild<QCheckBox *>(QStringLiteral("wirePretty"));
}

ApiError errorOf(const QFuture<ApiResponse> &future)
{
    try {
        future.result();
    } catch (const ApiException &e) {
        return e.error();
    }
    return {};
}

} // namespace

class TestWireView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void credentialsAreMaskedUntilRevealed();
    void multipartIsShownPartByPart();
    void rawBytesAreWhatTheServerReceived_data();
    void rawBytesAreWhatTheServerReceived();
    void aTruncatedBodySaysSo();
    void aRefusedConnectionIsNamedInWords();
};

void TestWireView::credentialsAreMaskedUntilRevealed()
{
    WireLog log;
    log.sent(
        7, "POST", kBatchUrl,
        {{"Content-Type", "application/json"}, {"Authorization", "Bearer env-t0ken"}},
        R"({"requests":[{"id":"0","method":"GET","url":"/me","headers":{"X-Api-Key":"item-k3y"}}]})");
    log.answered(7, 200, {{"Content-Type", "application/json"}, {"Set-Cookie", "sid=c00kie"}},
                 R"({"responses":[{"id":"0","status":200,"body":{"name":"Ada"}}]})", {});
    log.sent(8, "POST", kBatchUrl, {{"Content-Type", "application/json"}}, "{}");
    WireView view(&log);
    view.show();
    view.showBatch(7, QStringLiteral("me"));
    for (QCheckBox *raw : {static_cast<QCheckBox *>(nullptr), pretty(view)}) {
        if (raw)
            raw->setChecked(false); // the raw bytes hide them too
        const QString hidden = textOf(view);
        QVERIFY2(!hidden.contains(QLatin1String("env-t0ken")), qPrintable(hidden));
        QVERIFY(!hidden.contains(QLatin1String("item-k3y")));
        QVERIFY(!hidden.contains(QLatin1String("c00kie")));
        QVERIFY(hidden.contains(QStringLiteral("•••• (hidden)")));
        QVERIFY(hidden.contains(QLatin1String("Ada")));
        QVERIFY(reveal(view)->isEnabled());
    }
    pretty(view)->setChecked(true);
    QVERIFY(textOf(view).contains(QLatin1String("\"requests\": ["))); // indented JSON
    reveal(view)->setChecked(true);
    const QString shown = textOf(view);
    QVERIFY(shown.contains(QLatin1String("Bearer env-t0ken")));
    QVERIFY(shown.contains(QLatin1String("item-k3y")));
    QVERIFY(shown.contains(QLatin1String("sid=c00kie")));
    QVERIFY(summaryOf(view).contains(QLatin1String("HTTP 200")));
    // Another batch hides them again, and so does coming back.
    view.showBatch(8, QStringLiteral("other"));
    QVERIFY(!reveal(view)->isChecked());
    view.showBatch(7, QStringLiteral("me"));
    QVERIFY(!textOf(view).contains(QLatin1String("env-t0ken")));
}

void TestWireView::multipartIsShownPartByPart()
{
    const QByteArray body = "--b_1\r\n"
                            "Content-Type: application/http\r\n"
                            "Content-ID: 1\r\n\r\n"
                            "GET /users/1 HTTP/1.1\r\n"
                            "Authorization: Bearer part-t0ken\r\n\r\n"
                            "\r\n--b_1\r\n"
                            "Content-Type: application/http\r\n"
                            "Content-ID: 2\r\n\r\n"
                            "POST /users HTTP/1.1\r\n"
                            "Content-Type: application/json\r\n\r\n"
                            "{\"name\":\"Ada\",\"tags\":[1,2]}\r\n"
                            "--b_1--\r\n";
    WireLog log;
    log.sent(3, "POST", kBatchUrl, {{"Content-Type", "multipart/mixed; boundary=b_1"}}, body);
    WireView view(&log);
    view.show();
    view.showBatch(3);
    const QString text = textOf(view);
    QVERIFY2(text.contains(QStringLiteral("── part 1 of 2 ──")), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("── part 2 of 2 ──")));
    QVERIFY(text.contains(QLatin1String("GET /users/1 HTTP/1.1")));
    QVERIFY(text.contains(QLatin1String("\"name\": \"Ada\""))); // the part's JSON, indented
    QVERIFY(!text.contains(QLatin1String("part-t0ken")));
    QVERIFY(summaryOf(view).contains(QLatin1String("in flight")));
    // Its answer arrives while it is on show.
    log.answered(3, 200, {{"Content-Type", "multipart/mixed; boundary=r"}},
                 "--r\r\n\r\nHTTP/1.1 200 OK\r\n\r\n--r--", {});
    QVERIFY(summaryOf(view).contains(QLatin1String("HTTP 200")));
}

void TestWireView::rawBytesAreWhatTheServerReceived_data()
{
    QTest::addColumn<QString>("profile");
    QTest::newRow("json") << QStringLiteral("odata-4.01");
    QTest::newRow("multipart") << QStringLiteral("odata-4.0");
}

void TestWireView::rawBytesAreWhatTheServerReceived()
{
    QFETCH(QString, profile);
    testformats::running() = ServerProfile::find(profile);
    QVERIFY(testformats::running());
    SandboxServer sandbox;
    QVERIFY(sandbox.start());
    testsupport::WireRelay relay(sandbox.url());
    ClientConfig config;
    config.batch.maxDelay = 10ms;
    config.batch = testformats::configured(config.batch);
    ApiClient client(relay.url(), config);
    WireLog log;
    client.setWireLog(&log);
    std::vector<QFuture<ApiResponse>> calls;
    for (int id = 1; id <= 3; ++id)
        calls.push_back(client.get(QStringLiteral("/users/%1").arg(id)));
    for (const QFuture<ApiResponse> &call : calls)
        QTRY_VERIFY(call.isFinished());
    QCOMPARE(relay.requests().size(), 1);
    WireView view(&log);
    view.show();
    view.showBatch(calls.front().result().batchId, QStringLiteral("user 1"));
    pretty(view)->setChecked(false);
    reveal(view)->setChecked(true);
    // QPlainTextEdit keeps lines, not line ends: compare line by line.
    const auto lines
        = [](const QByteArray &bytes) { return QString::fromUtf8(bytes).remove(u'\r'); };
    const QString text = textOf(view);
    QVERIFY2(text.contains(lines(relay.requests().front().body)), qPrintable(text));
    QVERIFY(text.contains(lines(relay.answers().front().body)));
    if (profile == QLatin1String("odata-4.0")) {
        pretty(view)->setChecked(true);
        QVERIFY(textOf(view).contains(QStringLiteral("── part 3 of 3 ──")));
    }
}

void TestWireView::aTruncatedBodySaysSo()
{
    WireLog log;
    log.setMaxBodyBytes(16);
    log.sent(1, "POST", kBatchUrl, {{"Content-Type", "text/plain"}}, QByteArray(100, 'a'));
    WireView view(&log);
    view.show();
    view.showBatch(1);
    QVERIFY2(textOf(view).contains(QStringLiteral("16 of 100 bytes shown")),
             qPrintable(textOf(view)));
    log.setCapacity(1);
    log.sent(2, "POST", kBatchUrl, {}, "x");
    view.showBatch(1);
    QVERIFY(summaryOf(view).contains(QLatin1String("no longer kept")));
}

void TestWireView::aRefusedConnectionIsNamedInWords()
{
    testformats::running() = ServerProfile::find(QStringLiteral("odata-4.01"));
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost));
    QUrl url(QStringLiteral("http://127.0.0.1"));
    url.setPort(closed.serverPort());
    closed.close();
    ClientConfig config;
    config.batch.maxDelay = 5ms;
    config.retry.maxAttempts = 1;
    config.batch = testformats::configured(config.batch);
    ApiClient client(url, config);
    WireLog log;
    client.setWireLog(&log);
    EventLogModel model(client.telemetry());
    QFuture<ApiResponse> call = client.get(QStringLiteral("/users/1"));
    QTRY_VERIFY(call.isFinished());
    const ApiError error = errorOf(call);
    const QRegularExpression refused(QStringLiteral("connection refused"),
                                     QRegularExpression::CaseInsensitiveOption);
    // The log's Answered line.
    QString answeredDetail;
    QTRY_VERIFY([&] {
        for (int row = 0; row < model.rowCount(); ++row) {
            if (model.index(row, EventLogModel::Kind).data().toString()
                == QLatin1String("answered"))
                answeredDetail = model.index(row, EventLogModel::Detail).data().toString();
        }
        return !answeredDetail.isEmpty();
    }());
    QVERIFY2(answeredDetail.contains(refused), qPrintable(answeredDetail));
    QVERIFY(answeredDetail.contains(QLatin1String("network")));
    // The Wire view of the call's batch.
    ApiResult result;
    result.error = error;
    WireView view(&log);
    view.show();
    view.showBatch(error.batchId, QStringLiteral("user 1"), result);
    QVERIFY2(summaryOf(view).contains(refused), qPrintable(summaryOf(view)));
    QVERIFY(textOf(view).contains(refused));
    // The call's details.
    DetailsPane details;
    details.showResult(QStringLiteral("user 1"), result);
    QVERIFY(
        details.findChild<QLabel *>(QStringLiteral("detailsSummary"))->text().contains(refused));
}

QTEST_MAIN(TestWireView)
#include "tst_wireview.moc"
