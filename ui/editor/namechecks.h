// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QString>

namespace batchlab {

// KeyValueEditor::NameCheck functions shared by every table of headers or variables, so that
// a request's headers and the target's accept the same names.

/// Empty when `name` can be an HTTP header name (an RFC 9110 token, {{variables}} allowed and
/// checked when the set runs); otherwise what is wrong with it.
QString checkHeaderName(const QString &name);
/// Empty when `name` can be written as {{name}}; otherwise what is wrong with it.
QString checkVariableName(const QString &name);

} // namespace batchlab
