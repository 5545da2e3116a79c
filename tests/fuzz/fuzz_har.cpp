// SPDX-License-Identifier: BSD-3-Clause
// Fuzz target: HarImporter over any bytes, and the set it imports through HarExporter and back.
// Input: the HAR file itself, byte for byte (no header line, unlike the codec targets). Seeds:
// tests/fixtures/fuzz/har/. Invariants: every entry is a request or skipped; a refused file
// brings no requests and says where (line ≥ 1); the survey agrees with the import; what was
// imported exports (all its URLs are absolute HTTP) and imports again as the same calls.
#include "fuzzsupport.h"
#include "runs/io/harexporter.h"
#include "runs/io/harfilter.h"
#include "runs/io/harimporter.h"
#include "runs/io/hartargetsuggestion.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace batchlab;
using namespace batchlab::fuzz;

namespace {

/// Entries of the input as a plain JSON reading sees them; -1 when it is not a HAR.
qsizetype entriesOf(const QByteArray &input)
{
    const QByteArray data = input.startsWith("\xEF\xBB\xBF") ? input.mid(3) : input;
    const QJsonValue entries =
        QJsonDocument::fromJson(data).object().value(QStringLiteral("log")).toObject().value(QStringLiteral("entries"));
    return entries.isArray() ? entries.toArray().size() : -1;
}

QByteArray describe(const RequestItem &item)
{
    return (item.method + u' ' + item.url + QStringLiteral(" body ") + QString::number(item.body.size())).toUtf8();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(bytes), qsizetype(size));
    const ImportResult result = HarImporter().read(input, QStringLiteral("fuzz.har"));
    const qsizetype entries = entriesOf(input);
    if (!result.ok()) {
        FUZZ_CHECK("refused-is-empty", result.set.requests.isEmpty() && result.skipped.isEmpty(), result.error.message.toUtf8());
        FUZZ_CHECK("refused-says-where", result.error.line >= 1 && result.error.column >= 1, result.error.message.toUtf8());
        FUZZ_CHECK("refused-only-non-har", entries < 0, result.error.message.toUtf8());
        return 0;
    }
    FUZZ_CHECK("every-entry-accounted", result.set.requests.size() + result.skipped.size() == entries,
               QByteArray::number(result.set.requests.size()) + " + " + QByteArray::number(result.skipped.size()) +
                   " != " + QByteArray::number(entries));
    const HarImporter::Survey survey = HarImporter::survey(input);
    int counted = 0;
    for (const auto &origin : survey.origins)
        counted += origin.second;
    FUZZ_CHECK("survey-agrees", survey.imported == result.set.requests.size() && counted == survey.imported &&
                                    survey.entries == entries,
               QByteArray::number(survey.imported));
    // The import dialog filters by these: one per request, and a filter keeps a subset.
    FUZZ_CHECK("entries-per-request", survey.requests.size() == result.set.requests.size(),
               QByteArray::number(survey.requests.size()));
    HarFilter dropStatic;
    dropStatic.dropStatic = true;
    const RequestSet kept = dropStatic.apply(result.set, survey.requests);
    FUZZ_CHECK("filter-keeps-a-subset", kept.requests.size() <= result.set.requests.size(),
               QByteArray::number(kept.requests.size()));
    const HarTargetSuggestion suggestion =
        HarTargetSuggestion::from(result.set.requests, survey.requests, dropStatic.select(survey.requests));
    FUZZ_CHECK("suggestion-when-kept", suggestion.isEmpty() == kept.requests.isEmpty(), suggestion.baseUrl.toUtf8());

    ExportOptions options;
    options.includeSecrets = true;
    QString error;
    const QByteArray again = HarExporter().write(result.set, options, &error);
    FUZZ_CHECK("imported-exports", !again.isEmpty(), error.toUtf8());
    const ImportResult back = HarImporter().read(again, {});
    FUZZ_CHECK("export-imports", back.ok() && back.skipped.isEmpty() && back.set.requests.size() == result.set.requests.size(),
               back.error.message.toUtf8() + '\n' + again.left(2000));
    for (qsizetype i = 0; i < result.set.requests.size(); ++i) {
        const RequestItem &a = result.set.requests.at(i);
        const RequestItem &b = back.set.requests.at(i);
        FUZZ_CHECK("round-trip-call", a.method == b.method && a.url == b.url && a.body == b.body && a.name == b.name,
                   describe(a) + "\n" + describe(b));
        FUZZ_CHECK("round-trip-headers", a.headers == b.headers, describe(a));
        FUZZ_CHECK("round-trip-at", a.atMs.value_or(0) == b.atMs.value_or(0), describe(a));
    }
    return 0;
}
