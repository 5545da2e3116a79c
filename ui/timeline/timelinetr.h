// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QCoreApplication>

namespace batchlab {

/// The translation context of the waterfall timeline (ui/timeline/): one per folder, so that translators see
/// the folder's strings together. Use TimelineTr::tr() for every user-visible string there,
/// in QObject classes too, with %n for counts.
struct TimelineTr
{
    Q_DECLARE_TR_FUNCTIONS(batchlab::Timeline)
};

} // namespace batchlab
