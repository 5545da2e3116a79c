// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QCoreApplication>

namespace batchlab {

/// The translation context of the charts (ui/charts/): one per folder, so that translators see
/// the folder's strings together. Use ChartsTr::tr() for every user-visible string there,
/// in QObject classes too, with %n for counts.
struct ChartsTr
{
    Q_DECLARE_TR_FUNCTIONS(batchlab::Charts)
};

} // namespace batchlab
