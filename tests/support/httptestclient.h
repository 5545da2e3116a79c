// SPDX-License-Identifier: BSD-3-Clause
#pragma once

// A small synchronous-looking HTTP client for tests: real QNetworkAccessManager, real loopback
// HTTP, waiting with QTest::qWaitFor so that the event loop keeps running meanwhile.

#include "support/testwait.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTest>
#include <QUrl>

#include <memory>

struct HttpResult
{
    bool finished = false;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    int status = 0;
    QByteArray body;
    QList<QNetworkReply::RawHeaderPair> headers;
    qint64 elapsedMs = 0;

    QJsonDocument json() const { return QJsonDocument::fromJson(body); }
    QByteArray header(QByteArrayView name) const
    {
        for (const auto &[key, value] : headers) {
            if (name.compare(key, Qt::CaseInsensitive) == 0)
                return value;
        }
        return {};
    }
};

class HttpTestClient
{
public:
    HttpResult send(const QByteArray &method, const QUrl &url, const QByteArray &body = {},
                    const QList<QPair<QByteArray, QByteArray>> &headers = {}, int timeoutMs = 5000)
    {
        QNetworkRequest request(url);
        for (const auto &[name, value] : headers)
            request.setRawHeader(name, value);
        if (!body.isEmpty() && !request.hasRawHeader("Content-Type"))
            request.setHeader(QNetworkRequest::ContentTypeHeader,
                              QByteArrayLiteral("application/json"));
        request.setTransferTimeout(timeoutMs);
        QElapsedTimer clock;
        clock.start();
        std::unique_ptr<QNetworkReply> reply(m_nam.sendCustomRequest(request, method, body));
        HttpResult result;
        result.finished = waitUntil([&] { return reply->isFinished(); }, timeoutMs + 1000);
        result.elapsedMs = clock.elapsed();
        if (!result.finished) {
            reply->abort();
            return result;
        }
        result.error = reply->error();
        result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        result.body = reply->readAll();
        result.headers = reply->rawHeaderPairs();
        return result;
    }

    /// Starts a request without waiting; the caller owns the reply.
    QNetworkReply *start(const QByteArray &method, const QUrl &url, const QByteArray &body = {})
    {
        QNetworkRequest request(url);
        if (!body.isEmpty())
            request.setHeader(QNetworkRequest::ContentTypeHeader,
                              QByteArrayLiteral("application/json"));
        return m_nam.sendCustomRequest(request, method, body);
    }

    QNetworkAccessManager &nam() { return m_nam; }

private:
    QNetworkAccessManager m_nam;
};
