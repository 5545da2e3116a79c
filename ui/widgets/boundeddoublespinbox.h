// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QDoubleSpinBox>

namespace batchlab {

/// BoundedSpinBox for decimals: a QDoubleSpinBox that says why it refused what was typed.
class BoundedDoubleSpinBox : public QDoubleSpinBox
{
    Q_OBJECT

public:
    explicit BoundedDoubleSpinBox(QWidget *parent = nullptr);

    QValidator::State validate(QString &input, int &pos) const override;
    void fixup(QString &input) const override;

Q_SIGNALS:
    void refused(const QString &reason);

private:
    void explain(const QString &input) const;
};

} // namespace batchlab
