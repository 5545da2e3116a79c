// SPDX-License-Identifier: BSD-3-Clause
#include "commands/convertcommand.h"
#include "apptr.h"

#include "commands/cliparser.h"
#include "commands/exitcode.h"

#include "runs/io/harexporter.h"
#include "runs/io/interchange.h"
#include "runs/requestsetfile.h"
#include "runs/settingsblocks.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSaveFile>
#include <QTextStream>

#include <algorithm>
#include <cstdio>

namespace batchlab {

namespace {

const QString kNative = QStringLiteral("native");
/// The standard streams, when IN or OUT is "-".
const QString kStdStream = QStringLiteral("-");

/// Every format's name, as --from and --to take them: the native one, then the exporters'.
QStringList formatNames()
{
    // In the order people know them by; a format Interchange gains later comes after.
    QStringList names{kNative, QStringLiteral("har"), QStringLiteral("postman"), QStringLiteral("curl")};
    for (const Exporter *exporter : Interchange::exporters()) {
        if (!names.contains(exporter->format()))
            names.append(exporter->format());
    }
    return names;
}

/// OUT's format from its name: each format's suffixes, the longest first so that
/// `x.postman_collection.json` is not taken for something `.json` would say.
QString formatOfName(const QString &path)
{
    static const QList<QPair<QString, QString>> suffixes{
        {QLatin1String(RequestSetFile::kSuffix), kNative},
        {QStringLiteral(".postman_collection.json"), QStringLiteral("postman")},
        {QStringLiteral(".postman.json"), QStringLiteral("postman")},
        {QStringLiteral(".har"), QStringLiteral("har")},
        {QStringLiteral(".sh"), QStringLiteral("curl")},
        {QStringLiteral(".curl"), QStringLiteral("curl")},
    };
    for (const auto &[suffix, format] : suffixes) {
        if (path.endsWith(suffix, Qt::CaseInsensitive))
            return format;
    }
    return {};
}

/// A native request set by its content: its `format` at the top, or, when the JSON is broken,
/// that key somewhere, so that RequestSetFile says where it breaks rather than "not a file
/// Batchlab can import".
bool looksNative(const QByteArray &data)
{
    const QJsonDocument document = QJsonDocument::fromJson(data);
    if (document.isObject())
        return document.object().value(QStringLiteral("format")).toString() == QLatin1String(RequestSetFile::kFormat);
    static const QRegularExpression format(QStringLiteral("\"format\"\\s*:\\s*\"batchlab\\.requestset\""));
    return document.isNull() && format.match(QString::fromUtf8(data)).hasMatch();
}

const Importer *importerNamed(const QString &format)
{
    for (const Importer *importer : Interchange::importers()) {
        if (importer->format() == format)
            return importer;
    }
    return nullptr;
}

/// IN read as `from` (empty: the format its content says), as the workbench's Open and
/// Import read it.
ImportResult readInput(const QByteArray &data, const QString &fileName, const QString &from)
{
    ImportResult result;
    if (from == kNative || (from.isEmpty() && looksNative(data))) {
        result.formatName = AppTr::tr("Batchlab request set");
        RequestSetFile::parse(data, &result.set, &result.error);
        result.error.file = fileName;
        return result;
    }
    const Importer *importer = from.isEmpty() ? Interchange::importerFor(data) : importerNamed(from);
    if (!importer) {
        result.error.file = fileName;
        result.error.message = AppTr::tr("not a file batchlab convert can read (a Batchlab request set, HAR, "
                                         "Postman collection or curl command lines); --from names the format");
        return result;
    }
    result = importer->read(data, fileName);
    result.formatName = importer->name();
    return result;
}

/// `set` with its {{variables}} replaced in what its requests send, as the exporters do with
/// ExportOptions::resolveVariables; secret values only with ExportOptions::includeSecrets.
RequestSet resolved(const RequestSet &set, const ExportOptions &options)
{
    const RequestSet values = Exporter::substitutable(set, options);
    RequestSet out = set;
    for (RequestItem &item : out.requests) {
        item.url = values.substitute(item.url);
        item.body = values.substitute(item.body);
        for (auto &header : item.headers)
            header.second = values.substitute(header.second);
    }
    if (out.target) {
        out.target->baseUrl = values.substitute(out.target->baseUrl);
        for (auto &header : out.target->headers)
            header.second = values.substitute(header.second);
    }
    return out;
}

/// What OUT's format leaves out of `set`, in the words of the import report, so that a
/// conversion never loses something silently.
QList<ImportNote> leftOut(const RequestSet &set, const QString &format, const ExportOptions &options)
{
    QList<ImportNote> notes;
    if (format == kNative || format == QLatin1String("postman"))
        return notes; // the collection carries the rest in its `batchlab` variable
    // curl keeps the variables as shell variables; a HAR holds none.
    if (format == QLatin1String("har") && !set.variables.isEmpty() && !options.resolveVariables)
        notes.append({AppTr::tr("the set"), AppTr::tr("its variables (their {{names}} stay in the requests)")});
    if (set.batch || set.target || SettingsBlocks::any(set))
        notes.append({AppTr::tr("the set"), AppTr::tr("its settings and target")});
    if (!set.environments.isEmpty())
        notes.append({AppTr::tr("the set"), AppTr::tr("its environments")});
    // Credentials left out of a HAR, one line per header name: a collection sends the same
    // Authorization with most of its requests.
    QList<QPair<QString, QStringList>> secretHeaders;
    for (qsizetype i = 0; i < set.requests.size(); ++i) {
        const RequestItem &item = set.requests.at(i);
        const QString where = AppTr::tr("request %1 (\"%2\")").arg(i + 1).arg(item.name);
        if (!item.group.isEmpty() || !item.dependsOn.isEmpty())
            notes.append({where, AppTr::tr("its change set and dependencies")});
        if (format == QLatin1String("curl") && !item.enabled) {
            notes.append({where, AppTr::tr("the whole request: it is disabled")});
            continue;
        }
        if (format != QLatin1String("har"))
            continue;
        if (!item.enabled)
            notes.append({where, AppTr::tr("that it is disabled: a HAR entry is always sent")});
        const QString url = options.resolveVariables ? set.substitute(item.url) : item.url;
        if (url.startsWith(QLatin1String("{{")))
            notes.append({where, AppTr::tr("the variable its URL starts with: the HAR has \"%1\" under %2")
                                     .arg(url, HarExporter::baseUrlOf(set).toString())});
        for (const auto &[name, value] : item.headers) {
            if (options.includeSecrets || !HarExporter::isSecretHeader(name))
                continue;
            auto same = std::find_if(secretHeaders.begin(), secretHeaders.end(), [&name](const auto &entry) {
                return entry.first.compare(name, Qt::CaseInsensitive) == 0;
            });
            if (same == secretHeaders.end())
                same = secretHeaders.insert(secretHeaders.end(), {name, {}});
            if (same->second.isEmpty() || same->second.constLast() != QString::number(i + 1))
                same->second.append(QString::number(i + 1));
        }
    }
    for (const auto &[name, requests] : std::as_const(secretHeaders))
        notes.append({(requests.size() == 1 ? AppTr::tr("request %1") : AppTr::tr("requests %1"))
                          .arg(requests.join(QStringLiteral(", "))),
                      AppTr::tr("the %1 header (--include-secrets writes it)").arg(name)});
    return notes;
}

bool readAll(const QString &path, QByteArray *data, QString *error)
{
    QFile file(path == kStdStream ? QString() : path);
    if (!(path == kStdStream ? file.open(stdin, QIODevice::ReadOnly) : file.open(QIODevice::ReadOnly))) {
        *error = file.errorString();
        return false;
    }
    *data = file.readAll();
    return true;
}

bool writeAll(const QString &path, const QByteArray &data, QString *error)
{
    if (path == kStdStream) {
        QFile out;
        if (!out.open(stdout, QIODevice::WriteOnly) || out.write(data) != data.size() || !out.flush()) {
            *error = out.errorString();
            return false;
        }
        return true;
    }
    // Whole or not at all: an interrupted conversion leaves the old OUT as it was.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size() || !file.commit()) {
        *error = file.errorString();
        return false;
    }
    return true;
}

} // namespace

