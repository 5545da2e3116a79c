// SPDX-License-Identifier: BSD-3-Clause
// `batchlab run` and `batchlab compare` as a CI job runs them: the real binary, real HTTP over
// loopback, against its built-in sandbox and against a second sandbox given as --target.
#include "sandbox/sandboxserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>

#include <csignal>

namespace {

struct CliResult
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

} // namespace

class TestRunCommand : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void helpOfEachCommand_data();
    void helpOfEachCommand();
    void badArgumentsGetOneLineAndExit2_data();
    void badArgumentsGetOneLineAndExit2();
    void aMalformedSetSaysFileLineAndField();
    void eachSampleAgainstTheBuiltInSandbox_data();
    void eachSampleAgainstTheBuiltInSandbox();
    void thresholdsPassAndFail_data();
    void thresholdsPassAndFail();
    void againstASecondSandboxAsTarget();
    void credentialsFromHeaderAndEnvironment();
    void eachReportIsWrittenAndReadsBack();
    void aHarRunsWithItsOwnTiming();
    void durationBoundsAPacedRun();
    void anUnreachableTargetExits3();
    void interruptedRunStillWritesItsReports();
    void progressRedrawsOnATerminal();
    void progressIsPlainWithoutATerminal();
    void compareShowsBothRunsAndTheChange();

private:
    /// Runs the binary to its end while this thread's event loop keeps going (an in-process
    /// sandbox answers it).
    CliResult run(const QStringList &arguments, int timeoutMs = 60000);
    QString m_binary;
    QTemporaryDir m_dir;
};

void TestRunCommand::initTestCase()
{
    m_binary = QStringLiteral(BATCHLAB_BINARY);
    QVERIFY2(QFile::exists(m_binary), qPrintable(m_binary));
    QVERIFY(m_dir.isValid());
}

CliResult TestRunCommand::run(const QStringList &arguments, int timeoutMs)
{
    QProcess process;
    process.setWorkingDirectory(m_dir.path());
    process.start(m_binary, arguments);
    CliResult result;
    if (!process.waitForStarted())
        return result;
    QElapsedTimer clock;
    clock.start();
    while (process.state() != QProcess::NotRunning && clock.elapsed() < timeoutMs)
        QTest::qWait(10);
    if (process.state() != QProcess::NotRunning) {
        process.kill();
        process.waitForFinished();
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

void TestRunCommand::helpOfEachCommand_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("run") << QStringLiteral("run") << QByteArray("--threshold");
    QTest::newRow("compare") << QStringLiteral("compare") << QByteArray("--same-arrivals");
    QTest::newRow("serve") << QStringLiteral("serve") << QByteArray("--latency");
}

void TestRunCommand::helpOfEachCommand()
{
    QFETCH(QString, command);
    QFETCH(QByteArray, expected);
    const CliResult result = run({command, QStringLiteral("--help")});
    QCOMPARE(result.exitCode, 0);
    QVERIFY2(result.out.contains(expected), result.out.constData());
    QVERIFY2(result.out.contains("Examples:") && result.out.contains(QByteArray("batchlab " + command.toUtf8())),
             result.out.constData());
    QVERIFY2(result.out.contains("Exit codes:") && result.out.contains("130"), result.out.constData());
}

void TestRunCommand::badArgumentsGetOneLineAndExit2_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("message");
    const auto list = [](std::initializer_list<const char *> words) {
        QStringList out;
        for (const char *word : words)
            out.append(QString::fromUtf8(word));
        return out;
    };
    QTest::newRow("unknown option") << list({"run", "user-fanout", "--bogus"}) << QByteArray("bogus");
    QTest::newRow("no set") << list({"run"}) << QByteArray("which set");
    QTest::newRow("no such set") << list({"run", "no-such-set"}) << QByteArray("user-fanout");
    QTest::newRow("bad arrival") << list({"run", "user-fanout", "--arrival", "sometimes"}) << QByteArray("poisson");
    QTest::newRow("bad profile") << list({"run", "user-fanout", "--profile", "soap"}) << QByteArray("odata401");
    QTest::newRow("bad duration") << list({"run", "user-fanout", "--duration", "soon"}) << QByteArray("--duration");
    QTest::newRow("bad report") << list({"run", "user-fanout", "--report", "pdf:x.pdf"}) << QByteArray("junit");
    QTest::newRow("report without file") << list({"run", "user-fanout", "--report", "json"}) << QByteArray("FORMAT:FILE");
    QTest::newRow("bad header") << list({"run", "user-fanout", "--header", "novalue"}) << QByteArray("Name: value");
    QTest::newRow("sandbox fault") << list({"run", "user-fanout", "--sandbox-error-rate", "2"})
                                   << QByteArray("itemErrorRate");
    QTest::newRow("batch path on the sandbox") << list({"run", "user-fanout", "--batch-path", "/b"})
                                               << QByteArray("--target");
    QTest::newRow("compare without sides") << list({"compare", "user-fanout"}) << QByteArray("--a");
}

