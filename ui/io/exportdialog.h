// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "runs/io/exporter.h"

#include <QDialog>

class QCheckBox;

namespace batchlab {

/// Asks how a request set leaves in another tool's format (variables resolved or kept,
/// secrets left out or written), then where; writes it whole or not at all (QSaveFile).
class ExportDialog : public QDialog
{
    Q_OBJECT

public:
    ExportDialog(const Exporter &exporter, QWidget *parent = nullptr);

    ExportOptions options() const;

    /// The whole flow for File ▸ Export: the options, the file name, the bytes. False when
    /// cancelled or failed (the user was told why).
    static bool run(QWidget *parent, const Exporter &exporter, const RequestSet &set);
    /// Writes `set` to `path`; false with `error` saying why.
    static bool write(const Exporter &exporter, const RequestSet &set, const ExportOptions &options,
                      const QString &path, QString *error);

private:
    QCheckBox *m_resolve;
    QCheckBox *m_secrets;
};

} // namespace batchlab