CliCommand convertCommandSpec()
{
    const QString formats = formatNames().join(QStringLiteral(", "));
    CliCommand command;
    command.name = QStringLiteral("convert");
    command.summary = AppTr::tr("convert a request set between Batchlab, HAR, Postman and curl");
    command.synopsis = QStringLiteral("[OPTIONS] IN OUT");
    command.description = AppTr::tr(
        "Reads IN with the importers the workbench uses and writes OUT with its exporters: a Batchlab "
        "request set (.batchlab.json), a HAR, a Postman collection (v2.0 or v2.1 in, v2.1 out) or a file of "
        "curl command lines. IN's format is told from its content, OUT's from its extension (.batchlab.json, "
        ".har, .postman_collection.json or .postman.json, .sh or .curl); --from and --to say them instead. "
        "\"-\" reads standard input or writes standard output.\n\n"
        "What was read, skipped and changed is reported on stderr, and what OUT's format cannot hold. "
        "Secrets stay out unless --include-secrets: secret variables are written empty, and a HAR leaves "
        "out Authorization, Cookie and API-key headers. An existing OUT is replaced (and said so); OUT "
        "being IN needs --force.");
    command.positionals = {
        {QStringLiteral("IN"), AppTr::tr("The file to read, or - for standard input.")},
        {QStringLiteral("OUT"), AppTr::tr("The file to write, or - for standard output (then with --to).")},
    };
    command.options = {
        {{QStringLiteral("from")}, AppTr::tr("FORMAT"), AppTr::tr("Read IN as FORMAT (%1).").arg(formats), {}, formatNames()},
        {{QStringLiteral("to")}, AppTr::tr("FORMAT"), AppTr::tr("Write OUT as FORMAT (%1).").arg(formats), {}, formatNames()},
        {{QStringLiteral("resolve-variables")}, {},
         AppTr::tr("Replace {{variables}} with their values; otherwise they stay for the other tool to fill "
                   "in (curl: as shell variables)."),
         {}, {}},
        {{QStringLiteral("include-secrets")}, {},
         AppTr::tr("Include secrets and credentials: secret variables' values and, in a HAR, Authorization, "
                   "Cookie and API-key headers."),
         {}, {}},
        {{QStringLiteral("f"), QStringLiteral("force")}, {}, AppTr::tr("Write OUT even when it is IN."), {}, {}},
    };
    command.examples = {
        {QStringLiteral("convert capture.har capture.batchlab.json"), AppTr::tr("a browser's HAR into a request set")},
        {QStringLiteral("convert api.postman_collection.json api.sh"), AppTr::tr("a Postman collection into curl lines")},
        {QStringLiteral("convert --resolve-variables set.batchlab.json set.har"),
         AppTr::tr("a set as HAR with its variables filled in, without credentials")},
        {QStringLiteral("convert --from curl --to postman - -"), AppTr::tr("curl lines on stdin to a collection on stdout")},
    };
    return command;
}

