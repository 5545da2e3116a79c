// SPDX-License-Identifier: BSD-3-Clause
// Fuzz target: WireHarReader over any bytes (the HAR of a run's wire, as a user opens it), and
// the run it reads through WireHarExporter and back. Input: the file itself, byte for byte.
// Seeds: tests/fixtures/fuzz/wirehar/. Invariants: a refused file leaves the record untouched
// and says where (a field, or a line and column); a run read is written again and reads back
// as the same calls and batches; its events come out in time order, one settling per call.
#include "fuzzsupport.h"
#include "runs/io/wireharexporter.h"
#include "runs/io/wireharreader.h"
#include "runs/record/recordplayer.h"
#include "telemetry/telemetry.h"

using namespace batchlab;
using namespace batchlab::fuzz;

namespace {

QByteArray describe(const RecordedCall &c)
{
    return QByteArray::number(c.id) + ' ' + c.method + ' ' + c.url.toUtf8() + " status " + QByteArray::number(c.status)
        + " sent " + QByteArray::number(c.sentNs) + " settled " + QByteArray::number(c.settledNs);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(bytes), qsizetype(size));
    RunRecord record;
    record.requests = {QStringLiteral("untouched")};
    FileError error;
    if (!WireHarReader::read(input, &record, &error)) {
        FUZZ_CHECK("refused-says-why", error.isError(), input.left(200));
        FUZZ_CHECK("refused-says-where", !error.field.isEmpty() || error.line >= 1, error.message.toUtf8());
        FUZZ_CHECK("refused-untouched", record.requests == QStringList{QStringLiteral("untouched")} && record.calls.empty(),
                   error.toString().toUtf8());
        return 0;
    }
    WireHarOptions options;
    options.includeSecrets = true; // the bodies as read, not redacted again
    options.maxBodyBytes = std::numeric_limits<qint64>::max();
    const QByteArray again = WireHarExporter::write(record, options);
    FUZZ_CHECK("written-is-recognized", WireHarReader::recognizes(again), again.left(200));
    RunRecord back;
    FileError backError;
    FUZZ_CHECK("written-reads-back", WireHarReader::read(again, &back, &backError), backError.toString().toUtf8());
    FUZZ_CHECK("same-calls", back.calls.size() == record.calls.size(), QByteArray::number(qint64(back.calls.size())));
    for (size_t i = 0; i < record.calls.size(); ++i) {
        const RecordedCall &a = record.calls[i];
        const RecordedCall &b = back.calls[i];
        // Times travel as milliseconds with their microseconds.
        const auto near = [](qint64 x, qint64 y) { return std::llabs(x - y) <= 1000; };
        FUZZ_CHECK("round-trip-call",
                   a.id == b.id && a.name == b.name && a.method == b.method && a.url == b.url && a.status == b.status
                       && a.error == b.error && a.errorText == b.errorText && a.batchId == b.batchId
                       && a.attempts == b.attempts && a.sharedWith == b.sharedWith && near(a.sentNs, b.sentNs)
                       && (a.settledNs < 0) == (b.settledNs < 0) && (a.settledNs < 0 || near(a.settledNs, b.settledNs)),
                   describe(a) + '\n' + describe(b));
    }
    FUZZ_CHECK("same-batches", back.batches.size() == record.batches.size(), QByteArray::number(qint64(back.batches.size())));
    for (const RecordedBatch &a : record.batches) {
        const RecordedBatch *b = back.batch(a.id);
        FUZZ_CHECK("round-trip-batch", b && b->items.size() == a.items.size() && b->size == a.size && b->reason == a.reason
                                           && b->httpStatus == a.httpStatus,
                   QByteArray::number(a.id));
    }

    Telemetry telemetry;
    const std::vector<Event> events = RecordPlayer::events(record, &telemetry);
    qint64 settled = 0;
    for (size_t i = 0; i < events.size(); ++i) {
        FUZZ_CHECK("events-in-time-order", i == 0 || events[i - 1].time <= events[i].time, QByteArray::number(qint64(i)));
        settled += events[i].kind == EventKind::Settled || events[i].kind == EventKind::Failed ? 1 : 0;
    }
    const qint64 calls = std::count_if(record.calls.cbegin(), record.calls.cend(), [](const RecordedCall &c) { return c.settled(); });
    FUZZ_CHECK("one-settling-per-call", settled == calls, QByteArray::number(settled) + " != " + QByteArray::number(calls));
    return 0;
}
