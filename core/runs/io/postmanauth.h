// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>

namespace batchlab {

/// Postman's `auth` objects as the headers (or query parameter) they put on a request, and
/// back: Batchlab has no auth settings of its own, a request carries its credentials as
/// headers with {{variables}} in them.
class PostmanAuth
{
public:
    /// What one `auth` object becomes. `header` empty (and `query` empty) when nothing is
    /// added; `note` says what was left out or changed, empty when it came in whole.
    struct Applied
    {
        QPair<QString, QString> header;
        QPair<QString, QString> query;
        QString note;
    };

    /// One parameter of an auth object: v2.1 writes an array of {key, value}, v2.0 a plain
    /// object; both are read (a boolean or number value as its text).
    static QString parameter(const QJsonObject &auth, const QString &type, const QString &key);
    /// The header or query parameter `auth` adds: bearer, basic and apikey; any other type
    /// adds nothing and says so in `note`. `noauth` and a null auth add nothing silently.
    static Applied apply(const QJsonObject &auth);
    /// The v2.1 array-form auth an `Authorization` header value comes from, when it maps back
    /// cleanly (a bearer token, or a basic pair the importer rebuilds to the same bytes);
    /// an empty object otherwise.
    static QJsonObject fromAuthorization(const QString &value);
};

} // namespace batchlab
