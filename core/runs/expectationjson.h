// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "runs/expectation.h"

#include <QJsonObject>

namespace batchlab {

class FieldReader;

/// A request's `expect` in a request-set file (version 4):
///
///     "expect": {"status": "2xx", "maxLatencyMs": 250,
///                "json": [{"path": "value[0].id", "op": "equals", "value": 7}]}
///
/// Reading is as strict as the rest of the file: a bad status, path, operator or value is a
/// FileError naming the field (`requests[3].expect.json[0].path`).
class ExpectationJson
{
public:
    static QJsonObject write(const Expectation &expectation);
    /// Reads `o`'s `expect`, if any, into `expectation`; `at` is the request's field path
    /// with its dot ("requests[3].").
    static void read(const QJsonObject &o, const QString &at, Expectation *expectation, FieldReader &reader);
};

} // namespace batchlab
