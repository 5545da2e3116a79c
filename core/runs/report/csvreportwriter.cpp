// SPDX-License-Identifier: BSD-3-Clause
#include "runs/report/csvreportwriter.h"
#include "runs/report/runreports.h"
#include "runs/report/urlredaction.h"
#include "runs/runstr.h"

namespace batchlab {

QString CsvReportWriter::format() const
{
    return QStringLiteral("csv");
}

QString CsvReportWriter::name() const
{
    return RunsTr::tr("CSV of the calls");
}

QString CsvReportWriter::suffix() const
{
    return QStringLiteral(".csv");
}

QStringList CsvReportWriter::columns()
{
    return {QStringLiteral("id"),          QStringLiteral("name"),          QStringLiteral("method"),
            QStringLiteral("url"),         QStringLiteral("batch"),         QStringLiteral("flush_reason"),
            QStringLiteral("attempts"),    QStringLiteral("status"),        QStringLiteral("outcome"),
            QStringLiteral("error_kind"),  QStringLiteral("error"),         QStringLiteral("queue_wait_ms"),
            QStringLiteral("latency_ms"),  QStringLiteral("shared"),        QStringLiteral("cached"),
            QStringLiteral("sent_at"),     QStringLiteral("settled_at")};
}

QString CsvReportWriter::field(const QString &text)
{
    QString value = text;
    if (!value.isEmpty()) {
        const QChar first = value.front();
        if (first == u'=' || first == u'+' || first == u'-' || first == u'@' || first == u'\t' || first == u'\r')
            value.prepend(u'\'');
    }
    if (value.contains(u',') || value.contains(u'"') || value.contains(u'\n') || value.contains(u'\r')
        || value.startsWith(u'\''))
        return u'"' + value.replace(QLatin1String("\""), QLatin1String("\"\"")) + u'"';
    return value;
}

QByteArray CsvReportWriter::write(const RunRecord &record, const ReportOptions &options, QString *error) const
{
    const auto yesNo = [](bool b) { return b ? QStringLiteral("true") : QStringLiteral("false"); };
    QByteArray out;
    out.reserve(qsizetype(record.calls.size()) * 200 + 256);
    out += columns().join(u',').toUtf8() + "\r\n";
    const qint64 total = qint64(record.calls.size());
    qint64 done = 0;
    QString line;
    RunReports::IsoClock clock(record);
    for (const RecordedCall &c : record.calls) {
        if (options.progress && (done & 1023) == 0 && !options.progress(done, total)) {
            *error = RunsTr::tr("cancelled");
            return {};
        }
        ++done;
        const bool sent = c.batchId != 0;
        line.clear();
        line += QString::number(c.id) + u',' + field(c.name) + u',' + field(QString::fromLatin1(c.method)) + u','
            + field(UrlRedaction::redacted(c.url)) + u',' + (sent ? QString::number(c.batchId) : QString()) + u','
            + (sent ? flushReasonName(c.flushReason) : QString()) + u',' + QString::number(c.attempts) + u','
            + (c.status != 0 ? QString::number(c.status) : QString()) + u',' + RunReports::outcome(c) + u','
            + (c.error != ErrorKind::None ? errorKindName(c.error) : QString()) + u',' + field(c.errorText) + u','
            + RunReports::millis(c.queueWaitNs) + u',' + RunReports::millis(c.latencyNs()) + u','
            + yesNo(c.shared) + u',' + yesNo(c.cached) + u',' + clock.at(c.sentNs) + u','
            + clock.at(c.settledNs) + QLatin1String("\r\n");
        out += line.toUtf8();
    }
    if (options.progress)
        options.progress(total, total);
    return out;
}

} // namespace batchlab
