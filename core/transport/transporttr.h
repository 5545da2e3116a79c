// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QCoreApplication>

namespace batchlab {

/// The translation context of the HTTP transport (core/transport/): one per folder, so that translators see
/// the folder's strings together. Use TransportTr::tr() for every user-visible string there,
/// in QObject classes too, with %n for counts.
struct TransportTr
{
    Q_DECLARE_TR_FUNCTIONS(batchlab::Transport)
};

} // namespace batchlab
