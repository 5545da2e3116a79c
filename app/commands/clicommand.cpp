// SPDX-License-Identifier: BSD-3-Clause
#include "commands/clicommand.h"

namespace batchlab {

QCommandLineOption CliOption::toQt() const
{
    if (!takesValue())
        return QCommandLineOption(names, help);
    return QCommandLineOption(names, help, valueName, defaultValue);
}

QStringList CliOption::spellings() const
{
    QStringList out;
    for (const QString &name : names)
        out.append((name.size() == 1 && names.size() > 1 ? QStringLiteral("-") : QStringLiteral("--")) + name);
    return out;
}

const CliOption *CliCommand::option(const QString &longName) const
{
    for (const CliOption &option : options) {
        if (option.longName() == longName)
            return &option;
    }
    return nullptr;
}

} // namespace batchlab
