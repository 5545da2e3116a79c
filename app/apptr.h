// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QCoreApplication>

namespace batchlab {

/// The translation context of the command line and its sub-commands (app/): one per folder, so that translators see
/// the folder's strings together. Use AppTr::tr() for every user-visible string there,
/// in QObject classes too, with %n for counts.
struct AppTr
{
    Q_DECLARE_TR_FUNCTIONS(batchlab::App)
};

} // namespace batchlab
