// SPDX-License-Identifier: BSD-3-Clause
#include "commands/commandtable.h"
#include "commands/completioncommand.h"
#include "commands/helpcommand.h"
#include "commands/servecommand.h"

namespace batchlab {

const QList<CommandEntry> &CommandTable::all()
{
    static const QList<CommandEntry> commands{
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
