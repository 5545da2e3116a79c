// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QCoreApplication>

namespace batchlab {

/// The translation context of the main window and its settings (ui/): one per folder, so that translators see
/// the folder's strings together. Use WorkbenchTr::tr() for every user-visible string there,
/// in QObject classes too, with %n for counts.
struct WorkbenchTr
{
    Q_DECLARE_TR_FUNCTIONS(batchlab::Workbench)
};

} // namespace batchlab
