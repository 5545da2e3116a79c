// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QCoreApplication>

namespace batchlab {

/// The translation context of import and export (ui/io/). Use IoTr::tr() for every
/// user-visible string there.
struct IoTr
{
    Q_DECLARE_TR_FUNCTIONS(batchlab::Io)
};

} // namespace batchlab
