// SPDX-License-Identifier: BSD-3-Clause
#include "runs/io/wireharexporter.h"

#include "runs/io/harexporter.h"
#include "runs/runhistoryfile.h"
#include "runs/runstr.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QStringDecoder>
#include <QUrlQuery>

#include <algorithm>
#include <cmath>

namespace batchlab {

namespace {

const QString kRedacted = QStringLiteral("[redacted]");

/// Nanoseconds as milliseconds with their microseconds: what a HAR's times are in.
double ms(qint64 ns)
{
    return std::round(double(ns) / 1000.0) / 1000.0;
}

QString isoTime(const QDateTime &start, qint64 ns)
{
    return start.addMSecs(ns / 1'000'000).toUTC().toString(Qt::ISODateWithMs);
}

QJsonArray headerList(const HttpHeaders &headers, bool includeSecrets)
{
    QJsonArray out;
    for (const auto &[name, value] : headers) {
        const QString n = QString::fromLatin1(name);
        const bool hide = !includeSecrets && HarExporter::isSecretHeader(n);
        out.append(QJsonObject{{QStringLiteral("name"), n},
                               {QStringLiteral("value"), hide ? kRedacted : QString::fromLatin1(value)}});
    }
    return out;
}

struct Body
{
    QString text;
    bool base64 = false;
    QString comment; ///< why it is not whole
};

Body bodyOf(const QByteArray &bytes, qint64 wholeSize, qint64 limit)
{
    Body body;
    QByteArray kept = bytes;
    if (kept.size() > limit)
        kept.truncate(limit);
    if (kept.size() < wholeSize) {
        body.comment = RunsTr::tr("body cut: %1 of %2 bytes kept").arg(kept.size()).arg(wholeSize);
    }
    QStringDecoder decoder(QStringDecoder::Utf8);
    body.text = decoder.decode(kept);
    if (decoder.hasError()) {
        body.text = QString::fromLatin1(kept.toBase64());
        body.base64 = true;
    }
    return body;
}

QJsonObject callJson(const RecordedCall &c)
{
    QJsonObject o{{QStringLiteral("id"), QString::number(c.id)},
                  {QStringLiteral("row"), c.row},
                  {QStringLiteral("name"), c.name},
                  {QStringLiteral("method"), QString::fromLatin1(c.method)},
                  {QStringLiteral("url"), c.url},
                  {QStringLiteral("batch"), QString::number(c.batchId)},
                  {QStringLiteral("flushReason"), flushReasonName(c.flushReason)},
                  {QStringLiteral("attempts"), c.attempts},
                  {QStringLiteral("status"), c.status},
                  {QStringLiteral("sentMs"), ms(c.sentNs)},
                  {QStringLiteral("bytes"), c.bytes}};
    if (c.settled())
        o.insert(QStringLiteral("settledMs"), ms(c.settledNs));
    if (c.queueWaitNs >= 0)
        o.insert(QStringLiteral("queueWaitMs"), ms(c.queueWaitNs));
    if (c.error != ErrorKind::None) {
        o.insert(QStringLiteral("error"), errorKindName(c.error));
        o.insert(QStringLiteral("errorText"), c.errorText);
    }
    if (c.sharedWith)
        o.insert(QStringLiteral("sharedWith"), QString::number(c.sharedWith));
    if (c.shared)
        o.insert(QStringLiteral("shared"), true);
    if (c.cached)
        o.insert(QStringLiteral("cached"), true);
    if (c.plain)
        o.insert(QStringLiteral("plain"), true);
    if (c.checksFailed)
        o.insert(QStringLiteral("checksFailed"), true);
    return o;
}

QJsonObject batchJson(const RecordedBatch &b, const RunRecord &record)
{
    QJsonArray items;
    for (const RecordedBatch::Item &item : b.items) {
        const RecordedCall *call = record.call(item.callId);
        QJsonObject o{{QStringLiteral("id"), QString::number(item.callId)},
                      {QStringLiteral("name"), call ? call->name : QString()},
                      {QStringLiteral("status"), item.status}};
        if (item.error != ErrorKind::None)
            o.insert(QStringLiteral("error"), errorKindName(item.error));
        if (item.retried)
            o.insert(QStringLiteral("retried"), true);
        if (!item.sharers.empty()) {
            QJsonArray sharers;
            for (const quint64 id : item.sharers)
                sharers.append(QString::number(id));
            o.insert(QStringLiteral("sharers"), sharers);
        }
        items.append(o);
    }
    QJsonObject o{{QStringLiteral("batch"), QString::number(b.id)},
                  {QStringLiteral("key"), b.key},
                  {QStringLiteral("flushReason"), flushReasonName(b.reason)},
                  {QStringLiteral("plain"), b.plain},
                  {QStringLiteral("size"), b.size},
                  {QStringLiteral("flushedMs"), ms(b.flushedNs)},
                  {QStringLiteral("sentMs"), ms(b.sentNs)},
                  {QStringLiteral("httpStatus"), b.httpStatus},
                  {QStringLiteral("items"), items}};
    if (b.answeredNs >= 0)
        o.insert(QStringLiteral("answeredMs"), ms(b.answeredNs));
    if (b.error != ErrorKind::None) {
        o.insert(QStringLiteral("error"), errorKindName(b.error));
        o.insert(QStringLiteral("errorText"), b.errorText);
    }
    return o;
}

QJsonObject timings(double waitMs)
{
    return {{QStringLiteral("blocked"), -1}, {QStringLiteral("dns"), -1},
            {QStringLiteral("connect"), -1}, {QStringLiteral("ssl"), -1},
            {QStringLiteral("send"), 0},     {QStringLiteral("wait"), waitMs},
            {QStringLiteral("receive"), 0}};
}

QJsonObject response(int status, const QJsonArray &headers, const QJsonObject &content, qint64 bodySize)
{
    return {{QStringLiteral("status"), status},
            {QStringLiteral("statusText"), QString()},
            {QStringLiteral("httpVersion"), QStringLiteral("HTTP/1.1")},
            {QStringLiteral("cookies"), QJsonArray()},
            {QStringLiteral("headers"), headers},
            {QStringLiteral("content"), content},
            {QStringLiteral("redirectURL"), QString()},
            {QStringLiteral("headersSize"), -1},
            {QStringLiteral("bodySize"), bodySize}};
}

QJsonArray queryOf(const QUrl &url)
{
    QJsonArray out;
    for (const auto &[name, value] : QUrlQuery(url).queryItems(QUrl::FullyDecoded))
        out.append(QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("value"), value}});
    return out;
}

