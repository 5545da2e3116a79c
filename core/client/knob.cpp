// SPDX-License-Identifier: BSD-3-Clause
#include "client/knob.h"

#include "client/clienttr.h"

#include <QLocale>

#include <climits>
#include <cmath>

namespace batchlab {

namespace {

QString number(double v)
{
    return QLocale::c().toString(v, 'g', 12);
}

/// "50", "50ms" and "50 ms" for a knob in ms: what displayText() writes reads back.
QString withoutUnit(const QString &text, const char *unit)
{
    const QString trimmed = text.trimmed();
    const QLatin1String u(unit);
    if (u.size() > 0 && trimmed.endsWith(u))
        return trimmed.chopped(u.size()).trimmed();
    return trimmed;
}

} // namespace

QString Knob::qualifiedName() const
{
    return QLatin1String(block) + u'.' + QLatin1String(name);
}

QString Knob::valueText(const ClientConfig &c) const
{
    switch (type) {
    case Type::Integer:
        return QString::number(qint64(get(c)));
    case Type::Decimal:
        return number(get(c));
    case Type::Switch:
        return get(c) != 0 ? QStringLiteral("true") : QStringLiteral("false");
    case Type::Choice: {
        // A value no name stands for (the batch key's custom strategy, a function): its number.
        const auto index = size_t(get(c));
        return index < choices.size() ? QString(QLatin1String(choices[index]))
                                      : QString::number(index);
    }
    case Type::StatusList: {
        QStringList statuses;
        for (int status : getList(c))
            statuses.append(QString::number(status));
        return statuses.join(u',');
    }
    }
    return {};
}

QString Knob::displayText(const ClientConfig &c) const
{
    if (type == Type::Switch)
        return get(c) != 0 ? QStringLiteral("on") : QStringLiteral("off");
    const QString text = valueText(c);
    return *unit ? text + u' ' + QLatin1String(unit) : text;
}

QString Knob::expected() const
{
    switch (type) {
    case Type::Integer:
        return ClientTr::tr("a whole number from %1 to %2").arg(number(min), number(max));
    case Type::Decimal:
        return ClientTr::tr("a number from %1 to %2").arg(number(min), number(max));
    case Type::Switch:
        return ClientTr::tr("true, false, on or off");
    case Type::Choice: {
        QStringList names;
        for (const char *choice : choices)
            names.append(QLatin1String(choice));
        return ClientTr::tr("one of %1").arg(names.join(QStringLiteral(", ")));
    }
    case Type::StatusList:
        return ClientTr::tr("HTTP statuses from 100 to 599, separated by commas");
    }
    return {};
}

bool Knob::setText(ClientConfig *c, const QString &text, QString *error) const
{
    const auto refuse = [&] {
        if (error)
            *error = ClientTr::tr("%1: \"%2\" is not %3").arg(qualifiedName(), text, expected());
        return false;
    };
    switch (type) {
    case Type::Integer: {
        bool ok = false;
        const qint64 v = withoutUnit(text, unit).toLongLong(&ok);
        if (!ok || double(v) < min || double(v) > max)
            return refuse();
        set(*c, double(v));
        return true;
    }
    case Type::Decimal: {
        bool ok = false;
        const double v = QLocale::c().toDouble(withoutUnit(text, unit), &ok);
        if (!ok || !std::isfinite(v) || v < min || v > max)
            return refuse();
        set(*c, v);
        return true;
    }
    case Type::Switch: {
        const QString t = text.trimmed().toLower();
        if (t == QLatin1String("true") || t == QLatin1String("on"))
            set(*c, 1);
        else if (t == QLatin1String("false") || t == QLatin1String("off"))
            set(*c, 0);
        else
            return refuse();
        return true;
    }
    case Type::Choice:
        for (size_t i = 0; i < choices.size(); ++i) {
            if (text.trimmed() == QLatin1String(choices[i])) {
                set(*c, double(i));
                return true;
            }
        }
        return refuse();
    case Type::StatusList: {
        QList<int> statuses;
        for (const QString &part : text.split(u',', Qt::SkipEmptyParts)) {
            bool ok = false;
            const int status = part.trimmed().toInt(&ok);
            if (!ok || status < 100 || status > 599)
                return refuse();
            statuses.append(status);
        }
        setList(*c, statuses);
        return true;
    }
    }
    return refuse();
}

QString Knob::translatedLabel() const
{
    return ClientTr::tr(label);
}

QString Knob::translatedHelp() const
{
    return ClientTr::tr(help);
}

QString Knob::choiceLabel(int index) const
{
    return size_t(index) < choiceLabels.size() ? ClientTr::tr(choiceLabels[size_t(index)])
                                               : QString();
}

QString Knob::panelSuffix() const
{
    return *panel.suffix ? ClientTr::tr(panel.suffix) : QString();
}

QString Knob::panelRowLabel() const
{
    return *panel.rowLabel ? ClientTr::tr(panel.rowLabel) : QString();
}

} // namespace batchlab
