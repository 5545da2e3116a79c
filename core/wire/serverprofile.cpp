// SPDX-License-Identifier: BSD-3-Clause
#include "wire/serverprofile.h"
#include "wire/wiretr.h"

#include <QCoreApplication>

namespace batchlab {

namespace {

QList<ServerProfile> makeProfiles()
{
    // Limits from each service's own documentation: Graph 20 per batch, Google 1000,
    // Gmail 100 (50 advised); OData services set their own.
    return {
        {QStringLiteral("odata-4.01"), WireTr::tr("OData 4.01 (JSON $batch)"), BatchFormat::Json,
         ItemUrls::Relative, true, QStringLiteral("/$batch"), QStringLiteral("/$batch"), 0,
         WireTr::tr("JSON requests and responses matched by id; the service sets its own limit.")},
        {QStringLiteral("graph"), WireTr::tr("Microsoft Graph (JSON $batch)"), BatchFormat::Json,
         ItemUrls::Relative, false, QStringLiteral("/v1.0/$batch"), QStringLiteral("/$batch"), 20,
         WireTr::tr("At most 20 requests per batch; item URLs relative to /v1.0; throttled items "
            "answer 429 inside a 200 batch.")},
        {QStringLiteral("odata-4.0"), WireTr::tr("OData 4.0 (multipart $batch)"), BatchFormat::Multipart,
         ItemUrls::Relative, true, QStringLiteral("/$batch"), QStringLiteral("/$batch"), 0,
         WireTr::tr("multipart/mixed with application/http parts relative to the service root, answered "
            "in order; change sets nest.")},
        {QStringLiteral("google"), WireTr::tr("Google APIs (multipart batch)"), BatchFormat::Multipart,
         ItemUrls::AbsolutePath, false, QStringLiteral("/batch"), QStringLiteral("/batch"), 1000,
         WireTr::tr("At most 1000 calls per batch; answers carry Content-ID response-….")},
        {QStringLiteral("gmail"), WireTr::tr("Gmail API (multipart batch)"), BatchFormat::Multipart,
         ItemUrls::AbsolutePath, false, QStringLiteral("/batch/gmail/v1"), QStringLiteral("/batch"), 100,
         WireTr::tr("At most 100 calls per batch; Google advises no more than 50.")},
        {QStringLiteral("jsonrpc"), WireTr::tr("JSON-RPC 2.0"), BatchFormat::JsonRpc,
         ItemUrls::Relative, false, QStringLiteral("/rpc"), QStringLiteral("/rpc"), 0,
         WireTr::tr("A call is POST …/<method> with its params as the body; no batch limit.")},
    };
}

} // namespace

const QList<ServerProfile> &ServerProfile::all()
{
    static const QList<ServerProfile> profiles = makeProfiles();
    return profiles;
}

const ServerProfile *ServerProfile::find(const QString &id)
{
    for (const ServerProfile &profile : all()) {
        if (profile.id == id)
            return &profile;
    }
    return nullptr;
}

} // namespace batchlab
