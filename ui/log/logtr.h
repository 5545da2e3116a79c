// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QCoreApplication>

namespace batchlab {

/// The translation context of the event log (ui/log/): one per folder, so that translators see
/// the folder's strings together. Use LogTr::tr() for every user-visible string there,
/// in QObject classes too, with %n for counts.
struct LogTr
{
    Q_DECLARE_TR_FUNCTIONS(batchlab::Log)
};

} // namespace batchlab
