// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "wire/batchformat.h"

#include <QList>
#include <QString>

namespace batchlab {

/// What a kind of batch server expects: its wire format, where its batch endpoint usually is,
/// and how many calls it takes in one batch. Choosing one sets those parts of a BatchConfig
/// (BatchConfig::applyProfile); the server's limit caps maxBatchSize (BatchConfig::serverLimit).
struct ServerProfile
{
    QString id; ///< stable, for files: "graph", "odata-4.01", "odata-4.0", "google", …
    QString name; ///< for people, translated
    BatchFormat format = BatchFormat::Json;
    ItemUrls itemUrls = ItemUrls::Relative;
    bool continueOnError = false; ///< OData: ask the server to go on after a failed item
    QString batchPath; ///< the real services' usual endpoint path
    QString sandboxPath; ///< where the built-in sandbox serves this format
    int serverLimit = 0; ///< 0: the server sets no limit
    QString note; ///< one line on the limits and conventions, translated

    /// Every known profile; the first is the default.
    static const QList<ServerProfile> &all();
    /// The profile called `id`, or null.
    static const ServerProfile *find(const QString &id);
    static const ServerProfile &defaultProfile() { return all().first(); }
};

} // namespace batchlab
