// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "runs/io/curlcommand.h"

#include <QString>

class QMenu;

namespace batchlab {

class WireLog;

/// Copy as cURL in the workbench's context menus (timeline, log, network list, editor): the
/// two actions, "Copy as cURL" with credentials hidden by the wire view's rule
/// (isSensitiveHeader(), shown as redacted() shows them) and "Copy as cURL (with
/// credentials)", which put a curl command line on the clipboard.
class CurlCopy
{
public:
    /// What the plain action hides: credentials of headers, secret variables.
    static CurlCommand::Hiding hiding();

    /// The two actions for batch `batchId` as the WireLog recorded it. When the log no longer
    /// keeps it, or kept only part of its body, they are disabled with a tooltip saying why;
    /// `batchId` 0 (no batch there, or a call that never went out) shows `noBatch` so.
    static void addBatchActions(QMenu *menu, const WireLog *log, quint64 batchId, const QString &noBatch = {});

    /// The action texts, for menus and tests.
    static QString actionText();
    static QString credentialsActionText();
};

} // namespace batchlab
