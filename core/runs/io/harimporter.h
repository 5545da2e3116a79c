// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "runs/io/harentry.h"
#include "runs/io/importer.h"

#include <QList>
#include <QPair>

namespace batchlab {

/// Reads HAR 1.2 and 1.1 (Chrome, Firefox, Safari, Charles, Fiddler, Insomnia, k6) into a
/// request set: each entry becomes a request (method, URL with its query, its headers less the
/// hop-by-hop and HTTP/2 pseudo-headers, its body), with its arrival offset in `atMs`.
/// Lenient in what real exports get wrong (a BOM, `null` for strings, numbers as strings,
/// missing timings, `pages: null`, relative URLs); WebSockets, data:/blob:/extension URLs and
/// entries without a request are skipped with the reason.
class HarImporter : public Importer
{
public:
    /// What an import dialog shows before the set replaces the open one: where the requests
    /// went, and the base URL a target would most likely want.
    struct Survey
    {
        int entries = 0;  ///< entries in the file, imported or not
        int imported = 0; ///< of them, requests
        /// Origins ("https://api.example.com") with how many requests went there, most first.
        QList<QPair<QString, int>> origins;
        /// The most common origin; empty when nothing was imported.
        QString suggestedBaseUrl;
        /// What each imported request's entry says beyond the request (host, resource type,
        /// status), in the order of the imported set's requests.
        QList<HarEntry> requests;
        FileError error;
    };

    QString format() const override;
    QString name() const override;
    int recognizes(const QByteArray &data) const override;
    ImportResult read(const QByteArray &data, const QString &fileName) const override;
    /// read(), and into `entries` (when given) one HarEntry per imported request, in order:
    /// what the import dialog filters by.
    ImportResult read(const QByteArray &data, const QString &fileName, QList<HarEntry> *entries) const;

    /// The summary of `data` for a dialog (reads it as read() does).
    static Survey survey(const QByteArray &data);
    /// Headers that describe one hop of a connection, not the request: not worth replaying.
    static bool isHopByHop(const QString &name);
};

} // namespace batchlab
