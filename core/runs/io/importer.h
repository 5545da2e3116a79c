// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "runs/io/importresult.h"

#include <QByteArray>
#include <QString>

namespace batchlab {

/// Reads one format of other tools' traffic into a request set. Lenient: it takes what real
/// tools write, never crashes or hangs on any input, and accounts for every part of it in the
/// ImportResult. No widgets: the workbench and the command line share it.
class Importer
{
public:
    virtual ~Importer() = default;
    /// Stable, for the command line and files: "har", "postman", "curl".
    virtual QString format() const = 0;
    /// For people: "HAR 1.2 (Chrome, Firefox, Charles…)".
    virtual QString name() const = 0;
    /// How sure it is, 0–100, that `data` is its format, from the content alone (a file's
    /// name says nothing: HARs are saved as .json and collections as .txt).
    virtual int recognizes(const QByteArray &data) const = 0;
    /// `fileName` names the input in errors and resolves what it refers to (curl's `@file`).
    virtual ImportResult read(const QByteArray &data, const QString &fileName) const = 0;
};

} // namespace batchlab
