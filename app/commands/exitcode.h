// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QList>
#include <QString>

namespace batchlab {

/// What `batchlab`'s sub-commands return, as k6 and newman do for CI: documented in every
/// `--help`, in the man page and in the README.
enum ExitCode : int {
    ExitOk = 0,              ///< done; every threshold passed
    ExitThresholdFailed = 1, ///< a threshold failed (or a request's checks broke)
    ExitUsage = 2,           ///< bad arguments, or an input file that cannot be read
    ExitUnreachable = 3,     ///< the target could not be reached
    ExitInterrupted = 130,   ///< stopped by Ctrl+C (SIGINT) or SIGTERM; reports still written
};

struct ExitCodeText
{
    int code;
    QString meaning;
};

/// Every exit code with its meaning, for `--help` and the man page.
QList<ExitCodeText> exitCodeTexts();

} // namespace batchlab
