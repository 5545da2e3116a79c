// SPDX-License-Identifier: BSD-3-Clause
#include "io/wireexportdialog.h"
#include "io/iotr.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QEventLoop>
#include <QFileDialog>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QProgressDialog>
#include <QSaveFile>
#include <QThread>
#include <QVBoxLayout>

#include <memory>

namespace batchlab {

WireExportDialog::WireExportDialog(const RunRecord &record, QWidget *parent) : QDialog(parent)
{
    setWindowTitle(IoTr::tr("Export run %1's wire as HAR").arg(record.summary.number));
    auto *what = new QLabel(IoTr::tr("One entry per HTTP request the run sent (%1), with its real times, "
                                     "headers, bodies and answer, and the calls each carried. Chrome, Firefox "
                                     "and HAR viewers show it; Batchlab opens it again as this run.")
                                .arg(QLocale().toString(qint64(record.batches.size()))),
                            this);
    what->setWordWrap(true);
    m_secrets = new QCheckBox(IoTr::tr("Include sensitive data"), this);
    m_secrets->setObjectName(QStringLiteral("wireExportSecrets"));
    m_secrets->setToolTip(IoTr::tr("Off: Authorization, Cookie, Set-Cookie, Proxy-Authorization and API-key "
                                   "values are left out, in the envelopes and in the items inside them."));
    m_perCall = new QCheckBox(IoTr::tr("One entry per call as well (%1)").arg(QLocale().toString(qint64(record.calls.size()))), this);
    m_perCall->setObjectName(QStringLiteral("wireExportPerCall"));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(what);
    layout->addWidget(m_secrets);
    layout->addWidget(m_perCall);
    layout->addWidget(buttons);
}

WireHarOptions WireExportDialog::options() const
{
    WireHarOptions options;
    options.includeSecrets = m_secrets->isChecked();
    options.entryPerCall = m_perCall->isChecked();
    return options;
}

bool WireExportDialog::write(QWidget *parent, const RunRecord &record, const WireHarOptions &options,
                             const QString &path, QString *error)
{
    // Written and saved on a worker thread, from the caller's record (the progress dialog is
    // window-modal: no run can replace it meanwhile), while the event loop goes on here.
    auto failure = std::make_shared<QString>();
    std::unique_ptr<QThread> worker(QThread::create([failure, &record, options, path] {
        const QByteArray bytes = WireHarExporter::write(record, options);
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
            *failure = IoTr::tr("cannot write %1: %2").arg(path, file.errorString());
    }));
    QProgressDialog progress(IoTr::tr("Writing the HAR of run %1…").arg(record.summary.number), QString(), 0, 0, parent);
    progress.setWindowModality(Qt::WindowModal);
    progress.setMinimumDuration(400);
    QEventLoop loop;
    QObject::connect(worker.get(), &QThread::finished, &loop, &QEventLoop::quit);
    worker->start();
    loop.exec();
    worker->wait();
    progress.reset();
    if (!failure->isEmpty()) {
        *error = *failure;
        return false;
    }
    return true;
}

bool WireExportDialog::run(QWidget *parent, const RunRecord &record)
{
    WireExportDialog dialog(record, parent);
    if (dialog.exec() != QDialog::Accepted)
        return false;
    const QString name = IoTr::tr("run-%1").arg(record.summary.number) + QStringLiteral(".har");
    const QString path = QFileDialog::getSaveFileName(parent, dialog.windowTitle(), name,
                                                      IoTr::tr("HAR files (*.har)"));
    if (path.isEmpty())
        return false;
    QString error;
    if (!write(parent, record, dialog.options(), path, &error)) {
        QMessageBox::warning(parent, IoTr::tr("Cannot export"), error);
        return false;
    }
    return true;
}

} // namespace batchlab
