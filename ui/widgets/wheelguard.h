// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QObject>

class QWidget;

namespace batchlab {

/// Keeps the mouse wheel from changing a spin box or combo box the user is only scrolling
/// past: in a long settings form a turn of the wheel over a box changed "Max batch size"
/// mid-run. Until the box has the focus (a click or Tab), its wheel events go to the form
/// around it, which scrolls.
class WheelGuard : public QObject
{
    Q_OBJECT

public:
    /// Guards `box` (and takes the focus from the wheel: a box gets it by click or Tab only).
    static void install(QWidget *box);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    explicit WheelGuard(QObject *parent);
};

} // namespace batchlab
