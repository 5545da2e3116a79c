// SPDX-License-Identifier: BSD-3-Clause
#include "run/secretsdialog.h"
#include "run/runtr.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

namespace batchlab {

SecretsDialog::SecretsDialog(const QList<SecretNeed> &needs, bool storeAvailable, QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("secretsDialog"));
    setWindowTitle(RunTr::tr("Secrets needed"));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(RunTr::tr("These secrets have no value in this session. They are kept in "
                                       "memory until Batchlab closes, never in the set's file."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto *form = new QFormLayout;
    for (const SecretNeed &need : needs) {
        auto *field = new QLineEdit(this);
        field->setObjectName(QStringLiteral("secret:") + need.label());
        field->setEchoMode(QLineEdit::Password);
        field->setToolTip(RunTr::tr("Or set the environment variable %1 before starting Batchlab.")
                              .arg(secretEnvironmentVariable(need.environment, need.name)));
        form->addRow(need.label(), field);
        m_fields.append(field);
    }
    layout->addLayout(form);
    m_remember = new QCheckBox(RunTr::tr("Remember in the system's secret store"), this);
    m_remember->setObjectName(QStringLiteral("rememberSecrets"));
    m_remember->setEnabled(storeAvailable);
    if (!storeAvailable)
        m_remember->setToolTip(RunTr::tr("No secret store can be reached here."));
    layout->addWidget(m_remember);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

QStringList SecretsDialog::values() const
{
    QStringList out;
    for (const QLineEdit *field : m_fields)
        out.append(field->text());
    return out;
}

bool SecretsDialog::remember() const
{
    return m_remember->isChecked();
}

} // namespace batchlab
