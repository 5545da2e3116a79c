// SPDX-License-Identifier: BSD-3-Clause
#include "commands/runreporttargets.h"
#include "apptr.h"

#include "runs/io/wireharexporter.h"
#include "runs/report/runreports.h"

#include <QSaveFile>

namespace batchlab {

namespace {

const char *const kHar = "har";

} // namespace

QStringList RunReportTargets::formats()
{
    QStringList names;
    for (const ReportWriter *writer : RunReports::writers())
        names.append(writer->format());
    names.append(QLatin1String(kHar));
    return names;
}

QString RunReportTargets::parse(const QStringList &values)
{
    for (const QString &value : values) {
        const qsizetype colon = value.indexOf(u':');
        const QString format = colon < 0 ? value : value.left(colon);
        const QString path = colon < 0 ? QString() : value.mid(colon + 1);
        if (!formats().contains(format))
            return AppTr::tr("--report \"%1\": unknown format \"%2\" (known: %3)")
                .arg(value, format, formats().join(QStringLiteral(", ")));
        if (path.isEmpty())
            return AppTr::tr("--report \"%1\": expected FORMAT:FILE, e.g. %2:run.%2").arg(value, format);
        m_targets.append({format, path});
    }
    return QString();
}

bool RunReportTargets::wantsWire() const
{
    return std::any_of(m_targets.cbegin(), m_targets.cend(),
                       [](const Target &target) { return target.format == QLatin1String(kHar); });
}

QStringList RunReportTargets::write(const RunRecord &record, QStringList *written) const
{
    QStringList problems;
    for (const Target &target : m_targets) {
        QString error;
        QByteArray bytes;
        if (target.format == QLatin1String(kHar))
            bytes = WireHarExporter::write(record);
        else
            bytes = RunReports::writer(target.format)->write(record, ReportOptions(), &error);
        if (bytes.isEmpty() && !error.isEmpty()) {
            problems.append(AppTr::tr("%1: %2").arg(target.path, error));
            continue;
        }
        QSaveFile file(target.path);
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
            problems.append(AppTr::tr("%1: %2").arg(target.path, file.errorString()));
            continue;
        }
        written->append(target.path);
    }
    return problems;
}

} // namespace batchlab
