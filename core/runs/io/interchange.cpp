// SPDX-License-Identifier: BSD-3-Clause
#include "runs/io/interchange.h"
#include "runs/io/curlexporter.h"
#include "runs/io/curlimporter.h"
#include "runs/io/harexporter.h"
#include "runs/io/harimporter.h"
#include "runs/io/postmanexporter.h"
#include "runs/io/postmanimporter.h"
#include "runs/runstr.h"

#include <QFile>

namespace batchlab {

const std::vector<const Importer *> &Interchange::importers()
{
    // One line per format; each importer is a stateless value.
    static const CurlImporter curl;
    static const HarImporter har;
    static const PostmanImporter postman;
    static const std::vector<const Importer *> all{&curl, &har, &postman};
    return all;
}

const std::vector<const Exporter *> &Interchange::exporters()
{
    static const CurlExporter curl;
    static const HarExporter har;
    static const PostmanExporter postman;
    static const std::vector<const Exporter *> all{&curl, &har, &postman};
    return all;
}

const Importer *Interchange::importerFor(const QByteArray &data)
{
    const Importer *best = nullptr;
    int bestScore = 0;
    for (const Importer *importer : importers()) {
        if (const int score = importer->recognizes(data); score > bestScore) {
            best = importer;
            bestScore = score;
        }
    }
    return best;
}

const Exporter *Interchange::exporter(const QString &format)
{
    for (const Exporter *exporter : exporters()) {
        if (exporter->format() == format)
            return exporter;
    }
    return nullptr;
}

ImportResult Interchange::importFile(const QString &path, QList<HarEntry> *harEntries)
{
    if (harEntries)
        harEntries->clear();
    ImportResult result;
    result.error.file = path;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        result.error.message = file.errorString();
        return result;
    }
    const QByteArray data = file.readAll();
    const Importer *importer = importerFor(data);
    if (!importer) {
        result.error.message = RunsTr::tr("not a file Batchlab can import (HAR, Postman collection, curl "
                                          "command lines)");
        return result;
    }
    // One reading for both: a 2 MB HAR is not parsed twice.
    const auto *har = dynamic_cast<const HarImporter *>(importer);
    ImportResult imported = har && harEntries ? har->read(data, path, harEntries) : importer->read(data, path);
    imported.formatName = importer->name();
    return imported;
}

QString ImportResult::summary() const
{
    if (!ok())
        return error.toString();
    const qsizetype in = set.requests.size();
    const QString imported = in == 1 ? RunsTr::tr("Imported 1 request") : RunsTr::tr("Imported %1 requests").arg(in);
    return RunsTr::tr("%1, skipped %2.").arg(imported).arg(skipped.size());
}

} // namespace batchlab
