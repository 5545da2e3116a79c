// SPDX-License-Identifier: BSD-3-Clause
#include "commands/commandtable.h"
#include "commands/comparecommand.h"
#include "commands/completioncommand.h"
#include "commands/convertcommand.h"
#include "commands/helpcommand.h"
#include "commands/runcommand.h"
#include "commands/servecommand.h"

namespace batchlab {

const QList<CommandEntry> &CommandTable::all()
{
    static const QList<CommandEntry> commands{
        {&runCommandSpec, &runRunCommand},
        {&compareCommandSpec, &runCompareCommand},
        {&convertCommandSpec, &runConvertCommand},
        {&serveCommandSpec, &runServeCommand},
        {&helpCommandSpec, &runHelpCommand},
        {&completionCommandSpec, &runCompletionCommand},
    };
    return commands;
}

const CommandEntry *CommandTable::find(const QString &name)
{
    for (const CommandEntry &entry : all()) {
        if (entry.spec().name == name)
            return &entry;
    }
    return nullptr;
}

} // namespace batchlab
