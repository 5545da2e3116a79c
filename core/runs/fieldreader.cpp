// SPDX-License-Identifier: BSD-3-Clause
#include "runs/fieldreader.h"
#include "runs/runstr.h"

#include <QJsonValue>
#include <QLocale>
#include <QStringList>

#include <cmath>

namespace batchlab {

void FieldReader::fail(const QString &field, const QString &message)
{
    if (ok()) {
        m_error->field = field;
        m_error->message = message;
    }
}

QString FieldReader::string(const QJsonObject &o, const char *key, const QString &where, bool required,
                            const QString &fallback)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined()) {
        if (required)
            fail(where + QLatin1String(key), RunsTr::tr("missing"));
        return fallback;
    }
    if (!v.isString())
        fail(where + QLatin1String(key), RunsTr::tr("expected a string"));
    return v.toString();
}

bool FieldReader::boolean(const QJsonObject &o, const char *key, const QString &where, bool fallback)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined())
        return fallback;
    if (!v.isBool())
        fail(where + QLatin1String(key), RunsTr::tr("expected true or false"));
    return v.toBool();
}

int FieldReader::integer(const QJsonObject &o, const char *key, const QString &where, int fallback, int min, int max)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined())
        return fallback;
    // Above INT_MAX, toInt() would give 0: a timeout of 5 000 000 000 ms would mean none. The
    // range is checked before the whole-number test, whose conversion of 1e300 is undefined.
    const double d = v.toDouble();
    if (!v.isDouble() || !(d >= min && d <= double(max)) || d != std::trunc(d)) {
        fail(where + QLatin1String(key), RunsTr::tr("expected a whole number from %1 to %2").arg(min).arg(max));
        return fallback;
    }
    return v.toInt();
}

double FieldReader::real(const QJsonObject &o, const char *key, const QString &where, double fallback,
                         double min, double max)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined())
        return fallback;
    if (!v.isDouble() || !(v.toDouble() >= min && v.toDouble() <= max)) {
        const QLocale c = QLocale::c();
        fail(where + QLatin1String(key), RunsTr::tr("expected a number from %1 to %2")
                                             .arg(c.toString(min, 'g', 12), c.toString(max, 'g', 12)));
        return fallback;
    }
    return v.toDouble();
}

int FieldReader::choice(const QJsonObject &o, const char *key, const QString &where,
                        std::span<const char *const> names, int fallback)
{
    const QString text = string(o, key, where, false);
    if (text.isEmpty())
        return fallback;
    int i = 0;
    for (const char *name : names) {
        if (text == QLatin1String(name))
            return i;
        ++i;
    }
    QStringList allowed;
    for (const char *name : names)
        allowed.append(QLatin1String(name));
    fail(where + QLatin1String(key), RunsTr::tr("expected one of %1").arg(allowed.join(QStringLiteral(", "))));
    return fallback;
}

std::optional<QJsonObject> FieldReader::object(const QJsonObject &o, const char *key)
{
    if (!ok() || !o.contains(QLatin1String(key)))
        return std::nullopt;
    const QJsonValue v = o.value(QLatin1String(key));
    if (!v.isObject()) {
        fail(QLatin1String(key), RunsTr::tr("expected an object"));
        return std::nullopt;
    }
    return v.toObject();
}

} // namespace batchlab
