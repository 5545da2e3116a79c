// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "runs/requestset.h"

#include <QJsonObject>

namespace batchlab {

class FieldReader;

/// The part of a `.batchlab.json` file that version 4 added: `environments`, an array of
/// {name, variables} (each variable as the set's own: name, value, secret; a secret's value is
/// written empty), and `environment`, the name of the active one. Both are written only when
/// used, so a set without environments keeps its older version. Reading refuses an empty or
/// repeated environment name and an `environment` that names none of them, naming the field.
class EnvironmentsBlock
{
public:
    /// Whether `set` has environments or an active one (the file is then version 4).
    static bool any(const RequestSet &set);
    static void write(const RequestSet &set, QJsonObject *root);
    /// Reads what `root` has into `set`; stops at the first problem (see FieldReader).
    static void read(const QJsonObject &root, RequestSet *set, FieldReader &r);
};

} // namespace batchlab
