// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "runs/report/reportwriter.h"

#include <QFutureWatcher>
#include <QObject>

#include <atomic>
#include <memory>

class QProgressDialog;
class QTimer;
class QWidget;

namespace batchlab {

/// Writes a run report without freezing the window: the record (a value) is copied to a
/// worker thread (QtConcurrent), written there by its ReportWriter and saved whole or not
/// at all (QSaveFile); a progress dialog that can cancel shows how far it is once it takes
/// longer than a moment. One report at a time.
class ReportExport : public QObject
{
    Q_OBJECT

public:
    explicit ReportExport(QWidget *parent);
    ~ReportExport() override;

    /// The whole flow of "Export report…": a file name whose type picks the format
    /// (`format` first, else HTML), then start(). False when cancelled or busy.
    bool exportRecord(const RunRecord &record, const QString &format = {});
    /// Starts writing `record` with `writer` to `path`; finished() says how it ended.
    /// False (nothing started) while another report is being written.
    bool start(const RunRecord &record, const ReportWriter &writer, const QString &path);
    bool busy() const { return m_watcher.isRunning(); }
    /// Writes `record` to `path` on the calling thread; false with `error` saying why.
    static bool writeFile(const ReportWriter &writer, const RunRecord &record, const ReportOptions &options,
                          const QString &path, QString *error);

Q_SIGNALS:
    /// Written (`ok`), or not with `error` saying why ("cancelled" when the user cancelled).
    void finished(bool ok, const QString &path, const QString &error);

private:
    struct Job
    {
        std::atomic<qint64> done{0};
        std::atomic<qint64> total{0};
        std::atomic<bool> cancel{false};
        QString path;
        QString error;
    };
    void showProgress();
    void onFinished();

    QWidget *m_parent;
    QFutureWatcher<bool> m_watcher;
    std::shared_ptr<Job> m_job;
    QTimer *m_poll;
    QProgressDialog *m_dialog = nullptr;
};

} // namespace batchlab
