// SPDX-License-Identifier: BSD-3-Clause
#include "runs/environment.h"

namespace batchlab {

namespace {

QString shout(const QString &text)
{
    QString out = text.toUpper();
    for (QChar &c : out) {
        if (!(c >= u'A' && c <= u'Z') && !(c >= u'0' && c <= u'9'))
            c = u'_';
    }
    return out;
}

} // namespace

QString secretEnvironmentVariable(const QString &environment, const QString &variable)
{
    const QString prefix = environment.isEmpty() ? QString() : shout(environment) + u'_';
    return QStringLiteral("BATCHLAB_SECRET_") + prefix + shout(variable);
}

QString secretStoreKey(const QString &set, const QString &environment, const QString &variable)
{
    const QString middle = environment.isEmpty() ? QString() : environment + u'/';
    return set + u'/' + middle + variable;
}

} // namespace batchlab
