// SPDX-License-Identifier: BSD-3-Clause
#include "widgets/boundeddoublespinbox.h"
#include "widgets/boundedspinbox.h"
#include "widgets/wheelguard.h"

#include <QMetaObject>

namespace batchlab {

BoundedDoubleSpinBox::BoundedDoubleSpinBox(QWidget *parent) : QDoubleSpinBox(parent)
{
    WheelGuard::install(this);
}

QValidator::State BoundedDoubleSpinBox::validate(QString &input, int &pos) const
{
    const QValidator::State state = QDoubleSpinBox::validate(input, pos);
    if (state == QValidator::Invalid)
        explain(input);
    return state;
}

void BoundedDoubleSpinBox::fixup(QString &input) const
{
    explain(input);
    QDoubleSpinBox::fixup(input);
}

void BoundedDoubleSpinBox::explain(const QString &input) const
{
    const QString reason =
        BoundedSpinBox::refusal(input, minimum(), maximum(), decimals(), prefix(), suffix(), locale());
    if (reason.isEmpty())
        return;
    auto *self = const_cast<BoundedDoubleSpinBox *>(this); // see BoundedSpinBox::explain
    QMetaObject::invokeMethod(
        self,
        [self, reason] {
            BoundedSpinBox::showRefusal(self, reason);
            Q_EMIT self->refused(reason);
        },
        Qt::QueuedConnection);
}

} // namespace batchlab
