// SPDX-License-Identifier: BSD-3-Clause
#include "runs/io/wireharreader.h"

#include "runs/fieldreader.h"
#include "runs/io/wireharexporter.h"
#include "runs/runhistoryfile.h"
#include "runs/runstr.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <cmath>

namespace batchlab {

namespace {

qint64 ns(double ms)
{
    return qint64(std::llround(ms * 1e6));
}

/// An id written as a decimal string (JSON numbers lose 64-bit ids).
quint64 idOf(FieldReader &reader, const QJsonObject &o, const char *key, const QString &where, bool required)
{
    const QString text = reader.string(o, key, where, required);
    if (text.isEmpty())
        return 0;
    bool ok = false;
    const quint64 id = text.toULongLong(&ok);
    if (!ok)
        reader.fail(where + QLatin1String(key), RunsTr::tr("\"%1\" is not an id").arg(text));
    return id;
}

template <typename Enum, typename NameOf>
Enum named(FieldReader &reader, const QJsonObject &o, const char *key, const QString &where, int count,
           NameOf nameOf, Enum fallback)
{
    const QJsonValue value = o.value(QLatin1String(key));
    if (value.isUndefined())
        return fallback;
    const QString text = value.toString();
    for (int i = 0; i < count; ++i) {
        if (nameOf(Enum(i)) == text)
            return Enum(i);
    }
    reader.fail(where + QLatin1String(key), RunsTr::tr("\"%1\" is not one of the names this field takes").arg(text));
    return fallback;
}

HttpHeaders headersOf(const QJsonArray &list)
{
    HttpHeaders headers;
    for (const QJsonValue &h : list) {
        const QJsonObject o = h.toObject();
        headers.append({o.value(QStringLiteral("name")).toString().toLatin1(),
                        o.value(QStringLiteral("value")).toString().toLatin1()});
    }
    return headers;
}

bool readCall(FieldReader &reader, const QJsonObject &o, const QString &at, RecordedCall *c)
{
    c->id = idOf(reader, o, "id", at, true);
    c->row = reader.integer(o, "row", at, -1, -1);
    c->name = reader.string(o, "name", at, false);
    c->method = reader.string(o, "method", at, true).toLatin1();
    c->url = reader.string(o, "url", at, true);
    c->batchId = idOf(reader, o, "batch", at, false);
    c->flushReason = named(reader, o, "flushReason", at, kFlushReasonCount, flushReasonName, FlushReason::Timer);
    c->attempts = reader.integer(o, "attempts", at, 0, 0);
    c->status = reader.integer(o, "status", at, 0, INT_MIN);
    c->error = named(reader, o, "error", at, kErrorKindCount, errorKindName, ErrorKind::None);
    if (c->error != ErrorKind::None) // why it failed; a call that did not has nothing to say
        c->errorText = reader.string(o, "errorText", at, false);
    c->sentNs = ns(reader.real(o, "sentMs", at, 0, 0, 1e12));
    c->settledNs = o.contains(QLatin1String("settledMs")) ? ns(reader.real(o, "settledMs", at, 0, 0, 1e12)) : -1;
    c->queueWaitNs = o.contains(QLatin1String("queueWaitMs")) ? ns(reader.real(o, "queueWaitMs", at, 0, 0, 1e12)) : -1;
    c->bytes = qint64(reader.real(o, "bytes", at, -1, -1, 1e15));
    c->sharedWith = idOf(reader, o, "sharedWith", at, false);
    c->shared = reader.boolean(o, "shared", at, false);
    c->cached = reader.boolean(o, "cached", at, false);
    c->plain = reader.boolean(o, "plain", at, false);
    c->checksFailed = reader.boolean(o, "checksFailed", at, false);
    if (reader.ok() && c->settledNs >= 0 && c->settledNs < c->sentNs)
        reader.fail(at + QStringLiteral("settledMs"), RunsTr::tr("settled before it was sent"));
    return reader.ok();
}

bool readBatch(FieldReader &reader, const QJsonObject &entry, const QString &where, const QDateTime &start,
               RecordedBatch *b)
{
    const QString at = where + QStringLiteral("._batchlab.");
    const QJsonObject o = entry.value(QStringLiteral("_batchlab")).toObject();
    b->id = idOf(reader, o, "batch", at, true);
    b->key = reader.string(o, "key", at, false);
    b->reason = named(reader, o, "flushReason", at, kFlushReasonCount, flushReasonName, FlushReason::Timer);
    b->plain = reader.boolean(o, "plain", at, false);
    b->size = reader.integer(o, "size", at, 0, 0);
    b->flushedNs = ns(reader.real(o, "flushedMs", at, 0, -1, 1e12));
    b->sentNs = ns(reader.real(o, "sentMs", at, 0, -1, 1e12));
    b->answeredNs = o.contains(QLatin1String("answeredMs")) ? ns(reader.real(o, "answeredMs", at, 0, 0, 1e12)) : -1;
    b->httpStatus = reader.integer(o, "httpStatus", at, 0, 0, 999);
    b->error = named(reader, o, "error", at, kErrorKindCount, errorKindName, ErrorKind::None);
    if (b->error != ErrorKind::None)
        b->errorText = reader.string(o, "errorText", at, false);
    const QJsonValue items = o.value(QStringLiteral("items"));
    if (!items.isArray()) {
        reader.fail(at + QStringLiteral("items"), RunsTr::tr("expected a list of the calls it carried"));
        return false;
    }
    const QJsonArray list = items.toArray();
    for (qsizetype i = 0; i < list.size() && reader.ok(); ++i) {
        const QString itemAt = at + QStringLiteral("items[%1].").arg(i);
        const QJsonObject io = list.at(i).toObject();
        RecordedBatch::Item item;
        item.callId = idOf(reader, io, "id", itemAt, true);
        item.status = reader.integer(io, "status", itemAt, 0, INT_MIN);
        item.error = named(reader, io, "error", itemAt, kErrorKindCount, errorKindName, ErrorKind::None);
        item.retried = reader.boolean(io, "retried", itemAt, false);
        const QJsonArray sharers = io.value(QStringLiteral("sharers")).toArray();
        for (qsizetype s = 0; s < sharers.size(); ++s) {
            bool ok = false;
            item.sharers.push_back(sharers.at(s).toString().toULongLong(&ok));
            if (!ok)
                reader.fail(itemAt + QStringLiteral("sharers[%1]").arg(s), RunsTr::tr("expected an id"));
        }
        b->items.push_back(std::move(item));
    }
    if (!reader.ok())
        return false;

    // The exchange, as far as the HAR kept it: headers, and bodies written as text.
    const QJsonObject request = entry.value(QStringLiteral("request")).toObject();
    if (request.contains(QLatin1String("comment")) && !request.contains(QLatin1String("postData"))
        && request.value(QStringLiteral("headers")).toArray().isEmpty()) {
        return true; // WireHarExporter wrote it without an exchange
    }
    const QJsonObject response = entry.value(QStringLiteral("response")).toObject();
    WireExchange w;
    w.batchId = b->id;
    w.sentAt = start.addMSecs(std::max<qint64>(0, b->sentNs) / 1'000'000);
    w.method = request.value(QStringLiteral("method")).toString().toLatin1();
    w.url = QUrl(request.value(QStringLiteral("url")).toString());
    w.requestHeaders = headersOf(request.value(QStringLiteral("headers")).toArray());
    w.requestBody = request.value(QStringLiteral("postData")).toObject().value(QStringLiteral("text")).toString().toUtf8();
    w.requestBytes = std::max<qint64>(request.value(QStringLiteral("bodySize")).toInteger(), w.requestBody.size());
    w.answered = b->answeredNs >= 0;
    w.httpStatus = b->httpStatus;
    w.responseHeaders = headersOf(response.value(QStringLiteral("headers")).toArray());
    const QJsonObject content = response.value(QStringLiteral("content")).toObject();
    if (content.value(QStringLiteral("encoding")).toString() != QLatin1String("base64"))
        w.responseBody = content.value(QStringLiteral("text")).toString().toUtf8();
    w.responseBytes = std::max<qint64>(content.value(QStringLiteral("size")).toInteger(), w.responseBody.size());
    if (b->answeredNs >= 0 && b->sentNs >= 0)
        w.durationNs = b->answeredNs - b->sentNs;
    w.failure.kind = b->error;
    w.failure.message = b->errorText;
    b->wire = std::move(w);
    return true;
}

} // namespace

bool WireHarReader::recognizes(const QByteArray &data)
{
    // The log's own `_batchlab` comes after its entries: look for the format's name anywhere.
    return data.contains("\"_batchlab\"") && data.contains(WireHarExporter::kFormat);
}

bool WireHarReader::read(const QByteArray &data, RunRecord *out, FileError *error)
{
    FileError local;
    FileError *e = error ? error : &local;
    const QString file = e->file;
    *e = FileError();
    e->file = file;
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(data, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        const QByteArray before = data.left(parseError.offset);
        e->line = int(before.count('\n')) + 1;
        e->column = int(parseError.offset - (before.lastIndexOf('\n') + 1)) + 1;
        e->message = RunsTr::tr("not valid JSON: %1").arg(parseError.errorString());
        return false;
    }
    FieldReader reader(e);
    const QJsonObject log = document.object().value(QStringLiteral("log")).toObject();
    const QJsonObject run = log.value(QStringLiteral("_batchlab")).toObject();
    if (run.value(QStringLiteral("format")).toString() != QLatin1String(WireHarExporter::kFormat)) {
        reader.fail(QStringLiteral("log._batchlab.format"), RunsTr::tr("not the HAR of a Batchlab run"));
        return false;
    }
    const int version = reader.integer(run, "version", QStringLiteral("log._batchlab."), 0, 1);
    if (reader.ok() && version > WireHarExporter::kVersion) {
        reader.fail(QStringLiteral("log._batchlab.version"),
                    RunsTr::tr("version %1 is newer than this Batchlab reads (%2)").arg(version).arg(WireHarExporter::kVersion));
    }
    if (!reader.ok())
        return false;

    RunRecord record;
    // The summary is what the run history file keeps of a run, read by its own reader.
    std::vector<RunSummary> runs;
    const QJsonObject history{{QStringLiteral("format"), QStringLiteral("batchlab-runs")},
                              {QStringLiteral("version"), RunHistoryFile::kVersion},
                              {QStringLiteral("runs"), QJsonArray{run.value(QStringLiteral("summary"))}}};
    FileError summaryError;
    if (!RunHistoryFile::parse(QJsonDocument(history).toJson(), &runs, &summaryError) || runs.size() != 1) {
        reader.fail(QStringLiteral("log._batchlab.summary") + (summaryError.field.isEmpty() ? QString() : QStringLiteral(".") + summaryError.field),
                    summaryError.message.isEmpty() ? RunsTr::tr("expected the run's summary") : summaryError.message);
        return false;
    }
    record.summary = runs.front();
    for (const QJsonValue &name : run.value(QStringLiteral("requests")).toArray())
        record.requests.append(name.toString());
    record.durationNs = ns(reader.real(run, "durationMs", QStringLiteral("log._batchlab."), 0, 0, 1e12));
    record.eventsLost = qint64(reader.real(run, "eventsLost", QStringLiteral("log._batchlab."), 0, 0, 1e15));
    record.wiresDropped = qint64(reader.real(run, "wiresDropped", QStringLiteral("log._batchlab."), 0, 0, 1e15));
    record.simulated = reader.boolean(run, "simulated", QStringLiteral("log._batchlab."), false);

    const QJsonValue calls = run.value(QStringLiteral("calls"));
    if (!calls.isArray()) {
        reader.fail(QStringLiteral("log._batchlab.calls"), RunsTr::tr("expected the list of the run's calls"));
        return false;
    }
    const QJsonArray callList = calls.toArray();
    record.calls.reserve(size_t(callList.size()));
    for (qsizetype i = 0; i < callList.size(); ++i) {
        RecordedCall c;
        if (!readCall(reader, callList.at(i).toObject(), QStringLiteral("log._batchlab.calls[%1].").arg(i), &c))
            return false;
        if (!record.calls.empty() && c.id <= record.calls.back().id) {
            reader.fail(QStringLiteral("log._batchlab.calls[%1].id").arg(i), RunsTr::tr("calls must be in id order, once each"));
            return false;
        }
        record.calls.push_back(std::move(c));
    }

    const QJsonArray entries = log.value(QStringLiteral("entries")).toArray();
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const QJsonObject entry = entries.at(i).toObject();
        const QJsonObject marks = entry.value(QStringLiteral("_batchlab")).toObject();
        if (!marks.contains(QLatin1String("batch")) || marks.contains(QLatin1String("call")))
            continue; // an entry per call, or one another tool added
        RecordedBatch b;
        if (!readBatch(reader, entry, QStringLiteral("log.entries[%1]").arg(i), record.summary.startedAt, &b))
            return false;
        if (record.batch(b.id)) {
            reader.fail(QStringLiteral("log.entries[%1]._batchlab.batch").arg(i),
                        RunsTr::tr("batch %1 is there twice").arg(b.id));
            return false;
        }
        for (const RecordedBatch::Item &item : b.items) {
            if (!record.call(item.callId)) {
                reader.fail(QStringLiteral("log.entries[%1]._batchlab.items").arg(i),
                            RunsTr::tr("call %1 is not among the run's calls").arg(item.callId));
                return false;
            }
        }
        record.batches.push_back(std::move(b));
    }
    *out = std::move(record);
    return true;
}

} // namespace batchlab
