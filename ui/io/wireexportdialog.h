// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "runs/io/wireharexporter.h"

#include <QDialog>

class QCheckBox;

namespace batchlab {

/// File ▸ Export As ▸ Run's Wire as HAR: asks what to include (credentials, an entry per
/// call), where to save, and writes the HAR on a worker thread, so that a 100 000-call run
/// does not freeze the window; saved with QSaveFile.
class WireExportDialog : public QDialog
{
    Q_OBJECT

public:
    explicit WireExportDialog(const RunRecord &record, QWidget *parent = nullptr);

    WireHarOptions options() const;

    /// Writes `record` to `path` off the event loop's thread (the loop keeps running, a
    /// window-modal progress dialog shows after a moment); false with `error` set when it
    /// cannot. `record` must live until it returns.
    static bool write(QWidget *parent, const RunRecord &record, const WireHarOptions &options,
                      const QString &path, QString *error);
    /// The whole dialog: options, file name, writing. False when cancelled or refused.
    static bool run(QWidget *parent, const RunRecord &record);

private:
    QCheckBox *m_secrets;
    QCheckBox *m_perCall;
};

} // namespace batchlab
