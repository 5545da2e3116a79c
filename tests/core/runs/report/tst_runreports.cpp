// SPDX-License-Identifier: BSD-3-Clause
// The run report writers over real runs against the sandbox: every value read back from
// the file (CSV, JSON, JUnit XML, HTML) and compared with the RunRecord and the telemetry's
// counters; runs with no call, a stopped run, and names no format may break on.
// BATCHLAB_KEEP_REPORTS=<dir> keeps the four reports of htmlIsSelfContainedAndEscaped there, to
// look at them (a browser, a spreadsheet, a CI system's importer).
#include "runs/report/csvreportwriter.h"
#include "runs/report/htmlreportwriter.h"
#include "runs/report/jsonreportwriter.h"
#include "runs/report/junitreportwriter.h"
#include "runs/report/runreports.h"
#include "runs/report/urlredaction.h"
#include "runs/record/runrecorder.h"
#include "sandbox/sandboxserver.h"
#include "transport/wirelog.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>

#include "support/recordedruns.h"

#include <set>

using namespace batchlab;
using namespace std::chrono_literals;
using recordedruns::get;
using recordedruns::usersSet;

namespace {

/// RFC 4180 read strictly: quoted fields with doubled quotes and line breaks, CRLF rows.
std::vector<QStringList> parseCsv(const QByteArray &bytes, QString *problem)
{
    const QString text = QString::fromUtf8(bytes);
    std::vector<QStringList> rows;
    QStringList row;
    QString field;
    bool quoted = false;
    bool wasQuoted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == u'"' && i + 1 < text.size() && text.at(i + 1) == u'"') {
                field += u'"';
                ++i;
            } else if (c == u'"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == u'"') {
            if (!field.isEmpty() || wasQuoted)
                *problem = QStringLiteral("a quote inside an unquoted field at %1").arg(i);
            quoted = wasQuoted = true;
        } else if (c == u',') {
            row.append(field);
            field.clear();
            wasQuoted = false;
        } else if (c == u'\r') {
            if (i + 1 >= text.size() || text.at(i + 1) != u'\n')
                *problem = QStringLiteral("a CR without LF at %1").arg(i);
            row.append(field);
            rows.push_back(row);
            row.clear();
            field.clear();
            wasQuoted = false;
            ++i;
        } else if (c == u'\n') {
            *problem = QStringLiteral("a bare LF at %1").arg(i);
        } else {
            field += c;
        }
    }
    if (quoted)
        *problem = QStringLiteral("an unterminated quote");
    if (!row.isEmpty() || !field.isEmpty())
        *problem = QStringLiteral("the last row does not end in CRLF");
    return rows;
}

QString millis(qint64 ns)
{
    return RunReports::millis(ns);
}

} // namespace

class TestRunReports : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void csvFields_data();
    void csvFields();
    void urlRedaction_data();
    void urlRedaction();
    void isoClockSaysWhatIsoTimeSays();
    void csvHasOneRowPerCallWithItsValues();
    void jsonHoldsTheRunAndEveryCall();
    void junitFailsTheRequestsWithFailedCalls();
    void junitPassesTheSchema();
    void htmlIsSelfContainedAndEscaped();
    void aRunWithNoCallWritesEveryFormat();
    void aStoppedRunHasPendingAndCancelledCalls();
    void namesThatBreakFormatsStayWhole();
    void secretsInQueriesAreMasked();
    void progressCanCancel();

private:
    RunRecord run(const RequestSet &set, const ClientConfig &config, int iterations, bool stopEarly = false);
    std::unique_ptr<SandboxServer> m_server;
    RunSummary m_summary;
};

void TestRunReports::init()
{
    m_server = std::make_unique<SandboxServer>();
    QVERIFY(m_server->start());
}

RunRecord TestRunReports::run(const RequestSet &set, const ClientConfig &config, int iterations, bool stopEarly)
{
    ApiClient client(m_server->url(), config);
    WireLog wire;
    client.setWireLog(&wire);
    Runner runner(&client);
    RunRecorder recorder(&runner, client.telemetry(), &wire);
    QSignalSpy recorded(&recorder, &RunRecorder::recorded);
    QString error;
    if (!runner.start(set, m_server->url(), RunPlan{iterations, ArrivalPattern::AllAtOnce, 0, 1}, &error)) {
        qWarning() << error;
        return {};
    }
    if (stopEarly) {
        // Stopped once some calls are on the wire and the sandbox holds their answers.
        if (!QTest::qWaitFor([&] { return runner.progress().sent > 0; }, 5000))
            return {};
        runner.stop();
    }
    // A stop that cancels every call finishes the run (and records it) at once.
    if ((recorded.isEmpty() && !recorded.wait(15000)) || !recorder.last())
        return {};
    m_summary = runner.history().back();
    return *recorder.last();
}

