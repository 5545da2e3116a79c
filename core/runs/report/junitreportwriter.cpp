// SPDX-License-Identifier: BSD-3-Clause
#include "runs/report/junitreportwriter.h"
#include "runs/report/runreports.h"
#include "runs/report/urlredaction.h"
#include "runs/runstr.h"

#include <QHash>
#include <QXmlStreamWriter>

namespace batchlab {

namespace {

/// What one request's calls did.
struct RequestOutcome
{
    qint64 calls = 0;
    qint64 succeeded = 0;
    qint64 failed = 0;        ///< failed, or broke a check
    qint64 unanswered = 0;    ///< cancelled by Stop or pending at the end
    qint64 slowestNs = 0;
    std::vector<const RecordedCall *> failures; ///< the first kFailuresListed
    ErrorKind firstError = ErrorKind::None;
    QString firstText;
};

QString seconds(qint64 ns)
{
    return QString::number(double(std::max<qint64>(0, ns)) / 1e9, 'f', 3);
}

QString why(const RecordedCall &c)
{
    if (RunReports::failed(c))
        return c.errorText.isEmpty() ? errorKindName(c.error) : c.errorText;
    return RunsTr::tr("a check of its answer broke");
}

} // namespace

QString JUnitReportWriter::format() const
{
    return QStringLiteral("junit");
}

QString JUnitReportWriter::name() const
{
    return RunsTr::tr("JUnit XML");
}

QString JUnitReportWriter::suffix() const
{
    return QStringLiteral(".junit.xml");
}

QString JUnitReportWriter::xmlText(const QString &text)
{
    QString out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c.isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
            out += c;
            out += text.at(++i);
        } else if (c.isSurrogate() || c.unicode() == 0xFFFE || c.unicode() == 0xFFFF
                   || (c.unicode() < 0x20 && c != u'\t' && c != u'\n' && c != u'\r')) {
            out += QChar::ReplacementCharacter;
        } else {
            out += c;
        }
    }
    return out;
}

