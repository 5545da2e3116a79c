// SPDX-License-Identifier: BSD-3-Clause
#include "runs/report/jsonreportwriter.h"
#include "runs/report/runreports.h"
#include "runs/report/urlredaction.h"
#include "runs/requestsetfile.h"
#include "runs/runstr.h"
#include "runs/settingsblocks.h"
#include "version.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace batchlab {

namespace {

/// A JSON string literal of `text`, escaped as RFC 8259 requires.
void appendString(QByteArray &out, const QString &text)
{
    out += '"';
    const QByteArray utf8 = text.toUtf8();
    for (const char ch : utf8) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += ch;
        } else if (c < 0x20) {
            switch (c) {
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default: out += "\\u00"; out += "0123456789abcdef"[c >> 4]; out += "0123456789abcdef"[c & 15];
            }
        } else {
            out += ch;
        }
    }
    out += '"';
}

void appendMillis(QByteArray &out, qint64 ns)
{
    const QString ms = RunReports::millis(ns);
    out += ms.isEmpty() ? QByteArrayLiteral("null") : ms.toLatin1();
}

/// A plain name ("timer", "Http") as a JSON string, or null when there is none.
QByteArray nameOrNull(bool has, const QString &name)
{
    return has ? QByteArray('"' + name.toLatin1() + '"') : QByteArrayLiteral("null");
}

void appendBool(QByteArray &out, bool value)
{
    out += value ? QByteArrayLiteral("true") : QByteArrayLiteral("false");
}

QJsonObject numbersJson(const RunSummary &summary)
{
    const RunNumbers n = RunNumbers::of(summary);
    const std::optional<double> saved = n.savedPercent();
    QJsonObject failures;
    for (int k = 0; k < kErrorKindCount; ++k) {
        if (summary.counters.failuresByKind.at(size_t(k)) != 0)
            failures.insert(errorKindName(ErrorKind(k)), double(summary.counters.failuresByKind.at(size_t(k))));
    }
    QJsonObject flushes;
    for (int r = 0; r < kFlushReasonCount; ++r) {
        if (summary.counters.flushesByReason.at(size_t(r)) != 0)
            flushes.insert(flushReasonName(FlushReason(r)), double(summary.counters.flushesByReason.at(size_t(r))));
    }
    return {{QStringLiteral("calls"), double(n.calls)},
            {QStringLiteral("succeeded"), double(n.succeeded)},
            {QStringLiteral("failed"), double(n.failed)},
            {QStringLiteral("rejected"), double(n.rejected)},
            {QStringLiteral("cancelled"), double(n.cancelled)},
            {QStringLiteral("cacheHits"), double(n.cacheHits)},
            {QStringLiteral("httpRequests"), double(n.httpRequests)},
            {QStringLiteral("batches"), double(n.batches)},
            {QStringLiteral("itemsSent"), double(n.itemsSent)},
            {QStringLiteral("avoidedByBatching"), double(n.avoidedByBatching)},
            {QStringLiteral("avoidedByDedup"), double(n.avoidedByDedup)},
            {QStringLiteral("requestsWithoutBatching"), double(n.requestsWithout())},
            {QStringLiteral("savedPercent"), saved ? QJsonValue(*saved) : QJsonValue(QJsonValue::Null)},
            {QStringLiteral("retries"), double(n.retries)},
            {QStringLiteral("retriesExhausted"), double(summary.counters.retriesExhausted)},
            {QStringLiteral("protocolIssues"), double(summary.counters.protocolIssues)},
            {QStringLiteral("breakerTransitions"), double(summary.counters.breakerTransitions)},
            {QStringLiteral("checksPassed"), double(n.checksPassed)},
            {QStringLiteral("checksFailed"), double(n.checksFailed)},
            {QStringLiteral("callsFailingChecks"), double(n.callsFailingChecks)},
            {QStringLiteral("failuresByKind"), failures},
            {QStringLiteral("flushesByReason"), flushes}};
}

} // namespace

QString JsonReportWriter::format() const
{
    return QStringLiteral("json");
}

QString JsonReportWriter::name() const
{
    return RunsTr::tr("JSON report");
}

QString JsonReportWriter::suffix() const
{
    return QStringLiteral(".report.json");
}

QJsonObject JsonReportWriter::settingsJson(const ClientConfig &config)
{
    return {{QStringLiteral("batch"), RequestSetFile::toJson(config.batch)},
            {QStringLiteral("retry"), SettingsBlocks::toJson(config.retry)},
            {QStringLiteral("breaker"), SettingsBlocks::toJson(config.breaker)},
            {QStringLiteral("cache"), SettingsBlocks::toJson(config.cache)}};
}

