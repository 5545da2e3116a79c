// SPDX-License-Identifier: BSD-3-Clause
#include "buildinfo.h"

#include "version.h"

namespace batchlab {

QString buildInfo()
{
    return QStringLiteral("Batchlab %1 (Qt %2, built against Qt %3)")
        .arg(QLatin1String(versionString()), QLatin1String(qVersion()),
             QLatin1String(QT_VERSION_STR));
}

} // namespace batchlab
