// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QCoreApplication>

namespace batchlab {

/// The translation context of the small widgets every dock uses (ui/widgets/). Use
/// WidgetsTr::tr() for every user-visible string there.
struct WidgetsTr
{
    Q_DECLARE_TR_FUNCTIONS(batchlab::Widgets)
};

} // namespace batchlab
