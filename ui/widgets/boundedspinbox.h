// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QSpinBox>

namespace batchlab {

/// A QSpinBox that says why it refused what was typed. A plain QSpinBox silently drops a
/// keystroke that takes the number past its maximum and silently puts back the old value
/// when the number is below its minimum, which reads as a broken box; this one emits
/// refused() with the reason and shows it beside the box. The wheel changes it only once it
/// has the focus (WheelGuard).
class BoundedSpinBox : public QSpinBox
{
    Q_OBJECT

public:
    explicit BoundedSpinBox(QWidget *parent = nullptr);

    QValidator::State validate(QString &input, int &pos) const override;
    void fixup(QString &input) const override;

    /// Why `text` (as typed, prefix and suffix included) is not a value of a box with this
    /// range, or empty when it is or may still become one.
    static QString refusal(const QString &text, double min, double max, int decimals, const QString &prefix,
                           const QString &suffix, const QLocale &locale);
    /// Shows `reason` as a tooltip under `box` and emits nothing: the common part of both boxes.
    static void showRefusal(QWidget *box, const QString &reason);

Q_SIGNALS:
    /// What was typed could not be taken, and why ("5000 is more than 1000, the most it takes").
    void refused(const QString &reason);

private:
    void explain(const QString &input) const;
};

} // namespace batchlab
