// SPDX-License-Identifier: BSD-3-Clause
#include "translations.h"

#include <QCoreApplication>
#include <QLocale>
#include <QTranslator>

namespace batchlab {

bool installTranslations(QCoreApplication *app)
{
    auto *translator = new QTranslator(app);
    const QString folder = QStringLiteral(":/batchlab/i18n");
    if (translator->load(QLocale(), QStringLiteral("batchlab"), QStringLiteral("_"), folder)
        || translator->load(QStringLiteral("batchlab_en"), folder)) {
        return QCoreApplication::installTranslator(translator);
    }
    delete translator;
    return false;
}

} // namespace batchlab