QByteArray JsonReportWriter::write(const RunRecord &record, const ReportOptions &options, QString *error) const
{
    const RunSummary &s = record.summary;
    QJsonArray changes;
    for (const SettingsChange &change : s.settingsChanges)
        changes.append(QJsonObject{{QStringLiteral("atMs"), double(change.atMs)},
                                   {QStringLiteral("changes"), QJsonArray::fromStringList(change.changes)}});
    const QJsonObject run{{QStringLiteral("number"), s.number},
                          {QStringLiteral("set"), s.setName},
                          {QStringLiteral("startedAt"), RunReports::isoTime(record, 0)},
                          {QStringLiteral("durationMs"), double(record.durationNs / 1000) / 1000.0},
                          {QStringLiteral("stopped"), s.stopped},
                          {QStringLiteral("simulated"), record.simulated},
                          {QStringLiteral("eventsLost"), double(record.eventsLost)}};
    const QJsonObject root{{QStringLiteral("format"), QLatin1String(kFormat)},
                           {QStringLiteral("version"), kVersion},
                           {QStringLiteral("generator"), QString(QStringLiteral("Batchlab ") + QLatin1String(versionString()))},
                           {QStringLiteral("run"), run},
                           {QStringLiteral("plan"), SettingsBlocks::toJson(s.plan)},
                           {QStringLiteral("settings"), settingsJson(s.config)},
                           {QStringLiteral("settingsAtEnd"), settingsJson(s.configAtEnd)},
                           {QStringLiteral("settingsChanges"), changes},
                           {QStringLiteral("numbers"), numbersJson(s)},
                           {QStringLiteral("percentiles"),
                            QJsonObject{{QStringLiteral("latencyMs"), RunReports::percentilesJson(s.counters.latency)},
                                        {QStringLiteral("queueWaitMs"), RunReports::percentilesJson(s.counters.queueWait)}}},
                           {QStringLiteral("requests"), QJsonArray::fromStringList(record.requests)}};
    QByteArray out = QJsonDocument(root).toJson(QJsonDocument::Indented);
    // The DOM ends in "}\n": the calls and HTTP requests follow as its last two members.
    out.truncate(out.lastIndexOf('}'));
    while (out.endsWith('\n') || out.endsWith(' '))
        out.chop(1);
    out.reserve(out.size() + qsizetype(record.calls.size()) * 400 + qsizetype(record.batches.size()) * 200);

    const qint64 total = qint64(record.calls.size() + record.batches.size());
    qint64 done = 0;
    const auto tick = [&]() {
        if (options.progress && (done++ & 1023) == 0 && !options.progress(done, total)) {
            *error = RunsTr::tr("cancelled");
            return false;
        }
        return true;
    };
    out += ",\n    \"calls\": [";
    bool first = true;
    for (const RecordedCall &c : record.calls) {
        if (!tick())
            return {};
        out += first ? "\n        {\"id\": " : ",\n        {\"id\": ";
        first = false;
        out += QByteArray::number(c.id);
        out += ", \"request\": ";
        out += QByteArray::number(c.row);
        out += ", \"name\": ";
        appendString(out, c.name);
        out += ", \"method\": ";
        appendString(out, QString::fromLatin1(c.method));
        out += ", \"url\": ";
        appendString(out, UrlRedaction::redacted(c.url));
        out += ", \"outcome\": \"";
        out += RunReports::outcome(c).toLatin1();
        out += "\", \"batch\": ";
        out += c.batchId ? QByteArray::number(c.batchId) : QByteArrayLiteral("null");
        out += ", \"flushReason\": ";
        out += nameOrNull(c.batchId != 0, flushReasonName(c.flushReason));
        out += ", \"attempts\": ";
        out += QByteArray::number(c.attempts);
        out += ", \"status\": ";
        out += c.status ? QByteArray::number(c.status) : QByteArrayLiteral("null");
        out += ", \"errorKind\": ";
        out += nameOrNull(c.error != ErrorKind::None, errorKindName(c.error));
        out += ", \"error\": ";
        if (c.errorText.isEmpty())
            out += "null";
        else
            appendString(out, c.errorText);
        out += ", \"sentMs\": ";
        appendMillis(out, c.sentNs);
        out += ", \"settledMs\": ";
        appendMillis(out, c.settledNs);
        out += ", \"queueWaitMs\": ";
        appendMillis(out, c.queueWaitNs);
        out += ", \"latencyMs\": ";
        appendMillis(out, c.latencyNs());
        out += ", \"bytes\": ";
        out += c.bytes >= 0 ? QByteArray::number(c.bytes) : QByteArrayLiteral("null");
        out += ", \"shared\": ";
        appendBool(out, c.shared);
        out += ", \"sharedWith\": ";
        out += c.sharedWith ? QByteArray::number(c.sharedWith) : QByteArrayLiteral("null");
        out += ", \"cached\": ";
        appendBool(out, c.cached);
        out += ", \"plain\": ";
        appendBool(out, c.plain);
        out += ", \"checksFailed\": ";
        appendBool(out, c.checksFailed);
        out += '}';
    }
    out += first ? "]" : "\n    ]";
    out += ",\n    \"httpRequests\": [";
    first = true;
    for (const RecordedBatch &b : record.batches) {
        if (!tick())
            return {};
        out += first ? "\n        {\"id\": " : ",\n        {\"id\": ";
        first = false;
        out += QByteArray::number(b.id);
        out += ", \"key\": ";
        appendString(out, UrlRedaction::redacted(b.key));
        out += ", \"flushReason\": \"";
        out += flushReasonName(b.reason).toLatin1();
        out += "\", \"plain\": ";
        appendBool(out, b.plain);
        out += ", \"size\": ";
        out += QByteArray::number(b.size);
        out += ", \"flushedMs\": ";
        appendMillis(out, b.flushedNs);
        out += ", \"sentMs\": ";
        appendMillis(out, b.sentNs);
        out += ", \"answeredMs\": ";
        appendMillis(out, b.answeredNs);
        out += ", \"httpStatus\": ";
        out += b.httpStatus ? QByteArray::number(b.httpStatus) : QByteArrayLiteral("null");
        out += ", \"errorKind\": ";
        out += nameOrNull(b.error != ErrorKind::None, errorKindName(b.error));
        out += ", \"error\": ";
        if (b.errorText.isEmpty())
            out += "null";
        else
            appendString(out, b.errorText);
        out += ", \"calls\": [";
        bool firstItem = true;
        for (const RecordedBatch::Item &item : b.items) {
            if (!firstItem)
                out += ", ";
            firstItem = false;
            out += QByteArray::number(item.callId);
        }
        out += "]}";
    }
    out += first ? "]\n}\n" : "\n    ]\n}\n";
    if (options.progress)
        options.progress(total, total);
    return out;
}

} // namespace batchlab