/// The entry of one HTTP request the run sent.
QJsonObject batchEntry(const RecordedBatch &b, const RunRecord &record, const WireHarOptions &options,
                       const QString &pageId)
{
    const QDateTime &start = record.summary.startedAt;
    const double waitMs = b.answeredNs >= 0 && b.sentNs >= 0 ? ms(b.answeredNs - b.sentNs) : 0.0;
    QJsonObject request;
    QJsonObject content{{QStringLiteral("size"), 0}, {QStringLiteral("mimeType"), QStringLiteral("x-unknown")}};
    QJsonArray responseHeaders;
    qint64 responseBytes = -1;
    if (b.wire) {
        const WireExchange &w = *b.wire;
        const QByteArray contentType = headerValue(w.requestHeaders, "Content-Type");
        const QByteArray sent = options.includeSecrets ? w.requestBody : WireHarExporter::sanitizedBody(contentType, w.requestBody);
        const Body body = bodyOf(sent, std::max<qint64>(w.requestBytes, sent.size()), options.maxBodyBytes);
        request = {{QStringLiteral("method"), QString::fromLatin1(w.method)},
                   {QStringLiteral("url"), QString::fromUtf8(w.url.toEncoded())},
                   {QStringLiteral("httpVersion"), QStringLiteral("HTTP/1.1")},
                   {QStringLiteral("cookies"), QJsonArray()},
                   {QStringLiteral("headers"), headerList(w.requestHeaders, options.includeSecrets)},
                   {QStringLiteral("queryString"), queryOf(w.url)},
                   {QStringLiteral("headersSize"), -1},
                   {QStringLiteral("bodySize"), w.requestBytes}};
        if (w.requestBytes > 0) {
            QJsonObject postData{{QStringLiteral("mimeType"), QString::fromLatin1(contentType)},
                                 {QStringLiteral("text"), body.base64 ? QString() : body.text}};
            if (!body.comment.isEmpty() || body.base64) {
                postData.insert(QStringLiteral("comment"), body.base64 ? RunsTr::tr("binary body left out") : body.comment);
            }
            request.insert(QStringLiteral("postData"), postData);
        }
        const QByteArray answerType = headerValue(w.responseHeaders, "Content-Type");
        const QByteArray answered = options.includeSecrets ? w.responseBody : WireHarExporter::sanitizedBody(answerType, w.responseBody);
        const Body answer = bodyOf(answered, std::max<qint64>(w.responseBytes, answered.size()), options.maxBodyBytes);
        content = {{QStringLiteral("size"), w.responseBytes},
                   {QStringLiteral("mimeType"), answerType.isEmpty() ? QStringLiteral("x-unknown") : QString::fromLatin1(answerType)},
                   {QStringLiteral("text"), answer.text}};
        if (answer.base64)
            content.insert(QStringLiteral("encoding"), QStringLiteral("base64"));
        if (!answer.comment.isEmpty())
            content.insert(QStringLiteral("comment"), answer.comment);
        responseHeaders = headerList(w.responseHeaders, options.includeSecrets);
        responseBytes = w.responseBytes;
    } else {
        // Not kept (no wire log, or past the byte budget): the entry says what is known.
        const RecordedCall *first = b.items.empty() ? nullptr : record.call(b.items.front().callId);
        const QUrl url(b.plain && first ? first->url : b.key);
        request = {{QStringLiteral("method"), b.plain && first ? QString::fromLatin1(first->method) : QStringLiteral("POST")},
                   {QStringLiteral("url"), url.isValid() && !url.isRelative() ? QString::fromUtf8(url.toEncoded()) : QStringLiteral("http://localhost/")},
                   {QStringLiteral("httpVersion"), QStringLiteral("HTTP/1.1")},
                   {QStringLiteral("cookies"), QJsonArray()},
                   {QStringLiteral("headers"), QJsonArray()},
                   {QStringLiteral("queryString"), QJsonArray()},
                   {QStringLiteral("headersSize"), -1},
                   {QStringLiteral("bodySize"), -1},
                   {QStringLiteral("comment"), RunsTr::tr("the exchange was not kept: headers and bodies unknown")}};
    }
    return {{QStringLiteral("pageref"), pageId},
            {QStringLiteral("startedDateTime"), isoTime(start, std::max<qint64>(0, b.sentNs))},
            {QStringLiteral("time"), waitMs},
            {QStringLiteral("request"), request},
            {QStringLiteral("response"), response(b.httpStatus, responseHeaders, content, responseBytes)},
            {QStringLiteral("cache"), QJsonObject()},
            {QStringLiteral("timings"), timings(waitMs)},
            {QStringLiteral("_batchlab"), batchJson(b, record)}};
}

