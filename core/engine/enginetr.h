// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QCoreApplication>

namespace batchlab {

/// The translation context of the batching engine (core/engine/): one per folder, so that translators see
/// the folder's strings together. Use EngineTr::tr() for every user-visible string there,
/// in QObject classes too, with %n for counts.
struct EngineTr
{
    Q_DECLARE_TR_FUNCTIONS(batchlab::Engine)
};

} // namespace batchlab
