// SPDX-License-Identifier: BSD-3-Clause
// Fuzz target: PostmanImporter over any bytes, and the set it imports through PostmanExporter
// and back. Input: the collection file itself, byte for byte (no header line, unlike the codec
// targets). Seeds: tests/fixtures/fuzz/postman/. Invariants: every item that is not a folder
// is a request or skipped; a refused file brings nothing and says why (and where, for JSON that
// does not parse); what was imported exports and imports again as the same calls and variables.
#include "fuzzsupport.h"
#include "runs/io/postmanexporter.h"
#include "runs/io/postmanimporter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace batchlab;
using namespace batchlab::fuzz;

namespace {

/// Items that are not folders, as a plain JSON reading sees them (the importer's rule: an
/// object with `item` is a folder, any other object a request or skipped).
qsizetype leavesOf(const QJsonArray &items)
{
    qsizetype leaves = 0;
    for (const QJsonValue &value : items) {
        const QJsonObject item = value.toObject();
        leaves += item.contains(QStringLiteral("item")) ? leavesOf(item.value(QStringLiteral("item")).toArray()) : 1;
    }
    return leaves;
}

QByteArray describe(const RequestItem &item)
{
    return (item.name + u' ' + item.method + u' ' + item.url + QStringLiteral(" body ")
            + QString::number(item.body.size()) + QStringLiteral(" headers ") + QString::number(item.headers.size()))
        .toUtf8();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(bytes), qsizetype(size));
    const ImportResult result = PostmanImporter().read(input, QStringLiteral("fuzz.postman_collection.json"));
    if (!result.ok()) {
        FUZZ_CHECK("refused-is-empty",
                   result.set.requests.isEmpty() && result.set.variables.isEmpty() && result.skipped.isEmpty()
                       && result.notes.isEmpty(),
                   result.error.message.toUtf8());
        FUZZ_CHECK("refused-says-why", !result.error.message.isEmpty(), result.error.field.toUtf8());
        return 0;
    }
    const QByteArray json = input.startsWith("\xEF\xBB\xBF") ? input.mid(3) : input;
    const qsizetype leaves =
        leavesOf(QJsonDocument::fromJson(json).object().value(QStringLiteral("item")).toArray());
    FUZZ_CHECK("every-item-accounted", result.set.requests.size() + result.skipped.size() == leaves,
               QByteArray::number(result.set.requests.size()) + " + " + QByteArray::number(result.skipped.size())
                   + " != " + QByteArray::number(leaves));

    ExportOptions options;
    options.includeSecrets = true;
    QString error;
    const QByteArray again = PostmanExporter().write(result.set, options, &error);
    FUZZ_CHECK("imported-exports", !again.isEmpty() && error.isEmpty(), error.toUtf8());
    const ImportResult back = PostmanImporter().read(again, {});
    FUZZ_CHECK("export-imports",
               back.ok() && back.skipped.isEmpty() && back.set.requests.size() == result.set.requests.size(),
               back.error.message.toUtf8() + '\n' + again.left(2000));
    for (qsizetype i = 0; i < result.set.requests.size(); ++i) {
        const RequestItem &a = result.set.requests.at(i);
        const RequestItem &b = back.set.requests.at(i);
        FUZZ_CHECK("round-trip-call", a.method == b.method && a.url == b.url && a.body == b.body && a.name == b.name,
                   describe(a) + "\n" + describe(b));
        FUZZ_CHECK("round-trip-headers", a.headers == b.headers, describe(a) + "\n" + describe(b));
    }
    FUZZ_CHECK("round-trip-variables", back.set.variables == result.set.variables,
               QByteArray::number(result.set.variables.size()) + " vs " + QByteArray::number(back.set.variables.size()));
    return 0;
}