/// The entry of one call, for tools that read a HAR per call.
QJsonObject callEntry(const RecordedCall &c, const RunRecord &record, const QString &pageId)
{
    const double time = c.settled() ? ms(c.latencyNs()) : 0.0;
    const QUrl url(c.url);
    const QJsonObject request{{QStringLiteral("method"), QString::fromLatin1(c.method)},
                              {QStringLiteral("url"), QString::fromUtf8(url.toEncoded())},
                              {QStringLiteral("httpVersion"), QStringLiteral("HTTP/1.1")},
                              {QStringLiteral("cookies"), QJsonArray()},
                              {QStringLiteral("headers"), QJsonArray()},
                              {QStringLiteral("queryString"), queryOf(url)},
                              {QStringLiteral("headersSize"), -1},
                              {QStringLiteral("bodySize"), -1},
                              {QStringLiteral("comment"), c.name}};
    const QJsonObject content{{QStringLiteral("size"), std::max<qint64>(0, c.bytes)},
                              {QStringLiteral("mimeType"), QStringLiteral("x-unknown")}};
    return {{QStringLiteral("pageref"), pageId},
            {QStringLiteral("startedDateTime"), isoTime(record.summary.startedAt, c.sentNs)},
            {QStringLiteral("time"), time},
            {QStringLiteral("request"), request},
            {QStringLiteral("response"), response(c.status, QJsonArray(), content, c.bytes)},
            {QStringLiteral("cache"), QJsonObject()},
            {QStringLiteral("timings"), timings(time)},
            {QStringLiteral("_batchlab"), QJsonObject{{QStringLiteral("call"), QString::number(c.id)},
                                                       {QStringLiteral("batch"), QString::number(c.batchId)}}}};
}

} // namespace

