// SPDX-License-Identifier: BSD-3-Clause
#include "commands/exitcode.h"
#include "apptr.h"

namespace batchlab {

QList<ExitCodeText> exitCodeTexts()
{
    return {
        {ExitOk, AppTr::tr("done, and every threshold passed")},
        {ExitThresholdFailed, AppTr::tr("a threshold failed, or a request's checks broke")},
        {ExitUsage, AppTr::tr("bad arguments, or an input file that cannot be read (file, line and field said)")},
        {ExitUnreachable, AppTr::tr("the target could not be reached (no connection, DNS, TLS)")},
        {ExitInterrupted, AppTr::tr("interrupted by Ctrl+C or SIGTERM; the reports asked for are still written")},
    };
}

} // namespace batchlab
