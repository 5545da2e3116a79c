// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "runs/requestset.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace batchlab {

/// Where a body that should be JSON is not: its line and column (from 1), the byte offset
/// and Qt's reason; `offset` is -1 when the body is JSON.
struct JsonProblem
{
    qsizetype offset = -1;
    int line = 0;
    int column = 0;
    QString reason;

    bool found() const { return offset >= 0; }
    /// "line 2, column 5: missing comma".
    QString toString() const;
};

/// Whether a request's headers say its body is JSON (a Content-Type with "json" in it).
bool claimsJson(const QList<QPair<QString, QString>> &headers);
JsonProblem jsonProblem(const QByteArray &body);
/// For every enabled request whose headers claim JSON and whose body (variables resolved
/// against `base`) is not: "request 3 (create item): line 1, column 12: missing comma".
QStringList jsonBodyProblems(const RequestSet &set, const QUrl &base, const QList<int> &rows = {});

} // namespace batchlab