QByteArray WireHarExporter::sanitizedBody(const QByteArray &contentType, const QByteArray &body)
{
    if (body.isEmpty())
        return body;
    if (contentType.startsWith("multipart/")) {
        // Header lines of the parts (and of the requests inside them) lose credential values.
        static const QRegularExpression line(QStringLiteral("^([A-Za-z0-9!#$%&'*+.^_`|~-]+)[ \\t]*:[ \\t]*(.*?)\\r?$"),
                                             QRegularExpression::MultilineOption);
        QString text = QString::fromUtf8(body);
        QString out;
        qsizetype at = 0;
        for (auto it = line.globalMatch(text); it.hasNext();) {
            const QRegularExpressionMatch m = it.next();
            if (!HarExporter::isSecretHeader(m.captured(1)))
                continue;
            out += QStringView(text).mid(at, m.capturedStart(2) - at);
            out += kRedacted;
            at = m.capturedEnd(2);
        }
        if (at == 0)
            return body;
        out += QStringView(text).mid(at);
        return out.toUtf8();
    }
    if (!contentType.contains("json"))
        return body;
    QJsonParseError error;
    QJsonDocument document = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return body; // JSON-RPC batches are arrays and carry no headers
    QJsonObject root = document.object();
    bool changed = false;
    for (const QString &list : {QStringLiteral("requests"), QStringLiteral("responses")}) {
        QJsonArray items = root.value(list).toArray();
        for (qsizetype i = 0; i < items.size(); ++i) {
            QJsonObject item = items.at(i).toObject();
            QJsonObject headers = item.value(QStringLiteral("headers")).toObject();
            bool itemChanged = false;
            for (auto h = headers.begin(); h != headers.end(); ++h) {
                if (HarExporter::isSecretHeader(h.key())) {
                    *h = kRedacted;
                    itemChanged = true;
                }
            }
            if (itemChanged) {
                item.insert(QStringLiteral("headers"), headers);
                items.replace(i, item);
                changed = true;
            }
        }
        if (changed)
            root.insert(list, items);
    }
    return changed ? QJsonDocument(root).toJson(QJsonDocument::Compact) : body;
}

QByteArray WireHarExporter::write(const RunRecord &record, const WireHarOptions &options)
{
    const RunSummary &summary = record.summary;
    const QString pageId = QStringLiteral("run_%1").arg(summary.number);
    std::vector<const RecordedBatch *> sent;
    sent.reserve(record.batches.size());
    for (const RecordedBatch &b : record.batches)
        sent.push_back(&b);
    // HAR viewers expect entries in the order they started.
    std::stable_sort(sent.begin(), sent.end(),
                     [](const RecordedBatch *a, const RecordedBatch *b) { return a->sentNs < b->sentNs; });
    QJsonArray entries;
    for (const RecordedBatch *b : sent)
        entries.append(batchEntry(*b, record, options, pageId));
    if (options.entryPerCall) {
        for (const RecordedCall &c : record.calls)
            entries.append(callEntry(c, record, pageId));
    }

    QJsonArray calls;
    for (const RecordedCall &c : record.calls)
        calls.append(callJson(c));
    const QJsonObject history = QJsonDocument::fromJson(RunHistoryFile::serialize({summary})).object();
    QJsonObject run{{QStringLiteral("format"), QLatin1String(kFormat)},
                    {QStringLiteral("version"), kVersion},
                    {QStringLiteral("summary"), history.value(QStringLiteral("runs")).toArray().at(0)},
                    {QStringLiteral("requests"), QJsonArray::fromStringList(record.requests)},
                    {QStringLiteral("durationMs"), ms(record.durationNs)},
                    {QStringLiteral("calls"), calls},
                    {QStringLiteral("sanitized"), !options.includeSecrets}};
    if (record.eventsLost)
        run.insert(QStringLiteral("eventsLost"), record.eventsLost);
    if (record.wiresDropped)
        run.insert(QStringLiteral("wiresDropped"), record.wiresDropped);
    if (record.simulated)
        run.insert(QStringLiteral("simulated"), true);

    const QString title = summary.setName.isEmpty() ? RunsTr::tr("Run %1").arg(summary.number)
                                                    : RunsTr::tr("Run %1 · %2").arg(summary.number).arg(summary.setName);
    const QJsonObject page{{QStringLiteral("startedDateTime"), isoTime(summary.startedAt, 0)},
                           {QStringLiteral("id"), pageId},
                           {QStringLiteral("title"), title},
                           {QStringLiteral("pageTimings"),
                            QJsonObject{{QStringLiteral("onContentLoad"), -1}, {QStringLiteral("onLoad"), -1}}}};
    QString version = QCoreApplication::applicationVersion();
    if (version.isEmpty())
        version = QStringLiteral("0");
    const QJsonObject log{{QStringLiteral("version"), QStringLiteral("1.2")},
                          {QStringLiteral("creator"),
                           QJsonObject{{QStringLiteral("name"), QStringLiteral("Batchlab")}, {QStringLiteral("version"), version}}},
                          {QStringLiteral("pages"), QJsonArray{page}},
                          {QStringLiteral("entries"), entries},
                          {QStringLiteral("_batchlab"), run}};
    // Compact: a 100 000-call run's HAR is a third of its indented size, and HAR viewers
    // format what they show.
    return QJsonDocument(QJsonObject{{QStringLiteral("log"), log}}).toJson(QJsonDocument::Compact);
}

} // namespace batchlab
