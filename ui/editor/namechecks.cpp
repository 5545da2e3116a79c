// SPDX-License-Identifier: BSD-3-Clause
#include "editor/namechecks.h"
#include "editor/editortr.h"

#include <QRegularExpression>

namespace batchlab {

QString checkHeaderName(const QString &name)
{
    static const QRegularExpression token(QStringLiteral(R"(^([!#$%&'*+.^_`|~0-9A-Za-z-]|\{\{[^}]*\}\})+$)"));
    return token.match(name).hasMatch() ? QString()
                                        : EditorTr::tr("\"%1\" is not a valid header name").arg(name);
}

QString checkVariableName(const QString &name)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z_][A-Za-z0-9_.-]*$"));
    return pattern.match(name).hasMatch()
               ? QString()
               : EditorTr::tr("\"%1\": a variable name is a letter or _ then letters, digits, _ . -").arg(name);
}

} // namespace batchlab
