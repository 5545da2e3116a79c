// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "runs/requestset.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>

namespace batchlab {

/// A Postman request's `body` as the text Batchlab sends, and the small readings of Postman's
/// JSON the importer shares with it. Raw bodies come as they are; URL-encoded and form-data
/// fields are encoded (form data as multipart/form-data, or URL-encoded when the request's
/// Content-Type says so, as servers then expect); GraphQL becomes {"query", "variables"}.
class PostmanBody
{
public:
    /// Fills `out->body` (and a Content-Type header it lacks) from `body`; disabled fields go
    /// to `disabled`, what came in changed or not at all (file parts, a file body) to `notes`.
    static void read(const QJsonObject &body, RequestItem *out, QStringList *disabled, QStringList *notes);

    /// A value as text: Postman writes numbers and booleans where strings belong.
    static QString text(const QJsonValue &value);
    /// Percent-encoding for form fields that leaves {{variables}} readable and substitutable.
    static QString formEncode(const QString &s);
    /// v2.1 says `disabled: true`; old v2.0 exports said `enabled: false`.
    static bool isOff(const QJsonObject &o);
    /// The index of header `name` (any case), or -1.
    static qsizetype headerIndex(const QList<QPair<QString, QString>> &headers, const QString &name);
};

} // namespace batchlab
