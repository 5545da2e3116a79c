// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QCoreApplication>

namespace batchlab {

/// The translation context of the sandbox server and its formats (sandbox/): one per folder, so that translators see
/// the folder's strings together. Use SandboxTr::tr() for every user-visible string there,
/// in QObject classes too, with %n for counts.
struct SandboxTr
{
    Q_DECLARE_TR_FUNCTIONS(batchlab::Sandbox)
};

} // namespace batchlab
