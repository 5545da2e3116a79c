// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QCoreApplication>

namespace batchlab {

/// The translation context of request sets, their files and runs (core/runs/): one per folder, so that translators see
/// the folder's strings together. Use RunsTr::tr() for every user-visible string there,
/// in QObject classes too, with %n for counts.
struct RunsTr
{
    Q_DECLARE_TR_FUNCTIONS(batchlab::Runs)
};

} // namespace batchlab