QByteArray JUnitReportWriter::write(const RunRecord &record, const ReportOptions &options, QString *error) const
{
    const RunSummary &s = record.summary;
    std::vector<RequestOutcome> outcomes(size_t(record.requests.size()));
    const qint64 total = qint64(record.calls.size());
    qint64 done = 0;
    for (const RecordedCall &c : record.calls) {
        if (options.progress && (done++ & 1023) == 0 && !options.progress(done, total)) {
            *error = RunsTr::tr("cancelled");
            return {};
        }
        if (c.row < 0 || c.row >= record.requests.size())
            continue;
        RequestOutcome &o = outcomes[size_t(c.row)];
        ++o.calls;
        o.slowestNs = std::max(o.slowestNs, c.latencyNs());
        if (RunReports::failed(c) || c.checksFailed) {
            if (o.failed == 0) {
                o.firstError = c.error;
                o.firstText = why(c);
            }
            ++o.failed;
            if (o.failures.size() < size_t(kFailuresListed))
                o.failures.push_back(&c);
        } else if (!c.settled() || c.error == ErrorKind::Cancelled) {
            ++o.unanswered;
        } else {
            ++o.succeeded;
        }
    }
    qint64 failures = 0;
    qint64 skipped = 0;
    for (const RequestOutcome &o : outcomes) {
        failures += o.failed > 0 ? 1 : 0;
        skipped += o.failed == 0 && o.succeeded == 0 ? 1 : 0;
    }
    // Names that repeat in the set get their row, or CI systems would merge their results.
    QHash<QString, int> uses;
    for (const QString &name : record.requests)
        ++uses[name];

    const QString suite = s.setName.isEmpty() ? QStringLiteral("batchlab") : s.setName;
    const QString tests = QString::number(record.requests.size());
    const QString time = seconds(record.durationNs);
    QByteArray out;
    QXmlStreamWriter xml(&out);
    xml.setAutoFormatting(true);
    xml.setAutoFormattingIndent(2);
    xml.writeStartDocument();
    xml.writeStartElement(QStringLiteral("testsuites"));
    xml.writeAttribute(QStringLiteral("name"), xmlText(RunReports::title(record)));
    xml.writeAttribute(QStringLiteral("tests"), tests);
    xml.writeAttribute(QStringLiteral("failures"), QString::number(failures));
    xml.writeAttribute(QStringLiteral("errors"), QStringLiteral("0"));
    xml.writeAttribute(QStringLiteral("time"), time); // "skipped" only on the suite: Jenkins' schema
    xml.writeStartElement(QStringLiteral("testsuite"));
    xml.writeAttribute(QStringLiteral("name"), xmlText(suite));
    xml.writeAttribute(QStringLiteral("tests"), tests);
    xml.writeAttribute(QStringLiteral("failures"), QString::number(failures));
    xml.writeAttribute(QStringLiteral("errors"), QStringLiteral("0"));
    xml.writeAttribute(QStringLiteral("skipped"), QString::number(skipped));
    xml.writeAttribute(QStringLiteral("time"), time);
    if (s.startedAt.isValid()) // local time without zone, as Ant's schema has it
        xml.writeAttribute(QStringLiteral("timestamp"), s.startedAt.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss")));
    xml.writeAttribute(QStringLiteral("id"), QString::number(s.number));

    xml.writeStartElement(QStringLiteral("properties"));
    const auto property = [&xml](const QString &name, const QString &value) {
        xml.writeEmptyElement(QStringLiteral("property"));
        xml.writeAttribute(QStringLiteral("name"), name);
        xml.writeAttribute(QStringLiteral("value"), xmlText(value));
    };
    const RunNumbers n = RunNumbers::of(s);
    property(QStringLiteral("batchlab.run"), QString::number(s.number));
    property(QStringLiteral("batchlab.startedAt"), RunReports::isoTime(record, 0));
    property(QStringLiteral("batchlab.stopped"), s.stopped ? QStringLiteral("true") : QStringLiteral("false"));
    property(QStringLiteral("batchlab.iterations"), QString::number(s.plan.iterations));
    property(QStringLiteral("batchlab.arrival"), arrivalPatternName(s.plan.arrival));
    property(QStringLiteral("batchlab.calls"), QString::number(n.calls));
    property(QStringLiteral("batchlab.succeeded"), QString::number(n.succeeded));
    property(QStringLiteral("batchlab.failed"), QString::number(n.failed));
    property(QStringLiteral("batchlab.rejected"), QString::number(n.rejected));
    property(QStringLiteral("batchlab.cancelled"), QString::number(n.cancelled));
    property(QStringLiteral("batchlab.cacheHits"), QString::number(n.cacheHits));
    property(QStringLiteral("batchlab.httpRequests"), QString::number(n.httpRequests));
    property(QStringLiteral("batchlab.batches"), QString::number(n.batches));
    property(QStringLiteral("batchlab.avoidedByBatching"), QString::number(n.avoidedByBatching));
    property(QStringLiteral("batchlab.avoidedByDedup"), QString::number(n.avoidedByDedup));
    const std::optional<double> saved = n.savedPercent();
    property(QStringLiteral("batchlab.savedPercent"), saved ? QString::number(*saved, 'f', 1) : QString());
    property(QStringLiteral("batchlab.retries"), QString::number(n.retries));
    property(QStringLiteral("batchlab.checksPassed"), QString::number(n.checksPassed));
    property(QStringLiteral("batchlab.checksFailed"), QString::number(n.checksFailed));
    const Percentiles &lat = s.counters.latency;
    property(QStringLiteral("batchlab.latencyP50Ms"), RunReports::millisOfMicros(lat.p50));
    property(QStringLiteral("batchlab.latencyP90Ms"), RunReports::millisOfMicros(lat.p90));
    property(QStringLiteral("batchlab.latencyP99Ms"), RunReports::millisOfMicros(lat.p99));
    property(QStringLiteral("batchlab.latencyMaxMs"), RunReports::millisOfMicros(lat.max));
    property(QStringLiteral("batchlab.queueWaitP50Ms"), RunReports::millisOfMicros(s.counters.queueWait.p50));
    property(QStringLiteral("batchlab.maxBatchSize"), QString::number(s.config.batch.maxBatchSize));
    property(QStringLiteral("batchlab.maxDelayMs"), QString::number(qint64(s.config.batch.maxDelay.count())));
    xml.writeEndElement(); // properties

    for (qsizetype row = 0; row < record.requests.size(); ++row) {
        const RequestOutcome &o = outcomes[size_t(row)];
        const QString &request = record.requests.at(row);
        QString name = request.isEmpty() ? RunsTr::tr("request %1").arg(row + 1) : request;
        if (uses.value(request) > 1)
            name += RunsTr::tr(" [row %1]").arg(row + 1);
        xml.writeStartElement(QStringLiteral("testcase"));
        xml.writeAttribute(QStringLiteral("name"), xmlText(name));
        xml.writeAttribute(QStringLiteral("classname"), xmlText(suite));
        xml.writeAttribute(QStringLiteral("time"), seconds(o.slowestNs));
        if (o.failed > 0) {
            xml.writeStartElement(QStringLiteral("failure"));
            xml.writeAttribute(QStringLiteral("message"),
                               xmlText(RunsTr::tr("%1 of %2 calls failed: %3").arg(o.failed).arg(o.calls).arg(o.firstText)));
            xml.writeAttribute(QStringLiteral("type"),
                               o.firstError == ErrorKind::None ? QStringLiteral("checks") : errorKindName(o.firstError));
            QString text;
            for (const RecordedCall *c : o.failures) {
                text += RunsTr::tr("call %1 %2 %3: %4 (status %5, attempts %6, latency %7 ms)\n")
                            .arg(c->id)
                            .arg(QString::fromLatin1(c->method), UrlRedaction::redacted(c->url), why(*c))
                            .arg(c->status)
                            .arg(c->attempts)
                            .arg(RunReports::millis(c->latencyNs()));
            }
            if (o.failed > qint64(o.failures.size()))
                text += RunsTr::tr("… and %1 more\n").arg(o.failed - qint64(o.failures.size()));
            xml.writeCharacters(xmlText(text));
            xml.writeEndElement();
        } else if (o.succeeded == 0) {
            xml.writeEmptyElement(QStringLiteral("skipped"));
            xml.writeAttribute(QStringLiteral("message"),
                               o.calls == 0 ? RunsTr::tr("not run: turned off, or the run stopped before it")
                                            : RunsTr::tr("not answered: the run was stopped"));
        }
        if (o.calls > 0) {
            xml.writeTextElement(QStringLiteral("system-out"),
                                 RunsTr::tr("%1 calls: %2 succeeded, %3 failed, %4 not answered\n")
                                     .arg(o.calls).arg(o.succeeded).arg(o.failed).arg(o.unanswered));
        }
        xml.writeEndElement(); // testcase
    }
    xml.writeEndElement(); // testsuite
    xml.writeEndElement(); // testsuites
    xml.writeEndDocument();
    if (options.progress)
        options.progress(total, total);
    return out;
}

} // namespace batchlab
