// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QCoreApplication>
#include <QString>

QT_BEGIN_NAMESPACE
class QWidget;
QT_END_NAMESPACE

namespace batchlab {

/// Writes what a chart view shows to a PNG or SVG file, chosen by the file's suffix.
class ChartExporter
{
    Q_DECLARE_TR_FUNCTIONS(batchlab::ChartExporter)

public:
    explicit ChartExporter(QWidget *view);

    /// The SVG document's title and description.
    void setTitle(const QString &title) { m_title = title; }
    void setDescription(const QString &description) { m_description = description; }

    /// False, with `error` saying why, when the suffix is neither .png nor .svg or the file
    /// cannot be written; an existing file is only replaced once the new one is complete.
    bool write(const QString &path, QString *error = nullptr);

private:
    QWidget *m_view;
    QString m_title;
    QString m_description;
};

} // namespace batchlab
