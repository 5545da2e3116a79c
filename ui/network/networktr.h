// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QCoreApplication>

namespace batchlab {

/// The translation context of the network list (ui/network/).
struct NetworkTr
{
    Q_DECLARE_TR_FUNCTIONS(batchlab::Network)
};

} // namespace batchlab
