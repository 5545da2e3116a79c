// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "runs/secretresolver.h"

#include <QDialog>

class QCheckBox;
class QLineEdit;

namespace batchlab {

/// Asks for the secrets a run or a Send needs and found nowhere (SecretResolver): one masked
/// field each, named by environment and variable, and "Remember in the system's secret store"
/// where there is one. The values stay in memory for the session otherwise.
class SecretsDialog : public QDialog
{
    Q_OBJECT

public:
    SecretsDialog(const QList<SecretNeed> &needs, bool storeAvailable, QWidget *parent = nullptr);

    QStringList values() const;
    bool remember() const;

private:
    QList<QLineEdit *> m_fields;
    QCheckBox *m_remember;
};

} // namespace batchlab
