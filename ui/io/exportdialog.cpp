// SPDX-License-Identifier: BSD-3-Clause
#include "io/exportdialog.h"
#include "io/iotr.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QLabel>
#include <QMessageBox>
#include <QSaveFile>
#include <QVBoxLayout>

namespace batchlab {

ExportDialog::ExportDialog(const Exporter &exporter, QWidget *parent) : QDialog(parent)
{
    setWindowTitle(IoTr::tr("Export as %1").arg(exporter.name()));
    m_resolve = new QCheckBox(IoTr::tr("Replace {{variables}} with their values"), this);
    m_resolve->setObjectName(QStringLiteral("exportResolve"));
    m_resolve->setToolTip(IoTr::tr("Off: the variables stay as they are (curl: as shell variables), for the "
                                   "other tool to fill in."));
    m_secrets = new QCheckBox(IoTr::tr("Include secrets and credentials"), this);
    m_secrets->setObjectName(QStringLiteral("exportSecrets"));
    m_secrets->setToolTip(IoTr::tr("Off: secret values, Authorization, Cookie and API-key headers are left out, "
                                   "so the file can be shared."));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_resolve);
    layout->addWidget(m_secrets);
    layout->addWidget(buttons);
}

ExportOptions ExportDialog::options() const
{
    ExportOptions options;
    options.resolveVariables = m_resolve->isChecked();
    options.includeSecrets = m_secrets->isChecked();
    return options;
}

bool ExportDialog::write(const Exporter &exporter, const RequestSet &set, const ExportOptions &options,
                         const QString &path, QString *error)
{
    QString why;
    const QByteArray bytes = exporter.write(set, options, &why);
    if (bytes.isEmpty() && !why.isEmpty()) {
        *error = why;
        return false;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        *error = IoTr::tr("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

bool ExportDialog::run(QWidget *parent, const Exporter &exporter, const RequestSet &set)
{
    ExportDialog dialog(exporter, parent);
    if (dialog.exec() != QDialog::Accepted)
        return false;
    const QString path = QFileDialog::getSaveFileName(parent, IoTr::tr("Export as %1").arg(exporter.name()),
                                                      set.name + exporter.suffix());
    if (path.isEmpty())
        return false;
    QString error;
    if (!write(exporter, set, dialog.options(), path, &error)) {
        QMessageBox::warning(parent, IoTr::tr("Cannot export"), error);
        return false;
    }
    return true;
}

} // namespace batchlab
