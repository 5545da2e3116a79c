// SPDX-License-Identifier: BSD-3-Clause
#pragma once

// What the sandbox batch-format suites (tst_sandboxmultipart, tst_sandboxmultiparterrors,
// tst_sandboxjsonrpc, tst_sandboxfaults) share: a sandbox and a client per test function,
// builders of multipart and JSON-RPC requests, and a strict reader of multipart answers.

#include "sandbox/sandboxserver.h"
#include "support/httptestclient.h"
#include "types/httpheaders.h"
#include "wire/multipartbatchcodec.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QUrl>

#include <memory>

namespace sandboxformat {

inline QByteArray valueOf(const batchlab::HttpHeaders &headers, QByteArrayView name)
{
    for (const auto &[key, value] : headers) {
        if (name.compare(key, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

inline QByteArray boundaryOf(const QByteArray &contentType)
{
    return batchlab::MultipartBatchCodec::headerParameter(contentType, "boundary");
}
/// One part of a multipart answer. The HTTP fields are set for application/http parts, the
/// nested parts for a change set.
struct Part
{
    batchlab::HttpHeaders headers;
    int status = 0;
    QByteArray statusLine;
    batchlab::HttpHeaders httpHeaders;
    QByteArray body;
    QList<Part> nested;
};

/// Reads an answer written exactly as the server must write it: CRLF line ends, a
/// Content-Length on every response, a close delimiter. False, with the reason, otherwise.
inline bool readMultipart(const QByteArray &body, const QByteArray &boundary, QList<Part> *parts,
                          QString *problem)
{
    const QByteArray delimiter = "--" + boundary;
    if (boundary.isEmpty() || !body.startsWith(QByteArray(delimiter + "\r\n"))) {
        *problem = QStringLiteral("does not start with its delimiter");
        return false;
    }
    qsizetype at = delimiter.size() + 2;
    while (true) {
        const qsizetype end = body.indexOf(QByteArray("\r\n" + delimiter), at);
        if (end < 0) {
            *problem = QStringLiteral("no delimiter after a part");
            return false;
        }
        const QByteArray raw = body.mid(at, end - at);
        const qsizetype headerEnd = raw.indexOf("\r\n\r\n");
        if (headerEnd < 0) {
            *problem = QStringLiteral("a part without an empty line");
            return false;
        }
        Part part;
        for (const QByteArray &line : raw.left(headerEnd).split('\n')) {
            const qsizetype colon = line.indexOf(':');
            part.headers.append({line.left(colon), line.mid(colon + 1).trimmed()});
        }
        const QByteArray content = raw.mid(headerEnd + 4);
        const QByteArray type = valueOf(part.headers, "content-type");
        if (type.startsWith("multipart/mixed")) {
            if (!readMultipart(content, boundaryOf(type), &part.nested, problem))
                return false;
        } else {
            const qsizetype lineEnd = content.indexOf("\r\n");
            part.statusLine = content.left(lineEnd);
            part.status = part.statusLine.split(' ').value(1).toInt();
            const qsizetype headEnd = content.indexOf("\r\n\r\n");
            if (lineEnd < 0 || headEnd < 0) {
                *problem = QStringLiteral("a response without an empty line");
                return false;
            }
            for (const QByteArray &line :
                 content.mid(lineEnd + 2, headEnd - lineEnd - 2).split('\n')) {
                const qsizetype colon = line.indexOf(':');
                part.httpHeaders.append({line.left(colon), line.mid(colon + 1).trimmed()});
            }
            part.body = content.mid(headEnd + 4);
            bool ok = false;
            if (valueOf(part.httpHeaders, "content-length").toLongLong(&ok) != part.body.size()
                || !ok) {
                *problem = QStringLiteral("a Content-Length that is not the body's");
                return false;
            }
        }
        parts->append(part);
        at = end + 2 + delimiter.size();
        if (body.mid(at, 2) == "--")
            return true;
        if (body.mid(at, 2) != "\r\n") {
            *problem = QStringLiteral("a delimiter line with more on it");
            return false;
        }
        at += 2;
    }
}

inline QList<Part> flatten(const QList<Part> &parts)
{
    QList<Part> flat;
    for (const Part &part : parts) {
        if (part.nested.isEmpty())
            flat.append(part);
        else
            flat.append(flatten(part.nested));
    }
    return flat;
}
inline QByteArray httpPart(const QByteArray &request, const QByteArray &contentId = {})
{
    QByteArray part = "Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n";
    if (!contentId.isEmpty())
        part += "Content-ID: " + contentId + "\r\n";
    return part + "\r\n" + request;
}

inline QByteArray multipartBody(const QByteArrayList &parts, const QByteArray &boundary)
{
    QByteArray body;
    for (const QByteArray &part : parts)
        body += "--" + boundary + "\r\n" + part + "\r\n";
    return body + "--" + boundary + "--\r\n";
}
inline QJsonObject user(int id)
{
    return {{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
            {QStringLiteral("method"), QStringLiteral("users.get")},
            {QStringLiteral("params"), QJsonObject{{QStringLiteral("id"), id}}}};
}

inline QJsonObject withId(QJsonObject call, const QJsonValue &id)
{
    call.insert(QStringLiteral("id"), id);
    return call;
}

inline QByteArray compact(const QJsonArray &array)
{
    return QJsonDocument(array).toJson(QJsonDocument::Compact);
}

/// The sandbox and a client, fresh for each test function: a suite derives from it after
/// QObject, and calls startSandbox() from its init() and stopSandbox() from its cleanup().
class SandboxFixture
{
protected:
    bool startSandbox()
    {
        m_server = std::make_unique<batchlab::SandboxServer>();
        if (!m_server->start())
            return false;
        m_client = std::make_unique<HttpTestClient>();
        return true;
    }

    void stopSandbox()
    {
        m_client.reset();
        m_server.reset();
    }

    QUrl url(const QString &path) const
    {
        QUrl url = m_server->url();
        const qsizetype query = path.indexOf(u'?');
        url.setPath(path.left(query));
        if (query >= 0)
            url.setQuery(path.mid(query + 1));
        return url;
    }

    HttpResult post(const QString &path, const QByteArray &body, const QByteArray &contentType,
                    const QList<QPair<QByteArray, QByteArray>> &extraHeaders = {})
    {
        QList<QPair<QByteArray, QByteArray>> headers = extraHeaders;
        headers.append({"Content-Type", contentType});
        return m_client->send("POST", url(path), body, headers);
    }

    HttpResult multipart(const QString &path, const QByteArray &body,
                         const QByteArray &boundary = QByteArrayLiteral("b"))
    {
        return post(path, body, "multipart/mixed; boundary=" + boundary);
    }

    HttpResult rpc(const QByteArray &body)
    {
        return post(QStringLiteral("/rpc"), body, "application/json");
    }

    std::unique_ptr<batchlab::SandboxServer> m_server;
    std::unique_ptr<HttpTestClient> m_client;
};

} // namespace sandboxformat
