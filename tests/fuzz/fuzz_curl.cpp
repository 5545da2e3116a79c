// SPDX-License-Identifier: BSD-3-Clause
// Fuzz target: CurlImporter over any pasted text, and an export → import of what it read. The
// input is the text itself (no header line, unlike the codec targets). Seeds:
// tests/fixtures/fuzz/curl/.
#include "fuzzsupport.h"
#include "runs/io/curlexporter.h"
#include "runs/io/curlimporter.h"
#include "runs/io/shellwords.h"

using namespace batchlab;
using namespace batchlab::fuzz;

namespace {

QByteArray describe(const ImportResult &result)
{
    return QByteArray::number(result.set.requests.size()) + " requests, "
        + QByteArray::number(result.skipped.size()) + " skipped; " + QByteArray::number(result.error.line) + ":"
        + QByteArray::number(result.error.column) + ": " + result.error.message.toUtf8();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    const QString text = QString::fromUtf8(input);
    const ShellSplit split = ShellWords::split(text);
    const int lines = int(text.count(u'\n')) + 1;
    FUZZ_CHECK("split-error-place",
               split.error.isEmpty()
                   ? split.line == 0
                   : split.line >= 1 && split.line <= lines && split.column >= 1 && split.commands.isEmpty(),
               input);
    for (const ShellCommand &command : split.commands)
        FUZZ_CHECK("split-no-empty-command", !command.words.isEmpty(), input);

    const ImportResult result = CurlImporter().read(input, QString());
    // Refused as a whole: where, and nothing half-imported.
    FUZZ_CHECK("error-is-whole",
               result.ok() || (result.set.requests.isEmpty() && result.error.line >= 1 && result.error.column >= 1),
               describe(result));
    if (!result.ok())
        return 0;
    for (const RequestItem &item : result.set.requests)
        FUZZ_CHECK("request-has-url-and-method", !item.url.isEmpty() && !item.name.isEmpty(), describe(result));

    // Whatever came in goes out as commands that come back as that many requests.
    QString error;
    const QByteArray script = CurlExporter().write(result.set, {false, true}, &error);
    if (!error.isEmpty())
        return 0; // a NUL, which no command line carries
    const ImportResult back = CurlImporter().read(script, QString());
    FUZZ_CHECK("export-imports", back.ok() && back.set.requests.size() == result.set.requests.size(),
               script + "\n" + describe(back));
    for (qsizetype i = 0; i < back.set.requests.size(); ++i) {
        const RequestItem &a = result.set.requests.at(i);
        const RequestItem &b = back.set.requests.at(i);
        FUZZ_CHECK("export-keeps-body", a.body == b.body, script);
    }
    return 0;
}