void TestRunReports::csvFields_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("written");
    QTest::newRow("plain") << QStringLiteral("user 1") << QStringLiteral("user 1");
    QTest::newRow("comma") << QStringLiteral("a,b") << QStringLiteral("\"a,b\"");
    QTest::newRow("quote") << QStringLiteral("say \"hi\"") << QStringLiteral("\"say \"\"hi\"\"\"");
    QTest::newRow("newline") << QStringLiteral("a\nb") << QStringLiteral("\"a\nb\"");
    QTest::newRow("formula =") << QStringLiteral("=HYPERLINK(\"x\")") << QStringLiteral("\"'=HYPERLINK(\"\"x\"\")\"");
    QTest::newRow("formula +") << QStringLiteral("+1") << QStringLiteral("\"'+1\"");
    QTest::newRow("formula -") << QStringLiteral("-2+3") << QStringLiteral("\"'-2+3\"");
    QTest::newRow("formula @") << QStringLiteral("@SUM(A1)") << QStringLiteral("\"'@SUM(A1)\"");
    QTest::newRow("tab") << QStringLiteral("\tx") << QStringLiteral("\"'\tx\"");
    QTest::newRow("empty") << QString() << QString();
}

void TestRunReports::csvFields()
{
    QFETCH(QString, text);
    QFETCH(QString, written);
    QCOMPARE(CsvReportWriter::field(text), written);
}

void TestRunReports::urlRedaction_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("redacted");
    QTest::newRow("none") << QStringLiteral("http://h/users/1?page=2&q=a%20b") << QStringLiteral("http://h/users/1?page=2&q=a%20b");
    QTest::newRow("api_key") << QStringLiteral("http://h/x?api_key=abc123&page=2")
                             << QStringLiteral("http://h/x?api_key=REDACTED&page=2");
    QTest::newRow("google key") << QStringLiteral("https://maps.example/geo?address=x&key=AIza0")
                                << QStringLiteral("https://maps.example/geo?address=x&key=REDACTED");
    QTest::newRow("access_token and sig") << QStringLiteral("https://h/p?access_token=t&sv=1&sig=s%2B#frag")
                                          << QStringLiteral("https://h/p?access_token=REDACTED&sv=1&sig=REDACTED#frag");
    QTest::newRow("X-Amz-Credential") << QStringLiteral("https://b.s3/o?X-Amz-Credential=AK%2F1&X-Amz-Signature=ff")
                                      << QStringLiteral("https://b.s3/o?X-Amz-Credential=REDACTED&X-Amz-Signature=REDACTED");
    QTest::newRow("user info") << QStringLiteral("https://me:hunter2@h/p") << QStringLiteral("https://me:REDACTED@h/p");
    QTest::newRow("empty value") << QStringLiteral("http://h/x?token=&a=1") << QStringLiteral("http://h/x?token=&a=1");
    QTest::newRow("keyword in value only") << QStringLiteral("http://h/x?q=token") << QStringLiteral("http://h/x?q=token");
}

void TestRunReports::urlRedaction()
{
    QFETCH(QString, url);
    QFETCH(QString, redacted);
    QCOMPARE(UrlRedaction::redacted(url), redacted);
}

