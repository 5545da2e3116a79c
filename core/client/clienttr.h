// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QCoreApplication>

namespace batchlab {

/// The translation context of the client (core/client/): one per folder, so that translators
/// see the folder's strings together. Use ClientTr::tr() for every user-visible string there,
/// and QT_TRANSLATE_NOOP("batchlab::Client", …) for texts kept in tables (the knobs').
struct ClientTr
{
    Q_DECLARE_TR_FUNCTIONS(batchlab::Client)
};

} // namespace batchlab
