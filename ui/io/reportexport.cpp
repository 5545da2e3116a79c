// SPDX-License-Identifier: BSD-3-Clause
#include "io/reportexport.h"
#include "io/iotr.h"
#include "runs/report/runreports.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QProgressDialog>
#include <QSaveFile>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

namespace batchlab {

ReportExport::ReportExport(QWidget *parent) : QObject(parent), m_parent(parent), m_poll(new QTimer(this))
{
    m_poll->setInterval(100);
    connect(m_poll, &QTimer::timeout, this, &ReportExport::showProgress);
    connect(&m_watcher, &QFutureWatcher<bool>::finished, this, &ReportExport::onFinished);
}

ReportExport::~ReportExport()
{
    // The worker holds its own copy of the record and of the job: it may finish after us.
    if (m_job)
        m_job->cancel = true;
}

bool ReportExport::writeFile(const ReportWriter &writer, const RunRecord &record, const ReportOptions &options,
                             const QString &path, QString *error)
{
    QString why;
    const QByteArray bytes = writer.write(record, options, &why);
    if (bytes.isEmpty()) {
        *error = why.isEmpty() ? IoTr::tr("nothing to write") : why;
        return false;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        *error = IoTr::tr("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

bool ReportExport::start(const RunRecord &record, const ReportWriter &writer, const QString &path)
{
    if (busy())
        return false;
    m_job = std::make_shared<Job>();
    m_job->path = path;
    m_job->total = qint64(record.calls.size());
    std::shared_ptr<Job> job = m_job;
    const ReportWriter *w = &writer; // the writers are static (RunReports::writers())
    m_watcher.setFuture(QtConcurrent::run([job, w, record]() {
        ReportOptions options;
        options.progress = [job](qint64 done, qint64 total) {
            job->done = done;
            job->total = total;
            return !job->cancel.load();
        };
        return writeFile(*w, record, options, job->path, &job->error);
    }));
    m_poll->start();
    return true;
}

void ReportExport::showProgress()
{
    if (!m_job)
        return;
    // Shown only for a report that takes a while: most are written before the first poll.
    if (!m_dialog) {
        m_dialog = new QProgressDialog(IoTr::tr("Writing the report…"), IoTr::tr("Cancel"), 0, 1000, m_parent);
        m_dialog->setObjectName(QStringLiteral("reportProgress"));
        m_dialog->setWindowTitle(IoTr::tr("Export report"));
        m_dialog->setMinimumDuration(300);
        m_dialog->setAutoClose(false);
        m_dialog->setAutoReset(false);
        connect(m_dialog, &QProgressDialog::canceled, this, [this] {
            if (m_job)
                m_job->cancel = true;
        });
    }
    const qint64 total = std::max<qint64>(1, m_job->total.load());
    m_dialog->setValue(int(std::min<qint64>(1000, m_job->done.load() * 1000 / total)));
}

void ReportExport::onFinished()
{
    m_poll->stop();
    if (m_dialog) {
        m_dialog->deleteLater();
        m_dialog = nullptr;
    }
    const std::shared_ptr<Job> job = std::move(m_job);
    const bool ok = m_watcher.result();
    if (!ok && !job->cancel) {
        // Not exec(): the window goes on while the user reads it.
        auto *box = new QMessageBox(QMessageBox::Warning, IoTr::tr("Cannot export the report"), job->error,
                                    QMessageBox::Ok, m_parent);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    }
    Q_EMIT finished(ok, job->path, ok ? QString() : job->error);
}

bool ReportExport::exportRecord(const RunRecord &record, const QString &format)
{
    if (busy())
        return false;
    QStringList filters;
    QString selected;
    for (const ReportWriter *writer : RunReports::writers()) {
        const QString filter = IoTr::tr("%1 (*%2)").arg(writer->name(), writer->suffix());
        filters.append(filter);
        if (writer->format() == format || (format.isEmpty() && selected.isEmpty()))
            selected = filter;
    }
    const ReportWriter *first = RunReports::writer(format);
    if (!first)
        first = RunReports::writers().front();
    const QString base = (record.summary.setName.isEmpty() ? QStringLiteral("run") : record.summary.setName)
        + QStringLiteral("-run%1").arg(record.summary.number);
    QString path = QFileDialog::getSaveFileName(m_parent, IoTr::tr("Export report"), base + first->suffix(),
                                                filters.join(QStringLiteral(";;")), &selected);
    if (path.isEmpty())
        return false;
    // The name's extension says which format best; without one, the chosen file type.
    const ReportWriter *writer = nullptr;
    const QString extension = QFileInfo(path).suffix().toLower();
    for (const ReportWriter *w : RunReports::writers()) {
        if (w->suffix().endsWith(u'.' + extension) || (extension == QLatin1String("htm") && w->format() == QLatin1String("html")))
            writer = w;
    }
    for (qsizetype i = 0; !writer && i < filters.size(); ++i) {
        if (filters.at(i) == selected)
            writer = RunReports::writers().at(size_t(i));
    }
    if (!writer)
        writer = first;
    if (extension.isEmpty())
        path += writer->suffix();
    return start(record, *writer, path);
}

} // namespace batchlab
