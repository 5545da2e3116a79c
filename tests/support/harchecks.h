// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// What a HAR must hold for the tools that read it, shared by the suites of the HAR writers.

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>

namespace batchlab {

/// Chrome DevTools' HARRoot conditions (interchange.md 1(b)): what makes its import throw.
inline QStringList chromeRefusals(const QByteArray &data)
{
    QStringList problems;
    const auto object = [&](const QJsonValue &v, const QString &where) {
        if (!v.isObject())
            problems.append(where + QStringLiteral(": First parameter is expected to be an object"));
        return v.toObject();
    };
    const auto date = [&](const QJsonValue &v, const QString &where) {
        if (!QDateTime::fromString(v.toString(), Qt::ISODateWithMs).isValid())
            problems.append(where + QStringLiteral(": Invalid date format"));
    };
    // Number(x) is NaN for undefined, objects and non-numeric strings; null and "" give 0.
    const auto number = [&](const QJsonObject &o, const char *key, const QString &where, bool optional = false) {
        const QJsonValue v = o.value(QLatin1String(key));
        if (optional && v.isUndefined())
            return;
        bool ok = v.isDouble() || v.isNull() || v.isBool();
        if (v.isString()) {
            const QString s = v.toString().trimmed();
            s.toDouble(&ok);
            ok = ok || s.isEmpty();
        }
        if (!ok)
            problems.append(where + u'.' + QLatin1String(key) + QStringLiteral(": Casting to number results in NaN"));
    };
    const QJsonDocument doc = QJsonDocument::fromJson(data);
    const QJsonObject log = object(object(doc.object(), QStringLiteral("root")).value(QStringLiteral("log")), QStringLiteral("log"));
    object(log.value(QStringLiteral("creator")), QStringLiteral("log.creator"));
    if (!log.value(QStringLiteral("entries")).isArray())
        problems.append(QStringLiteral("log.entries is expected to be an array"));
    const QJsonArray pages = log.value(QStringLiteral("pages")).toArray();
    if (pages.isEmpty() || !pages.at(0).toObject().contains(QStringLiteral("startedDateTime")))
        problems.append(QStringLiteral("Safari: log.pages[0].startedDateTime missing"));
    for (qsizetype i = 0; i < pages.size(); ++i) {
        const QString at = QStringLiteral("pages[%1]").arg(i);
        const QJsonObject page = object(pages.at(i), at);
        date(page.value(QStringLiteral("startedDateTime")), at);
        const QJsonObject timings = object(page.value(QStringLiteral("pageTimings")), at + QStringLiteral(".pageTimings"));
        for (auto it = timings.begin(); it != timings.end(); ++it)
            number(timings, it.key().toLatin1().constData(), at + QStringLiteral(".pageTimings"));
    }
    const QJsonArray entries = log.value(QStringLiteral("entries")).toArray();
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const QString at = QStringLiteral("entries[%1]").arg(i);
        const QJsonObject entry = object(entries.at(i), at);
        date(entry.value(QStringLiteral("startedDateTime")), at);
        number(entry, "time", at);
        const QJsonObject request = object(entry.value(QStringLiteral("request")), at + QStringLiteral(".request"));
        const QJsonObject response = object(entry.value(QStringLiteral("response")), at + QStringLiteral(".response"));
        const QJsonObject content = object(response.value(QStringLiteral("content")), at + QStringLiteral(".response.content"));
        const QJsonObject timings = object(entry.value(QStringLiteral("timings")), at + QStringLiteral(".timings"));
        number(request, "headersSize", at + QStringLiteral(".request"));
        number(request, "bodySize", at + QStringLiteral(".request"));
        number(response, "status", at + QStringLiteral(".response"));
        number(response, "headersSize", at + QStringLiteral(".response"));
        number(response, "bodySize", at + QStringLiteral(".response"));
        number(content, "size", at + QStringLiteral(".content"));
        number(content, "compression", at + QStringLiteral(".content"), true);
        for (const char *key : {"send", "wait", "receive"})
            number(timings, key, at + QStringLiteral(".timings"));
        for (const char *key : {"blocked", "dns", "connect", "ssl"})
            number(timings, key, at + QStringLiteral(".timings"), true);
        for (const char *list : {"headers", "cookies", "queryString"}) {
            const QJsonArray items = request.value(QLatin1String(list)).toArray();
            for (qsizetype k = 0; k < items.size(); ++k)
                object(items.at(k), at + QStringLiteral(".request.%1[%2]").arg(QLatin1String(list)).arg(k));
        }
        const QJsonValue postData = request.value(QStringLiteral("postData"));
        if (!postData.isUndefined() && !postData.isNull()) {
            const QJsonObject post = object(postData, at + QStringLiteral(".request.postData"));
            // String(undefined) would show the body as "undefined".
            if (!post.value(QStringLiteral("text")).isString())
                problems.append(at + QStringLiteral(".request.postData.text: missing, shown as \"undefined\""));
            for (const QJsonValue &p : post.value(QStringLiteral("params")).toArray())
                object(p, at + QStringLiteral(".request.postData.params[]"));
        }
    }
    return problems;
}

} // namespace batchlab
