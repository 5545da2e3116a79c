// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QString>
#include <QStringView>

namespace batchlab {

/// Masks the secrets a URL may carry before it leaves Batchlab in a report: the password of
/// its user info, and the values of query parameters whose names say they are credentials
/// (api_key, access_token, client_secret, password, signature, X-Amz-Credential, key, sig…,
/// the rule HarExporter applies to header names, plus the short names APIs use in queries).
/// Variables are already resolved in a run's URLs, so a secret variable would show here.
class UrlRedaction
{
public:
    /// What replaces a secret value (URL-safe, so the URL stays one).
    static constexpr QLatin1String kMask{"REDACTED"};

    /// Whether a query parameter named so carries a credential.
    static bool isSecretName(QStringView name);
    /// `url` with those values (and a user-info password) replaced by kMask; anything else,
    /// the order of the parameters and their encoding included, as it was.
    static QString redacted(const QString &url);
};

} // namespace batchlab
