// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QCoreApplication>

namespace batchlab {

/// The translation context of runs, their settings and comparison (ui/run/): one per folder, so that translators see
/// the folder's strings together. Use RunTr::tr() for every user-visible string there,
/// in QObject classes too, with %n for counts.
struct RunTr
{
    Q_DECLARE_TR_FUNCTIONS(batchlab::Run)
};

} // namespace batchlab
