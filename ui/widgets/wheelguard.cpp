// SPDX-License-Identifier: BSD-3-Clause
#include "widgets/wheelguard.h"

#include <QEvent>
#include <QWidget>

namespace batchlab {

WheelGuard::WheelGuard(QObject *parent) : QObject(parent) {}

void WheelGuard::install(QWidget *box)
{
    box->setFocusPolicy(Qt::StrongFocus);
    box->installEventFilter(new WheelGuard(box));
}

bool WheelGuard::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::Wheel && !static_cast<QWidget *>(watched)->hasFocus()) {
        // Filtered but not accepted: QApplication hands the wheel to the parents, up to the
        // scroll area.
        event->ignore();
        return true;
    }
    return false;
}

} // namespace batchlab
