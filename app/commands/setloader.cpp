// SPDX-License-Identifier: BSD-3-Clause
#include "commands/setloader.h"
#include "apptr.h"

#include "runs/io/interchange.h"
#include "runs/requestsetfile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace batchlab {

namespace {

const char *const kSampleDir = ":/batchlab/sets/";

/// A native file by name or by its `"format"` near the start (a set saved under another name).
bool isNative(const QString &path, const QByteArray &data)
{
    return path.endsWith(QLatin1String(RequestSetFile::kSuffix))
        || data.left(4096).contains(QByteArray(QByteArray("\"") + RequestSetFile::kFormat + "\""));
}

} // namespace

QStringList SetLoader::sampleNames()
{
    QStringList names;
    for (QString name : QDir(QLatin1String(kSampleDir)).entryList(QDir::Files, QDir::Name))
        names.append(name.remove(QLatin1String(RequestSetFile::kSuffix)));
    return names;
}

ImportResult SetLoader::load(const QString &what)
{
    ImportResult result;
    QString path = what;
    if (!QFileInfo::exists(path)) {
        const QString sample = QLatin1String(kSampleDir) + QString(what).remove(QLatin1String(RequestSetFile::kSuffix))
            + QLatin1String(RequestSetFile::kSuffix);
        if (what.contains(u'/') || !QFile::exists(sample)) {
            result.error.file = what;
            result.error.message = AppTr::tr("no such file, and no sample of that name (samples: %1)")
                                       .arg(sampleNames().join(QStringLiteral(", ")));
            return result;
        }
        path = sample;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        result.error.file = what;
        result.error.message = file.errorString();
        return result;
    }
    const QByteArray data = file.readAll();
    if (!isNative(path, data))
        return Interchange::importFile(path);
    result.formatName = AppTr::tr("Batchlab request set");
    if (!RequestSetFile::parse(data, &result.set, &result.error))
        result.error.file = what;
    return result;
}

} // namespace batchlab