void TestRunCommand::badArgumentsGetOneLineAndExit2()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, message);
    const CliResult result = run(arguments);
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.contains(message), result.err.constData());
    QCOMPARE(result.err.trimmed().count('\n'), 0); // one line
    QVERIFY(result.out.isEmpty());
}

void TestRunCommand::aMalformedSetSaysFileLineAndField()
{
    const QString path = m_dir.filePath(QStringLiteral("broken.batchlab.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("{\n  \"format\": \"batchlab.requestset\",\n  \"version\": 1,\n  \"name\": \"broken\",\n"
               "  \"requests\": [\n    {\"method\": 7, \"url\": \"/users/1\"}\n  ]\n}\n");
    file.close();
    const CliResult result = run({QStringLiteral("run"), path});
    QCOMPARE(result.exitCode, 2);
    // file:line:column: field: what
    QVERIFY2(result.err.contains((path + QStringLiteral(":6:")).toUtf8()), result.err.constData());
    QVERIFY2(result.err.contains("requests[0].method"), result.err.constData());
}

void TestRunCommand::eachSampleAgainstTheBuiltInSandbox_data()
{
    QTest::addColumn<QString>("sample");
    for (const char *sample : {"user-fanout", "mixed-crud", "jsonrpc-calls", "flaky-backend", "order-change-set"})
        QTest::newRow(sample) << QString::fromLatin1(sample);
}

void TestRunCommand::eachSampleAgainstTheBuiltInSandbox()
{
    // Each sample as it ships (its plan, settings and the sandbox's faults): the summary's
    // counts, which come from the telemetry, are what the sandbox counted on its side.
    QFETCH(QString, sample);
    const CliResult result = run({QStringLiteral("run"), sample, QStringLiteral("--json"), QStringLiteral("--quiet")});
    QVERIFY2(result.exitCode == 0, result.err.constData());
    const QJsonObject summary = QJsonDocument::fromJson(result.out).object();
    QCOMPARE(summary[QStringLiteral("format")].toString(), QStringLiteral("batchlab.runsummary"));
    const QJsonObject sandbox = summary[QStringLiteral("sandbox")].toObject();
    const auto count = [](const QJsonObject &o, const char *key) { return o[QLatin1String(key)].toInteger(); };
    QVERIFY(count(summary, "calls") > 0);
    QCOMPARE(count(summary, "http_requests"), count(sandbox, "http_requests"));
    // Items the client sent (a retried call once per attempt) are the items the server got:
    // batch items, and plain requests one each.
    QCOMPARE(count(summary, "requests_without_batching") - count(summary, "dedup_hits"),
             count(sandbox, "batch_items") + count(sandbox, "http_requests") - count(sandbox, "batch_requests"));
    // Every call settled once.
    QCOMPARE(count(summary, "succeeded") + count(summary, "failures") + count(summary, "cancelled"),
             count(summary, "calls"));
}

void TestRunCommand::thresholdsPassAndFail_data()
{
    // One iteration of user-fanout, all at once, batches of 10 after 50 ms, de-duplication on:
    // 24 calls, 11 of them duplicates, 2 HTTP requests, nothing fails or is retried.
    QTest::addColumn<QString>("threshold");
    QTest::addColumn<int>("exitCode");
    QTest::newRow("saved passes") << QStringLiteral("saved>=80%") << 0;
    QTest::newRow("saved fails") << QStringLiteral("saved>=99.9%") << 1;
    QTest::newRow("p95 passes") << QStringLiteral("p95<5s") << 0;
    QTest::newRow("p95 fails") << QStringLiteral("p95<1ms") << 1;
    QTest::newRow("failures passes") << QStringLiteral("failures==0") << 0;
    QTest::newRow("failures fails") << QStringLiteral("failures>0") << 1;
    QTest::newRow("http_requests passes") << QStringLiteral("http_requests<=20") << 0;
    QTest::newRow("http_requests fails") << QStringLiteral("http_requests<=1") << 1;
    QTest::newRow("retries passes") << QStringLiteral("retries<5%") << 0;
    QTest::newRow("retries fails") << QStringLiteral("retries>=5%") << 1;
    QTest::newRow("not a threshold") << QStringLiteral("saved>>80%") << 2;
    QTest::newRow("unknown metric") << QStringLiteral("p96<250ms") << 2;
}

void TestRunCommand::thresholdsPassAndFail()
{
    QFETCH(QString, threshold);
    QFETCH(int, exitCode);
    const CliResult result = run({QStringLiteral("run"), QStringLiteral("user-fanout"), QStringLiteral("--iterations"),
                                  QStringLiteral("1"), QStringLiteral("--arrival"), QStringLiteral("all"),
                                  QStringLiteral("--threshold"), threshold, QStringLiteral("--threshold"),
                                  QStringLiteral("calls==24")});
    QCOMPARE(result.exitCode, exitCode);
    if (exitCode == 2) {
        QVERIFY2(result.err.contains(threshold.toUtf8()), result.err.constData());
        return;
    }
    // Each threshold reported with its verdict and measured value, under the summary.
    const QString out = QString::fromUtf8(result.out);
    const qsizetype at = out.indexOf(threshold);
    QVERIFY2(at > out.indexOf(QStringLiteral("HTTP requests")), qPrintable(out));
    const QString line = out.mid(out.lastIndexOf(u'\n', at) + 1, out.indexOf(u'\n', at) - out.lastIndexOf(u'\n', at) - 1);
    const bool passed = line.contains(QStringLiteral("PASS")) || line.contains(QChar(0x2713));
    QVERIFY2(passed == (exitCode == 0), qPrintable(line));
    QVERIFY2(line.contains(QRegularExpression(QStringLiteral("\\d"))), qPrintable(line)); // the measured value
    QVERIFY2(out.contains(QStringLiteral("calls==24")), qPrintable(out));
}

void TestRunCommand::againstASecondSandboxAsTarget()
{
    batchlab::SandboxServer server;
    QVERIFY(server.start());
    const QString report = m_dir.filePath(QStringLiteral("target.json"));
    const CliResult result = run({QStringLiteral("run"), QStringLiteral("user-fanout"), QStringLiteral("--target"),
                                  server.url().toString(), QStringLiteral("--profile"), QStringLiteral("odata401"),
                                  QStringLiteral("--batch-path"), QStringLiteral("/$batch"), QStringLiteral("--report"),
                                  QStringLiteral("json:") + report, QStringLiteral("--quiet")});
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QFile file(report);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject numbers = QJsonDocument::fromJson(file.readAll()).object().value(QStringLiteral("numbers")).toObject();
    // What the run counted is what the server saw: every HTTP request, every item.
    QVERIFY(numbers.value(QStringLiteral("httpRequests")).toInteger() > 0);
    QCOMPARE(numbers.value(QStringLiteral("httpRequests")).toInteger(), server.counters().httpRequests);
    QCOMPARE(numbers.value(QStringLiteral("itemsSent")).toInteger(),
             server.counters().batchItems + (server.counters().httpRequests - server.counters().batchRequests));
    QCOMPARE(numbers.value(QStringLiteral("failed")).toInteger(), 0);
}

void TestRunCommand::credentialsFromHeaderAndEnvironment()
{
    // A server that, as Graph does, refuses every HTTP request without the credential.
    batchlab::SandboxServer server;
    batchlab::SandboxBehavior behavior;
    behavior.requiredAuthorization = "Bearer s3cret";
    server.setBehavior(behavior);
    QVERIFY(server.start());
    const QString report = m_dir.filePath(QStringLiteral("auth.json"));
    const QStringList arguments{QStringLiteral("run"), QStringLiteral("user-fanout"), QStringLiteral("--target"),
                                server.url().toString(), QStringLiteral("--header"),
                                QStringLiteral("Authorization: Bearer {{token}}"), QStringLiteral("--var"),
                                QStringLiteral("token"), QStringLiteral("--report"), QStringLiteral("json:") + report,
                                QStringLiteral("--quiet")};
    const auto failed = [&] {
        QFile file(report);
        if (!file.open(QIODevice::ReadOnly))
            return qint64(-1);
        return QJsonDocument::fromJson(file.readAll()).object()[QStringLiteral("numbers")][QStringLiteral("failed")].toInteger();
    };
    // --var NAME takes the environment variable NAME: here, none.
    CliResult result = run(arguments);
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.contains("no environment variable token"), result.err.constData());

    qputenv("token", "wrong");
    result = run(arguments);
    QCOMPARE(result.exitCode, 0); // failures are no threshold
    QVERIFY(failed() > 0);
    const qint64 refused = server.counters().rejected;
    QVERIFY2(refused > 0, "the wrong token was not refused");

    qputenv("token", "s3cret");
    result = run(arguments);
    qunsetenv("token");
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QCOMPARE(failed(), 0);
    QCOMPARE(server.counters().rejected, refused); // nothing refused this time
    // The credential never lands in a report.
    QFile file(report);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(!file.readAll().contains("s3cret"));
}

void TestRunCommand::eachReportIsWrittenAndReadsBack()
{
    const QString base = m_dir.filePath(QStringLiteral("all"));
    const CliResult result = run({QStringLiteral("run"), QStringLiteral("mixed-crud"), QStringLiteral("--quiet"),
                                  QStringLiteral("--report"), QStringLiteral("json:%1.json").arg(base),
                                  QStringLiteral("--report"), QStringLiteral("csv:%1.csv").arg(base),
                                  QStringLiteral("--report"), QStringLiteral("junit:%1.xml").arg(base),
                                  QStringLiteral("--report"), QStringLiteral("html:%1.html").arg(base),
                                  QStringLiteral("--report"), QStringLiteral("har:%1.har").arg(base)});
    QVERIFY2(result.exitCode == 0, result.err.constData());
    const auto read = [&](const QString &suffix) {
        QFile file(base + suffix);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    };
    const QJsonObject json = QJsonDocument::fromJson(read(QStringLiteral(".json"))).object();
    const qint64 calls = json.value(QStringLiteral("numbers")).toObject().value(QStringLiteral("calls")).toInteger();
    const qint64 http = json.value(QStringLiteral("numbers")).toObject().value(QStringLiteral("httpRequests")).toInteger();
    QVERIFY(calls > 0);
    QCOMPARE(json.value(QStringLiteral("calls")).toArray().size(), calls);
    // CSV: a header, then one line per call (no body holds a line break in this set).
    QCOMPARE(read(QStringLiteral(".csv")).trimmed().split('\n').size(), calls + 1);
    QXmlStreamReader xml(read(QStringLiteral(".xml")));
    qint64 testcases = 0;
    while (!xml.atEnd()) {
        if (xml.readNext() == QXmlStreamReader::StartElement && xml.name() == u"testcase")
            ++testcases;
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QCOMPARE(testcases, calls);
    const QByteArray html = read(QStringLiteral(".html"));
    QVERIFY(html.startsWith("<!DOCTYPE html>") && html.contains("<svg"));
    const QJsonObject har = QJsonDocument::fromJson(read(QStringLiteral(".har"))).object();
    QCOMPARE(har.value(QStringLiteral("log")).toObject().value(QStringLiteral("entries")).toArray().size(), http);
}

void TestRunCommand::aHarRunsWithItsOwnTiming()
{
    // Three GETs a browser made 0, 400 and 800 ms apart, to the sandbox (--target).
    batchlab::SandboxServer server;
    QVERIFY(server.start());
    QByteArray entries;
    const char *const times[] = {"00.000", "00.400", "00.800"};
    for (int i = 0; i < 3; ++i) {
        QByteArray entry = R"({"startedDateTime": "2026-12-08T10:00:TIME Z", "time": 5,
            "request": {"method": "GET", "url": "URL/users/N", "httpVersion": "HTTP/1.1", "headers": [],
                        "queryString": [], "cookies": [], "headersSize": -1, "bodySize": 0},
            "response": {"status": 200, "statusText": "OK", "httpVersion": "HTTP/1.1", "headers": [],
                         "cookies": [], "content": {"size": 0, "mimeType": "application/json"},
                         "redirectURL": "", "headersSize": -1, "bodySize": 0},
            "cache": {}, "timings": {"send": 0, "wait": 5, "receive": 0}})";
        entry.replace("TIME Z", QByteArray(QByteArray(times[i]) + "Z"))
            .replace("URL", server.url().toString().toUtf8())
            .replace("/N", QByteArray("/" + QByteArray::number(i + 1)));
        entries += (i ? "," : "") + entry;
    }
    const QByteArray har = R"({"log": {"version": "1.2", "creator": {"name": "test", "version": "1"}, "entries": [)"
        + entries + "]}}";
    const QString path = m_dir.filePath(QStringLiteral("paced.har"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(har);
    file.close();
    const QString report = m_dir.filePath(QStringLiteral("paced.json"));
    const CliResult result = run({QStringLiteral("run"), path, QStringLiteral("--target"), server.url().toString(),
                                  QStringLiteral("--arrival"), QStringLiteral("recorded"), QStringLiteral("--report"),
                                  QStringLiteral("json:") + report, QStringLiteral("--quiet")});
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QFile written(report);
    QVERIFY(written.open(QIODevice::ReadOnly));
    const QJsonArray calls = QJsonDocument::fromJson(written.readAll()).object().value(QStringLiteral("calls")).toArray();
    QCOMPARE(calls.size(), 3);
    QCOMPARE(server.counters().httpRequests, 3); // 400 ms apart: each alone in its batch
    const auto sentMs = [&](int i) { return calls.at(i)[QStringLiteral("sentMs")].toDouble(); };
    // None early: each at or after its time in the capture, counted from the run's start.
    QVERIFY2(sentMs(1) >= 399 && sentMs(2) >= 799,
             qPrintable(QStringLiteral("%1 %2 %3").arg(sentMs(0)).arg(sentMs(1)).arg(sentMs(2))));
}

void TestRunCommand::durationBoundsAPacedRun()
{
    // 200 calls a second for 1.5 s: enough iterations of the 24 requests to fill it (13), and
    // the run ends at 1.5 s whatever is left.
    const QString report = m_dir.filePath(QStringLiteral("duration.json"));
    QElapsedTimer clock;
    clock.start();
    const CliResult result = run({QStringLiteral("run"), QStringLiteral("user-fanout"), QStringLiteral("--arrival"),
                                  QStringLiteral("fixed"), QStringLiteral("--rate"), QStringLiteral("200"),
                                  QStringLiteral("--duration"), QStringLiteral("1.5s"), QStringLiteral("--report"),
                                  QStringLiteral("json:") + report, QStringLiteral("--quiet")});
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QVERIFY(clock.elapsed() >= 1500);
    QFile file(report);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject json = QJsonDocument::fromJson(file.readAll()).object();
    QCOMPARE(json[QStringLiteral("plan")][QStringLiteral("iterations")].toInt(), 13);
    const qint64 calls = json[QStringLiteral("numbers")][QStringLiteral("calls")].toInteger();
    QVERIFY2(calls >= 250 && calls <= 312, QByteArray::number(calls).constData());
}

void TestRunCommand::anUnreachableTargetExits3()
{
    // A port nothing listens on: connection refused at once.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost));
    const quint16 port = probe.serverPort();
    probe.close();
    const CliResult result = run({QStringLiteral("run"), QStringLiteral("user-fanout"), QStringLiteral("--target"),
                                  QStringLiteral("http://127.0.0.1:%1").arg(port), QStringLiteral("--quiet")});
    QCOMPARE(result.exitCode, 3);
    QVERIFY2(result.err.contains("could not be reached"), result.err.constData());
}

void TestRunCommand::interruptedRunStillWritesItsReports()
{
    const QString report = m_dir.filePath(QStringLiteral("interrupted.json"));
    QProcess process;
    process.setWorkingDirectory(m_dir.path());
    // 24 000 calls at 500 a second: about 48 s, stopped after the first ones settled.
    process.start(m_binary, {QStringLiteral("run"), QStringLiteral("user-fanout"), QStringLiteral("--iterations"),
                             QStringLiteral("1000"), QStringLiteral("--arrival"), QStringLiteral("fixed"),
                             QStringLiteral("--rate"), QStringLiteral("500"), QStringLiteral("--report"),
                             QStringLiteral("json:") + report});
    QVERIFY(process.waitForStarted());
    QByteArray err;
    QTRY_VERIFY_WITH_TIMEOUT((err += process.readAllStandardError()).contains("Running"), 15000);
    QTest::qWait(1000);
    ::kill(pid_t(process.processId()), SIGINT);
    QTRY_VERIFY_WITH_TIMEOUT(process.state() == QProcess::NotRunning, 20000);
    err += process.readAllStandardError();
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 130);
    QVERIFY2(err.contains("Stopping"), err.constData());
    QFile file(report);
    QVERIFY2(file.open(QIODevice::ReadOnly), "no report after Ctrl+C");
    const QJsonObject numbers = QJsonDocument::fromJson(file.readAll()).object().value(QStringLiteral("numbers")).toObject();
    const qint64 calls = numbers.value(QStringLiteral("calls")).toInteger();
    QVERIFY2(calls > 0 && calls < 24000, QByteArray::number(calls).constData());
    // Every call the run made settled: answered, failed or cancelled by the stop.
    QCOMPARE(numbers.value(QStringLiteral("succeeded")).toInteger() + numbers.value(QStringLiteral("failed")).toInteger()
                 + numbers.value(QStringLiteral("cancelled")).toInteger(),
             calls);
    QVERIFY(process.readAllStandardOutput().contains("HTTP requests")); // the summary too
}

void TestRunCommand::progressRedrawsOnATerminal()
{
    // `script` gives the command a pseudo-terminal, as a person's shell would.
    if (QStandardPaths::findExecutable(QStringLiteral("script")).isEmpty())
        QFAIL("script (util-linux) is needed to give the command a terminal");
    const QString command = QStringLiteral("%1 run user-fanout --iterations 60 --arrival fixed --rate 1000").arg(m_binary);
    QProcess process;
    process.setWorkingDirectory(m_dir.path());
    process.start(QStringLiteral("script"), {QStringLiteral("-qfec"), command, QStringLiteral("/dev/null")});
    QVERIFY(process.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(process.state() == QProcess::NotRunning, 60000);
    QCOMPARE(process.exitCode(), 0);
    const QByteArray all = process.readAllStandardOutput();
    // Redrawn in place several times (1 440 calls at 1 000 a second, ten redraws a second at most)…
    QVERIFY2(all.count("\r\x1b[K") >= 3, all.constData());
    QVERIFY2(all.contains("calls") && all.contains("ETA"), all.constData());
    // …and the summary after it, on lines of its own.
    const qsizetype lastRedraw = all.lastIndexOf("\r\x1b[K");
    QVERIFY2(all.indexOf("HTTP requests", lastRedraw) > lastRedraw, all.constData());
}

void TestRunCommand::progressIsPlainWithoutATerminal()
{
    // Over five seconds, so that a plain progress line is written.
    const CliResult result = run({QStringLiteral("run"), QStringLiteral("user-fanout"), QStringLiteral("--iterations"),
                                  QStringLiteral("300"), QStringLiteral("--arrival"), QStringLiteral("fixed"),
                                  QStringLiteral("--rate"), QStringLiteral("1200")});
    QCOMPARE(result.exitCode, 0);
    QVERIFY2(result.err.contains("progress: "), result.err.constData());
    static const QRegularExpression control(QStringLiteral("[\\x00-\\x08\\x0b-\\x1f\\x7f]"));
    QVERIFY2(!QString::fromUtf8(result.err).contains(control), result.err.constData());
    QVERIFY2(!QString::fromUtf8(result.out).contains(control), result.out.constData());
}

void TestRunCommand::compareShowsBothRunsAndTheChange()
{
    const CliResult result = run({QStringLiteral("compare"), QStringLiteral("user-fanout"), QStringLiteral("--a"),
                                  QStringLiteral("maxBatchSize=1"), QStringLiteral("--b"), QStringLiteral("maxBatchSize=50"),
                                  QStringLiteral("--same-arrivals"), QStringLiteral("--json"), QStringLiteral("--quiet")});
    QVERIFY2(result.exitCode == 0, result.err.constData());
    const QJsonArray rows = QJsonDocument::fromJson(result.out).object().value(QStringLiteral("rows")).toArray();
    QJsonObject settings, http;
    for (const QJsonValue &row : rows) {
        if (row[QStringLiteral("label")] == QStringLiteral("Settings"))
            settings = row.toObject();
        if (row[QStringLiteral("label")] == QStringLiteral("HTTP requests"))
            http = row.toObject();
    }
    QVERIFY2(settings.value(QStringLiteral("a")).toString().contains(QStringLiteral("maxBatchSize 1 → 50")),
             result.out.constData());
    // A batch of one is a request per distinct call; fifty carry them in a few.
    QVERIFY2(http.value(QStringLiteral("a")).toString().toInt() > 5 * http.value(QStringLiteral("b")).toString().toInt(),
             result.out.constData());
    QVERIFY(http.value(QStringLiteral("change")).toString().startsWith(QChar(0x2212)));
}

QTEST_GUILESS_MAIN(TestRunCommand)
#include "tst_runcommand.moc"
