// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "runs/io/exporter.h"

namespace batchlab {

/// Writes a request set as HAR 1.2 that har-validator accepts and Chrome, Safari and Firefox
/// import: one page, one entry per enabled-or-not request with an empty response (the set has
/// no answers), absolute URLs (relative ones joined to the target's base URL, or to
/// http://localhost for the sandbox), `postData.text` whenever there is a body. Unless
/// ExportOptions::includeSecrets, credentials are left out: Authorization, Cookie, Set-Cookie,
/// Proxy-Authorization and headers whose names look like API keys or tokens, and secret
/// variables are never substituted. A request's name travels in `request.comment`, its
/// `atMs` as the entry's `startedDateTime` after the page's.
class HarExporter : public Exporter
{
public:
    QString format() const override;
    QString name() const override;
    QString suffix() const override;
    QByteArray write(const RequestSet &set, const ExportOptions &options, QString *error) const override;

    /// Whether a header carries a credential (left out of a sanitized export).
    static bool isSecretHeader(const QString &name);
    /// The base relative URLs of `set` are joined to in a HAR.
    static QUrl baseUrlOf(const RequestSet &set);
};

} // namespace batchlab
