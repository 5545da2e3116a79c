// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QCoreApplication>

namespace batchlab {

/// The translation context of the batch wire formats (core/wire/): one per folder, so that translators see
/// the folder's strings together. Use WireTr::tr() for every user-visible string there,
/// in QObject classes too, with %n for counts.
struct WireTr
{
    Q_DECLARE_TR_FUNCTIONS(batchlab::Wire)
};

} // namespace batchlab