void TestRunReports::isoClockSaysWhatIsoTimeSays()
{
    RunRecord record;
    record.summary.startedAt = QDateTime(QDate(2026, 12, 31), QTime(23, 59, 59, 990), Qt::LocalTime);
    RunReports::IsoClock clock(record);
    for (const qint64 ns : {qint64(0), qint64(9'999'999), qint64(10'000'000), qint64(10'500'000), qint64(1'000'000'000),
                            qint64(3'600'000'000'000), qint64(5)}) {
        QCOMPARE(clock.at(ns), RunReports::isoTime(record, ns));
        QVERIFY(clock.at(ns).endsWith(u'Z'));
    }
    QCOMPARE(clock.at(10'000'000), QDateTime(QDate(2027, 1, 1), QTime(0, 0), Qt::LocalTime).toUTC().toString(Qt::ISODateWithMs));
    QCOMPARE(clock.at(-1), QString());
}

void TestRunReports::csvHasOneRowPerCallWithItsValues()
{
    SandboxBehavior faults;
    faults.itemErrorRate = 0.3;
    faults.itemErrorStatus = 503;
    faults.seed = 7;
    QVERIFY(m_server->setBehavior(faults));
    RequestSet set = usersSet(6);
    set.requests.push_back(get(QStringLiteral("missing"), QStringLiteral("/users/999999")));
    const RunRecord record = run(set, recordedruns::quickConfig(4), 3);
    QCOMPARE(record.calls.size(), size_t(21));

    QString error;
    const QByteArray bytes = CsvReportWriter().write(record, {}, &error);
    QVERIFY(error.isEmpty());
    QString problem;
    const std::vector<QStringList> rows = parseCsv(bytes, &problem);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(rows.size(), record.calls.size() + 1);
    QCOMPARE(rows.front(), CsvReportWriter::columns());
    const QStringList header = rows.front();
    const auto col = [&header](const char *name) { return header.indexOf(QLatin1String(name)); };
    qint64 failed = 0;
    for (size_t i = 0; i < record.calls.size(); ++i) {
        const RecordedCall &c = record.calls[i];
        const QStringList &row = rows[i + 1];
        QCOMPARE(row.size(), header.size());
        QCOMPARE(row.at(col("id")), QString::number(c.id));
        QCOMPARE(row.at(col("name")), c.name);
        QCOMPARE(row.at(col("method")), QStringLiteral("GET"));
        QCOMPARE(row.at(col("url")), c.url);
        QCOMPARE(row.at(col("batch")), QString::number(c.batchId));
        QCOMPARE(row.at(col("flush_reason")), flushReasonName(c.flushReason));
        QCOMPARE(row.at(col("attempts")).toInt(), c.attempts);
        QCOMPARE(row.at(col("status")).toInt(), c.status);
        QCOMPARE(row.at(col("latency_ms")), millis(c.latencyNs()));
        QCOMPARE(row.at(col("queue_wait_ms")), millis(c.queueWaitNs));
        QVERIFY(QRegularExpression(QStringLiteral("^\\d+\\.\\d{3}$")).match(row.at(col("latency_ms"))).hasMatch());
        const QDateTime sent = QDateTime::fromString(row.at(col("sent_at")), Qt::ISODateWithMs);
        const QDateTime settled = QDateTime::fromString(row.at(col("settled_at")), Qt::ISODateWithMs);
        QVERIFY2(sent.isValid() && settled.isValid(), qPrintable(row.join(u'|')));
        QCOMPARE(sent, record.summary.startedAt.addMSecs(c.sentNs / 1'000'000));
        QVERIFY(qAbs(sent.msecsTo(settled) - c.latencyNs() / 1'000'000) <= 1);
        if (row.at(col("outcome")) == QLatin1String("failed")) {
            ++failed;
            QCOMPARE(row.at(col("error_kind")), errorKindName(c.error));
            QVERIFY(!row.at(col("error")).isEmpty());
        }
        QCOMPARE(row.at(col("shared")), c.shared ? QStringLiteral("true") : QStringLiteral("false"));
    }
    QVERIFY(failed >= 3); // "missing" fails in every iteration
    QCOMPARE(failed, RunNumbers::of(m_summary).failed);
}

void TestRunReports::jsonHoldsTheRunAndEveryCall()
{
    ClientConfig c = recordedruns::quickConfig(3);
    const RunRecord record = run(usersSet(7), c, 4); // the second iteration's calls share
    QString error;
    const QByteArray bytes = JsonReportWriter().write(record, {}, &error);
    QJsonParseError parse;
    const QJsonObject root = QJsonDocument::fromJson(bytes, &parse).object();
    QVERIFY2(parse.error == QJsonParseError::NoError, qPrintable(parse.errorString() + QString::number(parse.offset)));
    QCOMPARE(root.value(QStringLiteral("format")).toString(), QLatin1String(JsonReportWriter::kFormat));
    const RunNumbers n = RunNumbers::of(m_summary);
    const QJsonObject numbers = root.value(QStringLiteral("numbers")).toObject();
    QCOMPARE(qint64(numbers.value(QStringLiteral("calls")).toDouble()), m_summary.counters.calls);
    QCOMPARE(qint64(numbers.value(QStringLiteral("httpRequests")).toDouble()), m_summary.counters.httpRequests);
    QCOMPARE(qint64(numbers.value(QStringLiteral("avoidedByDedup")).toDouble()), m_summary.counters.dedupHits);
    QVERIFY(n.savedPercent());
    QCOMPARE(numbers.value(QStringLiteral("savedPercent")).toDouble(), *n.savedPercent());
    const QJsonObject latency = root.value(QStringLiteral("percentiles")).toObject().value(QStringLiteral("latencyMs")).toObject();
    QCOMPARE(latency.value(QStringLiteral("p50")).toDouble(), double(m_summary.counters.latency.p50) / 1000.0);
    QCOMPARE(latency.value(QStringLiteral("p99")).toDouble(), double(m_summary.counters.latency.p99) / 1000.0);
    QCOMPARE(latency.value(QStringLiteral("p95")).toDouble(), double(m_summary.counters.latency.p95) / 1000.0);
    QVERIFY(latency.value(QStringLiteral("p95")).toDouble() > 0);
    QCOMPARE(qint64(latency.value(QStringLiteral("count")).toDouble()), m_summary.counters.latency.count);
    const QJsonObject batch = root.value(QStringLiteral("settings")).toObject().value(QStringLiteral("batch")).toObject();
    QCOMPARE(batch.value(QStringLiteral("maxBatchSize")).toInt(), 3);
    QCOMPARE(batch.value(QStringLiteral("maxDelayMs")).toInt(), 5);
    QCOMPARE(root.value(QStringLiteral("plan")).toObject().value(QStringLiteral("iterations")).toInt(), 4);
    QCOMPARE(root.value(QStringLiteral("requests")).toArray().size(), 7);

    const QJsonArray calls = root.value(QStringLiteral("calls")).toArray();
    QCOMPARE(size_t(calls.size()), record.calls.size());
    for (qsizetype i = 0; i < calls.size(); ++i) {
        const QJsonObject o = calls.at(i).toObject();
        const RecordedCall &rc = record.calls[size_t(i)];
        QCOMPARE(quint64(o.value(QStringLiteral("id")).toDouble()), rc.id);
        QCOMPARE(o.value(QStringLiteral("name")).toString(), rc.name);
        QCOMPARE(o.value(QStringLiteral("url")).toString(), rc.url);
        QCOMPARE(quint64(o.value(QStringLiteral("batch")).toDouble()), rc.batchId);
        QCOMPARE(o.value(QStringLiteral("status")).toInt(), rc.status);
        QCOMPARE(o.value(QStringLiteral("shared")).toBool(), rc.shared);
        QCOMPARE(o.value(QStringLiteral("latencyMs")).toDouble(), millis(rc.latencyNs()).toDouble());
        QCOMPARE(o.value(QStringLiteral("outcome")).toString(), QStringLiteral("succeeded"));
    }
    const QJsonArray requests = root.value(QStringLiteral("httpRequests")).toArray();
    QCOMPARE(qint64(requests.size()), m_summary.counters.httpRequests);
    qint64 carried = 0;
    for (const QJsonValue &r : requests)
        carried += r.toObject().value(QStringLiteral("calls")).toArray().size();
    QCOMPARE(carried, m_summary.counters.items);
}

void TestRunReports::junitFailsTheRequestsWithFailedCalls()
{
    RequestSet set = usersSet(4);
    set.requests.push_back(get(QStringLiteral("missing"), QStringLiteral("/users/999999")));
    set.requests.push_back(get(QStringLiteral("gone too"), QStringLiteral("/users/888888")));
    RequestItem off = get(QStringLiteral("turned off"), QStringLiteral("/users/1"));
    off.enabled = false;
    set.requests.push_back(off);
    const RunRecord record = run(set, recordedruns::quickConfig(10), 2);
    QString error;
    const QByteArray bytes = JUnitReportWriter().write(record, {}, &error);
    QXmlStreamReader xml(bytes);
    int testcases = 0;
    int failures = 0;
    int skipped = 0;
    QStringList failedNames;
    QString current;
    QHash<QString, QString> properties;
    QXmlStreamAttributes suite;
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        if (xml.name() == QLatin1String("testsuite"))
            suite = xml.attributes();
        if (xml.name() == QLatin1String("property"))
            properties.insert(xml.attributes().value(QLatin1String("name")).toString(),
                              xml.attributes().value(QLatin1String("value")).toString());
        if (xml.name() == QLatin1String("testcase")) {
            ++testcases;
            current = xml.attributes().value(QLatin1String("name")).toString();
        }
        if (xml.name() == QLatin1String("failure")) {
            ++failures;
            failedNames.append(current);
            const QString message = xml.attributes().value(QLatin1String("message")).toString();
            QVERIFY2(message.startsWith(QLatin1String("2 of 2 calls failed")) && message.contains(QLatin1String("404")),
                     qPrintable(message));
            QCOMPARE(xml.attributes().value(QLatin1String("type")).toString(), errorKindName(ErrorKind::Http));
            const QString body = xml.readElementText();
            QCOMPARE(body.count(QLatin1String("\n")), 2); // one line per failed call
        }
        if (xml.name() == QLatin1String("skipped")) {
            ++skipped;
            QCOMPARE(current, QStringLiteral("turned off"));
        }
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QCOMPARE(testcases, 7);
    std::set<int> failedRows;
    for (const RecordedCall &c : record.calls) {
        if (RunReports::failed(c))
            failedRows.insert(c.row);
    }
    QCOMPARE(failures, int(failedRows.size()));
    QCOMPARE(failedNames, (QStringList{QStringLiteral("missing"), QStringLiteral("gone too")}));
    QCOMPARE(skipped, 1);
    QCOMPARE(suite.value(QLatin1String("tests")).toInt(), 7);
    QCOMPARE(suite.value(QLatin1String("failures")).toInt(), 2);
    QCOMPARE(suite.value(QLatin1String("skipped")).toInt(), 1);
    QCOMPARE(properties.value(QStringLiteral("batchlab.calls")).toLongLong(), m_summary.counters.calls);
    QCOMPARE(properties.value(QStringLiteral("batchlab.failed")).toLongLong(), RunNumbers::of(m_summary).failed);
    QCOMPARE(properties.value(QStringLiteral("batchlab.httpRequests")).toLongLong(), m_summary.counters.httpRequests);
    QCOMPARE(properties.value(QStringLiteral("batchlab.latencyP50Ms")), RunReports::millisOfMicros(m_summary.counters.latency.p50));
}

void TestRunReports::junitPassesTheSchema()
{
    const QString xmllint = QStandardPaths::findExecutable(QStringLiteral("xmllint"));
    if (xmllint.isEmpty())
        QSKIP("xmllint is not installed (Debian: libxml2-utils)");
    const QString schema = QStringLiteral(BATCHLAB_SOURCE "/tests/interop/junit/junit.xsd");
    RequestSet set = usersSet(3);
    set.requests.push_back(get(QStringLiteral("missing \x01<&>\""), QStringLiteral("/users/999999")));
    RequestItem off = get(QStringLiteral("off"), QStringLiteral("/users/1"));
    off.enabled = false;
    set.requests.push_back(off);
    const std::vector<RunRecord> records{run(set, recordedruns::quickConfig(2), 2), RunRecord()};
    QTemporaryDir dir;
    for (const RunRecord &record : records) {
        QString error;
        const QString path = dir.filePath(QStringLiteral("report.junit.xml"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(JUnitReportWriter().write(record, {}, &error));
        file.close();
        QProcess lint;
        lint.start(xmllint, {QStringLiteral("--noout"), QStringLiteral("--schema"), schema, path});
        QVERIFY(lint.waitForFinished(30000));
        QVERIFY2(lint.exitCode() == 0, lint.readAllStandardError().constData());
    }
    // The schema is not a formality: a report without the required counts fails it.
    QFile bad(dir.filePath(QStringLiteral("bad.xml")));
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write("<testsuites><testsuite name=\"x\" tests=\"1\"><testcase name=\"a\" time=\"-1\"/></testsuite></testsuites>");
    bad.close();
    QProcess lint;
    lint.start(xmllint, {QStringLiteral("--noout"), QStringLiteral("--schema"), schema, bad.fileName()});
    QVERIFY(lint.waitForFinished(30000));
    QVERIFY(lint.exitCode() != 0);
}

void TestRunReports::htmlIsSelfContainedAndEscaped()
{
    SandboxBehavior faults;
    faults.itemErrorRate = 0.5;
    faults.itemErrorStatus = 404; // not retried
    faults.latencyMs = 5;
    faults.jitterMs = 20;
    faults.seed = 3;
    QVERIFY(m_server->setBehavior(faults));
    RequestSet set = usersSet(30);
    set.requests.push_back(get(QStringLiteral("<script>alert(1)</script>"), QStringLiteral("/users/1?q=<b>")));
    ClientConfig c = recordedruns::quickConfig(8);
    c.batch.dedup = DedupScope::Off;
    const RunRecord record = run(set, c, 2);
    ReportOptions options;
    options.failedShown = 5;
    QString error;
    const QString html = QString::fromUtf8(HtmlReportWriter().write(record, options, &error));
    QVERIFY(html.startsWith(QLatin1String("<!DOCTYPE html>")));
    if (const QString keep = qEnvironmentVariable("BATCHLAB_KEEP_REPORTS"); !keep.isEmpty()) {
        for (const ReportWriter *writer : RunReports::writers()) {
            QFile file(QDir(keep).filePath(QStringLiteral("report") + writer->suffix()));
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(writer->write(record, options, &error));
        }
    }
    QVERIFY2(!html.contains(QLatin1String("<script"), Qt::CaseInsensitive), "a request named <script> must not run");
    QVERIFY(html.contains(QLatin1String("&lt;script&gt;alert(1)&lt;/script&gt;")));
    static const QRegularExpression external(QStringLiteral("(src|href|url)\\s*[=(]\\s*[\"']?\\s*(https?:)?//"),
                                             QRegularExpression::CaseInsensitiveOption);
    QVERIFY2(!external.match(html).hasMatch(), qPrintable(external.match(html).captured(0)));
    QVERIFY(!html.contains(QLatin1String("@import")));
    QVERIFY(html.contains(m_server->url().toString().toHtmlEscaped())); // the target, as text
    QCOMPARE(html.count(QLatin1String("<svg ")), 3);
    // Every SVG is well-formed XML (browsers refuse to draw a broken inline one).
    qsizetype from = 0;
    while ((from = html.indexOf(QLatin1String("<svg "), from)) >= 0) {
        const qsizetype to = html.indexOf(QLatin1String("</svg>"), from) + 6;
        QXmlStreamReader svg(html.mid(from, to - from));
        while (!svg.atEnd())
            svg.readNext();
        QVERIFY2(!svg.hasError(), qPrintable(svg.errorString()));
        from = to;
    }
    const RunNumbers n = RunNumbers::of(m_summary);
    // The batch-size bars add up to the HTTP requests sent, the saved chart says the numbers.
    static const QRegularExpression bar(QStringLiteral("<title>(\\d+) HTTP requests of (\\d+) calls"));
    qint64 bars = 0;
    qint64 carried = 0;
    for (auto it = bar.globalMatch(html); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        bars += m.captured(1).toLongLong();
        carried += m.captured(1).toLongLong() * m.captured(2).toLongLong();
    }
    QCOMPARE(bars, m_summary.counters.httpRequests);
    QCOMPARE(carried, m_summary.counters.items);
    QVERIFY(html.contains(QStringLiteral("HTTP requests sent: %1").arg(n.httpRequests)));
    QVERIFY(n.failed > 5);
    QVERIFY(html.contains(QStringLiteral("Failed calls: %1").arg(n.failed)));
    QVERIFY2(html.contains(QStringLiteral("and %1 more failed calls").arg(n.failed - 5)), qPrintable(html.right(3000)));
    QVERIFY(html.contains(QStringLiteral("The 20 slowest calls")));
    QVERIFY2(html.contains(QLatin1String("<code>retry.retryStatuses</code> 408, 429, 500, 502, 503, 504")),
             "every setting is shown, lists too");
    QVERIFY(html.contains(n.savedText().toHtmlEscaped()));
    // The slowest call of the record is listed first.
    const RecordedCall *slowest = nullptr;
    for (const RecordedCall &rc : record.calls) {
        if (rc.settled() && (!slowest || rc.latencyNs() > slowest->latencyNs()))
            slowest = &rc;
    }
    QVERIFY(slowest);
    const qsizetype table = html.indexOf(QLatin1String("The 20 slowest calls"));
    const qsizetype firstRow = html.indexOf(QLatin1String("<tr><td class=\"n\">"), table);
    QVERIFY(firstRow > table);
    QCOMPARE(html.mid(firstRow, html.indexOf(QLatin1String("</td>"), firstRow) - firstRow),
             QStringLiteral("<tr><td class=\"n\">%1").arg(slowest->id));
}

void TestRunReports::aRunWithNoCallWritesEveryFormat()
{
    RunRecord empty;
    empty.summary.startedAt = QDateTime::currentDateTimeUtc();
    empty.requests = {QStringLiteral("a"), QStringLiteral("b")};
    for (const ReportWriter *writer : RunReports::writers()) {
        QString error;
        const QByteArray bytes = writer->write(empty, {}, &error);
        QVERIFY2(!bytes.isEmpty() && error.isEmpty(), qPrintable(writer->format()));
    }
    QString error;
    QCOMPARE(CsvReportWriter().write(empty, {}, &error), CsvReportWriter::columns().join(u',').toUtf8() + "\r\n");
    QJsonParseError parse;
    const QJsonObject root = QJsonDocument::fromJson(JsonReportWriter().write(empty, {}, &error), &parse).object();
    QCOMPARE(parse.error, QJsonParseError::NoError);
    QVERIFY(root.value(QStringLiteral("calls")).toArray().isEmpty());
    QVERIFY(root.value(QStringLiteral("numbers")).toObject().value(QStringLiteral("savedPercent")).isNull());
    const QByteArray junit = JUnitReportWriter().write(empty, {}, &error);
    QCOMPARE(junit.count("<skipped"), 2);
    const QString html = QString::fromUtf8(HtmlReportWriter().write(empty, {}, &error));
    QVERIFY(html.contains(QLatin1String("No call was answered.")));
    QVERIFY(html.contains(QLatin1String("No HTTP request was sent")));
    QCOMPARE(RunReports::writers().size(), size_t(4));
    for (const QString &format : {QStringLiteral("json"), QStringLiteral("csv"), QStringLiteral("junit"), QStringLiteral("html")})
        QVERIFY(RunReports::writer(format));
}

void TestRunReports::aStoppedRunHasPendingAndCancelledCalls()
{
    SandboxBehavior slow;
    slow.latencyMs = 300;
    QVERIFY(m_server->setBehavior(slow));
    const RunRecord record = run(usersSet(40), recordedruns::quickConfig(5), 5, true);
    QVERIFY(record.summary.stopped);
    QCOMPARE(record.calls.size(), size_t(200));
    qint64 unanswered = 0;
    for (const RecordedCall &c : record.calls)
        unanswered += !c.settled() || c.error == ErrorKind::Cancelled ? 1 : 0;
    QVERIFY(unanswered > 0);
    QString error;
    QString problem;
    const std::vector<QStringList> rows = parseCsv(CsvReportWriter().write(record, {}, &error), &problem);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(rows.size(), size_t(201));
    const qsizetype outcome = CsvReportWriter::columns().indexOf(QStringLiteral("outcome"));
    const qsizetype latency = CsvReportWriter::columns().indexOf(QStringLiteral("latency_ms"));
    qint64 notAnswered = 0;
    for (size_t i = 1; i < rows.size(); ++i) {
        const QString o = rows[i].at(outcome);
        if (o == QLatin1String("pending") || o == QLatin1String("cancelled")) {
            ++notAnswered;
            if (o == QLatin1String("pending"))
                QVERIFY(rows[i].at(latency).isEmpty());
        }
    }
    QCOMPARE(notAnswered, unanswered);
    const QByteArray junit = JUnitReportWriter().write(record, {}, &error);
    QXmlStreamReader xml(junit);
    while (!xml.atEnd())
        xml.readNext();
    QVERIFY(!xml.hasError());
    QVERIFY(!junit.contains("<failure")); // Stop is not a failure of the server
    QJsonParseError parse;
    QJsonDocument::fromJson(JsonReportWriter().write(record, {}, &error), &parse);
    QCOMPARE(parse.error, QJsonParseError::NoError);
    QVERIFY(HtmlReportWriter().write(record, {}, &error).contains("stopped before the end"));
}

void TestRunReports::namesThatBreakFormatsStayWhole()
{
    const QStringList names{QStringLiteral("a, \"quoted\" name"), QStringLiteral("two\nlines\r\nand CRLF"),
                            QStringLiteral("<b>&amp;</b>"), QStringLiteral("=cmd|' /C calc'!A0"),
                            QStringLiteral("ctrl \x01\x1f and \u00e9\u4e2d\U0001F600")};
    RequestSet set;
    set.name = QStringLiteral("odd \"names\", <set>");
    for (int i = 0; i < names.size(); ++i)
        set.requests.push_back(get(names.at(i), QStringLiteral("/users/%1").arg(i + 1)));
    const RunRecord record = run(set, recordedruns::quickConfig(10), 1);
    QCOMPARE(record.calls.size(), size_t(names.size()));
    QString error;
    QString problem;
    const std::vector<QStringList> rows = parseCsv(CsvReportWriter().write(record, {}, &error), &problem);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(rows.size(), size_t(names.size() + 1));
    for (size_t i = 1; i < rows.size(); ++i) {
        const QString name = rows[i].at(1);
        const QString expected = record.calls[i - 1].name;
        QCOMPARE(name, expected.startsWith(u'=') ? u'\'' + expected : expected);
    }
    const QJsonObject root = QJsonDocument::fromJson(JsonReportWriter().write(record, {}, &error)).object();
    QCOMPARE(root.value(QStringLiteral("requests")).toArray().toVariantList().size(), names.size());
    const QJsonArray calls = root.value(QStringLiteral("calls")).toArray();
    for (qsizetype i = 0; i < calls.size(); ++i)
        QCOMPARE(calls.at(i).toObject().value(QStringLiteral("name")).toString(), record.calls[size_t(i)].name);
    QXmlStreamReader xml(JUnitReportWriter().write(record, {}, &error));
    QStringList cases;
    while (!xml.atEnd()) {
        if (xml.readNext() == QXmlStreamReader::StartElement && xml.name() == QLatin1String("testcase"))
            cases.append(xml.attributes().value(QLatin1String("name")).toString());
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QCOMPARE(cases.size(), names.size());
    QCOMPARE(cases.at(0), names.at(0));
    QCOMPARE(cases.at(3), names.at(3));
    QCOMPARE(cases.at(4), QStringLiteral("ctrl \uFFFD\uFFFD and \u00e9\u4e2d\U0001F600"));
    const QString html = QString::fromUtf8(HtmlReportWriter().write(record, {}, &error));
    QVERIFY(html.contains(QLatin1String("&lt;b&gt;&amp;amp;&lt;/b&gt;")));
    QVERIFY(html.contains(QLatin1String("odd &quot;names&quot;, &lt;set&gt;")));
}

void TestRunReports::secretsInQueriesAreMasked()
{
    RequestSet set;
    set.name = QStringLiteral("keys");
    set.requests.push_back(get(QStringLiteral("with key"), QStringLiteral("/users/1?api_key=s3cr3t-value&page=1")));
    set.requests.push_back(get(QStringLiteral("missing"), QStringLiteral("/users/999999?access_token=s3cr3t-value")));
    const RunRecord record = run(set, recordedruns::quickConfig(10), 1);
    QCOMPARE(record.calls.size(), size_t(2));
    QVERIFY(record.calls.front().url.contains(QLatin1String("s3cr3t-value"))); // the record keeps it
    for (const ReportWriter *writer : RunReports::writers()) {
        QString error;
        const QByteArray bytes = writer->write(record, {}, &error);
        QVERIFY2(!bytes.contains("s3cr3t-value"), qPrintable(writer->format()));
        QVERIFY2(bytes.contains("api_key=REDACTED&amp;page=1") || bytes.contains("api_key=REDACTED&page=1")
                     || writer->format() == QLatin1String("junit"),
                 qPrintable(writer->format()));
    }
}

void TestRunReports::progressCanCancel()
{
    const RunRecord record = run(usersSet(5), recordedruns::quickConfig(5), 1);
    for (const ReportWriter *writer : RunReports::writers()) {
        qint64 lastDone = -1;
        qint64 lastTotal = -1;
        ReportOptions options;
        options.progress = [&](qint64 done, qint64 total) {
            lastDone = done;
            lastTotal = total;
            return true;
        };
        QString error;
        QVERIFY(!writer->write(record, options, &error).isEmpty());
        QCOMPARE(lastDone, lastTotal); // the last report says it is done
        QVERIFY(lastTotal >= 5);
        options.progress = [](qint64, qint64) { return false; };
        QVERIFY2(writer->write(record, options, &error).isEmpty(), qPrintable(writer->format()));
        QVERIFY(!error.isEmpty());
    }
}

QTEST_GUILESS_MAIN(TestRunReports)
#include "tst_runreports.moc"
