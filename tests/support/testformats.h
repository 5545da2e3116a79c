// SPDX-License-Identifier: BSD-3-Clause
#pragma once

// Running one suite once per batch wire format: Qt Test's global data names the format, and
// calls written as REST paths ("/users/7") become the same call in that format (for JSON-RPC,
// users.get with {"id": 7}), all against the one sandbox that serves every format.

#include "engine/batchconfig.h"
#include "types/requestspec.h"
#include "wire/serverprofile.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QUrlQuery>

namespace testformats {

/// The global data rows: one per profile the sandbox serves differently.
inline void addRows()
{
    QTest::addColumn<QString>("profile");
    QTest::newRow("json") << QStringLiteral("odata-4.01");
    QTest::newRow("multipart") << QStringLiteral("odata-4.0");
    QTest::newRow("google") << QStringLiteral("google");
    QTest::newRow("jsonrpc") << QStringLiteral("jsonrpc");
}

/// The profile of the running row; each suite's init() sets it with TESTFORMATS_USE_GLOBAL_ROW().
inline const batchlab::ServerProfile *&running()
{
    static const batchlab::ServerProfile *profile = &batchlab::ServerProfile::defaultProfile();
    return profile;
}

/// Call from init(): QFETCH_GLOBAL the row's profile and make it the running one.
#define TESTFORMATS_USE_GLOBAL_ROW()                                                               \
    do {                                                                                           \
        QFETCH_GLOBAL(QString, profile);                                                           \
        testformats::running() = batchlab::ServerProfile::find(profile);                           \
        QVERIFY(testformats::running());                                                           \
    } while (false)

inline const batchlab::ServerProfile &current()
{
    return *running();
}

inline bool isJsonRpc()
{
    return current().format == batchlab::BatchFormat::JsonRpc;
}

/// `config` set up for the running format against the sandbox.
inline batchlab::BatchConfig configured(batchlab::BatchConfig config)
{
    config.applyProfile(current(), true);
    return config;
}

/// The call a REST path stands for in the running format. For JSON-RPC: /users/N and
/// /items/N become users.get / items.get (a non-numeric id one that does not exist),
/// /status/N becomes status, anything else echo with the path as params; reads are GETs so
/// that retry and the cache treat them as they treat REST reads.
inline batchlab::RequestSpec call(const QUrl &origin, const QString &path)
{
    QUrl url = origin;
    if (!isJsonRpc()) {
        const qsizetype q = path.indexOf(u'?');
        url.setPath(path.left(q));
        if (q >= 0)
            url.setQuery(path.mid(q + 1));
        return batchlab::RequestSpec::get(url);
    }
    const QStringList segments = path.section(u'?', 0, 0).split(u'/', Qt::SkipEmptyParts);
    QString method = QStringLiteral("echo");
    QJsonObject params{{QStringLiteral("path"), path}};
    if (segments.size() == 2) {
        bool numeric = false;
        const int id = segments[1].toInt(&numeric);
        const int value = numeric ? id : 1000000;
        if (segments[0] == u"users" || segments[0] == u"items") {
            method = segments[0] + QStringLiteral(".get");
            params = {{QStringLiteral("id"), value}};
        } else if (segments[0] == u"status") {
            method = QStringLiteral("status");
            params = {{QStringLiteral("code"), value}};
        }
    }
    // Query parameters become params too, so that calls that differ only there stay apart.
    const QUrlQuery query(path.section(u'?', 1));
    for (const auto &[name, value] : query.queryItems(QUrl::FullyDecoded))
        params.insert(name, value);
    url.setPath(QStringLiteral("/rpc/") + method);
    return {QByteArrayLiteral("GET"),
            url,
            {},
            QJsonDocument(params).toJson(QJsonDocument::Compact),
            {}};
}

} // namespace testformats
