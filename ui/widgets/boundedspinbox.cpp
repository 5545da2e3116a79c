// SPDX-License-Identifier: BSD-3-Clause
#include "widgets/boundedspinbox.h"
#include "widgets/wheelguard.h"
#include "widgets/widgetstr.h"

#include <QMetaObject>
#include <QToolTip>

namespace batchlab {

BoundedSpinBox::BoundedSpinBox(QWidget *parent) : QSpinBox(parent)
{
    WheelGuard::install(this);
}

QValidator::State BoundedSpinBox::validate(QString &input, int &pos) const
{
    const QValidator::State state = QSpinBox::validate(input, pos);
    // Invalid: the keystroke is dropped (a number past the maximum can never become valid).
    if (state == QValidator::Invalid)
        explain(input);
    return state;
}

void BoundedSpinBox::fixup(QString &input) const
{
    // Reached when editing ends on a number that is not acceptable (below the minimum): the
    // box then puts back its previous value.
    explain(input);
    QSpinBox::fixup(input);
}

void BoundedSpinBox::explain(const QString &input) const
{
    const QString reason = refusal(input, minimum(), maximum(), 0, prefix(), suffix(), locale());
    if (reason.isEmpty())
        return;
    // validate() and fixup() are const and may run inside the line edit's own handling:
    // say it once the event loop is back.
    auto *self = const_cast<BoundedSpinBox *>(this);
    QMetaObject::invokeMethod(
        self,
        [self, reason] {
            showRefusal(self, reason);
            Q_EMIT self->refused(reason);
        },
        Qt::QueuedConnection);
}

QString BoundedSpinBox::refusal(const QString &text, double min, double max, int decimals, const QString &prefix,
                                const QString &suffix, const QLocale &locale)
{
    QString number = text;
    if (!prefix.isEmpty() && number.startsWith(prefix))
        number.remove(0, prefix.size());
    if (!suffix.isEmpty() && number.endsWith(suffix))
        number.chop(suffix.size());
    number = number.trimmed();
    number.remove(locale.groupSeparator());
    if (number.isEmpty() || number == locale.negativeSign() || number == locale.positiveSign())
        return {}; // still being typed
    bool ok = false;
    const double value = locale.toDouble(number, &ok);
    const auto show = [&](double v) { return locale.toString(v, 'f', decimals); };
    if (!ok)
        return decimals == 0 ? WidgetsTr::tr("\"%1\" is not a whole number").arg(number)
                             : WidgetsTr::tr("\"%1\" is not a number").arg(number);
    if (value > max)
        return WidgetsTr::tr("%1 is more than %2, the most it takes").arg(show(value), show(max));
    if (value < min)
        return WidgetsTr::tr("%1 is less than %2, the least it takes").arg(show(value), show(min));
    if (decimals == 0 && number.contains(locale.decimalPoint()))
        return WidgetsTr::tr("\"%1\" is not a whole number").arg(number);
    return {};
}

void BoundedSpinBox::showRefusal(QWidget *box, const QString &reason)
{
    if (box->isVisible())
        QToolTip::showText(box->mapToGlobal(QPoint(0, box->height())), reason, box, {}, 5000);
}

} // namespace batchlab
