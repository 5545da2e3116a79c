// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QCoreApplication>

namespace batchlab {

/// The translation context of the request set editor (ui/editor/): one per folder, so that translators see
/// the folder's strings together. Use EditorTr::tr() for every user-visible string there,
/// in QObject classes too, with %n for counts.
struct EditorTr
{
    Q_DECLARE_TR_FUNCTIONS(batchlab::Editor)
};

} // namespace batchlab