int runConvertCommand(const QStringList &arguments)
{
    QTextStream err(stderr);
    const CliCommand command = convertCommandSpec();
    CliParser parser(command);
    if (const std::optional<int> done = parser.parse(arguments))
        return *done;
    const QStringList files = parser.positionalArguments();
    if (files.size() != 2)
        return parser.usageError(files.size() < 2 ? AppTr::tr("expects IN and OUT")
                                                  : AppTr::tr("unexpected argument \"%1\"").arg(files.at(2)));
    const QString &in = files.at(0);
    const QString &out = files.at(1);
    const QStringList formats = formatNames();
    for (const QString &option : {QStringLiteral("from"), QStringLiteral("to")}) {
        if (parser.isSet(option) && !formats.contains(parser.value(option)))
            return parser.usageError(AppTr::tr("--%1 expects one of %2, not \"%3\"")
                                         .arg(option, formats.join(QStringLiteral(", ")), parser.value(option)));
    }
    const QString to = parser.isSet(QStringLiteral("to")) ? parser.value(QStringLiteral("to")) : formatOfName(out);
    if (to.isEmpty()) {
        return parser.usageError(out == kStdStream
                                     ? AppTr::tr("writing to standard output needs --to (%1)").arg(formats.join(QStringLiteral(", ")))
                                     : AppTr::tr("cannot tell the format of \"%1\" from its extension: name it .batchlab.json, "
                                                 ".har, .postman_collection.json or .sh, or say --to (%2)")
                                           .arg(out, formats.join(QStringLiteral(", "))));
    }
    const bool outExists = out != kStdStream && QFileInfo::exists(out);
    if (outExists && in != kStdStream && !parser.isSet(QStringLiteral("force"))
        && QFileInfo(in).canonicalFilePath() == QFileInfo(out).canonicalFilePath()) {
        return parser.usageError(AppTr::tr("OUT is IN (\"%1\"): it would be replaced by what %2 can hold of it; "
                                           "--force does it anyway")
                                     .arg(out, to));
    }

    QByteArray data;
    QString why;
    const QString inName = in == kStdStream ? AppTr::tr("standard input") : in;
    if (!readAll(in, &data, &why)) {
        err << AppTr::tr("batchlab convert: cannot read %1: %2").arg(inName, why) << Qt::endl;
        return ExitUsage;
    }
    const ImportResult imported = readInput(data, inName, parser.value(QStringLiteral("from")));
    if (!imported.ok()) {
        err << AppTr::tr("batchlab convert: %1").arg(imported.error.toString()) << Qt::endl;
        return ExitUsage;
    }
    // The import report, as the Import dialog shows it: nothing is dropped silently.
    err << AppTr::tr("%1: read as %2. %3").arg(inName, imported.formatName, imported.summary()) << Qt::endl;
    for (const ImportNote &note : imported.skipped)
        err << AppTr::tr("  skipped  %1: %2").arg(note.where, note.what) << Qt::endl;
    for (const ImportNote &note : imported.notes)
        err << AppTr::tr("  changed  %1: %2").arg(note.where, note.what) << Qt::endl;

    ExportOptions options;
    options.resolveVariables = parser.isSet(QStringLiteral("resolve-variables"));
    options.includeSecrets = parser.isSet(QStringLiteral("include-secrets"));
    QByteArray bytes;
    QString formatName;
    if (to == kNative) {
        formatName = AppTr::tr("Batchlab request set");
        bytes = RequestSetFile::serialize(options.resolveVariables ? resolved(imported.set, options)
                                                                   : imported.set);
    } else {
        const Exporter *exporter = Interchange::exporter(to);
        formatName = exporter->name();
        bytes = exporter->write(imported.set, options, &why);
        if (bytes.isEmpty() && !why.isEmpty()) {
            err << AppTr::tr("batchlab convert: cannot write %1 as %2: %3").arg(inName, formatName, why) << Qt::endl;
            return ExitUsage;
        }
    }
    const QString outName = out == kStdStream ? AppTr::tr("standard output") : out;
    if (!writeAll(out, bytes, &why)) {
        err << AppTr::tr("batchlab convert: cannot write %1: %2").arg(outName, why) << Qt::endl;
        return ExitUsage;
    }
    err << (outExists ? AppTr::tr("%1: written as %2, replacing the file that was there.")
                      : AppTr::tr("%1: written as %2."))
               .arg(outName, formatName)
        << Qt::endl;
    for (const ImportNote &note : leftOut(imported.set, to, options))
        err << AppTr::tr("  left out %1: %2").arg(note.where, note.what) << Qt::endl;
    return ExitOk;
}

} // namespace batchlab
